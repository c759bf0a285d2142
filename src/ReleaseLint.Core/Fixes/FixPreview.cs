using System.Text;

namespace ReleaseLint.Fixes;

/// <summary>
/// The lines that show a fix under its finding on the terminal: what it does, then the changed lines of each file
/// (<c>-</c> old, <c>+</c> new), or the commands to run by hand. Text from the repository is escaped: a control
/// character never reaches the terminal.
/// </summary>
public static class FixPreview
{
    /// <summary>Most changed lines shown per file.</summary>
    public const int MaxLines = 12;

    /// <summary>The preview lines of <paramref name="fix"/> (without indentation); <paramref name="readText"/> gives a file's current text (null: not shown).</summary>
    public static IReadOnlyList<string> Lines(Fix fix, Func<string, string?> readText)
    {
        var lines = new List<string>();
        if (!fix.HasEdits)
        {
            lines.Add($"fix (run by hand, ReleaseLint does not): {Escape(fix.Description)}");
            lines.AddRange(fix.Commands.Select(c => "  $ " + Escape(c)));
            return lines;
        }
        lines.Add($"fix ({(fix.Safety == FixSafety.Safe ? "safe: --fix applies it" : "unsafe: --fix=unsafe applies it")}): {Escape(fix.Description)}");
        foreach (var group in fix.Edits.GroupBy(e => e.Path))
        {
            var text = readText(group.Key);
            if (text is null) continue;
            var edits = group.ToList();
            if (edits.Any(e => e.SourceLength != text.Length || e.End > text.Length || string.CompareOrdinal(text, e.Offset, e.OldText, 0, e.Length) != 0)) continue;
            var diff = UnifiedDiff.Create(group.Key, text, FixApplier.ApplyEdits(text, edits), context: 0);
            var changed = diff.Split('\n').Skip(2).Where(l => l.Length > 0 && l[0] is '-' or '+').ToList();
            if (fix.Edits.Select(e => e.Path).Distinct().Count() > 1) lines.Add("  " + Escape(group.Key));
            lines.AddRange(changed.Take(MaxLines).Select(l => "  " + l[0] + " " + Escape(l[1..].TrimEnd('\r'))));
            if (changed.Count > MaxLines) lines.Add($"  … {changed.Count - MaxLines} more changed lines");
        }
        return lines;
    }

    /// <summary><paramref name="text"/> with control characters (tabs aside) written as <c>\xHH</c> / <c>\uHHHH</c>.</summary>
    public static string Escape(string text)
    {
        if (!text.Any(c => char.IsControl(c) && c != '\t' || c is '\u2028' or '\u2029' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069'))) return text;
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c) && c != '\t') builder.Append(c < 0x100 ? $"\\x{(int)c:x2}" : $"\\u{(int)c:x4}");
            else if (c is '\u2028' or '\u2029' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069')) builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
