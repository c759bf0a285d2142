using System.Text;

namespace ReleaseLint.Cli.Output;

/// <summary>
/// Makes text that came from the repository or the network (file names, YAML keys, messages quoting them, API error
/// texts) safe to print: control characters (C0, DEL, C1: ESC and OSC sequences, carriage returns and newlines that
/// would start a forged line) and the invisible bidirectional overrides are written as visible escapes
/// (<c>\n</c>, <c>\x1B</c>, <c>\u202E</c>). Printable text, non-ASCII letters included, is left as it is.
/// </summary>
public static class TerminalEscape
{
    /// <summary>The text with every control and bidirectional-override character escaped.</summary>
    /// <param name="text">Text from the repository or the network.</param>
    /// <param name="keepLineBreaks">Leave <c>\n</c> and <c>\r</c> alone, for a writer that encodes them itself (GitHub's <c>%0A</c>).</param>
    public static string Escape(string text, bool keepLineBreaks = false)
    {
        bool NeedsEscape(char c) => TerminalEscape.NeedsEscape(c) && !(keepLineBreaks && c is '\n' or '\r');
        var i = 0;
        while (i < text.Length && !NeedsEscape(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c)) sb.Append(c);
            else if (c == '\n') sb.Append(@"\n");
            else if (c == '\r') sb.Append(@"\r");
            else if (c == '\t') sb.Append(@"\t");
            else if (c < 0x100) sb.Append(@"\x").Append(((int)c).ToString("X2"));
            else sb.Append(@"\u").Append(((int)c).ToString("X4"));
        }
        return sb.ToString();
    }

    /// <summary>
    /// A line of text output: escaped, and never starting with <c>::</c> or <c>##</c>, which the GitHub Actions runner
    /// reads as a workflow command when the output lands in a job log.
    /// </summary>
    public static string Line(string line)
    {
        line = Escape(line);
        return line.StartsWith("::", StringComparison.Ordinal) || line.StartsWith("##", StringComparison.Ordinal) ? "./" + line : line;
    }

    private static bool NeedsEscape(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F' ||
        c is '\u061C' or '\u200E' or '\u200F' or '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
