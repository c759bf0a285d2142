using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Patterns;

/// <summary>Renders names of a format: examples for messages and docs, the name of a given date, and the name a malformed one probably meant.</summary>
internal static partial class FormatExamples
{
    /// <summary>The SemVer values examples show: a release, a pre-release and one with build metadata.</summary>
    private static readonly System.Collections.Immutable.ImmutableArray<string> SemVerVariants = ["1.2.3", "1.2.3-rc.1", "1.2.3+build.5"];

    /// <summary>The PEP 440 values examples show: a release, a release candidate and a post-release.</summary>
    private static readonly System.Collections.Immutable.ImmutableArray<string> Pep440Variants = ["1.2.3", "1.2.3rc1", "1.2.3.post1"];

    /// <summary>
    /// The name of <paramref name="parts"/> for <paramref name="values"/>, with every optional part left out or put in.
    /// A <c>{n}</c> outside the optional parts renders as 1 when they are left out (the first release of a day).
    /// </summary>
    public static string Render(IReadOnlyList<FormatPart> parts, ExampleValues values, bool withOptional, bool firstNumberWithoutOptional = true)
    {
        var sb = new StringBuilder();
        Append(parts);
        return sb.ToString();

        void Append(IReadOnlyList<FormatPart> list)
        {
            foreach (var part in list)
            {
                switch (part)
                {
                    case LiteralPart l: sb.Append(l.Text); break;
                    case OptionalPart o:
                        if (withOptional) Append(o.Parts);
                        break;
                    case PlaceholderPart { Placeholder: var p }:
                        var v = p.Role == PlaceholderRole.Number && !withOptional && firstNumberWithoutOptional ? values with { Number = 1 } : values;
                        sb.Append(p.Render(v));
                        break;
                }
            }
        }
    }

    /// <summary>
    /// A few names the format accepts: with and without the optional parts, <c>2025-03-10</c> as the date, and (for
    /// <c>{semver}</c> and <c>{pep440}</c>) a release, a pre-release and a build or post-release. Only names that match
    /// are kept.
    /// </summary>
    public static IReadOnlyList<string> Examples(IReadOnlyList<FormatPart> parts, FormatMatcher matcher)
    {
        var roles = FormatSyntax.Placeholders(parts).Select(p => p.Role).ToHashSet();
        IEnumerable<ExampleValues> variants =
            roles.Contains(PlaceholderRole.SemVer) ? SemVerVariants.Select(v => ExampleValues.Plain with { SemVer = v })
            : roles.Contains(PlaceholderRole.Pep440) ? Pep440Variants.Select(v => ExampleValues.Plain with { Pep440 = v })
            : [ExampleValues.Plain with { SemVer = "" }];
        var results = new List<string>();
        foreach (var values in variants)
            foreach (var withOptional in new[] { false, true })
                results.Add(Render(parts, values, withOptional));
        return results.Distinct().Where(e => matcher.Match(e).Success).ToList();
    }

    /// <summary>
    /// The plainest names of the format: optional parts left out, then all put in (<c>v2025.03.10</c>,
    /// <c>v2025.03.10.2</c>), or one name when the format has no optional part.
    /// </summary>
    public static IReadOnlyList<string> Plain(IReadOnlyList<FormatPart> parts)
    {
        var without = Render(parts, ExampleValues.Plain, withOptional: false, firstNumberWithoutOptional: false);
        var with = Render(parts, ExampleValues.Plain, withOptional: true, firstNumberWithoutOptional: false);
        return without == with ? [without] : [without, with];
    }

    /// <summary>
    /// For a name that does not match a dated format: the well-formed name it probably meant (the same date and number
    /// written the format's way: <c>v2025.3.7</c> → <c>v2025.03.07</c>), or null when none can be told.
    /// </summary>
    public static string? Suggest(IReadOnlyList<FormatPart> parts, FormatMatcher matcher, string name)
    {
        // Only for formats that are a date (and a number): a calendar version's other numbers cannot be told from the date.
        if (FormatSyntax.Placeholders(parts).Any(p => p.Role is PlaceholderRole.Component or PlaceholderRole.Pep440 or PlaceholderRole.Name)) return null;
        var numbers = DigitRuns().Matches(name).Select(m => m.Value).ToList();
        if (numbers.Count == 1 && numbers[0].Length == 8) numbers = [numbers[0][..4], numbers[0][4..6], numbers[0][6..]];
        if (numbers.Count < 3 || numbers[0].Length != 4) return null;
        if (!int.TryParse(numbers[0], out var y) || !int.TryParse(numbers[1], out var m) || !int.TryParse(numbers[2], out var d)) return null;
        if (m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Clamp(y, 1, 9999), m)) return null;
        int? n = numbers.Count > 3 && int.TryParse(numbers[3], out var k) && k >= 1 ? k : null;
        var suggestion = Render(parts, new ExampleValues(new DateOnly(y, m, d), n ?? 0, "1.0.0"), n is not null);
        return suggestion != name && matcher.Match(suggestion).Success ? suggestion : null;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex DigitRuns();
}
