using ReleaseLint.Engine;

namespace ReleaseLint.Cli.Output;

/// <summary>GitHub Actions workflow commands (<c>::error file=…,line=…::message</c>): annotations on the pull request.</summary>
public static class GitHubFormatter
{
    /// <summary>Writes one annotation per finding, then the notes as notices and the summary (root-relative paths).</summary>
    public static void Write(TextWriter writer, LintResult result) => Write(writer, result, PathDisplay.RootRelative, quiet: false);

    /// <summary>
    /// Writes one annotation per finding, its file shown by <paramref name="paths"/> (relative to the current directory,
    /// which in a job is the workspace the runner resolves annotations against), then, unless <paramref name="quiet"/>,
    /// the notes as notices and the summary.
    /// </summary>
    public static void Write(TextWriter writer, LintResult result, PathDisplay paths, bool quiet)
    {
        foreach (var f in result.Findings)
        {
            var command = f.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
            var l = f.Location;
            writer.WriteLine($"::{command} file={Property(paths.Show(l.Path))},line={l.Line},col={l.Column},endLine={l.EndLine},endColumn={l.EndColumn},title={Property($"{f.Rule.Id} {f.Rule.Name}")}::{Data(f.Message)}");
        }
        if (quiet) return;
        foreach (var note in result.Notes) writer.WriteLine($"::notice title=ReleaseLint::{Data(note)}");
        writer.WriteLine(TerminalEscape.Line(TextFormatter.Summary(result)));
    }

    /// <summary>
    /// Escapes a command's message: control characters first (<see cref="TerminalEscape"/>: no escape sequence reaches the
    /// log), then the runner's own <c>%</c> encoding (line breaks as <c>%0A</c>: no line break ends the command early).
    /// </summary>
    public static string Data(string text) => TerminalEscape.Escape(text, keepLineBreaks: true).Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    /// <summary>Escapes a command property value.</summary>
    public static string Property(string text) => Data(text).Replace(":", "%3A").Replace(",", "%2C");
}
