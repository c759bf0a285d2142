using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Json;

/// <summary>What sort of value a <see cref="DataNode"/> holds.</summary>
public enum DataKind
{
    /// <summary>A mapping of names to values (<c>{…}</c>, a YAML mapping).</summary>
    Object,
    /// <summary>A list (<c>[…]</c>, a YAML sequence).</summary>
    Array,
    /// <summary>A string.</summary>
    String,
    /// <summary>A number.</summary>
    Number,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary><c>null</c> (or an empty YAML value).</summary>
    Null,
}

/// <summary>
/// A node of a small positioned data tree that JSON files, YAML files and API responses are all read into,
/// so that one reader handles a setting whichever file shape holds it, and a finding can point at the line
/// and column of the key or value that failed. <see cref="Location"/> is null for data that is not in a file
/// of the repository (a live API response).
/// </summary>
public abstract class DataNode
{
    private protected DataNode(SourceLocation? location) => Location = location;

    /// <summary>Where the value starts (its first line only); null for data that is not in a repository file.</summary>
    public SourceLocation? Location { get; }

    /// <summary>
    /// The character offsets in the source text where the value starts and just after it ends (a string's quotes
    /// included); (0, 0) for data parsed without positions or converted from YAML.
    /// </summary>
    public (int Start, int End) Offsets { get; internal set; }

    /// <summary>The kind of value.</summary>
    public abstract DataKind Kind { get; }

    /// <summary>Describes the value for messages: <c>a string 'yes'</c>, <c>a list</c>, <c>null</c>…</summary>
    public string Describe() => this switch
    {
        DataValue { Kind: DataKind.String } v => $"a string '{v.Text}'",
        DataValue { Kind: DataKind.Null } => "null",
        DataValue v => $"'{v.Text}'",
        DataArray => "a list",
        _ => "an object",
    };
}

/// <summary>One <c>"name": value</c> pair of a <see cref="DataObject"/>.</summary>
/// <param name="Name">The key.</param>
/// <param name="KeyLocation">Where the key is written; null outside repository files.</param>
/// <param name="Value">The value.</param>
public sealed record DataProperty(string Name, SourceLocation? KeyLocation, DataNode Value);

/// <summary>An object (JSON) or mapping (YAML). Repeated keys are kept; lookups return the last one, as <c>JSON.parse</c> does.</summary>
public sealed class DataObject : DataNode
{
    internal DataObject(SourceLocation? location, IReadOnlyList<DataProperty> properties) : base(location) => Properties = properties;

    /// <inheritdoc />
    public override DataKind Kind => DataKind.Object;
    /// <summary>The pairs in file order.</summary>
    public IReadOnlyList<DataProperty> Properties { get; }

    /// <summary>The last pair named <paramref name="name"/>, or null.</summary>
    public DataProperty? Find(string name)
    {
        for (var i = Properties.Count - 1; i >= 0; i--)
            if (Properties[i].Name == name) return Properties[i];
        return null;
    }

    /// <summary>The value named <paramref name="name"/>, or null when absent.</summary>
    public DataNode? this[string name] => Find(name)?.Value;

    /// <summary>The string value named <paramref name="name"/>, or null when absent or not a string.</summary>
    public string? GetString(string name) => this[name] is DataValue { Kind: DataKind.String } v ? v.Text : null;
}

/// <summary>A list.</summary>
public sealed class DataArray : DataNode
{
    internal DataArray(SourceLocation? location, IReadOnlyList<DataNode> items) : base(location) => Items = items;

    /// <inheritdoc />
    public override DataKind Kind => DataKind.Array;
    /// <summary>The items in order.</summary>
    public IReadOnlyList<DataNode> Items { get; }
}

/// <summary>A scalar: string, number, boolean or null.</summary>
public sealed class DataValue : DataNode
{
    private readonly DataKind _kind;

    internal DataValue(SourceLocation? location, DataKind kind, string text, bool escaped = false) : base(location)
    {
        _kind = kind;
        Text = text;
        IsEscaped = escaped;
    }

    /// <summary>True for a JSON string written with escapes (<c>\n</c>, <c>\u00e9</c>): its decoded offsets differ from the source's.</summary>
    public bool IsEscaped { get; }

