using ReleaseLint.Policy;
using ReleaseLint.Patterns;

namespace ReleaseLint.Tests.History;

/// <summary>The tag-format engine on the real tag and branch names of the corpus (../shared/corpus/*/tags.txt).</summary>
public sealed class CorpusTagTests
{
    private static List<string> Lines(string repo, string file)
    {
        var path = Path.Combine(TestPaths.Corpus!, repo, file);
        return File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
    }

    [Theory]
    [InlineData("cli__cli", "v{semver}", 145, new string[0])]
    [InlineData("superfly__flyctl", "v{semver}", 4891, new[] { "v0.0.317-pre-1-dev-jphenow/grokable-not-found-error-b812406" })]
    [InlineData("helm__helm", "v{semver}", 260, new[] { "v1.0", "v1.1", "v1.2" })]
    [InlineData("goreleaser__goreleaser", "v{semver}", 599, new string[0])]
    [InlineData("astral-sh__uv", "{semver}", 303, new string[0])]
    [InlineData("rust-lang__rustup", "{semver}", 64, new string[0])]
    [InlineData("pnpm__pnpm", "v{semver}", 1321, new[] { "v1" })]
    public void Release_tags_of_real_repositories_under_their_own_scheme(string repo, string format, int releaseTags, string[] rejected)
    {
        if (TestPaths.Corpus is null) return; // the corpus sits beside the repository; absent in a bare checkout
        var f = NameFormat.Parse(format);
        var release = Lines(repo, "tags.txt").Where(t => f.Match(t).Success || f.LooksLikeAttempt(t)).ToList();
        Assert.Equal(releaseTags, release.Count);
        Assert.Equal(rejected, release.Where(t => !f.Match(t).Success).Take(rejected.Length + 1).ToArray());
    }

    [Fact]
    public void Under_the_default_date_format_semver_tags_are_reported_and_other_tags_left_alone()
    {
        if (TestPaths.Corpus is null) return;
        var f = new ReleasePolicy().TagFormat;
        var astro = Lines("withastro__astro", "tags.txt");
        // astro's package-scoped tags (@astrojs/alpinejs@0.1.0) are not release tags of the policy; its 4 v-tags are
        Assert.Equal(4, astro.Count(t => f.LooksLikeAttempt(t)));
        Assert.All(Lines("cli__cli", "tags.txt"), t => Assert.False(f.Match(t).Success));
    }

    [Fact]
    public void Release_candidate_pattern_on_real_branch_names()
    {
        if (TestPaths.Corpus is null) return;
        var rc = new ReleasePolicy().ReleaseCandidatePattern;
        var pnpm = Lines("pnpm__pnpm", "branches.txt").Where(b => rc.LooksLikeAttempt(b, digitAfterPrefix: false)).ToList();
        Assert.Equal(10, pnpm.Count);
        Assert.All(pnpm, b => Assert.False(rc.Match(b).Success)); // release/10, release/10-alias…: version lines, not dated candidates
    }
}
