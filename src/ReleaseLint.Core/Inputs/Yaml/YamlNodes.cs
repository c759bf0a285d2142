using System.Diagnostics.CodeAnalysis;

namespace ReleaseLint.Inputs.Yaml;

/// <summary>A position in a YAML file: 1-based line and column, 0-based character offset.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Offset">0-based offset into the file's text.</param>
public readonly record struct YamlMark(int Line, int Column, int Offset);

/// <summary>How a scalar was written.</summary>
public enum YamlScalarStyle
{
    /// <summary><c>value</c></summary>
    Plain,
    /// <summary><c>'value'</c></summary>
    SingleQuoted,
    /// <summary><c>"value"</c></summary>
    DoubleQuoted,
    /// <summary><c>|</c> block</summary>
    Literal,
    /// <summary><c>&gt;</c> block</summary>
    Folded,
}

/// <summary>
/// A node of a parsed YAML document. Every node knows its file and where it starts and ends in it, so every rule can
/// point at the exact key or value (<see cref="Location"/>) without carrying the file around. Aliases are resolved to
/// the node they name (the same instance), after the parser has checked that expanding them stays within limits.
/// </summary>
public abstract class YamlNode
{
    private protected YamlNode(SourceText source, YamlMark start, YamlMark end, string? tag)
    {
        Source = source;
        Start = start;
        End = end;
        Tag = tag;
    }

    /// <summary>The text of the file the node is in.</summary>
    public SourceText Source { get; }

    /// <summary>Where the node starts (for a block scalar: its <c>|</c> or <c>&gt;</c> indicator).</summary>
    public YamlMark Start { get; }
    /// <summary>Where the node ends (exclusive).</summary>
    public YamlMark End { get; internal set; }
    /// <summary>An explicit tag such as <c>!!str</c>, or null.</summary>
    public string? Tag { get; }

    /// <summary>The location of this node in its file, covering at most its first line.</summary>
    public SourceLocation Location
    {
        get
        {
            var endLine = End.Line;
            var endColumn = End.Column;
            if (End.Line != Start.Line)
            {
                endLine = Start.Line;
                endColumn = Source.Line(Start.Line).Length + 1;
            }
            return new SourceLocation(Source.Path, Start.Line, Start.Column, endLine, Math.Max(endColumn, Start.Column));
        }
    }

    /// <summary>This node as a scalar string, or null when it is not a scalar.</summary>
    public string? AsString() => (this as YamlScalar)?.Value;
}

/// <summary>A scalar value.</summary>
public sealed class YamlScalar : YamlNode
{
    internal YamlScalar(SourceText source, YamlMark start, YamlMark end, string? tag, string value, YamlScalarStyle style) : base(source, start, end, tag)
    {
        Value = value;
        Style = style;
    }

    /// <summary>The value after YAML's folding and escapes.</summary>
    public string Value { get; }
    /// <summary>How it was written.</summary>
    public YamlScalarStyle Style { get; }
    /// <summary>True for a plain <c>~</c>, <c>null</c> or empty value.</summary>
    public bool IsNull => Style == YamlScalarStyle.Plain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>The value as a YAML 1.2 boolean, or null when it is not one.</summary>
    public bool? AsBool() => Style != YamlScalarStyle.Plain ? null : Value switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    /// <summary>
    /// Locates the <paramref name="occurrence"/>-th appearance of <paramref name="needle"/> of this value in its file,
    /// so that a problem inside a multi-line <c>run:</c> block points at its exact line and column.
    /// Falls back to the start of the scalar when the text is not found verbatim (escapes, folding).
    /// </summary>
    public SourceLocation LocateText(string needle, int occurrence = 0)
    {
        var source = Source;
        if (needle.Length > 0)
        {
            var end = Math.Min(source.Text.Length, Math.Max(End.Offset, Start.Offset));
            var from = Math.Min(Start.Offset, end);
            var seen = 0;
            while (from < end)
            {
                var at = source.Text.IndexOf(needle, from, end - from, StringComparison.Ordinal);
                if (at < 0) break;
                if (seen++ == occurrence) return source.Span(at, needle.Length);
                from = at + 1;
            }
        }
        return Location;
    }

    /// <summary>The value.</summary>
    public override string ToString() => Value;
}

/// <summary>One <c>key: value</c> pair of a mapping.</summary>
/// <param name="Key">The key node (almost always a scalar).</param>
/// <param name="Value">The value node.</param>
public sealed record YamlEntry(YamlNode Key, YamlNode Value)
{
    /// <summary>The key as text ("" for a non-scalar key).</summary>
    public string KeyText => (Key as YamlScalar)?.Value ?? "";
}

/// <summary>A mapping. Keeps every entry in source order, duplicates included (rules report them).</summary>
public sealed class YamlMapping : YamlNode
{
    private readonly List<YamlEntry> _entries = [];

    internal YamlMapping(SourceText source, YamlMark start, string? tag) : base(source, start, start, tag) { }

    /// <summary>The entries in source order.</summary>
    public IReadOnlyList<YamlEntry> Entries => _entries;

    internal void Add(YamlEntry entry) => _entries.Add(entry);

    /// <summary>The first entry whose key is <paramref name="key"/>, or null.</summary>
    public YamlEntry? Find(string key)
    {
        foreach (var e in _entries)
            if (e.Key is YamlScalar s && s.Value == key) return e;
        return null;
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent.</summary>
    public YamlNode? this[string key] => Find(key)?.Value;

    /// <summary>The scalar value of <paramref name="key"/>, or null.</summary>
    public string? GetString(string key) => (this[key] as YamlScalar)?.Value;
}

/// <summary>A sequence.</summary>
public sealed class YamlSequence : YamlNode
{
    private readonly List<YamlNode> _items = [];

    internal YamlSequence(SourceText source, YamlMark start, string? tag) : base(source, start, start, tag) { }

    /// <summary>The items in source order.</summary>
    public IReadOnlyList<YamlNode> Items => _items;

    internal void Add(YamlNode node) => _items.Add(node);
}
