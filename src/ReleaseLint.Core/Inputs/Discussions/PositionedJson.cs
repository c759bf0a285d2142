using System.Globalization;
using System.Text;

namespace ReleaseLint.Inputs.Discussions;

/// <summary>A JSON value with the character offsets where it is written (for findings inside JSON files).</summary>
internal abstract class JsonValue
{
    /// <summary>Offset of the value's first character.</summary>
    public int Start { get; init; }
    /// <summary>Offset just after the value.</summary>
    public int End { get; set; }
}

internal sealed class JsonObject : JsonValue
{
    public List<(string Key, JsonValue Value)> Properties { get; } = [];

    public JsonValue? this[string key]
    {
        get
        {
            foreach (var (k, v) in Properties)
                if (k == key) return v;
            return null;
        }
    }

    public string? GetString(string key) => this[key] as JsonString is { } s ? s.Value : null;
}

internal sealed class JsonArray : JsonValue
{
    public List<JsonValue> Items { get; } = [];
}

/// <summary>A string, with the raw text range between its quotes so decoded offsets can be mapped back.</summary>
internal sealed class JsonString : JsonValue
{
    public required string Value { get; init; }
    /// <summary>True when the raw text has escapes (decoded offsets then differ from raw ones).</summary>
    public bool HasEscapes { get; init; }
}

internal sealed class JsonScalar : JsonValue
{
    public required string Raw { get; init; }
}

/// <summary>Thrown for text that is not JSON; carries the offset of the problem.</summary>
internal sealed class JsonSyntaxException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}

/// <summary>
/// A small JSON reader that keeps positions (System.Text.Json does not give character offsets of values).
/// Reads one document or several concatenated ones (as <c>gh api --paginate</c> prints them); nesting is
/// limited so hostile input cannot exhaust the stack.
/// </summary>
internal sealed class PositionedJson
{
    private const int MaxDepth = 256;
    private readonly string _text;
    private int _pos;

    private PositionedJson(string text) => _text = text;

    /// <summary>Parses every top-level value of <paramref name="text"/>.</summary>
    public static List<JsonValue> ParseAll(string text)
    {
        var reader = new PositionedJson(text);
        var values = new List<JsonValue>();
        reader.SkipWhitespace();
        while (reader._pos < text.Length)
        {
            values.Add(reader.ReadValue(0));
            reader.SkipWhitespace();
        }
        if (values.Count == 0) throw new JsonSyntaxException("the file is empty", 0);
        return values;
    }

    /// <summary>
    /// The raw offset in <paramref name="text"/> of decoded character <paramref name="index"/> of <paramref name="s"/>
    /// (<paramref name="index"/> may equal the decoded length: the closing quote).
    /// </summary>
    public static int RawOffset(string text, JsonString s, int index)
    {
        var raw = s.Start + 1;
        if (!s.HasEscapes) return Math.Min(raw + index, s.End - 1);
        var decoded = 0;
        while (decoded < index && raw < s.End - 1)
        {
            if (text[raw] == '\\')
            {
                if (raw + 1 < text.Length && text[raw + 1] == 'u')
                {
                    raw += 6;
                    decoded++;
                }
                else
                {
                    raw += 2;
                    decoded++;
                }
            }
            else
            {
                raw++;
                decoded++;
            }
        }
        return raw;
    }

    private JsonValue ReadValue(int depth)
    {
        if (depth > MaxDepth) throw new JsonSyntaxException($"JSON nested deeper than {MaxDepth} levels", _pos);
        SkipWhitespace();
        if (_pos >= _text.Length) throw new JsonSyntaxException("unexpected end of JSON", _pos);
        var c = _text[_pos];
        switch (c)
        {
            case '{': return ReadObject(depth);
            case '[': return ReadArray(depth);
            case '"': return ReadString();
            default: return ReadScalar();
        }
    }

    private JsonObject ReadObject(int depth)
    {
        var obj = new JsonObject { Start = _pos };
        _pos++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            obj.End = _pos;
            return obj;
        }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"') throw new JsonSyntaxException("expected a property name in double quotes", _pos);
            var key = ReadString().Value;
            SkipWhitespace();
            if (Peek() != ':') throw new JsonSyntaxException("expected ':' after a property name", _pos);
            _pos++;
            obj.Properties.Add((key, ReadValue(depth + 1)));
            SkipWhitespace();
            var next = Peek();
            _pos++;
            if (next == ',') continue;
            if (next == '}') break;
            throw new JsonSyntaxException("expected ',' or '}' in an object", _pos - 1);
        }
        obj.End = _pos;
        return obj;
    }

    private JsonArray ReadArray(int depth)
    {
        var array = new JsonArray { Start = _pos };
        _pos++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            array.End = _pos;
            return array;
        }
        while (true)
        {
            array.Items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            var next = Peek();
            _pos++;
            if (next == ',') continue;
            if (next == ']') break;
            throw new JsonSyntaxException("expected ',' or ']' in an array", _pos - 1);
        }
        array.End = _pos;
        return array;
    }

    private JsonString ReadString()
    {
        var start = _pos;
        _pos++;
        StringBuilder? sb = null;
        var runStart = _pos;
        while (true)
        {
            if (_pos >= _text.Length) throw new JsonSyntaxException("unterminated string", start);
            var c = _text[_pos];
            if (c == '"') break;
            if (c < 0x20) throw new JsonSyntaxException("control character in a string (escape it as \\n, \\t, …)", _pos);
            if (c != '\\')
            {
                _pos++;
                continue;
            }
            sb ??= new StringBuilder();
            sb.Append(_text, runStart, _pos - runStart);
            if (_pos + 1 >= _text.Length) throw new JsonSyntaxException("unterminated escape", _pos);
            var e = _text[_pos + 1];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 6 > _text.Length || !int.TryParse(_text.AsSpan(_pos + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        throw new JsonSyntaxException("invalid \\u escape", _pos);
                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default: throw new JsonSyntaxException($"invalid escape '\\{e}'", _pos);
            }
            _pos += 2;
            runStart = _pos;
        }
        string value;
        if (sb is null) value = _text.Substring(start + 1, _pos - start - 1);
        else
        {
            sb.Append(_text, runStart, _pos - runStart);
            value = sb.ToString();
        }
        _pos++;
        return new JsonString { Start = start, End = _pos, Value = value, HasEscapes = sb is not null };
    }

    private JsonScalar ReadScalar()
    {
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not (',' or '}' or ']' or ' ' or '\t' or '\r' or '\n' or '"' or '{' or '[')) _pos++;
        var raw = _text[start.._pos];
        var ok = raw is "true" or "false" or "null" ||
                 double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && (raw[0] is '-' or (>= '0' and <= '9'));
        if (!ok) throw new JsonSyntaxException(raw.Length == 0 ? $"unexpected '{_text[start]}'" : $"unexpected '{(raw.Length > 20 ? raw[..20] + "…" : raw)}'", start);
        return new JsonScalar { Start = start, End = _pos, Raw = raw };
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\r' or '\n') _pos++;
    }
}
