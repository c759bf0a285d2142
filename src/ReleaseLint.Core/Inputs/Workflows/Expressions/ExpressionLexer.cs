namespace ReleaseLint.Inputs.Workflows.Expressions;

/// <summary>
/// Splits the text inside <c>${{ … }}</c> into tokens, following GitHub's expression syntax: names with
/// <c>-</c> and <c>_</c>, single-quoted strings with <c>''</c> escapes, decimal, exponent and hex numbers,
/// <c>true</c>/<c>false</c>/<c>null</c>, and the operators <c>! &lt; &lt;= &gt; &gt;= == != &amp;&amp; ||</c>.
/// </summary>
public static class ExpressionLexer
{
    /// <summary>Tokenises <paramref name="text"/>; the last token is <see cref="ExpressionTokenKind.End"/>.</summary>
    /// <exception cref="ExpressionSyntaxException">An unknown character, an unterminated string or a malformed number.</exception>
    public static IReadOnlyList<ExpressionToken> Tokenize(string text)
    {
        var tokens = new List<ExpressionToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length)
            {
                tokens.Add(new ExpressionToken(ExpressionTokenKind.End, "", text.Length));
                return tokens;
            }
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            var start = i;
            switch (c)
            {
                case '.' when !char.IsAsciiDigit(next) || PreviousIsValue(tokens):
                    tokens.Add(new(ExpressionTokenKind.Dot, ".", i++));
                    continue;
                case ',':
                    tokens.Add(new(ExpressionTokenKind.Comma, ",", i++));
                    continue;
                case '*':
                    tokens.Add(new(ExpressionTokenKind.Star, "*", i++));
                    continue;
                case '(':
                    tokens.Add(new(ExpressionTokenKind.LeftParen, "(", i++));
                    continue;
                case ')':
                    tokens.Add(new(ExpressionTokenKind.RightParen, ")", i++));
                    continue;
                case '[':
                    tokens.Add(new(ExpressionTokenKind.LeftBracket, "[", i++));
                    continue;
                case ']':
                    tokens.Add(new(ExpressionTokenKind.RightBracket, "]", i++));
                    continue;
                case '!' when next == '=':
                    tokens.Add(new(ExpressionTokenKind.NotEqual, "!=", i));
                    i += 2;
                    continue;
                case '!':
                    tokens.Add(new(ExpressionTokenKind.Not, "!", i++));
                    continue;
                case '=' when next == '=':
                    tokens.Add(new(ExpressionTokenKind.Equal, "==", i));
                    i += 2;
                    continue;
                case '<' when next == '=':
                    tokens.Add(new(ExpressionTokenKind.LessOrEqual, "<=", i));
                    i += 2;
                    continue;
                case '<':
                    tokens.Add(new(ExpressionTokenKind.Less, "<", i++));
                    continue;
                case '>' when next == '=':
                    tokens.Add(new(ExpressionTokenKind.GreaterOrEqual, ">=", i));
                    i += 2;
                    continue;
                case '>':
                    tokens.Add(new(ExpressionTokenKind.Greater, ">", i++));
                    continue;
                case '&' when next == '&':
                    tokens.Add(new(ExpressionTokenKind.And, "&&", i));
                    i += 2;
                    continue;
                case '|' when next == '|':
                    tokens.Add(new(ExpressionTokenKind.Or, "||", i));
                    i += 2;
                    continue;
                case '\'':
                {
                    i++;
                    while (true)
                    {
                        if (i >= text.Length) throw new ExpressionSyntaxException("unterminated string literal", start);
                        if (text[i] == '\'')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '\'') { i += 2; continue; }
                            i++;
                            break;
                        }
                        i++;
                    }
                    tokens.Add(new(ExpressionTokenKind.String, text[start..i], start));
                    continue;
                }
            }
            if (char.IsAsciiDigit(c) || ((c is '-' or '+' or '.') && (char.IsAsciiDigit(next) || next == '.') && !PreviousIsValue(tokens)))
            {
                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_' ||
                       ((text[i] is '-' or '+') && text[i - 1] is 'e' or 'E' && !IsHex(text, start)))) i++;
                var raw = text[start..i];
                if (ParseNumber(raw) is null) throw new ExpressionSyntaxException($"malformed number '{raw}'", start);
                tokens.Add(new(ExpressionTokenKind.Number, raw, start));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-')) i++;
                var word = text[start..i];
                var kind = word switch
                {
                    "true" or "false" => ExpressionTokenKind.Boolean,
                    "null" => ExpressionTokenKind.Null,
                    "NaN" or "Infinity" => ExpressionTokenKind.Number,
                    _ => ExpressionTokenKind.Identifier,
                };
                tokens.Add(new(kind, word, start));
                continue;
            }
            throw new ExpressionSyntaxException($"unexpected character '{c}'", i);
        }
    }

    /// <summary>The value of a number token as GitHub reads it (decimal, exponent, <c>0x</c> hex, <c>0o</c> octal), or null.</summary>
    public static double? ParseNumber(string raw)
    {
        var sign = 1.0;
        var s = raw;
        if (s.StartsWith('-')) { sign = -1; s = s[1..]; }
        else if (s.StartsWith('+')) s = s[1..];
        if (s is "Infinity") return sign * double.PositiveInfinity;
        if (s is "NaN") return double.NaN;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return long.TryParse(s[2..], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var h) ? sign * h : null;
        if (s.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            try { return sign * Convert.ToInt64(s[2..], 8); }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException) { return null; }
        }
        if (s.Length == 0 || s.Contains('_')) return null;
        return double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? sign * d : null;
    }

    private static bool IsHex(string text, int start) =>
        text.AsSpan(start).TrimStart("+-").StartsWith("0x", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the previous token ends a value, so that <c>-</c>/<c>.</c> cannot start a number.</summary>
    private static bool PreviousIsValue(List<ExpressionToken> tokens) => tokens.Count > 0 && tokens[^1].Kind is
        ExpressionTokenKind.Identifier or ExpressionTokenKind.String or ExpressionTokenKind.Number or ExpressionTokenKind.Boolean or
        ExpressionTokenKind.Null or ExpressionTokenKind.RightParen or ExpressionTokenKind.RightBracket or ExpressionTokenKind.Star;
}
