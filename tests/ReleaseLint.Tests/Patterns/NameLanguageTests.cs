using ReleaseLint.Patterns;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Patterns;

public sealed class NameLanguageTests
{
    private static readonly NameLanguage Tags = new ReleasePolicy().TagFormat.Language!;

    [Theory]
    [InlineData("v*", "v2025.03.10", true)]
    [InlineData("v*", "v/2025", false)]
    [InlineData("v**", "v/2025", true)]
    [InlineData("v[0-9]+.[0-9]+", "v2025.03", true)]
    [InlineData("v[0-9]+.[0-9]+", "v2025.03.10", false)]
    [InlineData("v1?.0", "v.0", true)]
    [InlineData("v1?.0", "v1.0", true)]
    [InlineData("v1?.0", "v11.0", false)]
    [InlineData(@"v\*", "v*", true)]
    [InlineData(@"v\*", "v1", false)]
    [InlineData("v[12].*", "v2.5", true)]
    [InlineData("v[12].*", "v3.5", false)]
    [InlineData("!v*", "v1", true)]
    public void Filter_patterns_follow_GitHub_syntax(string pattern, string name, bool match) =>
        Assert.Equal(match, FilterPattern.Parse(pattern).Language.Contains(name));

    [Theory]
    [InlineData(@"^v\d+\.\d+\.\d+$", "v1.2.3", true)]
    [InlineData(@"^v\d+\.\d+\.\d+$", "v1.2.3.4", false)]
    [InlineData(@"v\d", "release-v1-final", true)]
    [InlineData(@"^(?:a|b)+c{2,3}$", "abacc", true)]
    [InlineData(@"^(?:a|b)+c{2,3}$", "abacccc", false)]
    [InlineData(@"^[^-]+$", "v1", true)]
    [InlineData(@"^[^-]+$", "v-1", false)]
    [InlineData(@"^a\\$", @"a\", true)]    // an escaped backslash before the end anchor: the '$' still anchors
    [InlineData(@"^a\$$", "a$", true)]      // an escaped '$' and then the anchor
    public void Regular_expressions_in_the_supported_subset(string pattern, string name, bool match) =>
        Assert.Equal(match, NameLanguage.FromRegex(pattern)!.Contains(name));

    [Theory]
    [InlineData(@"^v(?=\d)")]
    [InlineData(@"^(a)\1$")]
    [InlineData(@"^a\bb$")]
    [InlineData(@"^a{1000}$")]
    [InlineData(@"a^b")]
    public void Unsupported_regex_constructs_give_null_not_a_guess(string pattern) => Assert.Null(NameLanguage.FromRegex(pattern));

    [Theory]
    [InlineData("v*", true, true)]
    [InlineData("v[0-9]+.[0-9]+.[0-9]+*", true, true)]
    [InlineData("v[0-9][0-9][0-9][0-9].[0-9][0-9].[0-9][0-9]", true, false)]
    [InlineData("v[0-9]+.[0-9]+", false, false)]
    [InlineData("release-*", false, false)]
    [InlineData("v2025.*", true, false)]
    public void Compare_tells_none_some_or_all(string pattern, bool some, bool all)
    {
        var c = NameLanguage.Compare(Tags, [FilterPattern.Parse(pattern).Language], m => m[0]);
        Assert.True(c.Complete);
        Assert.Equal(some, c.Accepted is not null);
        Assert.Equal(all, c.AcceptsAll);
        if (c.Accepted is { } a) Assert.True(new ReleasePolicy().TagFormat.Language!.Contains(a), a);
    }

    [Fact]
    public void Compare_gives_a_witness_that_the_combination_rejects()
    {
        var patterns = new[] { "v*", "!v*.*.*.*" }.Select(p => FilterPattern.Parse(p).Language).ToList();
        var c = NameLanguage.Compare(Tags, patterns, m => m[1] ? false : m[0]);
        Assert.NotNull(c.Accepted);
        Assert.NotNull(c.Rejected);
        Assert.Equal(4, c.Rejected!.Count(ch => ch == '.') + 1); // v<y>.<m>.<d>.<n>
        Assert.True(Tags.Contains(c.Rejected));
    }

    [Fact]
    public void Format_language_holds_only_real_months_and_days()
    {
        Assert.True(Tags.Contains("v2025.12.31"));
        Assert.False(Tags.Contains("v2025.13.01"));
        Assert.False(Tags.Contains("v2025.01.32"));
        Assert.False(Tags.Contains("v2025.01.01.0"));
        Assert.Equal("v0000.01.01", Tags.Example());
    }
}
