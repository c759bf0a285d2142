using ApprovalTests;
using ApprovalTests.Reporters;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests;

/// <summary>The two sample repositories: one that follows the seed policy to the letter, one that drifted from it.</summary>
[UseReporter(typeof(QuietReporter))]
public sealed class SamplesTests
{
    private static LintResult Check(string sample) => LintEngine.Run(new LintRequest
    {
        Root = Path.Combine(TestPaths.Samples, sample),
        Rules = BuiltInRules.Create(),
        OpenGit = LibGit2Repository.Open,
    });

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
        var missing = BuiltInRules.Descriptors.Select(d => d.Id).Where(id => id != "RL0003" && !fired.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "rules that do not fire on samples/drifted: " + string.Join(", ", missing));
    }
}
