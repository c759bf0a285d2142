using System.Text.Json;
using ReleaseLint.Cli;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Core;

public sealed class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ReleaseLintCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Sample(string name) => Path.Combine(TestPaths.Samples, name);

    /// <summary>Runs in <paramref name="cwd"/>: report paths are relative to it.</summary>
    private static (int Code, string Out, string Err) RunIn(string cwd, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ReleaseLintCli.Run(args, new CliHost { Out = stdout, Error = stderr, CurrentDirectory = cwd });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Clean_sample_exits_0_and_drifted_exits_1()
    {
        var clean = Run("check", Sample("live-branch"));
        Assert.Equal(0, clean.Code);
        Assert.Matches(@"^0 errors, 0 warnings, 0 notes in \d+ files", clean.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var drifted = RunIn(Sample("drifted"), "check", ".");
        Assert.Equal(1, drifted.Code);
        Assert.Matches(@"(?m)^\.github/workflows/ci\.yml:3:3: error RL1001 unknown event 'pull-request'", drifted.Out);
        Assert.DoesNotContain("\u001b[", drifted.Out);
    }

    [Theory]
    [InlineData("check", "/no/such/path")]
    [InlineData("check", "--format", "xml")]
    [InlineData("check", "--config", "/no/such/config.yml")]
    [InlineData("check", "--github", "not a repo")]
    [InlineData("rules", "RL9999")]
    [InlineData("frobnicate")]
    public void A_run_that_cannot_be_done_exits_2(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("releaselint: ", err);
    }

    [Fact]
    public void An_invalid_config_is_a_finding_not_exit_2()
    {
        using var dir = new TempDir();
        dir.Write(".releaselint.yml", "colour: blue\n");
        var (code, output, _) = Run("check", dir.Path);
        Assert.Equal(1, code);
        Assert.Contains(".releaselint.yml:1:1: error RL0001 unknown key 'colour'", output);
    }

    [Theory]
    [InlineData("never", 0)]
    [InlineData("error", 1)]
    [InlineData("note", 1)]
    public void Fail_on_sets_the_threshold(string threshold, int expected) =>
        Assert.Equal(expected, Run("check", Sample("drifted"), "--fail-on", threshold).Code);

    [Fact]
    public void Notes_only_fail_with_fail_on_note()
    {
        using var dir = new TempDir();
        dir.Write("README.md", "# Docs\n\n<!-- releaselint-disable-next-line RL4003 -->\n[fine](README.md)\n");
        Assert.Equal(0, Run("check", dir.Path).Code);
        Assert.Equal(0, Run("check", dir.Path, "--fail-on", "warning").Code);
        Assert.Equal(1, Run("check", dir.Path, "--fail-on", "note").Code);
    }

    [Fact]
    public void Output_file_is_written_and_the_summary_goes_to_stderr()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "report.sarif");
        var (code, output, err) = Run("check", Sample("drifted"), "--format", "sarif", "--output", file);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("report written to", err);
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        Assert.True(doc.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength() > 0);
    }

    [Fact]
    public void Json_format_carries_findings_and_summary()
    {
        var (_, output, _) = Run("check", Sample("drifted"), "--format", "json");
        using var doc = JsonDocument.Parse(output);
        var findings = doc.RootElement.GetProperty("findings");
        Assert.True(findings.GetArrayLength() > 0);
        Assert.Equal(findings.EnumerateArray().Count(f => f.GetProperty("severity").GetString() == "error"), doc.RootElement.GetProperty("summary").GetProperty("errors").GetInt32());
    }

    [Fact]
    public void Github_format_writes_escaped_workflow_commands()
    {
        var (_, output, _) = RunIn(Sample("drifted"), "check", ".", "--format", "github");
        Assert.Contains("::error file=.github/workflows/ci.yml,line=3,col=3,endLine=3,endColumn=15,title=RL1001 workflow-structure::unknown event 'pull-request'", output);
        Assert.Equal("a%2Cb%3Ac%0Ad%25", Cli.Output.GitHubFormatter.Property("a,b:c\nd%"));
    }

    [Fact]
    public void Rules_lists_and_explains()
    {
        var list = Run("rules");
        Assert.Equal(0, list.Code);
        Assert.Contains("RL1004  unpinned-action", list.Out);
        var one = Run("rules", "unpinned-action");
        Assert.Equal(0, one.Code);
        Assert.StartsWith("# RL1004 unpinned-action", one.Out);
        Assert.Contains("Fix ('check --fix', or 'check --fix=unsafe' where unsafe): pin to the full commit SHA", one.Out);
        Assert.DoesNotContain("Fix ('check --fix'", Run("rules", "RL1001").Out, StringComparison.Ordinal);
        // The fix column, from each descriptor: "fix" (edits), "git" (commands printed) or blank.
        foreach (var d in BuiltInRules.Descriptors)
        {
            var line = list.Out.Split('\n').Single(l => l.StartsWith(d.Id + "  ", StringComparison.Ordinal));
            var column = line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var expected = d.Fix is null ? d.Title : d.Fix.CommandsOnly ? "git" : "fix";
            Assert.True(column[3] == expected || (d.Fix is null && column[3].StartsWith(d.Title, StringComparison.Ordinal)), $"{line}: expected '{expected}' after the severity");
        }
        Assert.Contains($"{BuiltInRules.Descriptors.Count(d => d.Fix is not null)} with a fix", list.Out);
    }

    [Fact]
    public void Version_prints_the_version()
    {
        var (code, output, _) = Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }
}

