using CsCheck;
using ReleaseLint.Patterns;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Patterns;

public sealed class NameFormatTests
{
    private static readonly NameFormat Default = new ReleasePolicy().TagFormat.Families[0];

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
    public void Semver_placeholder_accepts_full_semver(string version) => Assert.True(NameFormat.Parse("v{semver}").Match("v" + version).Success);

    [Theory]
    [InlineData("1.2")]
    [InlineData("01.2.3")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-rc..1")]
    public void Semver_placeholder_rejects_invalid_versions(string version) => Assert.False(NameFormat.Parse("v{semver}").Match("v" + version).Success);

    [Theory]
    [InlineData("release/2025-03-10", true)]
    [InlineData("release/2025.03.10", true)]
    [InlineData("release/20250310", true)]
    [InlineData("release/2025-03-10-2", true)]
    [InlineData("release/2025-13-40", false)]
    [InlineData("release/friday", false)]
    [InlineData("release/2025-03-10-0", false)]
    public void Release_candidate_pattern(string name, bool ok) => Assert.Equal(ok, new ReleasePolicy().ReleaseCandidatePattern.Match(name).Success);

    [Theory]
    [InlineData("v{year}.{MM}", "unknown placeholder '{year}'")]
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
        Assert.False(NameFormat.TryParse(format, out _, out var message));
        Assert.Contains(error, message);
    }

    [Fact]
    public void Regex_formats_validate_named_date_groups()
    {
        var format = NameFormat.Parse(@"re:^rel-(?<yyyy>\d{4})(?<MM>\d{2})(?<dd>\d{2})$");
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
    [InlineData("v{yyyy}[/{n}]", "v[0-9][0-9][0-9][0-9]**")]  // '*' stops at '/'
    [InlineData(@"v\*[.{n}]", @"v\**")]                     // an escaped '*' is not a wildcard to merge with
    [InlineData("{semver}[-{n}]", "[0-9]+.[0-9]+.[0-9]+*")]
    public void Filter_pattern_of_a_format(string format, string glob) => Assert.Equal(glob, NameFormat.Parse(format).ToFilterPattern());

    [Theory]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]")]
    [InlineData("v{semver}")]
    [InlineData("release/{date}[-{n}]")]
    [InlineData("{yyyy}{MM}{dd}[-{n}]")]
    public void The_filter_pattern_of_a_format_matches_every_name_of_it(string text)
    {
        var format = NameFormat.Parse(text);
        var glob = FilterPattern.Parse(format.ToFilterPattern()).Language;
        var comparison = NameLanguage.Compare(format.Language!, [glob], m => m[0]);
        Assert.True(comparison.AcceptsAll, $"'{format.ToFilterPattern()}' misses '{comparison.Rejected}'");
        foreach (var example in format.Examples()) Assert.True(glob.Contains(example), example);
    }

    [Fact]
    public void Examples_match_their_format()
    {
        Assert.Equal(["v2025.03.10", "v2025.03.10.2"], Default.Examples());
        Assert.Contains("v1.2.3-rc.1", NameFormat.Parse("v{semver}").Examples());
        Assert.Equal("v2025.03.10.2", Default.Render(new DateOnly(2025, 3, 10), 2));
    }

