using System.Text;

namespace ReleaseLint.Patterns;

/// <summary>
/// A format seen as a set of names, to meet GitHub filters: its exact language (for comparison with filter patterns and
/// ruleset expressions) and the tightest filter pattern that covers it.
/// </summary>
internal static class FormatLanguage
{
    /// <summary>
    /// The language of every valid name (dates restricted to months 01–12 and days 01–31, numbers ≥ 1), or null when
    /// it cannot be built (a <c>re:</c> expression outside the supported subset, or too large).
    /// </summary>
    public static NameLanguage? Of(IReadOnlyList<FormatPart>? parts, string? regex)
    {
        if (regex is not null) return NameLanguage.FromRegex(regex, search: true);
        return NameLanguage.FromRegex("^" + FormatMatcher.Expression(parts!, exact: true) + "$", search: false);
    }

    /// <summary>
    /// A GitHub filter pattern that matches every name of the format, as tight as filter syntax allows (optional parts
    /// and <c>{date}</c> become <c>*</c>): <c>v[0-9][0-9][0-9][0-9].[0-9][0-9].[0-9][0-9]*</c> for the default tag format.
    /// For a <c>re:</c> format: its literal prefix and <c>*</c>.
    /// </summary>
    public static string FilterPattern(IReadOnlyList<FormatPart>? parts, string literalPrefix)
    {
        if (parts is null) return literalPrefix.Length > 0 ? Patterns.FilterPattern.Escape(literalPrefix) + "*" : "*";
        var sb = new StringBuilder();
        var star = ""; // the wildcard the pattern ends with: "", "*" or "**"
        foreach (var part in parts)
        {
            switch (part)
            {
                case LiteralPart l:
                    sb.Append(Patterns.FilterPattern.Escape(l.Text));
                    star = "";
                    break;
                case PlaceholderPart { Placeholder: { FilterPattern: { } glob } p }:
                    sb.Append(glob);
                    star = "";
                    if (p.FilterNeedsStar) AppendStar(acrossSlashes: false);
                    break;
                case OptionalPart o:
                    AppendStar(acrossSlashes: Literals(o.Parts).Any(t => t.Contains('/')));
                    break;
                default: // a placeholder no filter can spell ({date} has three spellings)
                    AppendStar(acrossSlashes: false);
                    break;
            }
        }
        return sb.ToString();

        // '*' stops at '/', so an optional part that may hold one needs '**'
        void AppendStar(bool acrossSlashes)
        {
            var wanted = acrossSlashes || star == "**" ? "**" : "*";
            sb.Append(wanted[star.Length..]);
            star = wanted;
        }
    }

    private static IEnumerable<string> Literals(IReadOnlyList<FormatPart> parts)
    {
        foreach (var part in parts)
        {
            if (part is LiteralPart l) yield return l.Text;
            else if (part is OptionalPart o)
                foreach (var inner in Literals(o.Parts)) yield return inner;
        }
    }
}
