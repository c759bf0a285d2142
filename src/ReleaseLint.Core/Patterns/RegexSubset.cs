using System.Text;

namespace ReleaseLint.Patterns;

/// <summary>A recursive-descent parser for the regular-expression subset that <see cref="NameLanguage.FromRegex"/> accepts.</summary>
internal sealed class RegexParser
{
    private readonly string _pattern;
    private int _pos;
    private bool _unsupported;

    private RegexParser(string pattern) => _pattern = pattern;

    /// <summary>The syntax tree of <paramref name="pattern"/> without its end anchors, or null when it uses constructs outside the subset.</summary>
    public static Node? Parse(string pattern, out bool anchoredStart, out bool anchoredEnd) =>
        new RegexParser(pattern).ParseAll(out anchoredStart, out anchoredEnd);

    private Node? ParseAll(out bool anchoredStart, out bool anchoredEnd)
    {
        var p = _pattern;
        anchoredStart = p.StartsWith('^');
        anchoredEnd = p.EndsWith('$') && EscapedBefore(p, p.Length - 1) % 2 == 0;
        if (anchoredStart) _pos = 1;
        var end = anchoredEnd ? p.Length - 1 : p.Length;
        var node = ParseAlternation(end);
        if (_unsupported || _pos != end) return null;
        return node;
    }

    /// <summary>How many backslashes stand right before position <paramref name="index"/> (an odd number escapes it).</summary>
    private static int EscapedBefore(string p, int index)
    {
        var count = 0;
        while (index - count - 1 >= 0 && p[index - count - 1] == '\\') count++;
        return count;
    }

    private Node ParseAlternation(int end)
    {
        var options = new List<Node> { ParseConcat(end) };
        while (_pos < end && _pattern[_pos] == '|')
        {
            _pos++;
            options.Add(ParseConcat(end));
        }
        return options.Count == 1 ? options[0] : new Alternation(options);
    }

    private Node ParseConcat(int end)
    {
        var parts = new List<Node>();
        while (_pos < end && _pattern[_pos] != '|' && _pattern[_pos] != ')' && !_unsupported)
        {
            var atom = ParseAtom(end);
            if (atom is null) { _unsupported = true; break; }
            parts.Add(ParseQuantifier(atom, end));
        }
        return parts.Count == 1 ? parts[0] : new Concat(parts);
    }

    private Node ParseQuantifier(Node atom, int end)
    {
        while (_pos < end && !_unsupported)
        {
            var c = _pattern[_pos];
            int min, max;
            if (c == '*') { min = 0; max = -1; _pos++; }
            else if (c == '+') { min = 1; max = -1; _pos++; }
            else if (c == '?') { min = 0; max = 1; _pos++; }
            else if (c == '{' && TryBraces(out min, out max)) { }
            else break;
            if (_pos < end && (_pattern[_pos] == '?' || _pattern[_pos] == '+')) _pos++; // lazy / possessive: same language
            if (max > 100 || min > 100) { _unsupported = true; break; }
            atom = new Repeat(atom, min, max);
        }
        return atom;
    }

    private bool TryBraces(out int min, out int max)
    {
        min = max = 0;
        var close = _pattern.IndexOf('}', _pos);
        if (close < 0) return false;
        var body = _pattern[(_pos + 1)..close];
        var comma = body.IndexOf(',');
        if (comma < 0)
        {
            if (!int.TryParse(body, out min)) return false;
            max = min;
        }
        else
        {
            if (!int.TryParse(body[..comma], out min)) return false;
            var rest = body[(comma + 1)..];
            if (rest.Length == 0) max = -1;
            else if (!int.TryParse(rest, out max) || max < min) return false;
        }
        _pos = close + 1;
        return true;
    }

