using System.Text;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Git;
using ReleaseLint.Patterns;

namespace ReleaseLint.Cli.Init;

/// <summary>One family of release tags that <see cref="TagFamilies.Infer"/> found, with the evidence for it.</summary>
/// <param name="Format">The format to write in <c>tags.format</c> (placeholder syntax where the language has the placeholders, else <c>re:</c>).</param>
/// <param name="Regex">The same family as an anchored regular expression (to combine families where the language has no list).</param>
/// <param name="Tags">The tags of the family (current era and older).</param>
/// <param name="Matched">How many of them the format accepts.</param>
/// <param name="Evidence">One line saying what the family is (<c>v + SemVer: 659 tags, v0.5.0 .. v8.0.3</c>).</param>
/// <param name="YearLike">True for a calendar version whose first number is the year (<c>YY.N</c>): a tag fits only when it was made in that year (or the one after).</param>
public sealed record TagFamily(string Format, string Regex, IReadOnlyList<GitTag> Tags, int Matched, string Evidence, bool YearLike = false)
{
    private readonly NameFormat _format = NameFormat.Parse(Format);

    /// <summary>True when <paramref name="tag"/> belongs to the family as it is today: the format accepts it and, for a
    /// <c>YY.N</c> calendar version, its first number is the year it was made (10.0.1 of 2018 is not 18.x's scheme).</summary>
    public bool Fits(GitTag tag)
    {
        if (!_format.Match(tag.Name).Success) return false;
        if (!YearLike) return true;
        return TagVersion.Parse(tag.Name) is { } v && HistoryFacts.DateOf(tag) is { } when && TagFamilies.YearAgrees(v.Numbers[0], when);
    }
}

/// <summary>
/// The seam where <c>init</c> infers the release tag families of a repository from its tags (issue 15): which
/// prefixes carry versions (<c>v</c>, <c>tokio-util-</c>, <c>@astrojs/node@</c>), which of them are current, and which
/// scheme each follows, from the most specific to the most general: a calendar date, a calendar version
/// (<c>YYYY.M.N</c>, <c>YY.M.N</c>, <c>YY.N</c>, when the first number is the year the tag was made), SemVer, PEP 440.
/// The chosen scheme is the most specific one that accepts all of the family's versions but at most one in a hundred.
/// A format is written with the format language's placeholders where the language has them (<c>{semver}</c>, and
/// <c>{pep440}</c>, <c>{name}</c>, <c>{M}</c> once the language grows them: each is tried and kept only if it parses
/// and accepts the same tags), else as the equivalent <c>re:</c> expression.
/// </summary>
public static partial class TagFamilies
{
    private const string SemVerRegex = @"(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?";
    private const string Pep440Regex = @"(?i:(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?(?:[-_.]?dev[-_.]?[0-9]*)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?)";
    private const string PreRegex = @"(?:(?:a|b|rc)[0-9]+)?(?:\.dev[0-9]+)?";
    private const string NameRegex = "[a-z0-9][a-z0-9._-]*";

    /// <summary>
    /// The current release tag families among <paramref name="tags"/>, largest first. A family is current when it has
    /// at least two tags and one of them is less than two years older than the repository's newest tag (the
    /// 2017 per-package tags of a monorepo that since tags <c>v</c> releases are not a family any more).
    /// </summary>
    public static IReadOnlyList<TagFamily> Infer(IReadOnlyList<GitTag> tags)
    {
        var versioned = tags.Select(t => (Tag: t, Version: TagVersion.Parse(t.Name), When: HistoryFacts.DateOf(t)))
            .Where(x => x.Version is { IsLine: false } && x.When is not null).ToList();
        if (versioned.Count == 0) return [];
        var newest = versioned.Max(x => x.When!.Value);
        var groups = versioned.GroupBy(x => FamilyKey(x.Version!.Family, versioned.Select(v => v.Version!.Family)));
        var families = new List<TagFamily>();
        foreach (var group in groups)
        {
            var members = group.OrderBy(x => x.When).ToList();
            if (members.Count < 2 || members[^1].When < newest.AddYears(-2)) continue;
            if (Choose(group.Key, members.Select(m => (m.Tag, m.Version!, m.When!.Value)).ToList()) is { } family) families.Add(family);
        }
        return families.OrderByDescending(f => f.Tags.Count).ToList();
    }

