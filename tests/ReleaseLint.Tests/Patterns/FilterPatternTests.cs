using System.Text.RegularExpressions;
using CsCheck;
using ReleaseLint.Patterns;

namespace ReleaseLint.Tests.Patterns;

/// <summary>GitHub Actions filter patterns: one parser, used for matching and for exact comparison alike.</summary>
public sealed class FilterPatternTests
{
    [Theory]
    [InlineData("main", "main", true)]
    [InlineData("main", "mainline", false)]
    [InlineData("release/*", "release/2025-03-10", true)]
    [InlineData("release/*", "release/a/b", false)]
    [InlineData("release/*", "release/", true)]
    [InlineData("release/**", "release/a/b", true)]
    [InlineData("**", "a/b/c", true)]
    [InlineData("v[12].[0-9]+", "v1.10", true)]
    [InlineData("v[12].[0-9]+", "v3.10", false)]
    [InlineData("v[12].[0-9]+", "v1.", false)]
    [InlineData("v[12].*", "v1.0", true)]
    [InlineData("mai?n", "man", true)]
    [InlineData("mai?n", "main", true)]
    [InlineData("mai?n", "maiin", false)]
    [InlineData("mai+n", "maiiin", true)]
    [InlineData("mai+n", "man", false)]
    [InlineData("ma+in", "maaain", true)]
    [InlineData(@"v\*", "v*", true)]
    [InlineData(@"v\*", "v1", false)]
    [InlineData(@"v\+1", "v+1", true)]
    [InlineData(@"v\[1\]", "v[1]", true)]
    [InlineData("?x", "?x", true)]          // nothing precedes '?': a literal question mark
    [InlineData("+x", "+x", true)]
    [InlineData("v[0-9", "v[0-9", true)]    // no closing ']': a literal '['
    [InlineData("v[]", "v[]", true)]        // an empty set is no set
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[!a]x", "!x", true)]       // GitHub documents no negated sets: '!' is a member
    [InlineData("[!a]x", "bx", false)]
    [InlineData("[^a]x", "^x", true)]
    [InlineData("!v*", "v1", true)]         // the pattern itself matches; the '!' acts in a list
    public void Patterns_follow_GitHub_syntax(string pattern, string name, bool matches) =>
        Assert.Equal(matches, FilterPattern.Parse(pattern).IsMatch(name));

    [Theory]
    [InlineData("!v*", true)]
    [InlineData("v*", false)]
    [InlineData("!", true)]
    public void A_leading_exclamation_mark_negates(string pattern, bool negated)
    {
        var parsed = FilterPattern.Parse(pattern);
        Assert.Equal(negated, parsed.IsNegated);
        Assert.Equal(pattern, parsed.Text);
    }

    [Fact]
    public void Negated_filters_apply_in_order()
    {
        var list = FilterList.Parse(["release/**", "!release/**-alpha", "release/keep-alpha"]);
        Assert.True(list.Passes("release/1"));
        Assert.False(list.Passes("release/1-alpha"));
        Assert.True(list.Passes("release/keep-alpha"));
        Assert.False(list.Passes("main"));
    }

    [Fact]
    public void Ignore_lists_exclude_by_positive_patterns_only()
    {
        var ignore = FilterList.Parse(["docs/**", "!docs/keep"]);
        Assert.True(ignore.AnyMatches("docs/a"));
        Assert.True(ignore.AnyMatches("docs/keep")); // '!' means nothing in an ignore list: docs/** still matches
        Assert.False(FilterList.Passes(null, ignore, "docs/a"));
        Assert.True(FilterList.Passes(null, ignore, "main"));
        Assert.True(FilterList.Passes(null, null, "anything"));
        Assert.False(FilterList.Passes(FilterList.Parse(["main"]), ignore, "live")); // the include list wins
    }

    [Theory]
    [InlineData("live", "live", false)]
    [InlineData("l[i]ve", "live", false)]     // a set of one: still only 'live'
    [InlineData(@"li\ve", "live", false)]
    [InlineData("live*", "live", true)]
    [InlineData("liv?e", "live", true)]       // also 'lie'
    [InlineData("live+", "live", true)]       // also 'livee'
    [InlineData("main", "live", true)]
    [InlineData("!live-*", "live", false)]    // a negated pattern never selects a branch
    [InlineData("[l]i[v]e", "live", false)]
    public void Whether_a_pattern_can_match_another_name_is_decided_exactly(string pattern, string only, bool other) =>
        Assert.Equal(other, FilterPattern.Parse(pattern).CanMatchOtherThan(only));

    [Fact]
    public void Absurdly_long_patterns_match_nothing_instead_of_building_huge_automata()
    {
        var pattern = FilterPattern.Parse(new string('a', FilterPattern.MaxLength + 1));
        Assert.False(pattern.IsMatch(new string('a', FilterPattern.MaxLength + 1)));
        Assert.False(pattern.CanMatchOtherThan("a"));
    }

    [Fact]
    public void Matching_is_linear_even_for_patterns_that_make_backtracking_explode()
    {
        // '*a*a*a…b' against 'aaaa…': a backtracking matcher takes exponential time, the automaton does not.
        var pattern = FilterPattern.Parse(string.Concat(Enumerable.Repeat("*a", 30)) + "b");
        Assert.False(pattern.IsMatch(new string('a', 200)));
    }

    [Fact]
    public void Escape_gives_a_pattern_matching_exactly_the_text() =>
        Gen.String[Gen.Char["ab*?+[]!\\/."], 0, 12].Sample(text =>
        {
            var pattern = FilterPattern.Parse(FilterPattern.Escape(text));
            Assert.True(pattern.IsMatch(text), text);
            Assert.False(pattern.CanMatchOtherThan(text), text);
        });

    /// <summary>
    /// The automaton agrees with an independent translation of the documented syntax into a .NET regular expression,
    /// on random patterns over the special characters and random names.
    /// </summary>
    [Fact]
    public void Matching_agrees_with_a_regular_expression_translation() =>
        Gen.Select(Gen.String[Gen.Char["ab/*?+"], 1, 8], Gen.String[Gen.Char["ab/"], 0, 8]).Sample((pattern, name) =>
        {
            var expected = Regex.IsMatch(name, "^" + Translate(pattern) + "$");
            Assert.True(expected == FilterPattern.Parse(pattern).IsMatch(name), $"'{pattern}' on '{name}': expected {expected}");
        });

    private static string Translate(string pattern)
    {
        var atoms = new List<string>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*') { atoms.Add("(?:.*)"); i++; }
            else if (c == '*') atoms.Add("(?:[^/]*)");
            else if (c is '?' or '+' && atoms.Count > 0) atoms[^1] = "(?:" + atoms[^1] + c + ")";
            else atoms.Add(Regex.Escape(c.ToString()));
        }
        return string.Concat(atoms);
    }
}
