using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ReleaseLint.Patterns;

/// <summary>A part of a parsed name format.</summary>
internal abstract record FormatPart;

/// <summary>Literal text (escapes already resolved).</summary>
internal sealed record LiteralPart(string Text) : FormatPart;

/// <summary>A placeholder (<c>{yyyy}</c>).</summary>
internal sealed record PlaceholderPart(Placeholder Placeholder) : FormatPart;

/// <summary>An optional part (<c>[.{n}]</c>).</summary>
internal sealed record OptionalPart(IReadOnlyList<FormatPart> Parts) : FormatPart;

/// <summary>
/// The syntax of name formats that are not regular expressions: literal text, placeholders in braces, <c>[…]</c> for
/// an optional part (nested parts allowed) and <c>\</c> to escape the next character. Parses text into parts and prints
/// parts back into text that parses to the same parts.
/// </summary>
internal static class FormatSyntax
{
    /// <summary>Parses <paramref name="text"/> (without <c>re:</c>); on failure <paramref name="error"/> says what is wrong, for users.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out IReadOnlyList<FormatPart>? parts, [NotNullWhen(false)] out string? error)
    {
        parts = null;
        error = null;
        var top = new List<FormatPart>();
        var stack = new Stack<List<FormatPart>>();
        var current = top;
        var seen = new List<string>(); // in the order written, so that messages name them that way
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length > 0) current.Add(new LiteralPart(literal.ToString()));
            literal.Clear();
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' when i + 1 < text.Length:
                    literal.Append(text[++i]);
                    break;
                case '{':
                {
                    var close = text.IndexOf('}', i);
                    if (close < 0)
                    {
                        error = $"'{text}' has '{{' without a closing '}}'";
                        return false;
                    }
                    var name = text[(i + 1)..close];
                    if (Placeholder.Find(name) is not { } placeholder)
                    {
                        var names = Placeholder.All.Select(p => p.Name).ToList();
                        var hint = Suggestions.Closest(names, name, 2) is { } near ? $"; did you mean '{{{near}}}'?" : "";
                        error = $"unknown placeholder '{{{name}}}' in '{text}'; use {string.Join(" ", names.SkipLast(1).Select(n => "{" + n + "}"))} or {{{names[^1]}}}{hint}";
                        return false;
                    }
                    if (seen.Contains(name))
                    {
                        error = $"placeholder '{{{name}}}' appears twice in '{text}'";
                        return false;
                    }
                    seen.Add(name);
                    Flush();
                    current.Add(new PlaceholderPart(placeholder));
                    i = close;
                    break;
                }
                case '[':
                    Flush();
                    stack.Push(current);
                    current = [];
                    break;
                case ']':
                    if (stack.Count == 0)
                    {
                        error = $"'{text}' has ']' without an opening '['";
                        return false;
                    }
                    Flush();
                    var optional = new OptionalPart(current);
                    current = stack.Pop();
                    current.Add(optional);
                    break;
                default:
                    literal.Append(c);
                    break;
            }
        }
        if (stack.Count > 0)
        {
            error = $"'{text}' has '[' without a closing ']'";
            return false;
        }
        Flush();
        var roles = seen.Select(n => Placeholder.Find(n)!).ToLookup(p => p.Role);
        bool Has(PlaceholderRole role) => roles.Contains(role);
        if (Has(PlaceholderRole.Date) && (Has(PlaceholderRole.Year) || Has(PlaceholderRole.Month) || Has(PlaceholderRole.Day)))
        {
            error = $"'{text}' mixes {{date}} with {{yyyy}}/{{MM}}/{{dd}}; use one or the other";
            return false;
        }
        foreach (var role in new[] { PlaceholderRole.Year, PlaceholderRole.Month, PlaceholderRole.Day })
        {
            if (roles[role].Take(2).ToList() is [var first, var second])
            {
                error = $"'{text}' has both {first} and {second}, which give the same part of a date; use one";
                return false;
            }
        }
        if ((Has(PlaceholderRole.Day) && !Has(PlaceholderRole.Month)) || (Has(PlaceholderRole.Month) && !Has(PlaceholderRole.Year)))
        {
            error = $"'{text}' has a day or month without the year and month; a date needs {{yyyy}}, {{MM}} and {{dd}}";
            return false;
        }
        parts = top;
        return true;
    }

    /// <summary>
    /// The text of <paramref name="parts"/>: placeholders in braces, optional parts in brackets, and literal text with
    /// <c>\</c> before each character the syntax reserves (and before a leading <c>re:</c>, which would make it a
    /// regular expression). Parsing the result gives the same parts.
    /// </summary>
    public static string Print(IReadOnlyList<FormatPart> parts)
    {
        var sb = new StringBuilder();
        Append(parts);
        if (sb.Length >= 3 && sb[0] == 'r' && sb[1] == 'e' && sb[2] == ':') sb.Insert(0, '\\');
        return sb.ToString();

        void Append(IReadOnlyList<FormatPart> list)
        {
            foreach (var part in list)
            {
                switch (part)
                {
                    case LiteralPart l:
                        foreach (var c in l.Text)
                        {
                            if (c is '\\' or '{' or '}' or '[' or ']') sb.Append('\\');
                            sb.Append(c);
                        }
                        break;
                    case PlaceholderPart p: sb.Append('{').Append(p.Placeholder.Name).Append('}'); break;
                    case OptionalPart o:
                        sb.Append('[');
                        Append(o.Parts);
                        sb.Append(']');
                        break;
                }
            }
        }
    }

    /// <summary>Every placeholder in <paramref name="parts"/>, optional parts included, in order.</summary>
    public static IEnumerable<Placeholder> Placeholders(IReadOnlyList<FormatPart> parts)
    {
        foreach (var part in parts)
        {
            if (part is PlaceholderPart p) yield return p.Placeholder;
            else if (part is OptionalPart o)
                foreach (var inner in Placeholders(o.Parts)) yield return inner;
        }
    }
}