public sealed class BaselineTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (ReleaseLintCli.Run(args, stdout, stderr), stdout.ToString(), stderr.ToString());
    }

    private const string Workflow = "on: push\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/deploy@v1\n";

    [Fact]
    public void Check_with_a_baseline_reports_only_new_findings_even_after_edits_above()
    {
        using var dir = new TempDir();
        dir.Write(".github/workflows/deploy.yml", Workflow);
        var (code, output, _) = Run("baseline", dir.Path);
        Assert.Equal(0, code);
        Assert.Contains("recorded 1 finding", output);
        var file = Path.Combine(dir.Path, ".releaselint-baseline.json");
        Assert.Equal(0, Run("check", dir.Path, "--baseline", file).Code);

        // Unrelated lines above the known finding, and one new problem below it.
        dir.Write(".github/workflows/deploy.yml", "# deploys production\nname: deploy\n" + Workflow + "      - uses: acme/other@main\n");
        var after = Run("check", dir.Path, "--baseline", file);
        Assert.Equal(1, after.Code);
        var lines = after.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains(": error RL1004"));
        Assert.Contains("acme/other@main", lines.Single(l => l.Contains(": error RL1004")));
        Assert.Contains("1 in the baseline", lines[^1]);

        var sarif = Run("check", dir.Path, "--baseline", file, "--format", "sarif").Out;
        using var doc = JsonDocument.Parse(sarif);
        var result = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Single(r => r.GetProperty("baselineState").GetString() == "new");
        Assert.Contains("acme/other@main", result.GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public void Json_fingerprints_with_a_baseline_are_numbered_over_the_whole_run()
    {
        using var dir = new TempDir();
        dir.Write(".github/workflows/deploy.yml", Workflow);
        Assert.Equal(0, Run("baseline", dir.Path).Code);
        var file = Path.Combine(dir.Path, ".releaselint-baseline.json");
        // The same step again: the same fingerprint hash, numbered :2 in the whole run.
        dir.Write(".github/workflows/deploy.yml", Workflow + "      - uses: acme/deploy@v1\n");
        static List<string> Fingerprints(string json) => [.. JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("fingerprint").GetString()!)];
        var whole = Fingerprints(Run("check", dir.Path, "--format", "json").Out);
        Assert.Equal(2, whole.Count);
        Assert.EndsWith(":2", whole[1]);
        var fresh = Assert.Single(Fingerprints(Run("check", dir.Path, "--format", "json", "--baseline", file).Out));
        Assert.Equal(whole[1], fresh);
    }

    [Fact]
    public void A_missing_or_broken_baseline_is_exit_2()
    {
        using var dir = new TempDir();
        Assert.Equal(2, Run("check", dir.Path, "--baseline", Path.Combine(dir.Path, "none.json")).Code);
        dir.Write("bad.json", "{\"not\": \"a baseline\"}");
        Assert.Equal(2, Run("check", dir.Path, "--baseline", Path.Combine(dir.Path, "bad.json")).Code);
    }
}
