using ReleaseLint.Engine;

namespace ReleaseLint.Cli.Output;

/// <summary>GitHub Actions workflow commands (<c>::error file=…,line=…::message</c>): annotations on the pull request.</summary>
public static class GitHubFormatter
{
    /// <summary>Writes one annotation per finding, then the summary as a notice.</summary>
    public static void Write(TextWriter writer, LintResult result)
    {
        foreach (var f in result.Findings)
        {
            var command = f.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
            var l = f.Location;
            writer.WriteLine($"::{command} file={Property(l.Path)},line={l.Line},col={l.Column},endLine={l.EndLine},endColumn={l.EndColumn},title={Property($"{f.Rule.Id} {f.Rule.Name}")}::{Data(f.Message)}");
        }
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