    /// <summary>
    /// The offset in <paramref name="source"/> of decoded character <paramref name="index"/> of this JSON string
    /// (<paramref name="index"/> may equal the decoded length: the closing quote), so that a finding about part of a
    /// string points at where that part is written.
    /// </summary>
    public int SourceOffset(SourceText source, int index)
    {
        var (start, end) = Offsets;
        var raw = start + 1;
        if (!IsEscaped) return Math.Min(raw + index, end - 1);
        var text = source.Text;
        var decoded = 0;
        while (decoded < index && raw < end - 1)
        {
            raw += text[raw] != '\\' ? 1 : raw + 1 < text.Length && text[raw + 1] == 'u' ? 6 : 2;
            decoded++;
        }
        return raw;
    }

    /// <inheritdoc />
    public override DataKind Kind => _kind;
    /// <summary>The value as text (a string's content, a number as written, <c>true</c>, <c>false</c>, <c>null</c>).</summary>
    public string Text { get; }
    /// <summary>The boolean, or null when this is not a boolean.</summary>
    public bool? AsBool => _kind == DataKind.Boolean ? Text == "true" : null;
    /// <summary>The value as a whole number, or null when it is not one.</summary>
    public long? AsLong => _kind == DataKind.Number && long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null;
}

/// <summary>Reads JSON text and YAML nodes into positioned <see cref="DataNode"/> trees.</summary>
public static partial class DataReader
{
    /// <summary>
    /// Parses JSON (comments and trailing commas are tolerated). With <paramref name="keepPositions"/> every node
    /// gets its line and column in <paramref name="source"/> (byte offsets of <see cref="Utf8JsonReader"/> mapped
    /// to characters); without, locations are null (API responses). Returns null and sets <paramref name="error"/>
    /// (with the line and column where parsing stopped) when the text is not JSON.
    /// </summary>
    public static DataNode? ParseJson(SourceText source, bool keepPositions, out ReadFailure? error, int maxDepth = 64) =>
        Parse(source, keepPositions, multiple: false, maxDepth, out error) is { } roots ? roots[0] : null;

    /// <summary>
    /// Parses one JSON value or several written one after the other (as <c>gh api --paginate</c> prints pages), with
    /// positions as <see cref="ParseJson"/> gives them. Returns null and sets <paramref name="error"/> when the text is
    /// not JSON.
    /// </summary>
    public static IReadOnlyList<DataNode>? ParseJsonDocuments(SourceText source, bool keepPositions, out ReadFailure? error, int maxDepth = 64) =>
        Parse(source, keepPositions, multiple: true, maxDepth, out error);

