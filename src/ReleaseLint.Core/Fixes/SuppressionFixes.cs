using System.Text.RegularExpressions;
using ReleaseLint.Engine;
using ReleaseLint.Inputs;

namespace ReleaseLint.Fixes;

/// <summary>
/// RL0006's fixes: an unused suppression comment is deleted (its whole line when it stands alone), or, when only some
/// of the rules it names suppressed nothing, just those names. A suppression is never left naming no rule: that would
/// suppress every rule on its line.
/// </summary>
public static partial class SuppressionFixes
{
    [GeneratedRegex(@"^[ \t]*$")]
    private static partial Regex Blank();

    /// <summary>
    /// The fix for <paramref name="id"/> of <paramref name="suppression"/> in <paramref name="text"/>, given every id of
    /// it that suppressed nothing (<paramref name="unused"/>); <c>"*"</c> for a suppression that names no rule. Removing
    /// one name has <paramref name="safety"/>; deleting the whole comment <paramref name="wholeSafety"/> (the least safe of
    /// its names). Null for a markdown <c>disable</c> range (its <c>enable</c> would be left behind).
    /// </summary>
    public static Fix? Remove(SourceText text, Suppression suppression, string id, IReadOnlyCollection<string> unused, FixSafety safety, FixSafety wholeSafety)
    {
        if (suppression.Directive == "disable") return null;
        var at = suppression.Location;
        var start = text.Offset(at.Line, at.Column);
        var end = at.EndLine == at.Line ? Math.Min(text.Text.Length, text.Offset(at.Line, at.EndColumn)) : text.Offset(at.EndLine, at.EndColumn);
        if (end <= start) return null;
        var comment = text.Text[start..end];
        var markdown = comment.StartsWith("<!--", StringComparison.Ordinal);
        var named = suppression.Rules;
        var whole = named.Count == 0 || named.All(r => unused.Contains(r, StringComparer.OrdinalIgnoreCase));
        if (!whole)
        {
            // Remove one name and the separator before it; the directive keeps at least one name.
            var m = Regex.Match(comment, @"[ \t]*,?[ \t]*(?<![A-Za-z0-9_-])" + Regex.Escape(id) + @"(?![A-Za-z0-9_-])", RegexOptions.None, TimeSpan.FromMilliseconds(100));
            if (!m.Success) return null;
            return Fix.WithEdits($"remove '{id}' from the suppression comment", safety, TextEdit.Delete(text, start + m.Index, m.Length));
        }
        var lineStart = text.LineStart(at.Line);
        var lineEndLine = at.EndLine;
        var nextLine = lineEndLine < text.LineCount ? text.LineStart(lineEndLine + 1) : text.Text.Length;
        var before = text.Text[lineStart..start];
        var after = text.Text[end..nextLine].TrimEnd('\r', '\n');
        if (Blank().IsMatch(before) && Blank().IsMatch(after))
            return Fix.WithEdits("delete the unused suppression comment", wholeSafety, TextEdit.Delete(text, lineStart, nextLine - lineStart));
        // After other content: delete the comment and the spaces before it (a YAML comment runs to the end of the line).
        var from = start;
        while (from > lineStart && text.Text[from - 1] is ' ' or '\t') from--;
        var to = markdown ? end : end + after.Length;
        if (markdown && from == start) while (to < nextLine && text.Text[to] is ' ' or '\t') to++;
        return Fix.WithEdits("delete the unused suppression comment", wholeSafety, TextEdit.Delete(text, from, to - from));
    }
}
