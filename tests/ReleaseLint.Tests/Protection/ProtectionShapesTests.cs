using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.GitHub;
using ReleaseLint.Git;
using ReleaseLint.Rules;
using ReleaseLint.Tests.GitHub;

namespace ReleaseLint.Tests.Protection;

/// <summary>
/// samples/live-branch protects its branches and tags as the guide asks. The same protection written in each of
/// the three file shapes (REST exports plus a ruleset export, as the sample has it; .github/settings.yml; rulesets
/// only), and served by the live API, must give no RL2xxx finding at all.
/// </summary>
public sealed class ProtectionShapesTests
{
    private const string SettingsYml = """
        # Probot / repository-settings format (PUT shape: bare booleans)
        repository:
          default_branch: main
        branches:
          - name: live
            protection:
              required_pull_request_reviews:
                required_approving_review_count: 1
                dismiss_stale_reviews: true
                require_code_owner_reviews: false
                require_last_push_approval: true
              required_status_checks:
                strict: true
                contexts: [ci]
              enforce_admins: true
              required_linear_history: false
              allow_force_pushes: false
              allow_deletions: false
              restrictions: null
          - name: main
            protection:
              required_pull_request_reviews:
                required_approving_review_count: 1
                dismiss_stale_reviews: false
              required_status_checks:
                strict: false
                contexts: [ci]
              enforce_admins: false
              restrictions: null
        rulesets:
          - name: release tags
            target: tag
            enforcement: active
            bypass_actors: []
            conditions:
              ref_name: { include: ["refs/tags/v*"], exclude: [] }
            rules:
              - type: deletion
              - type: non_fast_forward
              - type: update
              - type: tag_name_pattern
                parameters: { name: release tag format, negate: false, operator: regex, pattern: '^v[0-9]{4}\.[0-9]{2}\.[0-9]{2}(\.[0-9]+)?$' }
        """;

    private const string LiveRuleset = """
        {
          "id": 5120, "name": "protect live", "target": "branch", "enforcement": "active", "bypass_actors": [],
          "conditions": { "ref_name": { "include": ["refs/heads/live"], "exclude": [] } },
          "rules": [
            { "type": "deletion" },
            { "type": "non_fast_forward" },
            { "type": "pull_request", "parameters": { "required_approving_review_count": 1, "dismiss_stale_reviews_on_push": true, "require_code_owner_review": false, "require_last_push_approval": true, "required_review_thread_resolution": false } },
            { "type": "required_status_checks", "parameters": { "strict_required_status_checks_policy": true, "required_status_checks": [{ "context": "ci", "integration_id": 15368 }] } }
          ]
        }
        """;

    private const string MainRuleset = """
        {
          "id": 5121, "name": "default branch", "target": "branch", "enforcement": "active", "bypass_actors": [{ "actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "pull_request" }],
          "conditions": { "ref_name": { "include": ["~DEFAULT_BRANCH"], "exclude": [] } },
          "rules": [
            { "type": "non_fast_forward" },
            { "type": "pull_request", "parameters": { "required_approving_review_count": 1, "dismiss_stale_reviews_on_push": false, "require_code_owner_review": false, "require_last_push_approval": false, "required_review_thread_resolution": false } },
            { "type": "required_status_checks", "parameters": { "strict_required_status_checks_policy": false, "required_status_checks": [{ "context": "ci" }] } }
          ]
        }
        """;

    private static string Sample => Path.Combine(TestPaths.Samples, "live-branch");

    private static LintResult Run(string root, Inputs.Protection.ILiveProtectionReader? live = null, string? repo = null) => LintEngine.Run(new LintRequest
    {
        Root = root,
        Rules = BuiltInRules.Create(),
        Sources = new() { OpenGit = LibGit2Repository.Open },
        GitHub = new() { Repository = repo, Protection = live },
    });

    private static void AssertNoProtectionFindings(LintResult result)
    {
        var protection = result.Findings.Where(f => f.Rule.Category == RuleCategory.Protection).Select(TextFormatter.Line).ToList();
        Assert.True(protection.Count == 0, string.Join("\n", protection));
        Assert.DoesNotContain(result.Notes, n => n.Contains("not judged", StringComparison.Ordinal));
    }

    private static TempDir CopyOfSample(params string[] removeFolders)
    {
        var dir = new TempDir();
        foreach (var file in Directory.EnumerateFiles(Sample, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Sample, file).Replace('\\', '/');
            if (removeFolders.Any(f => relative.StartsWith(f, StringComparison.Ordinal))) continue;
            dir.Write(relative, File.ReadAllText(file));
        }
        return dir;
    }

