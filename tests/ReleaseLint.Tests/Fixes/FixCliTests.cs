using System.Text.Json;
using ReleaseLint.Cli;
using ReleaseLint.Tests.GitHub;

namespace ReleaseLint.Tests.Fixes;

/// <summary><c>check --fix</c>, <c>--fix=unsafe</c>, <c>--diff</c> and the fixes in every output format, through the command line.</summary>
public sealed class FixCliTests
{
    private const string Workflow = """
        name: Triage
        on:
          issues:
          workflow_call:
        permissions:
          contents: read
        jobs:
          triage:
            runs-on: ubuntu-latest
            steps:
              - uses: superfly/flyctl-actions/setup-flyctl@v1 # releaselint-disable-line RL1006
              - uses: superfly/flyctl-actions/setup-flyctl@master
              - run: echo "Title - ${{ github.event.issue.title }}"
              - run: echo ${{ github.event.issue.body }}
          call:
            uses: ./.github/workflows/deploy.yml
            secrets: inherit

        """;

    private const string Deploy = """
        on:
          workflow_call:
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - run: ./deploy.sh
                env:
                  KEY: ${{ secrets.DEPLOY_KEY }}

        """;

    private static (int Code, string Out, string Err) Run(FakeGitHubServer server, TempDir cache, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var environment = new Dictionary<string, string> { ["GITHUB_API_URL"] = server.Url, ["RELEASELINT_CACHE_DIR"] = cache.Path };
        var code = ReleaseLintCli.Run(args, stdout, stderr, name => environment.GetValueOrDefault(name));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static FakeGitHubServer Api() => FakeGitHubServer.Start()
        .GetJson("/repos/superfly/flyctl-actions/git/ref/tags/v1", new Dictionary<string, object> { ["object"] = new Dictionary<string, string> { ["type"] = "commit", ["sha"] = new string('a', 40) } })
        .GetJson("/repos/superfly/flyctl-actions/git/ref/heads/master", new Dictionary<string, object> { ["object"] = new Dictionary<string, string> { ["type"] = "commit", ["sha"] = new string('b', 40) } });

    private static TempDir Repository()
    {
        var dir = new TempDir();
        dir.Write(".github/workflows/triage.yml", Workflow);
        dir.Write(".github/workflows/deploy.yml", Deploy);
        return dir;
    }

    [Fact]
    public void Fix_applies_the_safe_fixes_checks_again_and_a_second_run_changes_nothing()
    {
        using var server = Api();
        using var cache = new TempDir();
        using var repo = Repository();
        var (code, output, err) = Run(server, cache, "check", repo.Path, "--fix");
        var text = File.ReadAllText(Path.Combine(repo.Path, ".github/workflows/triage.yml"));
        // The pin goes in first; the unused suppression after it on the same line is deleted in the next round.
        Assert.Contains($"setup-flyctl@{new string('a', 40)} # v1\n", text);
        Assert.Contains("setup-flyctl@master", text); // a branch pin needs review
        Assert.Contains("run: echo \"Title - ${ISSUE_TITLE}\"", text);
        Assert.Contains("ISSUE_TITLE: ${{ github.event.issue.title }}", text);
        Assert.Contains("run: echo ${{ github.event.issue.body }}", text); // unquoted: the variable would be split into words
        Assert.Contains("DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}", text);
        Assert.Contains("    secrets:\n      DEPLOY_KEY:\n        required: false\n", File.ReadAllText(Path.Combine(repo.Path, ".github/workflows/deploy.yml")));
        Assert.Contains("fixed 4 findings in 2 files (RL0006: 1, RL1004: 1, RL1006: 1, RL1010: 1) in 2 rounds", err);
        Assert.Contains("2 findings have fixes that need review (--fix=unsafe)", err);
        // What is left is reported, each with the change its fix would make.
        Assert.Equal(1, code);
        Assert.Contains("RL1004 'superfly/flyctl-actions/setup-flyctl@master'", output);
        Assert.Contains("fix (unsafe: --fix=unsafe applies it): pin to commit bbbbbbbbbbbb", output);
        Assert.Contains("      +       - uses: superfly/flyctl-actions/setup-flyctl@" + new string('b', 40) + " # master", output);
        Assert.DoesNotContain("RL1010", output);

        var again = Run(server, cache, "check", repo.Path, "--fix");
        Assert.Contains("no fix applied", again.Err);
        Assert.Equal(text, File.ReadAllText(Path.Combine(repo.Path, ".github/workflows/triage.yml")));

        Run(server, cache, "check", repo.Path, "--fix=unsafe");
        var all = File.ReadAllText(Path.Combine(repo.Path, ".github/workflows/triage.yml"));
        Assert.Contains("run: echo \"${ISSUE_BODY}\"", all);
        Assert.Contains($"setup-flyctl@{new string('b', 40)} # master", all);
    }

    [Fact]
    public void Diff_writes_nothing_and_git_applies_its_output_to_give_what_fix_writes()
    {
        using var server = Api();
        using var cache = new TempDir();
        using var repo = Repository();
        using var copy = Repository();
        var (code, diff, err) = Run(server, cache, "check", repo.Path, "--diff", "--fix=unsafe");
        Assert.Equal(1, code);
        Assert.Equal(Workflow.Replace("\r\n", "\n"), File.ReadAllText(Path.Combine(repo.Path, ".github/workflows/triage.yml")).Replace("\r\n", "\n"));
        Assert.StartsWith("--- a/.github/workflows/deploy.yml\n+++ b/.github/workflows/deploy.yml\n@@ ", diff);
        Assert.Contains("--fix=unsafe would fix 6 findings in 2 files", err);
        File.WriteAllText(Path.Combine(repo.Path, "patch.diff"), diff);
        ScriptedRepository.Run(repo.Path, "git", ["apply", "patch.diff"]);
        File.Delete(Path.Combine(repo.Path, "patch.diff"));
        Run(server, cache, "check", copy.Path, "--fix=unsafe");
        foreach (var file in new[] { ".github/workflows/triage.yml", ".github/workflows/deploy.yml" })
            Assert.Equal(File.ReadAllText(Path.Combine(copy.Path, file)), File.ReadAllText(Path.Combine(repo.Path, file)));
        var clean = Run(server, cache, "check", repo.Path, "--diff", "--fix=unsafe");
        Assert.Equal("", clean.Out);
    }

    [Fact]
    public void Fix_and_staged_cannot_go_together()
    {
        using var server = Api();
        using var cache = new TempDir();
        using var repo = Repository();
        var (code, _, err) = Run(server, cache, "check", repo.Path, "--fix", "--staged");
        Assert.Equal(2, code);
        Assert.Contains("cannot be combined with --staged", err);
    }

    [Fact]
    public void Sarif_and_json_carry_the_fixes()
    {
        using var server = Api();
        using var cache = new TempDir();
        using var repo = Repository();
        var sarif = Run(server, cache, "check", repo.Path, "--format", "sarif", "--resolve-pins").Out;
        var requests = server.Requests.Count;
        using var log = JsonDocument.Parse(sarif);
        var results = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var pin = results.First(r => r.GetProperty("ruleId").GetString() == "RL1004" && r.GetProperty("message").GetProperty("text").GetString()!.Contains("@v1"));
        var fix = pin.GetProperty("fixes")[0];
        Assert.Equal("safe", fix.GetProperty("properties").GetProperty("safety").GetString());
        var change = fix.GetProperty("artifactChanges")[0];
        Assert.Equal(".github/workflows/triage.yml", change.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", change.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        var replacements = change.GetProperty("replacements").EnumerateArray().ToList();
        Assert.Equal(new string('a', 40), replacements[0].GetProperty("insertedContent").GetProperty("text").GetString());
        var region = replacements[0].GetProperty("deletedRegion");
        Assert.Equal((11, 52, 11, 54), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()));
        Assert.Equal("# v1 ", replacements[1].GetProperty("insertedContent").GetProperty("text").GetString());
        var insertion = replacements[1].GetProperty("deletedRegion");
        Assert.Equal(insertion.GetProperty("startColumn").GetInt32(), insertion.GetProperty("endColumn").GetInt32());

        var json = Run(server, cache, "check", repo.Path, "--format", "json").Out;
        using var report = JsonDocument.Parse(json);
        var injection = report.RootElement.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("ruleId").GetString() == "RL1006" && f.GetProperty("message").GetString()!.Contains("title"));
        var jsonFix = injection.GetProperty("fixes")[0];
        Assert.Equal("safe", jsonFix.GetProperty("safety").GetString());
        Assert.Equal(2, jsonFix.GetProperty("edits").GetArrayLength());
        Assert.Contains(jsonFix.GetProperty("edits").EnumerateArray(), e => e.GetProperty("text").GetString() == "${ISSUE_TITLE}");
        // Without --resolve-pins, --fix or --diff the API is not asked: no pinning fix.
        Assert.DoesNotContain(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "RL1004" && f.TryGetProperty("fixes", out _));
        Assert.Equal(requests, server.Requests.Count);
    }
}
