using System.Text;
using ReleaseLint.Engine;

namespace ReleaseLint.Cli.Output;

/// <summary>How <see cref="TextFormatter"/> writes a report.</summary>
public sealed record TextOptions
{
    /// <summary>ANSI colour (a terminal without <c>NO_COLOR</c>).</summary>
    public bool Color { get; init; }
    /// <summary>The source line under each finding, with a caret (a terminal only: never on pipes or in files).</summary>
    public bool Excerpts { get; init; }
    /// <summary>Findings only: no notes, no per-rule counts, no summary (<c>-q</c>).</summary>
    public bool Quiet { get; init; }
    /// <summary>How paths are shown.</summary>
    public PathDisplay Paths { get; init; } = PathDisplay.RootRelative;
    /// <summary>Reads a root-relative file for excerpts (null when it cannot).</summary>
    public Func<string, Inputs.SourceText?>? Source { get; init; }
    /// <summary>Reads a file of the linted tree for fix previews: each finding with a fix is followed by the change it makes; null shows none.</summary>
    public Func<string, string?>? ReadText { get; init; }
}

/// <summary>
/// Compiler-style text: <c>path:line:col: severity RLnnnn message</c> lines, then the count per rule and a summary.
/// One finding is one line whatever the terminal's width (nothing wraps); colour is plain SGR sequences, only when asked.
/// </summary>
public static class TextFormatter
{
    private const string Reset = "\u001b[0m";

    /// <summary>The longest source line shown in an excerpt (longer ones are cut, never wrapped).</summary>
    public const int MaxExcerptWidth = 160;

    /// <summary>Writes the report; <paramref name="color"/> adds ANSI colour.</summary>
    public static void Write(TextWriter writer, LintResult result, bool color) => Write(writer, result, new TextOptions { Color = color });

