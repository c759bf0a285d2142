namespace ReleaseLint.Patterns;

/// <summary>
/// The release tags of the policy (<c>tags.format</c>): one tag family, or several when a repository tags more than one
/// thing (a monorepo's packages: <c>@astrojs/{name}@{semver}</c> beside <c>{name}@{semver}</c>; a library and its
/// binary: <c>jax-v{semver}</c> beside <c>jaxlib-v{semver}</c>). A tag is a release tag of the scheme when it matches a
/// family or looks like an attempt at one. Offers what a single <see cref="NameFormat"/> does, over all families, so
/// rules ask the scheme and never pick a family themselves. Immutable and thread-safe.
/// </summary>
public sealed class TagScheme
{
    private readonly Lazy<NameLanguage?> _language;

    /// <summary>A scheme of the given families (at least one), in the order they are configured.</summary>
    public TagScheme(IReadOnlyList<NameFormat> families)
    {
        if (families.Count == 0) throw new ArgumentException("a tag scheme needs at least one family", nameof(families));
        Families = families;
        _language = new(() => families.Select(f => f.Language).ToList() is var all && all.All(l => l is not null) ? NameLanguage.Union(all!) : null);
    }

    /// <summary>The families, in configured order.</summary>
    public IReadOnlyList<NameFormat> Families { get; }

    /// <summary>The format of a one-family scheme, the formats separated by <c>, </c> otherwise (as configured, for messages).</summary>
    public string Text => string.Join(", ", Families.Select(f => f.Text));

    /// <summary>The formats quoted for a message: <c>'v{semver}'</c>, or <c>'v{semver}' or '{name}@{semver}'</c>.</summary>
    public string Describe() => Families.Count == 1
        ? $"'{Families[0].Text}'"
        : string.Join(", ", Families.SkipLast(1).Select(f => $"'{f.Text}'")) + $" or '{Families[^1].Text}'";

    /// <summary>True when some family's names carry a date.</summary>
    public bool HasDate => Families.Any(f => f.HasDate);

    /// <summary>True when every family is a <c>re:</c> format.</summary>
    public bool IsRegex => Families.All(f => f.IsRegex);

    /// <summary>The family that <paramref name="name"/> matches, or null.</summary>
    public NameFormat? FamilyOf(string name) => Families.FirstOrDefault(f => f.Match(name).Success);

    /// <summary>
    /// Matches <paramref name="name"/> against the families: the first match, else the failure of the first family the
    /// name looks like an attempt at (whose problem, such as an impossible date, explains it best).
    /// </summary>
    public NameMatch Match(string name)
    {
        if (Families.Count == 1) return Families[0].Match(name);
        NameMatch? attempt = null;
        foreach (var family in Families)
        {
            var match = family.Match(name);
            if (match.Success) return match;
            if (attempt is null && family.LooksLikeAttempt(name)) attempt = match;
        }
        return attempt ?? NameMatch.None;
    }

    /// <summary>
    /// <see cref="Match"/> under the match budget: <paramref name="timedOut"/> is true when a family's <c>re:</c>
    /// expression ran out of its budget on <paramref name="name"/> (see <see cref="NameFormat.TryMatch"/>), so that the
    /// answer "no match" cannot be trusted.
    /// </summary>
    public NameMatch TryMatch(string name, out bool timedOut)
    {
        timedOut = false;
        NameMatch? attempt = null;
        foreach (var family in Families)
        {
            var match = family.TryMatch(name, out var familyTimedOut);
            if (match.Success) return match;
            if (familyTimedOut)
            {
                timedOut = true;
                return NameMatch.None;
            }
            if (Families.Count == 1) return match;
            if (attempt is null && family.LooksLikeAttempt(name)) attempt = match;
        }
        return attempt ?? NameMatch.None;
    }

    /// <summary>True when <paramref name="name"/> looks like an attempt at some family (see <see cref="NameFormat.LooksLikeAttempt"/>).</summary>
    public bool LooksLikeAttempt(string name) => Families.Any(f => f.LooksLikeAttempt(name));

    /// <summary>Examples of every family (see <see cref="NameFormat.Examples"/>), family by family.</summary>
    public IReadOnlyList<string> Examples() => Families.SelectMany(f => f.Examples()).Distinct().ToList();

    /// <summary>Examples of the families <paramref name="name"/> looks like an attempt at (all families when none), for "did you mean" messages.</summary>
    public IReadOnlyList<string> ExamplesFor(string name) =>
        Families.Where(f => f.LooksLikeAttempt(name)).ToList() is { Count: > 0 } meant && meant.Count < Families.Count
            ? meant.SelectMany(f => f.Examples()).Distinct().ToList()
            : Examples();

    /// <summary>The families a filter pattern is aimed at: those it matches a tag of, or a name starting like one; all when none.</summary>
    public TagScheme AimedBy(NameLanguage filter)
    {
        if (Families.Count == 1) return this;
        var aimed = Families.Where(f =>
            (f.Language is { } l && NameLanguage.Compare(l, [filter], m => m[0]).Accepted is not null) ||
            (f.AttemptLanguage is { } a && NameLanguage.Compare(a, [filter], m => m[0]).Accepted is not null)).ToList();
        return aimed.Count == 0 || aimed.Count == Families.Count ? this : new TagScheme(aimed);
    }

    /// <summary>The plainest names of every family (see <see cref="NameFormat.PlainExamples"/>), family by family.</summary>
    public IReadOnlyList<string> PlainExamples() => Families.SelectMany(f => f.PlainExamples()).Distinct().ToList();

    /// <summary>The name the first dated family gives to <paramref name="date"/>; empty when no family has a date.</summary>
    public string Render(DateOnly date, int? number = null) =>
        Families.FirstOrDefault(f => f.HasDate && !f.IsRegex)?.Render(date, number) ?? "";

    /// <summary>The well-formed name a malformed one probably meant, from the first family it looks like an attempt at that can tell.</summary>
    public string? Suggest(string name) =>
        Families.Where(f => f.LooksLikeAttempt(name)).Select(f => f.Suggest(name)).FirstOrDefault(s => s is not null);

    /// <summary>The names of every family; null when some family's language cannot be built (a <c>re:</c> format outside the supported subset).</summary>
    public NameLanguage? Language => _language.Value;

    /// <summary>The names that start like an attempt at some family; null when one cannot be built.</summary>
    public NameLanguage? AttemptLanguage =>
        Families.Select(f => f.AttemptLanguage).ToList() is var all && all.All(l => l is not null) ? NameLanguage.Union(all!) : null;

    /// <summary>One GitHub filter pattern per family that matches all its names (see <see cref="NameFormat.ToFilterPattern"/>).</summary>
    public IReadOnlyList<string> FilterPatterns() => Families.Select(f => f.ToFilterPattern()).Distinct().ToList();

    /// <summary>The filter patterns as a message writes them: <c>'v*'</c>, or <c>['v*', '@astrojs/*@*']</c> for several families.</summary>
    public string DescribeFilter() => FilterPatterns() is [var one] ? $"'{one}'" : "[" + string.Join(", ", FilterPatterns().Select(p => $"'{p}'")) + "]";

    /// <summary>True when a name written in docs agrees with some family; false when every family that can judge it disagrees; null when none can.</summary>
    public bool? AcceptsWrittenExample(string example)
    {
        var verdicts = Families.Select(f => f.AcceptsWrittenExample(example)).ToList();
        if (verdicts.Contains(true)) return true;
        return verdicts.Contains(false) ? false : null;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