    [Theory]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "v2025.03.10|v2025.03.10.2")]
    [InlineData("v{semver}", "v1.2.3")]
    [InlineData("release-{yyyy}{MM}{dd}", "release-20250310")]
    [InlineData("release/{date}[-{n}]", "release/2025-03-10|release/2025-03-10-2")]
    [InlineData("v{n}", "v2")]
    [InlineData(@"v\[{n}\]", "v[2]")]
    [InlineData("re:^v\\d+$", "")]
    public void Plain_examples_leave_optional_parts_out_then_put_them_in(string format, string expected) =>
        Assert.Equal(expected, string.Join("|", NameFormat.Parse(format).PlainExamples()));

    [Theory]
    [InlineData(@"v\[{n}\]", "v[2]", true)]
    [InlineData(@"v\[{n}\]", "v2", false)]
    [InlineData(@"a\{b", "a{b", true)]
    [InlineData(@"x\\y", @"x\y", true)]
    [InlineData(@"v{n}\", @"v1\", true)]          // a trailing backslash escapes nothing: it is literal
    [InlineData(@"\re:{n}", "re:1", true)]          // an escaped 'r' keeps the format from being a regular expression
    public void Backslash_escapes_the_next_character_everywhere(string format, string name, bool matches)
    {
        var parsed = NameFormat.Parse(format);
        Assert.False(parsed.IsRegex);
        Assert.Equal(matches, parsed.Match(name).Success);
        Assert.Equal(matches, parsed.AcceptsWrittenExample(name));
    }

    [Theory]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "v2025.03.10", true)]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "vYYYY.MM.DD", true)]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "vYYYY.MM.DD.N", true)]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "v<date>", true)]          // the format's plainest example fits 'v' + anything
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "release-<date>", false)]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "v2025.3.10", false)]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "vX.Y.Z", false)]
    [InlineData("v{semver}", "vX.Y.Z", true)]
    [InlineData("v{semver}", "vMAJOR.MINOR.PATCH", true)]
    [InlineData("v{semver}", "vN.N.N", true)]                        // the other usual spellings of a version placeholder
    [InlineData("v{semver}", "vx.x.x", true)]
    [InlineData("v{semver}", "vX.X.X", true)]
    [InlineData("v{semver}", "vN.N", false)]
    [InlineData("{pep440}", "N.N", true)]
    [InlineData("{pep440}", "X.X.X", true)]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "vN.N.N", false)]
    [InlineData("v{semver}", "v1.2.3-rc.1", true)]
    [InlineData("v{semver}", "v1.2", false)]
    [InlineData("release/{date}[-{n}]", "release/YYYY-MM-DD", true)]
    [InlineData("release/{date}[-{n}]", "release/<date>", true)]
    [InlineData("release/{date}[-{n}]", "release/friday", false)]
    public void Names_written_in_docs_are_judged_by_their_shape(string format, string written, bool agrees) =>
        Assert.Equal(agrees, NameFormat.Parse(format).AcceptsWrittenExample(written));

    [Theory]
    [InlineData("re:^v\\d+$", "v12", true)]
    [InlineData("re:^v\\d+$", "version", false)]
    [InlineData("re:^v\\d+$", "vYYYY", null)]     // a regular expression cannot judge a placeholder
    [InlineData("re:^v\\d+$", "v<n>", null)]
    [InlineData("re:^v\\d+$", "vx.x.x", null)]
    public void A_regex_format_judges_only_concrete_written_names(string format, string written, bool? agrees) =>
        Assert.Equal(agrees, NameFormat.Parse(format).AcceptsWrittenExample(written));

    [Theory]
    [InlineData("v{yyyy}.{MM}.{dd}[.{n}]", "v{yyyy}.{MM}.{dd}[.{n}]")]
    [InlineData(@"v\x{n}", "vx{n}")]                       // an escape of an ordinary character is not needed
    [InlineData(@"a\[b\]{n}", @"a\[b\]{n}")]
    [InlineData(@"\re:{n}", @"\re:{n}")]
    [InlineData("[[-{n}]]", "[[-{n}]]")]
    [InlineData("re:^v(\\d+)$", "re:^v(\\d+)$")]
    public void Canonical_text(string format, string canonical) => Assert.Equal(canonical, NameFormat.Parse(format).Canonical);

    [Fact]
    public void A_format_of_the_policy_is_parsed_once_when_the_policy_is_loaded()
    {
        var (policy, problems) = PolicyLoader.Load(new ReleaseLint.Inputs.SourceText(".releaselint.yml", "tags:\n  format: \"v{semver}\"\n"));
        Assert.Empty(problems);
        Assert.Equal("v{semver}", policy.TagFormat.Text);
        Assert.True(policy.TagFormat.Families[0].HasSemVer);
        Assert.Same(new ReleasePolicy().ReleaseCandidatePattern, policy.ReleaseCandidatePattern);
    }

    /// <summary>Formats of the language made of random pieces; those that do not parse (a day without a month…) are skipped.</summary>
    private static readonly Gen<NameFormat> Formats =
        Gen.OneOf("v", ".", "-", "/", "a", @"\[", @"\{", @"\\", "{yyyy}", "{MM}", "{dd}", "{n}", "{semver}", "{date}", "[", "]")
            .Array[1, 8]
            .Select(pieces => NameFormat.TryParse(string.Concat(pieces), out var f, out _) ? f : null)
            .Where(f => f is not null)
            .Select(f => f!);

    [Fact]
    public void Property_plain_examples_and_examples_match_their_format() =>
        Formats.Sample(format =>
        {
            foreach (var example in format.PlainExamples().Concat(format.Examples()))
                Assert.True(format.Match(example).Success, $"'{format}' rejects its own example '{example}': {format.Match(example).Problem}");
            Assert.NotEmpty(format.Examples());
        }, iter: 300);

    [Fact]
    public void Property_parse_print_parse_gives_the_same_format() =>
        Formats.Sample(format =>
        {
            var again = NameFormat.Parse(format.Canonical);
            Assert.Equal(format.Canonical, again.Canonical);
            foreach (var example in format.Examples()) Assert.True(again.Match(example).Success, $"'{format.Canonical}' lost '{example}'");
        }, iter: 300);

    [Fact]
    public void Property_the_language_and_the_filter_pattern_hold_every_example() =>
        Formats.Sample(format =>
        {
            var language = format.Language;
            Assert.True(language is not null, $"'{format}' has no language");
            var filter = FilterPattern.Parse(format.ToFilterPattern());
            foreach (var example in format.Examples())
            {
                Assert.True(language.Contains(example), $"the language of '{format}' misses '{example}'");
                Assert.True(filter.IsMatch(example), $"'{format.ToFilterPattern()}' misses '{example}' of '{format}'");
            }
            var cover = NameLanguage.Compare(language, [filter.Language], m => m[0]);
            Assert.True(!cover.Complete || cover.AcceptsAll, $"'{format.ToFilterPattern()}' misses '{cover.Rejected}' of '{format}'");
        }, iter: 200);
}

public sealed class NameFormatConfigTests
{
    [Fact]
    public void An_invalid_format_in_the_config_is_RL0001_at_the_value_and_falls_back_to_the_default()
    {
        var (policy, problems) = PolicyLoader.Load(new ReleaseLint.Inputs.SourceText(".releaselint.yml",
            "tags:\n  format: \"v{year}.{MM}\"\nbranches:\n  release-candidate: \"release/[{date}\"\n"));
        Assert.Equal(2, problems.Count);
        Assert.Contains("unknown placeholder '{year}'", problems[0].Message);
        Assert.Equal(2, problems[0].Location.Line);
        Assert.Contains("'[' without a closing ']'", problems[1].Message);
        Assert.Equal(4, problems[1].Location.Line);
        Assert.Equal("v{yyyy}.{MM}.{dd}[.{n}]", policy.TagFormat.Text);
        Assert.Equal("release/{date}[-{n}]", policy.ReleaseCandidatePattern.Text);
    }
}
