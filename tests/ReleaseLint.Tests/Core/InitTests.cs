using System.Diagnostics;
using ReleaseLint.Cli;
using ReleaseLint.Inputs;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Core;

public sealed class InitTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (ReleaseLintCli.Run(args, stdout, stderr), stdout.ToString(), stderr.ToString());
    }

    private static TempDir SampleWithHistory(string sample)
    {
        var dir = new TempDir();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Samples, sample), "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(Path.Combine(TestPaths.Samples, sample), file);
            dir.WriteBytes(rel, File.ReadAllBytes(file));
        }
        var start = new ProcessStartInfo("bash") { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.Samples, "build-history.sh"));
        start.ArgumentList.Add(sample);
        using var p = Process.Start(start)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return dir;
    }

    [Fact]
    public void Init_on_the_live_branch_sample_writes_a_valid_config_that_keeps_it_clean()
    {
        using var dir = SampleWithHistory("live-branch");
        var (code, output, _) = Run("init", dir.Path);
        Assert.Equal(0, code);
        Assert.Contains("wrote", output);
        var text = File.ReadAllText(Path.Combine(dir.Path, ".releaselint.yml"));
        var (policy, problems) = PolicyLoader.Load(new SourceText(".releaselint.yml", text));
        Assert.Empty(problems);
        Assert.Equal(("main", "live"), (policy.IntegrationBranch, policy.ReleaseBranch));
        Assert.Equal("v{yyyy}.{MM}.{dd}[.{n}]", policy.TagFormat.Text);
        Assert.Empty(policy.DeployWorkflows); // found by what they do: init lists them as a comment
        Assert.Contains("#   fly-deploy.yml:deploy: runs 'flyctl deploy", text);
        var check = Run("check", dir.Path);
        Assert.True(check.Code == 0, check.Out);
        Assert.Equal(2, Run("init", dir.Path).Code); // exists: refuses without --force
        Assert.Equal(0, Run("init", dir.Path, "--force").Code);
    }

    [Fact]
    public void Init_detects_semver_tags_other_branch_names_and_the_deploy_workflow()
    {
        using var dir = new TempDir();
        StagedTests.Git(dir.Path, "init", "-q", "-b", "master");
        dir.Write(".github/workflows/ship.yml", "on:\n  push:\n    branches: [production]\npermissions:\n  contents: read\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: flyctl deploy --image registry.fly.io/app:${{ github.sha }}\n");
        dir.Write("RELEASING.md", "# Releasing\n\n## Cut a release\n\n## Roll back\n");
        StagedTests.Git(dir.Path, "add", "-A");
        StagedTests.Git(dir.Path, "commit", "-q", "-m", "initial");
        StagedTests.Git(dir.Path, "branch", "production");
        foreach (var tag in new[] { "v1.0.0", "v1.1.0", "v2.0.0-rc.1" }) StagedTests.Git(dir.Path, "tag", "-a", tag, "-m", tag);
        StagedTests.Git(dir.Path, "tag", "docs-2025");
        var (code, text, _) = Run("init", dir.Path, "--print");
        Assert.Equal(0, code);
        var (policy, problems) = PolicyLoader.Load(new SourceText(".releaselint.yml", text));
        Assert.Empty(problems);
        Assert.Equal(("master", "production"), (policy.IntegrationBranch, policy.ReleaseBranch));
        Assert.Equal("v{semver}", policy.TagFormat.Text);
        Assert.True(policy.TagsAnnotated);
        Assert.Empty(policy.DeployWorkflows);
        Assert.Contains("# Deploy jobs found by what they do (1):\n#   ship.yml:ship: runs 'flyctl deploy --image registry.fly.io/app:${{ github.sha }}' at line 10", text);
        Assert.Equal("RELEASING.md", policy.Guide);
        Assert.Equal(["Cut a release", "Roll back"], policy.GuideSections);
        Assert.False(File.Exists(Path.Combine(dir.Path, ".releaselint.yml")));
    }
}
