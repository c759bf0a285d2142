using ReleaseLint.Policy;

namespace ReleaseLint.Tests.History;

public sealed class TagFormatTests
{
    private static readonly TagFormat Default = TagFormat.DefaultTags;

    [Theory]
    [InlineData("v2025.03.10", 2025, 3, 10, null)]
    [InlineData("v2025.03.10.2", 2025, 3, 10, 2)]
    [InlineData("v2024.02.29", 2024, 2, 29, null)]
    [InlineData("v2025.12.31.15", 2025, 12, 31, 15)]
    public void Default_format_accepts_real_dates_and_numbers(string name, int y, int m, int d, int? n)
    {
        var match = Default.Match(name);
        Assert.True(match.Success, match.Problem);
        Assert.Equal(new DateOnly(y, m, d), match.Date);
        Assert.Equal(n, match.Number);
    }

    [Theory]
    [InlineData("v2025.02.30", "February 2025 has 28 days")]
    [InlineData("v2023.02.29", "February 2023 has 28 days")]
    [InlineData("v2025.13.01", "month 13 does not exist")]
    [InlineData("v2025.00.10", "month 00 does not exist")]
    [InlineData("v2025.04.31", "April 2025 has 30 days")]
    [InlineData("v2025.03.10.0", "must be 1 or more")]
    [InlineData("v2025.03.10.02", "leading zero")]
    public void Default_format_rejects_impossible_dates_and_numbers_with_a_reason(string name, string reason)
    {
        var match = Default.Match(name);
        Assert.False(match.Success);
        Assert.Contains(reason, match.Problem);
    }

    [Theory]
    [InlineData("v2025.3.7")]
    [InlineData("v2025-03-10")]
    [InlineData("2025.03.10")]
    [InlineData("v2025.03.10-rc1")]
    [InlineData("v2025.03.10.")]
    public void Default_format_rejects_other_shapes(string name) => Assert.False(Default.Match(name).Success);

    [Theory]
    [InlineData("v2025.3.7", true)]
    [InlineData("v1", true)]
    [InlineData("vnext", false)]
    [InlineData("docs-2025", false)]
    [InlineData("release-1", false)]
    public void A_release_tag_attempt_is_the_literal_prefix_and_a_digit(string name, bool attempt) =>
        Assert.Equal(attempt, Default.LooksLikeAttempt(name));