    /// <summary>Writes the report.</summary>
    public static void Write(TextWriter writer, LintResult result, TextOptions options)
    {
        var excerpts = new Dictionary<string, Inputs.SourceText?>(StringComparer.Ordinal);
        foreach (var f in result.Findings)
        {
            if (!options.Color) writer.WriteLine(Line(f, options.Paths));
            else
            {
                var style = f.Severity switch { Severity.Error => "\u001b[1;31m", Severity.Warning => "\u001b[1;33m", _ => "\u001b[1;34m" };
                writer.WriteLine($"\u001b[1m{TerminalEscape.Line(Where(f, options.Paths))}{Reset}: {style}{f.Severity.ToName()}{Reset} \u001b[2m{TerminalEscape.Escape(f.Rule.Id)}{Reset} {TerminalEscape.Escape(f.Message)}");
            }
            if (options.Excerpts && options.Source is { } read)
            {
                if (!excerpts.TryGetValue(f.Location.Path, out var source)) excerpts[f.Location.Path] = source = read(f.Location.Path);
                if (source is not null) WriteExcerpt(writer, source, f.Location, options.Color);
            }
            foreach (var line in Preview(f, options.ReadText))
            {
                if (!options.Color) writer.WriteLine(line);
                else
                {
                    var trimmed = line.TrimStart();
                    var tone = trimmed.StartsWith("- ", StringComparison.Ordinal) ? "\u001b[31m" : trimmed.StartsWith("+ ", StringComparison.Ordinal) ? "\u001b[32m" : "\u001b[2m";
                    writer.WriteLine($"{tone}{line}{Reset}");
                }
            }
        }
        if (options.Quiet) return;
        foreach (var note in result.Notes)
            writer.WriteLine(options.Color ? $"\u001b[2mnote: {TerminalEscape.Escape(note)}{Reset}" : "note: " + TerminalEscape.Escape(note));
        if (RuleCounts(result) is { } counts) writer.WriteLine(counts);
        var summary = Summary(result);
        if (!options.Color) writer.WriteLine(summary);
        else
        {
            var errors = result.Findings.Any(f => f.Severity == Severity.Error);
            writer.WriteLine($"{(errors ? "\u001b[31m" : result.Findings.Count > 0 ? "\u001b[33m" : "\u001b[32m")}{summary}{Reset}");
        }
    }

    /// <summary>
    /// The lines under a finding that show its first fix (indented by four spaces, escaped like <see cref="Line(Finding)"/>); none
    /// without a reader or a fix.
    /// </summary>
    public static IEnumerable<string> Preview(Finding f, Func<string, string?>? readText)
    {
        if (readText is null || f.Fixes.Count == 0) return [];
        return Fixes.FixPreview.Lines(f.Fixes[0], readText).Select(l => TerminalEscape.Line("    " + l));
    }

    /// <summary>
    /// The source line of <paramref name="location"/> under a finding, like actionlint: a gutter with the line number,
    /// the line (escaped, cut at <see cref="MaxExcerptWidth"/>) and a caret under the reported columns.
    /// </summary>
    public static void WriteExcerpt(TextWriter writer, Inputs.SourceText source, SourceLocation location, bool color)
    {
        if (location.Line < 1 || location.Line > source.LineCount) return;
        var raw = source.Line(location.Line).Replace('\t', ' ');
        if (raw.Trim().Length == 0) return;
        var start = Math.Clamp(location.Column - 1, 0, raw.Length);
        var end = location.EndLine == location.Line ? Math.Clamp(location.EndColumn - 1, start, raw.Length) : raw.Length;
        // Escaping can lengthen the text before the caret: measure the escaped prefix, not the raw one.
        var prefix = TerminalEscape.Escape(raw[..start]);
        var marked = TerminalEscape.Escape(raw[start..end]);
        var line = TerminalEscape.Escape(raw);
        if (line.Length > MaxExcerptWidth) line = line[..MaxExcerptWidth] + "…";
        if (prefix.Length >= MaxExcerptWidth) return;
        var width = Math.Clamp(marked.Length, 1, MaxExcerptWidth - prefix.Length);
        var number = location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var gutter = new string(' ', number.Length + 1);
        var caret = "^" + new string('~', width - 1);
        var (dim, mark, reset) = color ? ("\u001b[2m", "\u001b[1;32m", Reset) : ("", "", "");
        writer.WriteLine($"{dim}{gutter} |{reset}");
        writer.WriteLine($"{dim} {number} |{reset} {line}");
        writer.WriteLine($"{dim}{gutter} |{reset} {new string(' ', prefix.Length)}{mark}{caret}{reset}");
    }

    /// <summary>
    /// One finding as <c>path:line:col: severity RLnnnn message</c>, escaped (<see cref="TerminalEscape"/>): a file name or
    /// message from the repository can neither add a line, nor start one with <c>::</c>, nor send terminal escapes.
    /// </summary>
    public static string Line(Finding f) => Line(f, PathDisplay.RootRelative);

    /// <summary>One finding as <see cref="Line(Finding)"/>, its path shown by <paramref name="paths"/>.</summary>
    public static string Line(Finding f, PathDisplay paths) => TerminalEscape.Line($"{Where(f, paths)}: {f.Severity.ToName()} {f.Rule.Id} {f.Message}");

    private static string Where(Finding f, PathDisplay paths) => $"{paths.Show(f.Location.Path)}:{f.Location.Line}:{f.Location.Column}";

    /// <summary>The findings per rule, most first (<c>by rule: RL1004 unpinned-action 3, …</c>); null without findings.</summary>
    public static string? RuleCounts(LintResult result)
    {
        if (result.Findings.Count == 0) return null;
        var parts = result.Findings.GroupBy(f => f.Rule.Id, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.First().Rule.Name} {g.Count()}");
        return TerminalEscape.Line("by rule: " + string.Join(", ", parts));
    }

    /// <summary>The summary line: counts per severity, files, suppressions and time.</summary>
    public static string Summary(LintResult result)
    {
        int Count(Severity s) => result.Findings.Count(f => f.Severity == s);
        string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
        var suppressed = result.Suppressed > 0 ? $", {result.Suppressed} suppressed" : "";
        if (result.InBaseline is { } known) suppressed += $", {known} in the baseline";
        var hidden = result.BelowMinimum > 0 ? $", {result.BelowMinimum} below --min-severity" : "";
        return $"{Plural(Count(Severity.Error), "error")}, {Plural(Count(Severity.Warning), "warning")}, {Plural(Count(Severity.Note), "note")}{suppressed}{hidden} in {Plural(result.FileCount, "file")} ({result.Elapsed.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} s)";
    }

    /// <summary>The per-rule counts and the summary, for standard error (a report written to a file, or SARIF on standard output).</summary>
    public static string SummaryLines(LintResult result) =>
        RuleCounts(result) is { } counts ? counts + Environment.NewLine + Summary(result) : Summary(result);
}
