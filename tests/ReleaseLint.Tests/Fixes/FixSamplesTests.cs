using ReleaseLint.Engine;
using ReleaseLint.Fixes;
using ReleaseLint.Git;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Fixes;

/// <summary>
/// The samples with their history (each a fresh copy, since the fixes are written): <c>--fix=unsafe</c> then a check
/// leaves no finding with a fix that edits files, a second run changes nothing, and every fixed workflow parses to the
/// document it was apart from the nodes the fixes change. Pins are resolved by <see cref="FakeCommitResolver"/>.
/// </summary>
public sealed class FixSamplesTests
{
    private static (FixRun First, FixRun Second) FixSample(string name, TempDir copy)
    {
        ScriptedRepository.Run(copy.Path, "bash", [Path.GetFullPath(Path.Combine(TestPaths.Samples, "build-history.sh")), name]);
        var request = new LintRequest { Root = copy.Path, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = r => LibGit2Repository.Open(r, GitBackend.Auto) }, GitHub = new() { CommitResolver = new FakeCommitResolver() } };
        var options = new FixOptions { Safety = FixSafety.Unsafe };
        var first = FixRunner.Run(request, options);
        Assert.Empty(FixRunner.Write(copy.Path, first));
        foreach (var file in first.Files.Where(f => FixApplier.IsYaml(f.Path)))
            YamlTrees.AssertOnlyFixedNodesDiffer(file.Path, file.File.Text, file.Fixed);
        var second = FixRunner.Run(request, options);
        Assert.True(second.Files.Count == 0, $"{name}: a second --fix changed the tree again:\n{second.Diff}");
        var left = second.Last.Findings.Where(f => f.Fixes.Any(x => x.HasEdits)).Select(f => $"{f.Rule.Id} {f.Location.Path}:{f.Location.Line} {f.Message}").ToList();
        Assert.True(left.Count == 0, $"{name}: findings with fixes are left after --fix:\n{string.Join("\n", left)}");
        return (first, second);
    }

    private static TempDir Copy(string name)
    {
        var dir = new TempDir();
        ScriptedRepository.CopyDirectory(Path.Combine(TestPaths.Samples, name), dir.Path);
        return dir;
    }

    [Fact]
    public void The_seed_followed_to_the_letter_has_nothing_to_fix()
    {
        using var copy = Copy("live-branch");
        var (first, _) = FixSample("live-branch", copy);
        Assert.Empty(first.Files);
        Assert.Empty(first.Applied);
    }

    [Fact]
    public void The_drifted_sample_is_fixed_where_a_fix_is_certain_and_keeps_the_git_drift_for_a_person()
    {
        using var copy = Copy("drifted");
        var (first, second) = FixSample("drifted", copy);
        // The mechanical drift: an unpinned third-party action, a branch name pasted into a script, an unused suppression
        // and a workflow mentioned by an old display name.
        Assert.Equal(["RL0006", "RL1004", "RL1005", "RL1006", "RL4004", "RL4006"], first.PerRule.Select(r => r.Rule));
        Assert.Contains("Actions → \"Discussion: publish deployment summary\" → Run workflow", File.ReadAllText(Path.Combine(copy.Path, "docs/communications/live-branch.md")));
        // Tags and branches are not files: their findings keep commands to run by hand, and nothing runs them.
        var commands = second.Last.Findings.Where(f => f.Fixes.Any(x => x.Commands.Count > 0)).Select(f => f.Rule.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["RL3001", "RL3002", "RL3007"], commands);
    }
}
