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

    [Fact]
    public void Init_print_escapes_control_and_bidirectional_characters_from_the_repository_and_reads_back_the_same()
    {
        using var dir = new TempDir();
        StagedTests.Git(dir.Path, "init", "-q", "-b", "main");
        const string hostile = "Roll \u001b]8;;https://evil.example\u0007back\u202Eexe.md";
        dir.Write("RELEASING.md", $"# Releasing\n\n## Cut a release\n\n## {hostile}\n");
        StagedTests.Git(dir.Path, "add", "-A");
        StagedTests.Git(dir.Path, "commit", "-q", "-m", "initial");
        var (code, text, _) = Run("init", dir.Path, "--print");
        Assert.Equal(0, code);
        Assert.DoesNotContain(text, c => c is '\u001b' or '\u0007' or '\u202E');
        Assert.Contains("\"Roll \\x1B]8;;https://evil.example\\x07back\\u202Eexe.md\"", text);
        var (policy, problems) = PolicyLoader.Load(new SourceText(".releaselint.yml", text));
        Assert.Empty(problems);
        Assert.Equal(["Cut a release", hostile], policy.GuideSections);
    }

    /// <summary>
    /// bitwarden/server's process: each release is cut on a fixed-name branch (rc, or hotfix-rc for hotfixes), tagged there,
    /// and the branch deleted; no branch mirrors production. init names the candidate branches from the deploy workflow's
    /// branches that the history shows releases came from, with the evidence as the key's comment.
    /// </summary>
    [Fact]
    public void Init_names_the_candidate_branches_releases_were_tagged_on_when_no_branch_mirrors_production()
    {
        using var dir = ScriptedRepository.FromScript("""
            at 2025-01-01T10:00:00+00:00
            git init -q -b main .
            mkdir -p .github/workflows
            printf 'on:\n  push:\n    branches: [main, rc, hotfix-rc, "feature/**"]\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n' > .github/workflows/build.yml
            git add -A && git commit -q -m "initial"
            for month in 1 2 3 4 5 6; do
              at 2025-0$month-10T10:00:00+00:00
              change "feature $month"
              git checkout -q -b rc main
              git checkout -q -b fix-$month rc
              change "fix for 2025.$month.0" fix.txt
              git checkout -q rc
              git merge -q --no-ff -m "Merge branch 'fix-$month' into rc" fix-$month
              git tag "v2025.$month.0"
              git checkout -q main
              git branch -q -D rc fix-$month
            done
            git checkout -q -b hotfix-rc "v2025.6.0"
            change "hotfix" hotfix.txt
            git tag v2025.6.1
            git checkout -q main
            git branch topic/2025-06-30-cleanup
            """);
        var (code, text, _) = Run("init", dir.Path, "--print");
        Assert.Equal(0, code);
        var (policy, problems) = PolicyLoader.Load(new SourceText(".releaselint.yml", text));
        Assert.Empty(problems);
        Assert.False(policy.HasReleaseBranch);
        Assert.Equal("re:^(?:rc|hotfix-rc)$", policy.ReleaseCandidatePattern.Text);
        Assert.Contains("# 'rc': .github/workflows/build.yml deploys on pushes to it; 5 merges in the history of release tags on no branch name it (deleted since)", text);
        Assert.Contains("# 'hotfix-rc': .github/workflows/build.yml deploys on pushes to it; 2 final release tags not on 'main' are on it", text);
        // check with what init wrote: the fit causes no finding (a date-named topic branch is not a candidate)
        File.WriteAllText(Path.Combine(dir.Path, ".releaselint.yml"), text);
        var check = Run("check", dir.Path, "--fail-on", "never", "--format", "json");
        Assert.DoesNotContain("\"RL3004\"", check.Out);
        Assert.DoesNotContain("\"RL3003\"", check.Out);
    }

    /// <summary>
    /// pypa/pip and twisted/twisted describe releasing in reStructuredText (docs/…/release-process.rst): init takes the
    /// document as the guide but reads no markdown heading in it, so the live-branch guide's sections must not be
    /// required of it (they gave four false RL4002 per repository).
    /// </summary>
    [Fact]
    public void Init_requires_no_live_branch_sections_of_a_guide_whose_sections_it_cannot_read()
    {
        using var dir = new TempDir();
        StagedTests.Git(dir.Path, "init", "-q", "-b", "main");
        dir.Write("docs/development/release-process.rst", "Release process\n===============\n\nCreating a new release\n----------------------\n\n#. Tag the release commit.\n");
        dir.Write("README.md", "# Project\n");
        StagedTests.Git(dir.Path, "add", "-A");
        StagedTests.Git(dir.Path, "commit", "-q", "-m", "initial");
        var (code, text, _) = Run("init", dir.Path, "--print");
        Assert.Equal(0, code);
        var (policy, problems) = PolicyLoader.Load(new SourceText(".releaselint.yml", text));
        Assert.Empty(problems);
        Assert.Equal("docs/development/release-process.rst", policy.Guide);
        Assert.Empty(policy.GuideSections);
        Assert.Contains("# no markdown heading of 'docs/development/release-process.rst' names a release step", text);
        File.WriteAllText(Path.Combine(dir.Path, ".releaselint.yml"), text);
        var check = Run("check", dir.Path, "--fail-on", "never", "--format", "json");
        Assert.DoesNotContain("\"RL4002\"", check.Out);
    }
}
