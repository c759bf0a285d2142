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
    /// <summary>Checks a sample as <c>releaselint check</c> does, custom rules (<c>custom-rules:</c>) included.</summary>
    internal static LintResult Check(string sample)
    {
        var root = Path.Combine(TestPaths.Samples, sample);
        using var custom = TestCustomRules.ForRoot(root);
        return LintEngine.Run(new LintRequest
        {
            Root = root,
            Rules = [.. BuiltInRules.Create(), .. custom.Rules],
            PreFindings = custom.Findings,
            OpenGit = LibGit2Repository.Open,
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
        var missing = BuiltInRules.Descriptors.Select(d => d.Id).Where(id => id != "RL0003" && !fired.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "rules that do not fire on samples/drifted: " + string.Join(", ", missing));
    }
}