    /// <summary>
    /// The family of a tag prefix: the prefix itself (<c>v</c>, <c>twisted-</c>, <c>core-v</c>), or, where three or more
    /// prefixes have the shape of package names (<c>@scope/NAME@</c>, <c>NAME@</c>, <c>NAME-</c>), that shape with a
    /// <c>{name}</c> placeholder.
    /// </summary>
    private static string FamilyKey(string prefix, IEnumerable<string> all)
    {
        if (ScopedPrefix().Match(prefix) is { Success: true } scoped) return Generalize($"@{scoped.Groups[1].Value}/{{name}}@", all, ScopedPrefix(), p => $"@{ScopedPrefix().Match(p).Groups[1].Value}/{{name}}@");
        if (AtPrefix().IsMatch(prefix)) return Generalize("{name}@", all, AtPrefix(), _ => "{name}@");
        if (DashPrefix().IsMatch(prefix)) return Generalize("{name}-", all, DashPrefix(), _ => "{name}-");
        return prefix;

        string Generalize(string key, IEnumerable<string> prefixes, Regex shape, Func<string, string> keyOf) =>
            prefixes.Where(p => shape.IsMatch(p) && keyOf(p) == key).Distinct().Count() >= 3 ? key : prefix;
    }

    private static TagFamily? Choose(string family, IReadOnlyList<(GitTag Tag, TagVersion Version, DateTimeOffset When)> members)
    {
        // the scheme is chosen on the family's recent tags (the newest quarter, at least 20): an older scheme of the same
        // prefix (SemVer before calendar versions) is history for tags.since, not the scheme
        var recent = members.Skip(members.Count - Math.Min(members.Count, Math.Max(20, members.Count / 4))).ToList();
        var versions = recent.Select(m => m.Tag.Name[m.Version.Family.Length..]).ToList();
        var yearLike = recent.Count(m => YearAgrees(m.Version.Numbers[0], m.When)) * 10 >= recent.Count * 9;
        // Schemes from the most specific to the most general: (placeholder spelling, equivalent regex, what it is).
        var schemes = new List<(string Spelling, string Regex, string What)>
        {
            ("{yyyy}.{MM}.{dd}[.{n}]", @"(?<yyyy>[0-9]{4})\.(?<MM>[0-9]{2})\.(?<dd>[0-9]{2})(?:\.(?<n>[1-9][0-9]*))?", "a calendar date YYYY.MM.DD[.N]"),
            ("{yyyy}.{M}.{patch}", @"(?<yyyy>20[0-9]{2})\.(?:[1-9]|1[0-2])\.(?:0|[1-9][0-9]*)" + PreRegex, "a calendar version YYYY.M.N"),
        };
        if (yearLike)
        {
            schemes.Add(("{yy}.{M}.{patch}", @"[0-9]{2}\.(?:[1-9]|1[0-2])(?:\.(?:0|[1-9][0-9]*))?" + PreRegex, "a calendar version YY.M.N (the first number is the year of the tag)"));
            schemes.Add(("{yy}.{minor}[.{patch}]", @"[0-9]{2}\.(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))?" + PreRegex, "a calendar version YY.N[.N] (the first number is the year of the tag)"));
        }
        schemes.Add(("{semver}", SemVerRegex, "SemVer"));
        schemes.Add(("{pep440}", Pep440Regex, "a PEP 440 version"));

        var counts = schemes.Select(s => versions.Count(v => FullMatch(s.Regex, v))).ToList();
        // PEP 440 spellings of pre-releases (2.0.0rc1, 1.0b1, 0.13.0.dev0) and no SemVer ones (-rc.1): a PEP 440 family,
        // even where its recent tags happen to be SemVer-shaped too (so that its next release candidate fits)
        var all = members.Select(m => m.Version).ToList();
        var pep440Spelled = all.Any(v => Pep440Pre().IsMatch(v.Rest)) && !all.Any(v => v.Rest.StartsWith('-'));
        var semver = schemes.FindIndex(s => s.Spelling == "{semver}");
        if (pep440Spelled && counts[^1] >= counts[semver]) counts[semver] = 0;
        var best = counts.Max();
        if (best * 2 < recent.Count) return null; // no scheme fits: not a release tag family
        var tolerance = Math.Max(1, best / 100);
        var pick = Enumerable.Range(0, schemes.Count).First(i => counts[i] >= best - tolerance && counts[i] > 0);
        var (spelling, regex, what) = schemes[pick];
        var literal = family.Replace("{name}", "\u0000", StringComparison.Ordinal);
        var familyRegex = System.Text.RegularExpressions.Regex.Escape(literal).Replace("\u0000", NameRegex, StringComparison.Ordinal);
        var fullRegex = "^" + familyRegex + regex + "$";
        var format = Spell(family, spelling, fullRegex, members.Select(m => m.Tag.Name).ToList());
        var parsed = NameFormat.Parse(format);
        var matched = members.Count(m => parsed.Match(m.Tag.Name).Success);
        var label = family.Length == 0 ? "" : $"'{family}' + ";
        var evidence = $"{label}{what}: {matched} of {members.Count} tags ({members[0].Tag.Name} .. {members[^1].Tag.Name})";
        var isYearLike = yearLike && spelling.StartsWith("{yy}", StringComparison.Ordinal);
        return new TagFamily(format, fullRegex, members.Select(m => m.Tag).ToList(), matched, evidence, isYearLike);
    }

