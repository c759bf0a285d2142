using System.Text.Json;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;
using ReleaseLint.Sarif;

namespace ReleaseLint.Tests.Core;

public sealed class SarifAndOutputTests
{
    private static LintResult Lint(string root) =>
        LintEngine.Run(new LintRequest { Root = root, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = LibGit2Repository.Open } });

    private const string Workflow = "on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/deploy@v1\n";

    [Fact]
    public void Sarif_lists_every_rule_and_results_point_at_their_rule()
    {
        var result = Lint(Path.Combine(TestPaths.Samples, "drifted"));
        using var doc = JsonDocument.Parse(SarifWriter.ToString(result));
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(BuiltInRules.Descriptors.Select(d => d.Id).Order(), rules.Select(r => r.GetProperty("id").GetString()!).Order());
        foreach (var r in rules)
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("help").GetProperty("markdown").GetString()));
            Assert.StartsWith(RuleDescriptor.HelpBase, r.GetProperty("helpUri").GetString());
        }
        Assert.Equal("7.5", rules.Single(r => r.GetProperty("id").GetString() == "RL1004").GetProperty("properties").GetProperty("security-severity").GetString());
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(result.Findings.Count, results.Count);
        foreach (var res in results)
        {
            var index = res.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(res.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
            var location = res.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.False(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!.StartsWith('/'));
            Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.Matches("^[0-9a-f]{32}:[0-9]+$", res.GetProperty("partialFingerprints").GetProperty(Fingerprints.SarifKey).GetString()!);
        }
        Assert.Equal("releaselint/check/", run.GetProperty("automationDetails").GetProperty("id").GetString());
    }

    [Fact]
    public void Fingerprints_survive_unrelated_edits_above_a_finding()
    {
        using var dir = new TempDir();
        dir.Write(".github/workflows/deploy.yml", Workflow);
        var before = Fingerprints.Compute(Lint(dir.Path).Findings);
        dir.Write(".github/workflows/deploy.yml", "# a comment\nname: deploy\n" + Workflow.Replace("    steps:\n", "    steps:\n      - run: echo first\n"));
        var after = Lint(dir.Path);
        Assert.Equal(11, after.Findings.Single().Location.Line);
        Assert.Equal(before, Fingerprints.Compute(after.Findings));
    }

    [Fact]
    public void Sarif_uris_are_relative_to_the_repository_root_when_a_folder_inside_it_is_linted()
    {
        using var dir = new TempDir();
        StagedTests.Git(dir.Path, "init", "-q", "-b", "main");
        var file = dir.Write("services/api/.github/workflows/deploy.yml", Workflow);
        var result = Lint(Path.Combine(dir.Path, "services/api"));
        using var doc = JsonDocument.Parse(SarifWriter.ToString(result));
        var run = doc.RootElement.GetProperty("runs")[0];
        var srcroot = run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!;
        Assert.Equal(new Uri(dir.Path + "/").AbsoluteUri, srcroot);
        var uri = run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
        Assert.Equal("services/api/.github/workflows/deploy.yml", uri);
        Assert.Equal(file, new Uri(new Uri(srcroot), uri).LocalPath);
    }

    [Fact]
    public void Sarif_fix_uris_carry_the_same_prefix_as_result_uris_when_the_linted_folder_is_inside_the_repository()
    {
        using var dir = new TempDir();
        StagedTests.Git(dir.Path, "init", "-q", "-b", "main");
        dir.Write("services/api/.github/workflows/triage.yml",
            "on: issues\npermissions:\n  contents: read\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.issue.title }}\"\n");
        var result = Lint(Path.Combine(dir.Path, "services/api"));
        using var doc = JsonDocument.Parse(SarifWriter.ToString(result));
        var withFixes = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Where(r => r.TryGetProperty("fixes", out _)).ToList();
        Assert.NotEmpty(withFixes);
        foreach (var r in withFixes)
        {
            var uri = r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
            Assert.Equal("services/api/.github/workflows/triage.yml", uri);
            foreach (var change in r.GetProperty("fixes")[0].GetProperty("artifactChanges").EnumerateArray())
                Assert.Equal(uri, change.GetProperty("artifactLocation").GetProperty("uri").GetString());
        }
    }

    [Fact]
    public void Sarif_uris_stay_relative_to_the_linted_folder_outside_a_repository_or_a_source_root_that_does_not_hold_it()
    {
        using var dir = new TempDir();
        dir.Write("project/.github/workflows/deploy.yml", Workflow);
        var result = Lint(Path.Combine(dir.Path, "project"));
        foreach (var options in new[] { new SarifOptions(), new SarifOptions { SourceRoot = Path.Combine(dir.Path, "elsewhere") } })
        {
            using var doc = JsonDocument.Parse(SarifWriter.ToString(result, options));
            var run = doc.RootElement.GetProperty("runs")[0];
            Assert.Equal(new Uri(Path.Combine(dir.Path, "project") + "/").AbsoluteUri, run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());
            Assert.Equal(".github/workflows/deploy.yml", run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        }
        using var explicitRoot = JsonDocument.Parse(SarifWriter.ToString(result, new SarifOptions { SourceRoot = dir.Path }));
        Assert.Equal("project/.github/workflows/deploy.yml", explicitRoot.RootElement.GetProperty("runs")[0].GetProperty("results")[0]
            .GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public void Results_over_the_limit_are_cut_with_a_notification()
    {
        var result = Lint(Path.Combine(TestPaths.Samples, "drifted"));
        using var doc = JsonDocument.Parse(SarifWriter.ToString(result, new SarifOptions { MaxResults = 2 }));
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal(2, run.GetProperty("results").GetArrayLength());
        Assert.Contains("only the first 2", run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray().Last().GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public void Atomic_writes_leave_no_temporary_file_and_replace_the_target()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "out", "report.sarif");
        AtomicFile.WriteText(target, "first");
        AtomicFile.WriteText(target, "second");
        Assert.Equal("second", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_file_whole()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "report.sarif");
        AtomicFile.WriteText(target, "complete report");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, s =>
        {
            s.Write("half a rep"u8);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("complete report", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