    [Fact]
    public void Sample_as_rest_exports_and_ruleset_export_has_no_protection_finding()
    {
        var result = Run(Sample);
        AssertNoProtectionFindings(result);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Sample_as_settings_yml_has_no_protection_finding()
    {
        using var dir = CopyOfSample(".github/branch-protection/", ".github/rulesets/");
        dir.Write(".github/settings.yml", SettingsYml);
        AssertNoProtectionFindings(Run(dir.Path));
    }

    [Fact]
    public void Sample_as_rulesets_only_has_no_protection_finding()
    {
        using var dir = CopyOfSample(".github/branch-protection/");
        dir.Write(".github/rulesets/protect-live.json", LiveRuleset);
        dir.Write(".github/rulesets/default-branch.json", MainRuleset);
        AssertNoProtectionFindings(Run(dir.Path));
    }

    [Fact]
    public void Sample_served_by_the_live_api_has_no_protection_finding()
    {
        using var server = ServeSample(FakeGitHubServer.Start(), "PR-CYBR/vTOC");
        using var reader = new GitHubProtectionReader(new GitHubClientOptions { BaseUrl = new Uri(server.Url), Token = "ghp_sample" });
        var result = Run(Sample, reader, "PR-CYBR/vTOC");
        AssertNoProtectionFindings(result);
        Assert.Empty(result.Findings);
        Assert.Contains(result.Notes, n => n.Contains("read from the GitHub API", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.Path == "/repos/PR-CYBR/vTOC/branches/live/protection");
        Assert.Contains(server.Requests, r => r.Path == "/repos/PR-CYBR/vTOC/rulesets/4211");
        Assert.Contains(server.Requests, r => r.Path == "/repos/PR-CYBR/vTOC/rules/branches/main");
    }

    [Fact]
    public void Without_any_source_protection_is_not_judged_and_the_summary_says_how_to_provide_one()
    {
        using var dir = CopyOfSample(".github/branch-protection/", ".github/rulesets/");
        var result = Run(dir.Path);
        Assert.DoesNotContain(result.Findings, f => f.Rule.Category == RuleCategory.Protection);
        var note = Assert.Single(result.Notes, n => n.Contains("branch protection was not judged", StringComparison.Ordinal));
        Assert.Contains(".github/branch-protection/live.json", note, StringComparison.Ordinal);
        Assert.Contains("--github OWNER/REPO", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_settings_yml_that_does_not_manage_protection_is_not_a_source()
    {
        using var dir = CopyOfSample(".github/branch-protection/", ".github/rulesets/");
        dir.Write(".github/settings.yml", "repository:\n  description: a service\nlabels:\n  - name: bug\n");
        var result = Run(dir.Path);
        Assert.DoesNotContain(result.Findings, f => f.Rule.Category == RuleCategory.Protection);
        Assert.Contains(result.Notes, n => n.Contains("branch protection was not judged", StringComparison.Ordinal));
    }

    /// <summary>Serves the sample's exports at the paths the live reader asks for.</summary>
    internal static FakeGitHubServer ServeSample(FakeGitHubServer server, string repo)
    {
        var protection = Path.Combine(Sample, ".github", "branch-protection");
        var tags = File.ReadAllText(Path.Combine(Sample, ".github", "rulesets", "release-tags.json"));
        return server
            .GetJson($"/repos/{repo}", new { id = 1, full_name = repo, default_branch = "main" })
            .Get($"/repos/{repo}/branches/live/protection", FakeResponse.Json(File.ReadAllText(Path.Combine(protection, "live.json"))))
            .Get($"/repos/{repo}/branches/main/protection", FakeResponse.Json(File.ReadAllText(Path.Combine(protection, "main.json"))))
            .Get($"/repos/{repo}/rulesets", FakeResponse.Json("""[{"id": 4211, "name": "release tags", "target": "tag", "source_type": "Repository", "source": "PR-CYBR/vTOC", "enforcement": "active"}]"""))
            .Get($"/repos/{repo}/rulesets/4211", FakeResponse.Json(tags))
            .Get($"/repos/{repo}/rules/branches/live", FakeResponse.Json("[]"))
            .Get($"/repos/{repo}/rules/branches/main", FakeResponse.Json("[]"));
    }
}

/// <summary>Unreadable protection sources are RL2001 (not RL0004), and settings.yml findings can be suppressed in place.</summary>
public sealed class ProtectionSourceErrorsTests
{
    private static LintResult Run(string root) => LintEngine.Run(new LintRequest { Root = root, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = LibGit2Repository.Open } });

    [Fact]
    public void Invalid_settings_yml_is_RL2001_at_the_error_and_not_RL0004()
    {
        using var dir = new TempDir();
        dir.Write("README.md", "# x\n");
        dir.Write(".github/settings.yml", "branches:\n  - name: live\n    protection:\n\trequired_status_checks: null\n");
        var result = Run(dir.Path);
        var finding = Assert.Single(result.Findings, f => f.Rule.Id == "RL2001");
        Assert.Equal((".github/settings.yml", 4), (finding.Location.Path, finding.Location.Line));
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "RL0004");
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "RL2002"); // the unread source may protect it
    }

    [Fact]
    public void A_ruleset_list_item_saved_as_a_ruleset_is_explained()
    {
        using var dir = new TempDir();
        dir.Write(".github/rulesets/list.json", """[{"id": 42, "name": "protect live", "target": "branch", "enforcement": "active", "_links": {"self": {"href": "https://api.github.com/repos/o/r/rulesets/42"}}}]""");
        var finding = Assert.Single(Run(dir.Path).Findings, f => f.Rule.Id == "RL2001");
        Assert.Contains("gh api repos/OWNER/REPO/rulesets/42", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_in_settings_yml_can_be_suppressed_on_their_line()
    {
        using var dir = new TempDir();
        dir.Write(".github/settings.yml", """
            branches:
              - name: live
                protection:
                  required_pull_request_reviews: { required_approving_review_count: 1, dismiss_stale_reviews: true }
                  required_status_checks: { strict: true, contexts: [] }
                  enforce_admins: true
                  allow_force_pushes: true # releaselint-disable-line RL2005 -- the release bot rebases live
            """);
        var result = Run(dir.Path);
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id is "RL2005" or "RL0006");
        Assert.Equal(1, result.Suppressed);
    }
}