    private Node? ParseAtom(int end)
    {
        var c = _pattern[_pos];
        switch (c)
        {
            case '(':
                _pos++;
                if (_pos < end && _pattern[_pos] == '?')
                {
                    // (?:…), (?<name>…), (?P<name>…), (?'name'…); look-arounds and options are not supported
                    if (_pos + 1 < end && _pattern[_pos + 1] == ':') _pos += 2;
                    else if (_pos + 1 < end && (_pattern[_pos + 1] == '<' || _pattern[_pos + 1] == '\'' || _pattern[_pos + 1] == 'P'))
                    {
                        var close = _pattern.IndexOfAny(['>', '\''], _pos + 2);
                        if (close < 0 || (_pattern[_pos + 1] == '<' && _pos + 2 < end && _pattern[_pos + 2] is '=' or '!')) return null;
                        _pos = close + 1;
                    }
                    else return null;
                }
                var inner = ParseAlternation(end);
                if (_pos >= end || _pattern[_pos] != ')') return null;
                _pos++;
                return inner;
            case '[':
            {
                var close = ClassEnd(_pos);
                if (close < 0) return null;
                var set = CharClass.Parse(_pattern[(_pos + 1)..close], regex: true);
                _pos = close + 1;
                return new CharSetNode(set);
            }
            case '.':
                _pos++;
                return new CharSetNode(CharSet.AnyButNewline);
            case '\\':
            {
                if (_pos + 1 >= end) return null;
                var e = _pattern[_pos + 1];
                _pos += 2;
                if (ClassEscape(e) is { } cls) return new CharSetNode(cls);
                if (char.IsDigit(e) || e is 'b' or 'B' or 'A' or 'z' or 'Z' or 'G' or 'k' or 'p' or 'P' or 'u' or 'x') return null;
                return new CharSetNode(CharSet.Of(e switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => e }));
            }
            case '^' or '$' or ')' or '*' or '+' or '?':
                return null;
            default:
                _pos++;
                return new CharSetNode(CharSet.Of(c));
        }
    }

    private int ClassEnd(int open)
    {
        var i = open + 1;
        if (i < _pattern.Length && _pattern[i] == '^') i++;
        if (i < _pattern.Length && _pattern[i] == ']') i++;
        for (; i < _pattern.Length; i++)
        {
            if (_pattern[i] == '\\') { i++; continue; }
            if (_pattern[i] == '[' && i + 1 < _pattern.Length && _pattern[i + 1] == ':') return -1; // POSIX classes: not supported
            if (_pattern[i] == ']') return i;
        }
        return -1;
    }

    internal static CharSet? ClassEscape(char e) => e switch
    {
        'd' => CharSet.Digits,
        'D' => CharSet.Digits.Negate(),
        'w' => CharSet.Word,
        'W' => CharSet.Word.Negate(),
        's' => CharSet.Space,
        'S' => CharSet.Space.Negate(),
        _ => null,
    };
}

/// <summary>The body of a character class (<c>[…]</c>): members, ranges and <c>\</c> escapes.</summary>
internal static class CharClass
{
    /// <summary>
    /// The characters of a class body. In a regular expression (<paramref name="regex"/>) a leading <c>^</c> negates and
    /// <c>\d \w \s</c> (and their negations) stand for classes; in a GitHub filter neither exists (GitHub documents no
    /// negated classes) and <c>\</c> only escapes the next character.
    /// </summary>
    public static CharSet Parse(string body, bool regex)
    {
        var negate = false;
        var i = 0;
        if (regex && body.Length > 1 && body[0] == '^') { negate = true; i = 1; }
        var set = CharSet.Empty;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length)
            {
                var esc = regex ? RegexParser.ClassEscape(body[i + 1]) : null;
                if (esc is not null) { set = set.Union(esc); i += 2; continue; }
                c = body[i + 1];
                i++;
            }
            if (i + 2 < body.Length && body[i + 1] == '-')
            {
                var hiChar = body[i + 2];
                if (hiChar == '\\' && i + 3 < body.Length) { hiChar = body[i + 3]; i++; }
                if (hiChar >= c) set = set.Union(CharSet.Range(c, hiChar));
                i += 3;
                continue;
            }
            set = set.Union(CharSet.Of(c));
            i++;
        }
        return negate ? set.Negate() : set;
    }
}

/// <summary>Helpers for writing regular expressions from literal text.</summary>
internal static class RegexText
{
    public static string Escape(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if ("\\^$.|?*+()[]{}/".Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