    /// <summary>True when a version's first number is the year <paramref name="when"/> was in (or the one before: a version cut in December, tagged in January).</summary>
    internal static bool YearAgrees(long first, DateTimeOffset when) => first == when.Year % 100 || first == when.Year % 100 - 1;

    /// <summary>
    /// The family written with placeholders when the format language has them and the result accepts at least the tags
    /// the regular expression accepts; else the regular expression.
    /// </summary>
    private static string Spell(string family, string versionSpelling, string regex, IReadOnlyList<string> names)
    {
        var byRegex = names.Count(n => FullMatch(regex, n));
        var spelled = EscapeLiteral(family).Replace("\\{name\\}", "{name}", StringComparison.Ordinal) + versionSpelling;
        if (NameFormat.TryParse(spelled, out var format, out _) && names.Count(n => format.Match(n).Success) >= byRegex) return spelled;
        return "re:" + regex;
    }

    private static string EscapeLiteral(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '{' or '}' or '[' or ']' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool FullMatch(string regex, string text)
    {
        try { return System.Text.RegularExpressions.Regex.IsMatch(text, regex.StartsWith('^') ? regex : "^(?:" + regex + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>
    /// The <c>tags.format</c> value for several families: a list when the configuration language takes one, else one
    /// regular expression that accepts the names of any of them.
    /// </summary>
    public static IReadOnlyList<string> FormatValues(IReadOnlyList<TagFamily> families)
    {
        if (families.Count <= 1 || ListsAccepted.Value) return families.Select(f => f.Format).ToList();
        return ["re:^(?:" + string.Join("|", families.Select(f => f.Regex.TrimStart('^').TrimEnd('$'))) + ")$"];
    }

    /// <summary>True when <c>tags.format</c> may be a list (a loader that knows tag families).</summary>
    private static readonly Lazy<bool> ListsAccepted = new(() =>
        Policy.PolicyLoader.Load(new Inputs.SourceText(".releaselint.yml", "tags:\n  format: [\"v{semver}\", \"x{semver}\"]\n")).Problems.Count == 0);

    [GeneratedRegex(@"^(?:[._]?(?:a|b|c|rc|alpha|beta|pre|preview)[0-9]+|\.(?:dev|post)[0-9]*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pep440Pre();

    [GeneratedRegex(@"^@([a-z0-9][a-z0-9._-]*)/[a-z0-9][a-z0-9._-]*@$", RegexOptions.CultureInvariant)]
    private static partial Regex ScopedPrefix();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*@$", RegexOptions.CultureInvariant)]
    private static partial Regex AtPrefix();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]*-$", RegexOptions.CultureInvariant)]
    private static partial Regex DashPrefix();
}
