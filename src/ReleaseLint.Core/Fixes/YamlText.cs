using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Fixes;

/// <summary>
/// Minimal edits of YAML as text, for fixes: where a node's content ends, how the file indents, where a new entry goes
/// so that it reads as if written by hand (indentation, comments above a key, blank lines between top-level blocks kept),
/// and how a value is written. Nothing is re-serialised: an edit inserts or replaces only the characters it must.
/// Flow collections (<c>{…}</c>, <c>[…]</c>) are not edited (the helpers answer null).
/// </summary>
public static class YamlText
{
    /// <summary>True when <paramref name="node"/> is a flow mapping or sequence.</summary>
    public static bool IsFlow(SourceText source, YamlNode node) =>
        node is YamlMapping or YamlSequence && node.Start.Offset < source.Text.Length && source.Text[node.Start.Offset] is '{' or '[';

    /// <summary>
    /// The indentation step of the file's block mappings (the most common distance between a key and the keys of its
    /// mapping value), 2 when it has none.
    /// </summary>
    public static int IndentUnit(YamlNode? root, SourceText source)
    {
        var counts = new Dictionary<int, int>();
        var stack = new Stack<YamlNode>();
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        if (root is not null) stack.Push(root);
        while (stack.Count > 0 && seen.Count < 10_000)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            switch (node)
            {
                case YamlMapping m:
                    foreach (var e in m.Entries)
                    {
                        if (e.Value is YamlMapping child && !IsFlow(source, child) && child.Start.Line > e.Key.Start.Line)
                        {
                            var step = child.Start.Column - e.Key.Start.Column;
                            if (step > 0 && step <= 8) counts[step] = counts.GetValueOrDefault(step) + 1;
                        }
                        stack.Push(e.Value);
                    }
                    break;
                case YamlSequence q:
                    foreach (var i in q.Items) stack.Push(i);
                    break;
            }
        }
        return counts.Count == 0 ? 2 : counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
    }

    /// <summary>
    /// The offset just after the last character of <paramref name="node"/>'s content: for a block mapping or sequence
    /// that of its last value, for a scalar its end without the blank lines a block scalar swallows (those of a
    /// <c>|+</c> scalar belong to it and are kept).
    /// </summary>
    public static int ContentEnd(SourceText source, YamlNode node)
    {
        var text = source.Text;
        for (var depth = 0; depth < 1_000; depth++)
        {
            switch (node)
            {
                case YamlMapping m when !IsFlow(source, m) && m.Entries.Count > 0:
                    // "key:" with nothing after it: the entry ends with its key.
                    node = IsEmpty(source, m.Entries[^1].Value) ? m.Entries[^1].Key : m.Entries[^1].Value;
                    continue;
                case YamlSequence q when !IsFlow(source, q) && q.Items.Count > 0:
                    node = q.Items[^1];
                    continue;
                case YamlScalar s when s.Style is YamlScalarStyle.Literal or YamlScalarStyle.Folded && Header(text, s).Contains('+'):
                    return Math.Min(s.End.Offset, text.Length);
            }
            break;
        }
        var end = Math.Min(node.End.Offset, text.Length);
        while (end > node.Start.Offset && char.IsWhiteSpace(text[end - 1])) end--;
        return end;
    }

    /// <summary>True for a value written as nothing at all (<c>key:</c>).</summary>
    public static bool IsEmpty(SourceText source, YamlNode node) =>
        node is YamlScalar { Style: YamlScalarStyle.Plain, Value: "" } s &&
        source.Text[Math.Min(s.Start.Offset, source.Text.Length)..Math.Min(Math.Max(s.Start.Offset, s.End.Offset), source.Text.Length)].Trim().Length == 0;

    private static string Header(string text, YamlScalar block)
    {
        var start = Math.Min(block.Start.Offset, text.Length);
        var newline = text.IndexOf('\n', start);
        return text[start..(newline < 0 ? text.Length : newline)];
    }

    /// <summary>Offset of the start of the line after the one holding <paramref name="offset"/> (the text's end when it is the last line).</summary>
    public static int NextLineStart(SourceText source, int offset)
    {
        var (line, _) = source.Position(offset);
        return line < source.LineCount ? source.LineStart(line + 1) : source.Text.Length;
    }

    /// <summary>True when the text of <paramref name="line"/> before <paramref name="column"/> is only spaces.</summary>
    public static bool StartsLine(SourceText source, int line, int column)
    {
        var text = source.Line(line);
        return text[..Math.Min(column - 1, text.Length)].All(c => c == ' ');
    }

    /// <summary>
    /// What follows <paramref name="node"/> on its last line: "" (nothing but spaces), a comment (<c># …</c>, returned with
    /// its offset), or null when other YAML follows (a flow collection goes on: no comment may be added there).
    /// </summary>
    public static (int Offset, string Text)? Trailing(SourceText source, YamlNode node)
    {
        var end = Math.Min(node.End.Offset, source.Text.Length);
        var (line, _) = source.Position(end);
        var lineEnd = line < source.LineCount ? source.LineStart(line + 1) : source.Text.Length;
        var rest = source.Text[end..lineEnd].TrimEnd('\r', '\n');
        var trimmed = rest.TrimStart(' ', '\t');
        if (trimmed.Length == 0) return (end + rest.Length, "");
        if (trimmed[0] == '#' && (trimmed.Length < rest.Length || end == 0 || source.Text[end - 1] is ' ' or '\t')) return (end + rest.Length - trimmed.Length, trimmed);
        return null;
    }

    /// <summary>
    /// Re-indents <paramref name="block"/> (YAML written with two spaces a level, <c>\n</c> line breaks) to the file's
    /// <paramref name="unit"/>, and puts <paramref name="indent"/> spaces before every line but the first.
    /// </summary>
    public static string Indent(string block, int indent, int unit)
    {
        var lines = block.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var spaces = lines[i].Length - lines[i].TrimStart(' ').Length;
            var body = lines[i][spaces..];
            var level = new string(' ', spaces / 2 * unit + spaces % 2);
            lines[i] = (i == 0 ? "" : new string(' ', indent)) + level + body;
        }
        return string.Join('\n', lines);
    }

    /// <summary>
    /// An edit that adds <paramref name="block"/> (an entry written with two spaces a level, e.g. <c>"env:\n  A: x"</c>) to
    /// <paramref name="map"/> just before <paramref name="before"/>, at its indentation. When <paramref name="before"/>
    /// starts its line, the entry goes above the comment lines directly above it (at its indentation), and a blank line
    /// above them is repeated below the new entry; when it follows a <c>- </c> on its line, the entry takes its place on
    /// that line and <paramref name="before"/> moves to the next. Null for a flow mapping.
    /// </summary>
    public static TextEdit? InsertBefore(SourceText source, YamlMapping map, YamlEntry before, string block, int unit)
    {
        if (IsFlow(source, map)) return null;
        var key = before.Key;
        var indent = key.Start.Column - 1;
        if (!StartsLine(source, key.Start.Line, key.Start.Column))
            return TextEdit.Insert(source, key.Start.Offset, Indent(block, indent, unit) + "\n" + new string(' ', indent));
        var line = key.Start.Line;
        while (line > 1 && IsCommentAt(source.Line(line - 1), indent)) line--;
        var blankAbove = line > 1 && source.Line(line - 1).Trim().Length == 0 && indent == 0;
        var text = new string(' ', indent) + Indent(block, indent, unit) + "\n" + (blankAbove ? "\n" : "");
        return TextEdit.Insert(source, source.LineStart(line), text);
    }

    /// <summary>An edit that adds <paramref name="block"/> (see <see cref="InsertBefore"/>) after the last entry of <paramref name="map"/>. Null for a flow or empty mapping.</summary>
    public static TextEdit? Append(SourceText source, YamlMapping map, string block, int unit)
    {
        if (IsFlow(source, map) || map.Entries.Count == 0) return null;
        var indent = map.Entries[0].Key.Start.Column - 1;
        var end = ContentEnd(source, map);
        var at = NextLineStart(source, end);
        if (at <= end) return null;
        var text = new string(' ', indent) + Indent(block, indent, unit) + "\n";
        // The last line has no line break: start a line first.
        if (at == source.Text.Length && !source.Text.EndsWith('\n') && !source.Text.EndsWith('\r')) text = "\n" + text.TrimEnd('\n');
        return TextEdit.Insert(source, at, text);
    }

    /// <summary>
    /// Edits that replace the scalar value of <paramref name="entry"/> (e.g. <c>secrets: inherit</c>) by the block
    /// mapping <paramref name="block"/> (written with two spaces a level) on the lines below the key, one level deeper;
    /// a comment after the value stays on the key's line. Null when the key does not start its line or the value is not
    /// a one-line scalar followed by nothing but a comment.
    /// </summary>
    public static IReadOnlyList<TextEdit>? ValueToBlock(SourceText source, YamlEntry entry, string block, int unit)
    {
        if (entry.Value is not YamlScalar value || value.Start.Line != value.End.Line || Trailing(source, value) is null) return null;
        if (!StartsLine(source, entry.Key.Start.Line, entry.Key.Start.Column)) return null;
        var colon = source.Text.IndexOf(':', entry.Key.End.Offset);
        if (colon < 0 || colon >= value.Start.Offset) return null;
        var indent = entry.Key.Start.Column - 1 + unit;
        var next = NextLineStart(source, value.End.Offset);
        var lines = new string(' ', indent) + Indent(block, indent, unit) + "\n";
        if (next == source.Text.Length && !source.Text.EndsWith('\n') && !source.Text.EndsWith('\r')) lines = "\n" + lines.TrimEnd('\n');
        return [TextEdit.Delete(source, colon + 1, value.End.Offset - colon - 1), TextEdit.Insert(source, next, lines)];
    }

    /// <summary>
    /// An edit that gives <paramref name="entry"/>, written with no value (<c>workflow_call:</c>), the block
    /// <paramref name="block"/> one level deeper on the lines below it. Null when the entry has a value.
    /// </summary>
    public static TextEdit? FillEmpty(SourceText source, YamlEntry entry, string block, int unit)
    {
        if (!IsEmpty(source, entry.Value) || !StartsLine(source, entry.Key.Start.Line, entry.Key.Start.Column)) return null;
        var indent = entry.Key.Start.Column - 1 + unit;
        var next = NextLineStart(source, entry.Key.End.Offset);
        var lines = new string(' ', indent) + Indent(block, indent, unit) + "\n";
        if (next == source.Text.Length && !source.Text.EndsWith('\n') && !source.Text.EndsWith('\r')) lines = "\n" + lines.TrimEnd('\n');
        return TextEdit.Insert(source, next, lines);
    }

    /// <summary>
    /// An edit that deletes <paramref name="entry"/> of a block mapping with its whole lines (its key must start its line
    /// and its value end it, a comment aside). Null otherwise.
    /// </summary>
    public static TextEdit? DeleteEntry(SourceText source, YamlEntry entry)
    {
        if (!StartsLine(source, entry.Key.Start.Line, entry.Key.Start.Column)) return null;
        var last = IsEmpty(source, entry.Value) ? entry.Key : entry.Value;
        if (last is YamlScalar && Trailing(source, last) is null) return null;
        var start = source.LineStart(entry.Key.Start.Line);
        var end = NextLineStart(source, ContentEnd(source, last));
        return TextEdit.Delete(source, start, end - start);
    }

    private static bool IsCommentAt(string line, int indent) =>
        line.Length > indent && line[..indent].All(c => c == ' ') && line[indent] == '#';

    /// <summary>
    /// <paramref name="value"/> written as a YAML scalar for a block mapping: plain when YAML reads it back unchanged
    /// (e.g. <c>${{ github.head_ref }}</c>), else single-quoted, else (with a line break) double-quoted.
    /// </summary>
    public static string Scalar(string value)
    {
        if (IsPlainSafe(value)) return value;
        if (!value.Contains('\n') && !value.Contains('\r') && !value.Any(char.IsControl)) return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        var escaped = new System.Text.StringBuilder("\"");
        foreach (var c in value)
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return escaped.Append('"').ToString();
    }

    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || value != value.Trim() || value.Any(char.IsControl)) return false;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(value[0])) return value[0] is '-' or '?' or ':' && value.Length > 1 && value[1] != ' ' && IsPlainSafe("x" + value[1..]);
        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':')) return false;
        // Words YAML reads as something else than a string.
        return value.ToLowerInvariant() is not ("true" or "false" or "null" or "~" or "yes" or "no" or "on" or "off") && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _);
    }
}
