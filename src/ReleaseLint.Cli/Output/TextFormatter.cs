using Spectre.Console;
using ReleaseLint.Engine;

namespace ReleaseLint.Cli.Output;

/// <summary>Whether colour is wanted: only on a terminal, never with <c>NO_COLOR</c> set or <c>TERM=dumb</c>.</summary>
public static class TerminalColor
{
    /// <summary>True when standard output is a terminal that should get colour.</summary>
    public static bool Enabled =>
        !Console.IsOutputRedirected &&
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) &&
        Environment.GetEnvironmentVariable("TERM") != "dumb";
}

/// <summary>Compiler-style text: <c>path:line:col: severity RLnnnn message</c> lines, then a summary.</summary>
public static class TextFormatter
{
    /// <summary>
    /// Writes the report; <paramref name="color"/> adds ANSI colour through Spectre.Console. With <paramref name="readText"/>
    /// (which reads a file of the linted tree), each finding with a fix is followed by the change it makes.
    /// </summary>
    public static void Write(TextWriter writer, LintResult result, bool color, Func<string, string?>? readText = null)
    {
        if (!color)
        {
            foreach (var f in result.Findings)
            {
                writer.WriteLine(Line(f));
                foreach (var line in Preview(f, readText)) writer.WriteLine(line);
            }
            foreach (var note in result.Notes) writer.WriteLine("note: " + TerminalEscape.Escape(note));
            writer.WriteLine(Summary(result));
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });
        foreach (var f in result.Findings)
        {
            var style = f.Severity switch { Severity.Error => "red bold", Severity.Warning => "yellow bold", _ => "blue bold" };
            console.MarkupLine($"[bold]{Markup.Escape(TerminalEscape.Line(Where(f)))}[/]: [{style}]{f.Severity.ToName()}[/] [dim]{Markup.Escape(TerminalEscape.Escape(f.Rule.Id))}[/] {Markup.Escape(TerminalEscape.Escape(f.Message))}");
            foreach (var line in Preview(f, readText))
            {
                var trimmed = line.TrimStart();
                var tone = trimmed.StartsWith("- ", StringComparison.Ordinal) ? "red" : trimmed.StartsWith("+ ", StringComparison.Ordinal) ? "green" : "dim";
                console.MarkupLine($"[{tone}]{Markup.Escape(line)}[/]");
            }
        }
        foreach (var note in result.Notes) console.MarkupLine($"[dim]note: {Markup.Escape(TerminalEscape.Escape(note))}[/]");
        var errors = result.Findings.Any(f => f.Severity == Severity.Error);
        console.MarkupLine($"[{(errors ? "red" : result.Findings.Count > 0 ? "yellow" : "green")}]{Markup.Escape(Summary(result))}[/]");
    }

    /// <summary>
    /// The lines under a finding that show its first fix (indented by four spaces, escaped like <see cref="Line"/>); none
    /// without a reader or a fix.
    /// </summary>
    public static IEnumerable<string> Preview(Finding f, Func<string, string?>? readText)
    {
        if (readText is null || f.Fixes.Count == 0) return [];
        return Fixes.FixPreview.Lines(f.Fixes[0], readText).Select(l => TerminalEscape.Line("    " + l));
    }

    /// <summary>
    /// One finding as <c>path:line:col: severity RLnnnn message</c>, escaped (<see cref="TerminalEscape"/>): a file name or
    /// message from the repository can neither add a line, nor start one with <c>::</c>, nor send terminal escapes.
    /// </summary>
    public static string Line(Finding f) => TerminalEscape.Line($"{Where(f)}: {f.Severity.ToName()} {f.Rule.Id} {f.Message}");

    private static string Where(Finding f) => $"{f.Location.Path}:{f.Location.Line}:{f.Location.Column}";

    /// <summary>The summary line: counts per severity, files, suppressions and time.</summary>
    public static string Summary(LintResult result)
    {
        int Count(Severity s) => result.Findings.Count(f => f.Severity == s);
        string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
        var suppressed = result.Suppressed > 0 ? $", {result.Suppressed} suppressed" : "";
        if (result.InBaseline is { } known) suppressed += $", {known} in the baseline";
        return $"{Plural(Count(Severity.Error), "error")}, {Plural(Count(Severity.Warning), "warning")}, {Plural(Count(Severity.Note), "note")}{suppressed} in {Plural(result.FileCount, "file")} ({result.Elapsed.TotalSeconds:0.00} s)";
    }
}
