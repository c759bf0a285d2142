using System.Text.Json;
using ReleaseLint.Cli;

namespace ReleaseLint.Tests.Scripting;

/// <summary><c>releaselint check</c> with custom rules: text and SARIF output, and the two switches that turn them off.</summary>
[Collection(ScriptingCollection.Name)]
public sealed class CheckCommandCustomRulesTests
{
    private static string Sample => Path.Combine(TestPaths.Samples, "custom-rule");

    private static (int Exit, string Out, string Err) Check(params string[] args)
    {
        Environment.SetEnvironmentVariable("RELEASELINT_CACHE_DIR", TestCustomRules.CacheDirectory);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var cwd = args.Length > 0 && Directory.Exists(args[0]) ? args[0] : Directory.GetCurrentDirectory();
        var exit = ReleaseLintCli.Run(["check", .. args], new CliHost { Out = stdout, Error = stderr, CurrentDirectory = cwd });
        return (exit, stdout.ToString().Replace("\r\n", "\n"), stderr.ToString());
    }

    [Fact]
    public void The_sample_custom_rules_report_in_text_output_like_built_in_rules()
    {
        var (exit, output, _) = Check(Sample);
        Assert.Equal(ReleaseLintCli.ExitFindings, exit);
        var findings = output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal) || l.Contains(": note ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            ".github/workflows/fly-deploy.yml:13:3: error ACME001 deploy workflow 'Fly Deploy' has no rollback job; add a job such as 'rollback' (run by workflow_dispatch) that redeploys the previous release tag",
            "CHANGELOG.md:5:1: warning ACME002 CHANGELOG.md has no entry for 'v2025.03.10', the latest deployed release; add a '## v2025.03.10' section above the older entries",
        ], findings);
        Assert.Contains("note: 2 custom rules from '.releaselint/rules'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_custom_rules_report_in_SARIF_with_their_own_metadata()
    {
        var (_, output, _) = Check(Sample, "--format", "sarif");
        using var sarif = JsonDocument.Parse(output);
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var acme001 = rules.Single(r => r.GetProperty("id").GetString() == "ACME001");
        Assert.Equal("https://github.com/PR-CYBR/vTOC/blob/main/.releaselint/rules/ACME001.md", acme001.GetProperty("helpUri").GetString());
        Assert.StartsWith("# ACME001 deploy-rollback-job", acme001.GetProperty("help").GetProperty("markdown").GetString(), StringComparison.Ordinal);
        Assert.Equal("error", acme001.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "RL0002");

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["ACME001", "ACME002"], results.Select(r => r.GetProperty("ruleId").GetString()).Order());
        foreach (var result in results)
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
        }
        var changelog = results.Single(r => r.GetProperty("ruleId").GetString() == "ACME002");
        Assert.Equal("v2025.03.10", changelog.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("name").GetString());
        // URIs are relative to %SRCROOT%, the repository that holds the sample (or the sample itself outside one).
        var srcroot = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!);
        var related = changelog.GetProperty("relatedLocations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
        Assert.EndsWith("docs/discussions/2025-03-10-deploy.md", related, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(Path.Combine(Sample, "docs/discussions/2025-03-10-deploy.md")), new Uri(srcroot, related).LocalPath);
    }

    [Fact]
    public void The_sample_custom_rules_stay_quiet_once_the_repository_complies_and_stay_listed_in_SARIF()
    {
        using var repo = new TempDir();
        foreach (var file in Directory.GetFiles(Sample, "*", SearchOption.AllDirectories))
            repo.Write(Path.GetRelativePath(Sample, file), File.ReadAllText(file));
        File.AppendAllText(Path.Combine(repo.Path, ".github", "workflows", "fly-deploy.yml"),
            "  rollback:\n" +
            "    if: github.event_name == 'workflow_dispatch' && github.ref == 'refs/heads/live'\n" +
            "    runs-on: ubuntu-latest\n" +
            "    environment: production\n" +
            "    concurrency:\n" +
            "      group: fly-deploy\n" +
            "      cancel-in-progress: false\n" +
            "    steps:\n" +
            "      - run: flyctl releases rollback\n");
        var changelog = Path.Combine(repo.Path, "CHANGELOG.md");
        File.WriteAllText(changelog, File.ReadAllText(changelog).Replace("## v2025.03.03", "## v2025.03.10\n\n- Immutable images.\n\n## v2025.03.03"));

        var (exit, text, _) = Check(repo.Path);
        Assert.True(exit == ReleaseLintCli.ExitClean, text);
        Assert.DoesNotContain("ACME00", text, StringComparison.Ordinal);
        Assert.Contains("note: 2 custom rules from '.releaselint/rules'", text, StringComparison.Ordinal);

        var (_, sarifText, _) = Check(repo.Path, "--format", "sarif");
        using var sarif = JsonDocument.Parse(sarifText);
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Empty(run.GetProperty("results").EnumerateArray());
        var ids = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains("ACME001", ids);
        Assert.Contains("ACME002", ids);
    }

    [Fact]
    public void No_custom_rules_option_runs_none_and_says_so()
    {
        var (exit, output, _) = Check(Sample, "--no-custom-rules");
        Assert.Equal(ReleaseLintCli.ExitClean, exit);
        Assert.DoesNotContain("ACME00", output, StringComparison.Ordinal);
        Assert.Contains("note: custom rules in '.releaselint/rules' were not run (--no-custom-rules)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_variable_switches_custom_rules_off_too()
    {
        try
        {
            Environment.SetEnvironmentVariable(CustomRulesSwitch.EnvironmentVariable, "1");
            var (exit, output, _) = Check(Sample);
            Assert.Equal(ReleaseLintCli.ExitClean, exit);
            Assert.DoesNotContain("ACME00", output, StringComparison.Ordinal);
            Assert.Contains($"were not run ({CustomRulesSwitch.EnvironmentVariable})", output, StringComparison.Ordinal);

            Environment.SetEnvironmentVariable(CustomRulesSwitch.EnvironmentVariable, "0");
            Assert.Contains("ACME001", Check(Sample).Out, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(CustomRulesSwitch.EnvironmentVariable, null);
        }
    }

    [Fact]
    public void With_custom_rules_off_a_suppression_of_a_custom_rule_is_not_called_unknown()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "custom-rules: rules\n");
        repo.Write("rules/Nothing.cs", "this file is never compiled\n");
        repo.Write(".github/workflows/ci.yml", "on: push # releaselint-disable-line ACME001\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n");
        var (_, off, _) = Check(repo.Path, "--no-custom-rules");
        Assert.DoesNotContain("RL0006", off, StringComparison.Ordinal);
        Assert.DoesNotContain("RL0002", off, StringComparison.Ordinal);
    }
}
