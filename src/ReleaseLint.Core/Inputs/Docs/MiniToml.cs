using System.Globalization;
using System.Text;

namespace ReleaseLint.Inputs.Docs;

/// <summary>
/// A small TOML reader for the configuration files of documentation sites (<c>hugo.toml</c>, <c>book.toml</c>):
/// tables, arrays of tables, dotted and quoted keys, strings (basic, literal, multi-line), numbers, booleans, dates (kept
/// as text), arrays and inline tables. Values become <see cref="string"/>, <see cref="bool"/>, <see cref="double"/>,
/// <see cref="List{T}"/> of values, or nested <see cref="Dictionary{TKey,TValue}"/> tables. Input is untrusted: nesting is
/// bounded and a malformed file gives null, never an exception.
/// </summary>
public sealed class MiniToml
{
    private const int MaxDepth = 32;
    private readonly string _text;
    private int _pos;

    private MiniToml(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; null when it is not TOML this reader understands.</summary>
    public static Dictionary<string, object>? Parse(string text)
    {
        try
        {
            return new MiniToml(text).Document();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private Dictionary<string, object> Document()
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        var current = root;
        while (true)
        {
            SkipBlankLines();
            if (_pos >= _text.Length) return root;
            if (_text[_pos] == '[')
            {
                var array = _pos + 1 < _text.Length && _text[_pos + 1] == '[';
                _pos += array ? 2 : 1;
                var keys = Keys();
                Expect(']');
                if (array) Expect(']');
                current = root;
                for (var i = 0; i < keys.Count; i++)
                {
                    var last = i == keys.Count - 1;
                    if (last && array)
                    {
                        if (!current.TryGetValue(keys[i], out var existing)) current[keys[i]] = existing = new List<object>();
                        if (existing is not List<object> list) throw new FormatException();
                        var table = new Dictionary<string, object>(StringComparer.Ordinal);
                        list.Add(table);
                        current = table;
                    }
                    else current = Child(current, keys[i]);
                }
                EndOfLine();
                continue;
            }
            KeyValue(current, 0);
            EndOfLine();
        }
    }

    private static Dictionary<string, object> Child(Dictionary<string, object> table, string key)
    {
        if (!table.TryGetValue(key, out var value)) table[key] = value = new Dictionary<string, object>(StringComparer.Ordinal);
        return value switch
        {
            Dictionary<string, object> t => t,
            List<object> { Count: > 0 } l when l[^1] is Dictionary<string, object> last => last, // [[a]] then [a.b]
            _ => throw new FormatException(),
        };
    }

    private void KeyValue(Dictionary<string, object> table, int depth)
    {
        var keys = Keys();
        SkipSpaces();
        Expect('=');
        SkipSpaces();
        var value = Value(depth);
        for (var i = 0; i < keys.Count - 1; i++) table = Child(table, keys[i]);
        table[keys[^1]] = value;
    }

    private List<string> Keys()
    {
        var keys = new List<string>();
        while (true)
        {
            SkipSpaces();
            if (_pos >= _text.Length) throw new FormatException();
            var c = _text[_pos];
            if (c == '"') keys.Add(BasicString());
            else if (c == '\'') keys.Add(LiteralString());
            else
            {
                var start = _pos;
                while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-')) _pos++;
                if (_pos == start) throw new FormatException();
                keys.Add(_text[start.._pos]);
            }
            SkipSpaces();
            if (_pos < _text.Length && _text[_pos] == '.') { _pos++; continue; }
            return keys;
        }
    }

    private object Value(int depth)
    {
        if (depth > MaxDepth || _pos >= _text.Length) throw new FormatException();
        var c = _text[_pos];
        if (c == '"') return Starts("\"\"\"") ? MultiLine("\"\"\"", escapes: true) : BasicString();
        if (c == '\'') return Starts("'''") ? MultiLine("'''", escapes: false) : LiteralString();
        if (c == '[')
        {
            _pos++;
            var list = new List<object>();
            while (true)
            {
                SkipBlankLines();
                if (_pos >= _text.Length) throw new FormatException();
                if (_text[_pos] == ']') { _pos++; return list; }
                list.Add(Value(depth + 1));
                SkipBlankLines();
                if (_pos < _text.Length && _text[_pos] == ',') _pos++;
            }
        }
        if (c == '{')
        {
            _pos++;
            var table = new Dictionary<string, object>(StringComparer.Ordinal);
            while (true)
            {
                SkipBlankLines();
                if (_pos >= _text.Length) throw new FormatException();
                if (_text[_pos] == '}') { _pos++; return table; }
                KeyValue(table, depth + 1);
                SkipBlankLines();
                if (_pos < _text.Length && _text[_pos] == ',') _pos++;
            }
        }
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not (',' or ']' or '}' or '\n' or '\r' or '#')) _pos++;
        var bare = _text[start.._pos].Trim();
        if (bare.Length == 0) throw new FormatException();
        if (bare == "true") return true;
        if (bare == "false") return false;
        if (double.TryParse(bare.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
        return bare; // dates, times, inf/nan: kept as text
    }

    private bool Starts(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private string BasicString()
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n') throw new FormatException();
            var c = _text[_pos++];
            if (c == '"') return sb.ToString();
            if (c == '\\') Escape(sb);
            else sb.Append(c);
        }
    }

    private string LiteralString()
    {
        _pos++;
        var end = _text.IndexOf('\'', _pos);
        var nl = _text.IndexOf('\n', _pos);
        if (end < 0 || (nl >= 0 && nl < end)) throw new FormatException();
        var s = _text[_pos..end];
        _pos = end + 1;
        return s;
    }

    private string MultiLine(string delimiter, bool escapes)
    {
        _pos += 3;
        if (_pos < _text.Length && _text[_pos] == '\r') _pos++;
        if (_pos < _text.Length && _text[_pos] == '\n') _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw new FormatException();
            if (Starts(delimiter))
            {
                _pos += 3;
                return sb.ToString();
            }
            var c = _text[_pos++];
            if (escapes && c == '\\') Escape(sb);
            else sb.Append(c);
        }
    }

    private void Escape(StringBuilder sb)
    {
        if (_pos >= _text.Length) throw new FormatException();
        var e = _text[_pos++];
        switch (e)
        {
            case 'n': sb.Append('\n'); break;
            case 't': sb.Append('\t'); break;
            case 'r': sb.Append('\r'); break;
            case '"': sb.Append('"'); break;
            case '\\': sb.Append('\\'); break;
            case 'u' or 'U':
                var len = e == 'u' ? 4 : 8;
                if (_pos + len > _text.Length || !int.TryParse(_text.AsSpan(_pos, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp) || cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
                    throw new FormatException();
                sb.Append(char.ConvertFromUtf32(cp));
                _pos += len;
                break;
            case '\n' or '\r' or ' ' or '\t':
                while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++; // line-ending backslash
                break;
            default: sb.Append(e); break;
        }
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (_pos >= _text.Length || _text[_pos] != c) throw new FormatException();
        _pos++;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t') _pos++;
    }

    private void SkipBlankLines()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\r' or '\n') _pos++;
            else if (c == '#') while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            else return;
        }
    }

    private void EndOfLine()
    {
        SkipSpaces();
        if (_pos < _text.Length && _text[_pos] == '#') while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
        if (_pos < _text.Length && _text[_pos] == '\r') _pos++;
        if (_pos < _text.Length && _text[_pos] != '\n') throw new FormatException();
        if (_pos < _text.Length) _pos++;
    }
}
