using ReleaseLint.Patterns;

namespace ReleaseLint.Tests.Patterns;

/// <summary>
/// <see cref="TagSchemeInference"/>: the families a repository's tag names follow, the share they accept, and the
/// tags left outside the scheme.
/// </summary>
public sealed class TagSchemeInferenceTests
{
    private static IReadOnlyList<string> Formats(InferredScheme inferred) => inferred.Families.Select(f => f.Format.Text).ToList();

    [Fact]
    public void A_stray_tag_of_no_family_stays_outside_and_does_not_spoil_the_fit()
    {
        var inferred = TagSchemeInference.Infer(["v1.0.0", "v1.1.0", "v2.0.0-rc.1", "docs-2025", "nightly"]);
        Assert.Equal(["v{semver}"], Formats(inferred));
        Assert.Equal((3, 3, 1), (inferred.Accepted, inferred.Total, inferred.Outside));
        Assert.True(inferred.Fits);
        Assert.Equal("v{semver}", inferred.Scheme!.Text);
    }

    [Fact]
    public void Calendar_versions_get_the_calendar_format_not_semver()
    {
        var inferred = TagSchemeInference.Infer(["2024.1.0", "2024.1.1", "2024.2.0", "2024.12.3", "2025.1.0"]);
        Assert.Equal(["{yyyy}.{M}.{patch}"], Formats(inferred));
        Assert.Equal(5, inferred.Accepted);
    }

    [Fact]
    public void PEP_440_versions_get_pep440()
    {
        var inferred = TagSchemeInference.Infer(["0.64", "0.65", "1.0a3", "1.0", "1.0.post1", "1.1rc1"]);
        Assert.Equal(["{pep440}"], Formats(inferred));
        Assert.Equal((6, 6), (inferred.Accepted, inferred.Total));
    }

    [Fact]
    public void PEP_440_versions_in_permitted_long_spellings_fit_pep440()
    {
        // httpx: 0.13.0.dev0 and 1.0.0.beta0 are valid spellings of 0.13.0.dev0 and 1.0.0b0
        var inferred = TagSchemeInference.Infer(["0.12.0", "0.13.0.dev0", "0.13.0.dev1", "0.13.0", "0.14.0", "1.0.0.beta0"]);
        Assert.Equal(["{pep440}"], Formats(inferred));
        Assert.Equal((6, 6), (inferred.Accepted, inferred.Total));
    }

    [Fact]
    public void A_small_family_that_a_workflow_publishes_from_is_kept()
    {
        // pnpm: 1320 v-tags and 5 pnpr@ tags; release.yml runs on 'v*.*.*' and 'pnpr@*.*.*'
        var tags = Enumerable.Range(0, 120).Select(i => $"v1.{i}.0").Concat(Enumerable.Range(3, 5).Select(i => $"pnpr@0.1.0-alpha.{i}")).ToList();
        Assert.Equal(["v{semver}"], Formats(TagSchemeInference.Infer(tags)));
        var inferred = TagSchemeInference.Infer(tags, [("release.yml", FilterList.Parse(["v*.*.*", "pnpr@*.*.*"]))]);
        Assert.Equal(["v{semver}", "pnpr@{semver}"], Formats(inferred));
        Assert.Equal("release.yml runs on 'pnpr@*.*.*'", inferred.PublishedBy[inferred.Families[1]]);
        Assert.Equal((125, 125), (inferred.Accepted, inferred.Total));
        // a filter that takes every tag names no family; nor does one that takes other tags too
        Assert.Equal(["v{semver}"], Formats(TagSchemeInference.Infer(tags, [("ci.yml", FilterList.Parse(["*"]))])));
        Assert.Equal(["v{semver}"], Formats(TagSchemeInference.Infer(tags, [("ci.yml", FilterList.Parse(["*.*.*"]))])));
        // a named family of one tag is kept too
        var one = TagSchemeInference.Infer([.. tags.Take(120), "cli@1.0.0"], [("cli.yml", FilterList.Parse(["cli@*"]))]);
        Assert.Equal(["v{semver}", "cli@{semver}"], Formats(one));
    }

    [Fact]
    public void A_wider_scheme_does_not_win_by_one_odd_tag_in_a_hundred()
    {
        // bitwarden: v2022.05.0 is a valid PEP 440 spelling, but the one tag among 134 that breaks vYYYY.M.N
        var tags = Enumerable.Range(2022, 5).SelectMany(y => Enumerable.Range(1, 12).SelectMany(m => new[] { $"v{y}.{m}.0", $"v{y}.{m}.1" }))
            .Append("v2022.05.0").ToList();
        var inferred = TagSchemeInference.Infer(tags);
        Assert.Equal(["v{yyyy}.{M}.{patch}"], Formats(inferred));
        Assert.Equal((120, 121), (inferred.Accepted, inferred.Total));
        // a workflow that runs on every v tag names the stem, not the one tag the scheme leaves out
        var named = TagSchemeInference.Infer(tags, [("cleanup.yml", FilterList.Parse(["v**"]))]);
        Assert.Equal(["v{yyyy}.{M}.{patch}"], Formats(named));
        Assert.Empty(named.PublishedBy);
        // under a hundred tags, the one that takes more wins
        Assert.Equal(["v{pep440}"], Formats(TagSchemeInference.Infer([.. tags.Take(50), "v2022.05.0"])));
    }