    private static List<DataNode>? Parse(SourceText source, bool keepPositions, bool multiple, int maxDepth, out ReadFailure? error)
    {
        error = null;
        var bytes = Encoding.UTF8.GetBytes(source.Text);
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            error = new ReadFailure("file is empty; expected a JSON object");
            return null;
        }
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            AllowMultipleValues = multiple,
            MaxDepth = maxDepth + 1, // the depth limit is checked below, with a message of its own
        });
        var map = new ByteToChar(bytes);
        var stack = new Stack<Frame>();
        var roots = new List<DataNode>();
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        var name = reader.GetString()!;
                        var at = Locate(Chars(start), Chars(start + reader.ValueSpan.Length + 2));
                        var top = stack.Peek();
                        top.PendingName = name;
                        top.PendingKey = at;
                        break;
                    }
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                    {
                        var at = Chars(start);
                        if (stack.Count >= maxDepth)
                        {
                            var deep = source.Span(map.CharOffset(start), 1);
                            error = new ReadFailure($"invalid JSON: nested deeper than the maximum depth of {maxDepth} levels", deep.Line, deep.Column);
                            return null;
                        }
                        stack.Push(new Frame(reader.TokenType == JsonTokenType.StartObject, Locate(at, Chars(start + 1)), at));
                        break;
                    }
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                    {
                        var frame = stack.Pop();
                        DataNode node = frame.IsObject ? new DataObject(frame.Location, frame.Properties) : new DataArray(frame.Location, frame.Items);
                        if (keepPositions) node.Offsets = (frame.Start, Chars(start + 1));
                        Attach(node);
                        break;
                    }
                    default:
                    {
                        var end = start + reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0);
                        var (kind, text) = reader.TokenType switch
                        {
                            JsonTokenType.String => (DataKind.String, reader.GetString()!),
                            JsonTokenType.Number => (DataKind.Number, Encoding.UTF8.GetString(reader.ValueSpan)),
                            JsonTokenType.True => (DataKind.Boolean, "true"),
                            JsonTokenType.False => (DataKind.Boolean, "false"),
                            _ => (DataKind.Null, "null"),
                        };
                        var (from, to) = (Chars(start), Chars(end));
                        var value = new DataValue(Locate(from, to), kind, text, reader.ValueIsEscaped);
                        if (keepPositions) value.Offsets = (from, to);
                        Attach(value);
                        break;
                    }
                }
            }
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = ColumnOf(source, line, (int)(e.BytePositionInLine ?? 0));
            error = new ReadFailure("invalid JSON: " + CleanMessage(e.Message), line, column);
            return null;
        }
        return roots;

        // Byte offsets only grow as the reader advances, so each is mapped to characters once, in order.
        int Chars(int startByte) => keepPositions ? map.CharOffset(startByte) : 0;

        SourceLocation? Locate(int s, int e)
        {
            if (!keepPositions) return null;
            var location = source.Span(s, e - s);
            return location.EndLine != location.Line ? source.At(location.Line, location.Column, source.Line(location.Line).Length + 1 - location.Column) : location;
        }

        void Attach(DataNode node)
        {
            if (stack.Count == 0)
            {
                roots.Add(node);
                return;
            }
            var top = stack.Peek();
            if (top.IsObject)
            {
                top.Properties.Add(new DataProperty(top.PendingName ?? "", top.PendingKey, node));
                top.PendingName = null;
                top.PendingKey = null;
            }
            else top.Items.Add(node);
        }
    }

    /// <summary>Converts a parsed YAML node (with its source, for positions) into a data tree: plain <c>true</c>/<c>false</c>, numbers and nulls keep their type, everything else is a string.</summary>
    public static DataNode FromYaml(YamlNode node, SourceText source, int depth = 0)
    {
        var at = node.Location;
        if (depth > 256) return new DataValue(at, DataKind.Null, "null");
        switch (node)
        {
            case YamlMapping map:
                return new DataObject(at, map.Entries.Select(e => new DataProperty(e.KeyText, e.Key.Location, FromYaml(e.Value, source, depth + 1))).ToList());
            case YamlSequence seq:
                return new DataArray(at, seq.Items.Select(i => FromYaml(i, source, depth + 1)).ToList());
            case YamlScalar s when s.IsNull:
                return new DataValue(at, DataKind.Null, "null");
            case YamlScalar s when s.AsBool() is { } b:
                return new DataValue(at, DataKind.Boolean, b ? "true" : "false");
            case YamlScalar s when s.Style == YamlScalarStyle.Plain && NumberPattern().IsMatch(s.Value):
                return new DataValue(at, DataKind.Number, s.Value);
            case YamlScalar s:
                return new DataValue(at, DataKind.String, s.Value);
            default:
                return new DataValue(at, DataKind.Null, "null");
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();

    private static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim().TrimEnd('.');
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : "unreadable";
    }

    private static int ColumnOf(SourceText source, int line, int bytePosition)
    {
        var text = source.Line(line);
        var bytes = Encoding.UTF8.GetBytes(text);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Clamp(bytePosition, 0, bytes.Length)) + 1;
    }

    private sealed class Frame(bool isObject, SourceLocation? location, int start)
    {
        public bool IsObject { get; } = isObject;
        public SourceLocation? Location { get; } = location;
        public int Start { get; } = start;
        public List<DataProperty> Properties { get; } = [];
        public List<DataNode> Items { get; } = [];
        public string? PendingName { get; set; }
        public SourceLocation? PendingKey { get; set; }
    }

    /// <summary>Maps increasing UTF-8 byte offsets to UTF-16 character offsets in one pass over the text.</summary>
    private sealed class ByteToChar(byte[] bytes)
    {
        private int _byte;
        private int _char;

        public int CharOffset(int byteOffset)
        {
            byteOffset = Math.Clamp(byteOffset, 0, bytes.Length);
            if (byteOffset < _byte)
            {
                _byte = 0;
                _char = 0;
            }
            _char += Encoding.UTF8.GetCharCount(bytes, _byte, byteOffset - _byte);
            _byte = byteOffset;
            return _char;
        }
    }
}
