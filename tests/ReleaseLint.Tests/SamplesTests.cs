using ApprovalTests;
using ApprovalTests.Reporters;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;
using ReleaseLint.Tests.Fixtures;

namespace ReleaseLint.Tests;

/// <summary>
/// The two sample repositories: one that follows the seed policy to the letter, one that drifted from it. A sample's
/// git history is built at test time by <c>samples/&lt;name&gt;.git.sh</c> when there is one (see <see cref="TestHistory"/>),
/// and <c>samples/&lt;name&gt;.discussions</c> names a discussions export inside the sample, passed as <c>--discussions</c>.
/// </summary>
[UseReporter(typeof(QuietReporter))]
public sealed class SamplesTests
{
    private static LintResult Check(string sample, Action<string>? prepare = null)
    {
        var source = Path.Combine(TestPaths.Samples, sample);
        var script = Path.Combine(TestPaths.Samples, sample + ".git.sh");
        var exportFile = Path.Combine(TestPaths.Samples, sample + ".discussions");
        using var history = File.Exists(script) ? TestHistory.Build(source, script) : null;
        using var copy = history is null && prepare is not null ? new TempDir() : null;
        var root = history?.Path ?? source;
        if (copy is not null)
        {
            root = Path.Combine(copy.Path, sample);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
                copy.Write(Path.Combine(sample, Path.GetRelativePath(source, file)), File.ReadAllText(file));
        }
        prepare?.Invoke(root);
        return LintEngine.Run(new LintRequest
        {
            Root = root,
            Rules = BuiltInRules.Create(),
            OpenGit = LibGit2Repository.Open,
            DiscussionsFile = File.Exists(exportFile) ? Path.Combine(root, File.ReadAllText(exportFile).Trim()) : null,
        });
    }

    [Fact]
    public void Live_branch_sample_checks_clean()
    {
        var result = Check("live-branch");
        Assert.True(result.Findings.Count == 0, string.Join("\n", result.Findings.Select(TextFormatter.Line)));
    }

    [Fact]
    public void Drifted_sample_output_is_approved()
    {
        var result = Check("drifted");
        Approvals.Verify(string.Join("\n", result.Findings.Select(TextFormatter.Line)) + "\n");
    }

    [Fact]
    public void Every_rule_fires_on_the_drifted_sample()
    {
        var fired = Check("drifted").Findings.Select(f => f.Rule.Id).ToHashSet();
        // RL0003 reports a rule that crashed: no input of a sample should make a built-in rule crash (see tests/fixtures/RL0003).
        // RL4001 (no guide) and RL4002 (a section missing from the guide) exclude each other: the drifted guide exists and
        // drifted, so RL4002 fires here and RL4001 fires on the same sample with its guide deleted (the next test).
        var missing = BuiltInRules.Descriptors.Select(d => d.Id).Where(id => id is not ("RL0003" or "RL4001") && !fired.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "rules that do not fire on samples/drifted: " + string.Join(", ", missing));
    }

    [Fact]
    public void Drifted_sample_without_its_guide_reports_RL4001()
    {
        var result = Check("drifted", root => File.Delete(Path.Combine(root, "docs", "communications", "live-branch.md")));
        var finding = Assert.Single(result.Findings, f => f.Rule.Id == "RL4001");
        Assert.Equal(".releaselint.yml", finding.Location.Path);
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "RL4002");
    }
}