    [Theory]
    [InlineData("v2025.3.7", "v2025.03.07")]
    [InlineData("v2025-03-10", "v2025.03.10")]
    [InlineData("v20250310", "v2025.03.10")]
    [InlineData("v2025.3.10.2", "v2025.03.10.2")]
    [InlineData("v2025.02.30", null)]
    [InlineData("v1.2.3", null)]
    public void Suggests_the_well_formed_name(string name, string? suggestion) => Assert.Equal(suggestion, Default.Suggest(name));

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("1.2.3-rc.1")]
    [InlineData("1.2.3-alpha.beta.1+build.5")]
    [InlineData("10.20.30+sha.5114f85")]
    [InlineData("1.0.0-0A.is.legal")]
    public void Semver_placeholder_accepts_full_semver(string version) => Assert.True(TagFormat.Parse("v{semver}").Match("v" + version).Success);

    [Theory]
    [InlineData("1.2")]
    [InlineData("01.2.3")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-rc..1")]
    public void Semver_placeholder_rejects_invalid_versions(string version) => Assert.False(TagFormat.Parse("v{semver}").Match("v" + version).Success);

    [Theory]
    [InlineData("release/2025-03-10", true)]
    [InlineData("release/2025.03.10", true)]
    [InlineData("release/20250310", true)]
    [InlineData("release/2025-03-10-2", true)]
    [InlineData("release/2025-13-40", false)]
    [InlineData("release/friday", false)]
    [InlineData("release/2025-03-10-0", false)]
    public void Release_candidate_pattern(string name, bool ok) => Assert.Equal(ok, TagFormat.DefaultReleaseCandidates.Match(name).Success);

    [Theory]
    [InlineData("v{yy}.{MM}", "unknown placeholder '{yy}'")]
    [InlineData("v{yyyy}.{MM", "without a closing")]
    [InlineData("v[.{n}", "'[' without a closing ']'")]
    [InlineData("v.{n}]", "']' without an opening '['")]
    [InlineData("v{n}.{n}", "appears twice")]
    [InlineData("v{date}.{yyyy}", "mixes {date}")]
    [InlineData("v{MM}.{dd}", "without the year")]
    [InlineData("re:v(", "not a valid regular expression")]
    [InlineData("", "cannot be empty")]
    public void Invalid_formats_say_what_is_wrong(string format, string error)
    {
        Assert.False(TagFormat.TryParse(format, out _, out var message));
        Assert.Contains(error, message);
    }

    [Fact]
    public void Regex_formats_validate_named_date_groups()
    {
        var format = TagFormat.Parse(@"re:^rel-(?<yyyy>\d{4})(?<MM>\d{2})(?<dd>\d{2})$");
        Assert.True(format.Match("rel-20250310").Success);
        Assert.Equal(new DateOnly(2025, 3, 10), format.Match("rel-20250310").Date);
        Assert.Contains("not a real calendar date", format.Match("rel-20250230").Problem);
        Assert.Equal("rel-", format.LiteralPrefix);
        Assert.True(format.LooksLikeAttempt("rel-1"));
    }

    [Theory]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "v[0-9][0-9][0-9][0-9].[0-9][0-9].[0-9][0-9]*")]
    [InlineData("v{semver}", "v[0-9]+.[0-9]+.[0-9]+*")]
    [InlineData("release/{date}[-{n}]", "release/*")]
    [InlineData("v{n}", "v[0-9]+")]
    [InlineData(@"re:^v\d+$", "v*")]
    public void Filter_pattern_of_a_format(string format, string glob) => Assert.Equal(glob, TagFormat.Parse(format).ToFilterPattern());

    [Theory]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]")]
    [InlineData("v{semver}")]
    [InlineData("release/{date}[-{n}]")]
    [InlineData("{yyyy}{MM}{dd}[-{n}]")]
    public void The_filter_pattern_of_a_format_matches_every_name_of_it(string text)
    {
        var format = TagFormat.Parse(text);
        var glob = NameLanguage.FromFilterPattern(format.ToFilterPattern());
        var comparison = NameLanguage.Compare(format.Language!, [glob], m => m[0]);
        Assert.True(comparison.AcceptsAll, $"'{format.ToFilterPattern()}' misses '{comparison.Rejected}'");
        foreach (var example in format.Examples()) Assert.True(glob.Contains(example), example);
    }

    [Fact]
    public void Examples_match_their_format()
    {
        Assert.Equal(["v2025.03.10", "v2025.03.10.2"], Default.Examples());
        Assert.Contains("v1.2.3-rc.1", TagFormat.Parse("v{semver}").Examples());
        Assert.Equal("v2025.03.10.2", Default.Render(new DateOnly(2025, 3, 10), 2));
    }
}

public sealed class TagFormatConfigTests
{
    [Fact]
    public void An_invalid_format_in_the_config_is_RL0001_at_the_value_and_falls_back_to_the_default()
    {
        var (policy, problems) = PolicyLoader.Load(new ReleaseLint.Inputs.SourceText(".releaselint.yml",
            "tags:\n  format: \"v{yy}.{MM}\"\nbranches:\n  release-candidate: \"release/[{date}\"\n"));
        Assert.Equal(2, problems.Count);
        Assert.Contains("unknown placeholder '{yy}'", problems[0].Message);
        Assert.Equal(2, problems[0].Location.Line);
        Assert.Contains("'[' without a closing ']'", problems[1].Message);
        Assert.Equal(4, problems[1].Location.Line);
        Assert.Equal("v{yyyy}.{MM}.{dd}[.{n}]", policy.TagFormatOrDefault.Text);
        Assert.Equal("release/{date}[-{n}]", policy.CandidateFormatOrDefault.Text);
    }
}
