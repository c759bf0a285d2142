using ApprovalTests;
using ApprovalTests.Reporters;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests;

/// <summary>
/// The two sample repositories with their git history, built once per test run by <c>samples/build-history.sh</c>
/// into temporary copies (a sample never holds a committed nested <c>.git</c>).
/// </summary>
public sealed class SampleRepositories : IDisposable
{
    private readonly Lazy<TempDir> _liveBranch = new(() => Build("live-branch"));
    private readonly Lazy<TempDir> _drifted = new(() => Build("drifted"));

    /// <summary>The built copy of <c>samples/&lt;name&gt;</c>.</summary>
    public string PathOf(string name) => name switch
    {
        "live-branch" => _liveBranch.Value.Path,
        "drifted" => _drifted.Value.Path,
        _ => throw new ArgumentException(name),
    };

    private static TempDir Build(string name) =>
        ScriptedRepository.Build(Path.Combine(TestPaths.Samples, name), Path.Combine(TestPaths.Samples, "build-history.sh"), name);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_liveBranch.IsValueCreated) _liveBranch.Value.Dispose();
        if (_drifted.IsValueCreated) _drifted.Value.Dispose();
    }
}

/// <summary>
/// The two sample repositories: one that follows the seed policy to the letter, one that drifted from it.
/// <c>samples/&lt;name&gt;.discussions</c> names a discussions export inside the sample, passed as <c>--discussions</c>.
/// </summary>
[UseReporter(typeof(QuietReporter))]
public sealed class SamplesTests(SampleRepositories samples) : IClassFixture<SampleRepositories>
{
    private LintResult Check(string sample, GitBackend backend = GitBackend.Auto) => Lint(samples.PathOf(sample), backend, Export(sample));

    /// <summary>The sample's discussions export (<c>samples/&lt;name&gt;.discussions</c> names it, relative to the sample), or null.</summary>
    private static string? Export(string sample)
    {
        var file = Path.Combine(TestPaths.Samples, sample + ".discussions");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    /// <summary>Checks a folder as <c>releaselint check</c> does, custom rules (<c>custom-rules:</c>) included.</summary>
    private static LintResult Lint(string root, GitBackend backend = GitBackend.Auto, string? export = null)
    {
        using var custom = TestCustomRules.ForRoot(root);
        return LintEngine.Run(new LintRequest
        {
            Root = root,
            Rules = [.. BuiltInRules.Create(), .. custom.Rules],
            Sources = new() { OpenGit = r => LibGit2Repository.Open(r, backend), DiscussionsFile = export is null ? null : Path.Combine(root, export) },
            CustomRules = new() { Findings = custom.Findings },
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

    /// <summary>
    /// The drifted sample shows every range of the catalogue (its approved output pins which rules fire). Every single
    /// rule is shown by its own fixtures (MetaTests); a new rule need not be added to the sample, so that adding a rule
    /// touches its class, its page and its fixtures only.
    /// </summary>
    [Fact]
    public void Every_rule_range_fires_on_the_drifted_sample()
    {
        var fired = Check("drifted").Findings.Select(f => f.Rule.Category).ToHashSet();
        var missing = BuiltInRules.Descriptors.Select(d => d.Category).Distinct().Where(c => !fired.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "rule ranges that do not fire on samples/drifted: " + string.Join(", ", missing));
        Assert.True(fired.Count >= 6, "the drifted sample shows findings of " + fired.Count + " ranges");
    }

    [Fact]
    public void Drifted_sample_without_its_guide_reports_RL4001()
    {
        using var copy = new TempDir();
        var source = Path.Combine(TestPaths.Samples, "drifted");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            if (Path.GetRelativePath(source, file) != Path.Combine("docs", "communications", "live-branch.md"))
                copy.Write(Path.GetRelativePath(source, file), File.ReadAllText(file));
        var result = Lint(copy.Path);
        var finding = Assert.Single(result.Findings, f => f.Rule.Id == "RL4001");
        // the configuration does not write docs.guide (the default applies), so the finding's home is README.md line 1,
        // never line 1 of a configuration that does not state the requirement
        Assert.Equal(("README.md", 1), (finding.Location.Path, finding.Location.Line));
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "RL4002");
    }

    [Theory]
    [InlineData("live-branch")]
    [InlineData("drifted")]
    public void Shallow_clone_of_a_sample_gives_RL0005_and_no_false_history_findings(string sample)
    {
        using var clone = new TempDir();
        // CI's default checkout, but with every branch: depth 1, so the walk is cut off right below each tip.
        ScriptedRepository.Run(clone.Path, "git", ["clone", "-q", "--depth", "1", "--no-single-branch", "file://" + samples.PathOf(sample), "."]);
        var result = Lint(clone.Path);
        var history = result.Findings.Where(f => f.Rule.Id.StartsWith("RL3", StringComparison.Ordinal) || f.Rule.Id == "RL0005").ToList();
        var partial = Assert.Single(history, f => f.Rule.Id == "RL0005");
        Assert.Contains("shallow clone", partial.Message);
        Assert.Contains("RL3003 tag-off-release-branch", partial.Message);
        Assert.Contains("RL3005 direct-commit-to-release", partial.Message);
        Assert.Contains("--unshallow origin", partial.Message);
        Assert.DoesNotContain(history, f => f.Rule.Id is "RL3003" or "RL3005");
    }

    [Theory]
    [InlineData("live-branch")]
    [InlineData("drifted")]
    public void Git_cli_and_LibGit2Sharp_backends_give_the_same_findings(string sample)
    {
        static string Lines(LintResult r) => string.Join("\n", r.Findings.Select(TextFormatter.Line));
        Assert.Equal(Lines(Check(sample, GitBackend.Auto)), Lines(Check(sample, GitBackend.LibGit2)));
    }
}