    [Fact]
    public void Many_packages_under_one_stem_become_a_name_placeholder_and_each_stem_is_a_family()
    {
        var inferred = TagSchemeInference.Infer([
            "@astrojs/react@4.0.0", "@astrojs/vue@5.0.1", "@astrojs/mdx@4.1.0", "@astrojs/node@9.0.0",
            "astro@5.0.0", "astro@5.0.1", "astro@5.1.0", "astro@5.2.0-beta.1", "astro@5.2.0", "astro@5.3.0"]);
        Assert.Equal(["astro@{semver}", "@astrojs/{name}@{semver}"], Formats(inferred));
        Assert.Equal(10, inferred.Accepted);
        Assert.Equal("react", inferred.Scheme!.Match("@astrojs/react@4.0.0").Package);
    }

    [Fact]
    public void Two_package_stems_stay_literal()
    {
        var inferred = TagSchemeInference.Infer(["jax-v0.4.1", "jax-v0.4.2", "jax-v0.4.3", "jaxlib-v0.4.1", "jaxlib-v0.4.2", "jaxlib-v0.4.3"]);
        Assert.Equal(["jax-v{semver}", "jaxlib-v{semver}"], Formats(inferred).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Malformed_attempts_count_against_the_fit_and_under_the_threshold_no_scheme_is_written()
    {
        var tags = Enumerable.Range(0, 10).Select(i => $"v1.{i}.0").Append("v1.2-final").ToList(); // neither SemVer nor PEP 440
        var inferred = TagSchemeInference.Infer(tags);
        Assert.Equal(["v{semver}"], Formats(inferred));
        Assert.Equal((10, 11), (inferred.Accepted, inferred.Total)); // v1.2-final looks meant for v{semver}
        Assert.False(inferred.Fits);
        Assert.Null(inferred.Scheme);
        Assert.Contains("10 of 11 tags (90.9%)", inferred.Evidence);
    }

    [Fact]
    public void A_tie_goes_to_the_more_specific_scheme_and_a_wider_one_wins_when_it_takes_more()
    {
        Assert.Equal(["v{semver}"], Formats(TagSchemeInference.Infer(["v1.0.0", "v1.1.0", "v1.2.0"])));
        Assert.Equal(["v{major}.{minor}[.{patch}]"], Formats(TagSchemeInference.Infer(["v1.0.0", "v1.1.0", "v1.2.0", "v1.3"])));
        Assert.Equal(["v{pep440}"], Formats(TagSchemeInference.Infer(["v1.0.0", "v1.1.0", "v1.2.0rc1", "v1.3"])));
    }

    [Fact]
    public void Tags_without_a_version_give_no_scheme()
    {
        var inferred = TagSchemeInference.Infer(["legacy", "nightly", "stable"]);
        Assert.Empty(inferred.Families);
        Assert.Equal(0, inferred.Total);
        Assert.Null(inferred.Scheme);
    }

    [Fact]
    public void Thousands_of_stems_are_tried_only_up_to_the_budget_and_the_largest_still_wins()
    {
        // a hostile tag list: 3000 stems of 3 tags each (x0y.1.0.0: no package-name shape, so no {name}) beside the real scheme
        var tags = Enumerable.Range(0, 3000).SelectMany(i => Enumerable.Range(0, 3).Select(k => $"x{i}y.1.0.{k}"))
            .Concat(Enumerable.Range(0, 200).Select(i => $"v1.{i}.0")).ToList();
        var inferred = TagSchemeInference.Infer(tags);
        Assert.Equal("v{semver}", inferred.Families[0].Format.Text);
        Assert.Equal(200, inferred.Families[0].Count);
        Assert.InRange(inferred.Families.Count, 2, 64);
    }

    [Theory]
    [InlineData("v1.2.3", "v", "1.2.3")]
    [InlineData("jax-v0.4", "jax-v", "0.4")]
    [InlineData("py3-v1.0", "py3-v", "1.0")]
    [InlineData("@astrojs/react@4.0.0", "@astrojs/react@", "4.0.0")]
    [InlineData("2024.1.0", "", "2024.1.0")]
    public void A_tag_splits_into_stem_and_version(string tag, string stem, string version) =>
        Assert.Equal((stem, version), TagSchemeInference.Split(tag));
}
