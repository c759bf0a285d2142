using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Fixes;

/// <summary>The git commands RL3001 prints: only for a suggestion that is the same release written right.</summary>
public sealed class FixHistoryTests
{
    [Fact]
    public void A_tag_is_renamed_only_to_the_date_it_was_made_on()
    {
        using var repo = ScriptedRepository.FromScript("""
            at 2025-03-01T09:00:00+00:00
            init_repo
            start_live
            release 2025-03-10
            git checkout -q live
            at 2025-03-12T15:00:00+00:00
            change "hotfix"
            git tag -a v2025.3.12 -m hotfix
            at 2025-06-20T15:00:00+00:00
            change "version-numbered release"
            git tag -a v2025.1.4 -m "release 2025.1.4"
            git checkout -q main
            """);
        var result = LintEngine.Run(new LintRequest { Root = repo.Path, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = r => LibGit2Repository.Open(r, GitBackend.Auto) } });
        var tagFindings = result.Findings.Where(f => f.Rule.Id == "RL3001").ToList();

        var hotfix = Assert.Single(tagFindings, f => f.Message.Contains("'v2025.3.12'", StringComparison.Ordinal));
        Assert.Contains("did you mean 'v2025.03.12'", hotfix.Message);
        var commands = Assert.Single(hotfix.Fixes).Commands;
        Assert.StartsWith("git tag -a v2025.03.12 ", commands[0]);
        Assert.Equal("git tag -d v2025.3.12", commands[1]);

        // Made in June: 'v2025.01.04' would be a guess that rewrites a published tag, so only the hint is given.
        var version = Assert.Single(tagFindings, f => f.Message.Contains("'v2025.1.4'", StringComparison.Ordinal));
        Assert.Empty(version.Fixes);
    }
}
