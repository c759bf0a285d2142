using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Rules.Protection;

/// <summary>Example release tags built from the policy tag format, to test ruleset patterns against.</summary>
public static partial class TagExamples
{
    /// <summary>
    /// Tags that the format <paramref name="format"/> accepts (<c>v{yyyy}.{MM}.{dd}[.{n}]</c> gives <c>v2025.03.10</c> and
    /// <c>v2025.03.10.2</c>): every optional <c>[…]</c> part left out, then every one put in. Null for a regular-expression
    /// format (<c>re:…</c>) or an unknown placeholder: no example can be made.
    /// </summary>
    public static IReadOnlyList<string>? From(string format)
    {
        if (format.StartsWith("re:", StringComparison.Ordinal)) return null;
        var without = Expand(format, includeOptional: false);
        var with = Expand(format, includeOptional: true);
        if (without is null || with is null) return null;
        return without == with ? [without] : [without, with];
    }

    private static string? Expand(string format, bool includeOptional)
    {
        var sb = new StringBuilder();
        var depth = 0;
        var skipDepth = -1;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '[')
            {
                depth++;
                if (!includeOptional && skipDepth < 0) skipDepth = depth;
                continue;
            }
            if (c == ']' && depth > 0)
            {
                if (skipDepth == depth) skipDepth = -1;
                depth--;
                continue;
            }
            if (skipDepth >= 0) continue;
            if (c == '{')
            {
                var close = format.IndexOf('}', i);
                if (close < 0) return null;
                var value = Placeholder(format[(i + 1)..close]);
                if (value is null) return null;
                sb.Append(value);
                i = close;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static string? Placeholder(string name) => name switch
    {
        "yyyy" => "2025",
        "yy" => "25",
        "MM" => "03",
        "M" => "3",
        "dd" => "10",
        "d" => "10",
        "n" => "2",
        "semver" => "1.2.3",
        "major" => "1",
        "minor" => "2",
        "patch" => "3",
        "date" => "2025-03-10",
        _ => null,
    };
}
