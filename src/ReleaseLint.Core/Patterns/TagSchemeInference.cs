using System.Text.RegularExpressions;

namespace ReleaseLint.Patterns;

/// <summary>A tag family found in a repository's tags, with the number of tags it accepts.</summary>
/// <param name="Format">The family's format.</param>
/// <param name="Count">How many of the tags it accepts.</param>
/// <param name="Example">One tag it accepts (the first in the order given).</param>
public sealed record InferredFamily(NameFormat Format, int Count, string Example);

/// <summary>What <see cref="TagSchemeInference.Infer(IReadOnlyList{string})"/> found.</summary>
/// <param name="Families">The families chosen, largest first; empty when no scheme fits.</param>
/// <param name="Accepted">How many tags the chosen families accept together.</param>
/// <param name="Total">
/// How many tags the scheme judges: those with a version that a family accepts or that look like an attempt at one
/// (see <see cref="TagScheme.LooksLikeAttempt"/>); all tags with a version when no family was found.
/// </param>
/// <param name="Outside">
/// Tags with a version that the chosen families neither accept nor look meant for (<c>docs-2025</c> beside
/// <c>v{semver}</c>): not release tags under the scheme, so no rule judges them.
/// </param>
public sealed record InferredScheme(IReadOnlyList<InferredFamily> Families, int Accepted, int Total, int Outside = 0)
{
    /// <summary>The families kept only because a workflow's tag filter names them (too few tags to count otherwise), with that evidence.</summary>
    public IReadOnlyDictionary<InferredFamily, string> PublishedBy { get; init; } = new Dictionary<InferredFamily, string>();

    /// <summary>The share of tags a scheme must accept to be written: a fit that leaves more out would turn them into findings.</summary>
    public const double Threshold = 0.95;

    /// <summary>The scheme, or null when none accepts at least <see cref="Threshold"/> of the tags (or there are no tags).</summary>
    public TagScheme? Scheme => Families.Count > 0 && Fits ? new TagScheme(Families.Select(f => f.Format).ToList()) : null;

    /// <summary>True when the families accept at least <see cref="Threshold"/> of the tags they judge.</summary>
    public bool Fits => Total > 0 && Accepted >= Math.Ceiling(Threshold * Total);

    /// <summary>The evidence in one line, for a comment beside <c>tags.format</c>: <c>uv: 303 of 303 tags (100%), e.g. 0.4.29</c>.</summary>
    public string Evidence =>
        Total == 0 ? "no tags" :
        $"{Accepted} of {Total} tags ({Percent(Accepted, Total)})" +
        (Families.Count == 0 ? "" : ": " + string.Join(", ", Families.Select(f => $"{f.Count} like '{f.Example}'")));

    private static string Percent(int part, int whole) => (100.0 * part / whole).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
}

/// <summary>
/// Finds the tag families a repository actually uses, from its tag names: each tag is split into a stem (<c>v</c>,
/// <c>jax-v</c>, <c>@astrojs/alpinejs@</c>) and a version; stems of many packages become <c>{name}</c>; each stem gets
/// the most specific version scheme that accepts most of its tags (a date, a calendar version, SemVer, PEP 440); then
/// families are taken largest first until they accept <see cref="InferredScheme.Threshold"/> of the tags. Tags that
/// fit no family (<c>docs-2025</c>, a one-off <c>nightly</c>) stay out of the scheme.
/// </summary>
public static partial class TagSchemeInference
{
    /// <summary>Version schemes tried for each stem, most specific first (a tie, or a wider one taking at most one in a hundred more, goes to the earlier one).</summary>
    private static readonly System.Collections.Immutable.ImmutableArray<string> VersionFormats =
    [
        "{yyyy}.{MM}.{dd}[.{n}]",
        "{yyyy}.{M}.{patch}",
        "{yyyy}.{M}.{patch}[b{n}]",
        "{yyyy}.{MM}.{patch}",
        "{yyyy}.{M}[.{patch}]",
        "{yyyy}{MM}{dd}",
        "{major}",
        "{major}.{minor}",
        "{semver}",
        "{major}.{minor}[.{patch}]",
        "{pep440}",
        "{major}.{minor}.x",
    ];

    /// <summary>A stem seen with fewer distinct package names than this stays literal (<c>jax-v</c>, <c>jaxlib-v</c>).</summary>
    private const int NamesForPlaceholder = 3;

    /// <summary>The budget of workflow tag-filter patterns tried as names of a family (each is matched against the tags).</summary>
    private const int MaxTriggerPatterns = 64;

    /// <summary>A family accepting fewer tags than this is noise, not a scheme.</summary>
    private const int MinFamilyTags = 3;

    /// <summary>
    /// The budget: only the largest stems are tried (each costs a parse and a pass per version scheme). Past this many,
    /// a stem holds too few of the tags to matter for the threshold in any real repository.
    /// </summary>
    private const int MaxStems = 64;

    /// <summary>
    /// Infers the families of <paramref name="tags"/> (tag names, in any order). Only tags with a version number count
    /// (<c>legacy</c>, <c>nightly</c> have none and are never release tags), and of those only the ones the chosen
    /// families judge: a stray <c>docs-2025</c> beside <c>v1.0.0</c> tags is no release tag of <c>v{semver}</c> and no
    /// rule reports it, so it neither helps nor hurts the fit (it is counted in <see cref="InferredScheme.Outside"/>).
    /// </summary>
    public static InferredScheme Infer(IReadOnlyList<string> tags) => Infer(tags, []);

    /// <summary>
    /// Infers the families of <paramref name="tags"/> as <see cref="Infer(IReadOnlyList{string})"/> does, and keeps a
    /// family too small to count (fewer than 3 tags, or under 5 % of them once the others fit) when one of
    /// <paramref name="triggers"/> names it: a workflow's <c>on.push.tags</c> filter with a pattern that takes every tag
    /// of the family and no other tag (pnpm's release.yml publishes on <c>pnpr@*.*.*</c> beside <c>v*.*.*</c>). The
    /// repository's own release workflow is the evidence that those tags are releases, whatever their number.
    /// </summary>
    /// <param name="tags">Tag names, in any order.</param>
    /// <param name="triggers">Tag filters of the repository's workflows, each with where it is written (<c>release.yml</c>).</param>
    public static InferredScheme Infer(IReadOnlyList<string> tags, IReadOnlyList<(string Where, FilterList Filter)> triggers)
    {
        var stems = tags.Select(t => (Tag: t, Split: Split(t))).Where(x => x.Split is not null).Select(x => (x.Tag, Stem: x.Split!.Value.Stem)).ToList();
        var versioned = stems.Select(x => x.Tag).ToList();
        if (versioned.Count == 0) return new InferredScheme([], 0, 0);
        var minFamily = Math.Min(MinFamilyTags, versioned.Count);

        // stems of the shape <name><separator>: many names become {name}; a stem a workflow publishes from stays
        // literal (pnpm's pnpr@ beside the per-package name@ tags of 2017)
        var byStem = stems.GroupBy(x => x.Stem, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Tag).ToList(), StringComparer.Ordinal);
        var publishedStems = triggers.Count == 0 ? new HashSet<string>(StringComparer.Ordinal) : byStem.Where(s => NamedBy(s.Value) is not null).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in stems.Select(x => x.Stem).Distinct().Where(s => !publishedStems.Contains(s)).Select(s => (Stem: s, Named: NamedStem().Match(s)))
                     .Where(x => x.Named.Success)
                     .GroupBy(x => x.Named.Groups["scope"].Value + "\u0000" + x.Named.Groups["sep"].Value))
        {
            var names = group.Count();
            foreach (var (stem, named) in group)
                templates[stem] = names >= NamesForPlaceholder
                    ? Escape(named.Groups["scope"].Value) + "{name}" + Escape(named.Groups["sep"].Value)
                    : Escape(stem);
        }

        // each stem gets the version scheme that takes most of its tags, then another for the rest (a scheme change)
        var candidates = new List<InferredFamily>();
        var published = new Dictionary<InferredFamily, string>();
        foreach (var (group, named) in stems.GroupBy(x => templates.TryGetValue(x.Stem, out var t) ? t : Escape(x.Stem))
                     .Select(g => (Group: g, Named: NamedBy(g.Select(x => x.Tag).ToList())))
                     .Where(g => g.Group.Count() >= minFamily || g.Named is not null)
                     .OrderByDescending(g => g.Group.Count()).ThenBy(g => g.Group.Key, StringComparer.Ordinal).Take(MaxStems)
                     .Select(g => (g.Group, g.Named)))
        {
            var rest = group.Select(x => x.Tag).ToList();
            var all = rest.Count;
            // a stem a workflow names is a family of any size, when one scheme takes all of its tags (what is left
            // after a first family, v2022.05.0 beside vYYYY.M.N, is not what the workflow names)
            while (rest.Count >= (named is not null && rest.Count == all ? 1 : minFamily))
            {
                // the most specific scheme that takes all but at most one in a hundred of what the widest-taking one
                // takes: a wider scheme does not win by one odd tag among hundreds (v2022.05.0 among vYYYY.M.N calendar
                // versions is a valid PEP 440 spelling, but the one tag that breaks the calendar scheme)
                var tried = VersionFormats.Select(version => NameFormat.Parse(group.Key + version))
                    .Select(format => (Format: format, Accepted: rest.Where(t => format.Match(t).Success).ToList())).ToList();
                var most = tried.Max(t => t.Accepted.Count);
                if (most == 0) break;
                var (chosenFormat, taken) = tried.First(t => t.Accepted.Count > 0 && t.Accepted.Count >= most - most / 100);
                var best = new InferredFamily(chosenFormat, taken.Count, taken[0]);
                if (named is not null && best.Count == all) published[best] = named;
                else if (best.Count < minFamily) break;
                candidates.Add(best);
                rest = rest.Except(taken, StringComparer.Ordinal).ToList();
            }
        }

        // largest first, until the threshold is met; a family of at least 5% of the tags is kept even beyond it, and so
        // is a family a workflow publishes from, however small
        var chosen = new List<InferredFamily>();
        var keptBy = new Dictionary<InferredFamily, string>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in candidates.OrderByDescending(f => f.Count).ThenBy(f => f.Format.Text, StringComparer.Ordinal))
        {
            var fits = covered.Count >= Math.Ceiling(InferredScheme.Threshold * versioned.Count);
            var small = family.Count < minFamily || (fits && family.Count < 0.05 * versioned.Count);
            if (small && !published.ContainsKey(family)) continue;
            if (small) keptBy[family] = published[family];
            chosen.Add(family);
            foreach (var tag in versioned)
                if (family.Format.Match(tag).Success) covered.Add(tag);
        }
        if (chosen.Count == 0) return new InferredScheme([], 0, versioned.Count);
        var scheme = new TagScheme(chosen.Select(f => f.Format).ToList());
        var judged = versioned.Count(t => covered.Contains(t) || scheme.LooksLikeAttempt(t));
        return new InferredScheme(chosen, versioned.Count(covered.Contains), judged, versioned.Count - judged)
        {
            PublishedBy = keptBy,
        };

        // the trigger whose pattern takes every tag of a stem and no other versioned tag
        string? NamedBy(IReadOnlyList<string> family)
        {
            if (triggers.Count == 0) return null;
            HashSet<string>? members = null;
            foreach (var (where, filter, pattern) in triggers.SelectMany(t => t.Filter.Patterns.Select(p => (t.Where, t.Filter, p))).Take(MaxTriggerPatterns))
            {
                if (pattern.IsNegated || !family.All(t => pattern.IsMatch(t) && filter.Passes(t))) continue;
                members ??= family.ToHashSet(StringComparer.Ordinal);
                if (!versioned.Any(t => !members.Contains(t) && pattern.IsMatch(t))) return $"{where} runs on '{pattern.Text}'";
            }
            return null;
        }
    }

    /// <summary>
    /// The stem and version of a tag: the version starts at the first digit after which the stem ends in something that
    /// is not a letter or digit, or in a lone <c>v</c> (<c>v1.2</c>, <c>jax-v0.4</c>, <c>py3-v1.0</c> but not <c>py</c> + <c>3-v1.0</c>).
    /// </summary>
    internal static (string Stem, string Version)? Split(string tag)
    {
        for (var i = 0; i < tag.Length; i++)
        {
            if (!char.IsAsciiDigit(tag[i])) continue;
            var stem = tag[..i];
            if (stem.Length == 0 || !char.IsAsciiLetterOrDigit(stem[^1])
                || (stem[^1] is 'v' or 'V' && (stem.Length == 1 || !char.IsAsciiLetterOrDigit(stem[^2]))))
                return (stem, tag[i..]);
        }
        return null;
    }

    /// <summary>A stem made of an optional npm scope, a package name and a separator (<c>@astrojs/</c> <c>alpinejs</c> <c>@</c>).</summary>
    [GeneratedRegex(@"^(?<scope>@[A-Za-z0-9._-]+/)?(?<name>[A-Za-z0-9][A-Za-z0-9._-]*?)(?<sep>@|/|-v|-|_v|_)$")]
    private static partial Regex NamedStem();

    private static string Escape(string literal)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var c in literal)
        {
            if (c is '\\' or '{' or '}' or '[' or ']') sb.Append('\\');
            sb.Append(c);
        }
        var text = sb.ToString();
        return text.StartsWith("re:", StringComparison.Ordinal) ? "\\" + text : text;
    }
}
