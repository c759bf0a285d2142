using ReleaseLint.Cli;
using ReleaseLint.Engine;
using ReleaseLint.GitHub;
using ReleaseLint.Git;
using ReleaseLint.Rules;
using ReleaseLint.Tests.Protection;

namespace ReleaseLint.Tests.GitHub;

/// <summary>
/// <c>releaselint check --github OWNER/REPO</c> against a fake GitHub API on 127.0.0.1: correct findings, a clear RL2001
/// for every way the API can fail, pagination and rate limits, and the token never printed.
/// </summary>
public sealed class LiveModeTests
{
    private const string Repo = "octo/app";
    private const string Token = "ghp_SECRET_0123456789abcdefTOKEN";

    private static string Sample => Path.Combine(TestPaths.Samples, "live-branch");

    /// <summary>Runs the CLI in process with the given environment; returns exit code, stdout and stderr.</summary>
    private static (int Exit, string Out, string Err) Cli(string root, string apiUrl, string? token, params string[] extra)
    {
        var env = new Dictionary<string, string?> { ["GITHUB_API_URL"] = apiUrl, ["GITHUB_TOKEN"] = token };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = ReleaseLintCli.Run(["check", root, "--github", Repo, .. extra], stdout, stderr, name => env.GetValueOrDefault(name));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    // Live mode also reads discussions through GraphQL: a healthy repository answers with its (here: no) discussions.
    private static FakeGitHubServer Healthy() => ProtectionShapesTests.ServeSample(FakeGitHubServer.Start(), Repo).GraphQL(new Discussions.FakeDiscussions().Answer);

    private static LintResult Engine(string root, FakeGitHubServer server, string? token = Token, List<TimeSpan>? waits = null)
    {
        var options = new GitHubClientOptions
        {
            BaseUrl = new Uri(server.Url),
            Token = token,
            Delay = (t, _) => { waits?.Add(t); return Task.CompletedTask; },
        };
        using var reader = new GitHubProtectionReader(options);
        return LintEngine.Run(new LintRequest { Root = root, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = LibGit2Repository.Open }, GitHub = new() { Repository = Repo, Protection = reader } });
    }

    private static List<string> Lines(LintResult result, string ruleId) =>
        result.Findings.Where(f => f.Rule.Id == ruleId).Select(f => f.Message).ToList();

    [Fact]
    public void Live_branch_sample_is_clean_in_live_mode_and_the_token_is_sent_as_a_bearer_token()
    {
        using var server = Healthy();
        var (exit, output, error) = Cli(Sample, server.Url, Token);
        Assert.True(exit == 0, output + error);
        Assert.Contains("0 errors, 0 warnings, 0 notes", output, StringComparison.Ordinal);
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Token, r.Authorization));
        Assert.All(server.Requests, r => Assert.Equal("2022-11-28", r.Headers["x-github-api-version"]));
        Assert.Contains(server.Requests, r => r.Path == $"/repos/{Repo}/branches/live/protection");
    }

    [Fact]
    public void A_repository_protected_only_by_an_active_ruleset_reports_no_RL2002()
    {
        using var server = Healthy()
            .Get($"/repos/{Repo}/branches/live/protection", FakeResponse.BranchNotProtected())
            .Get($"/repos/{Repo}/rulesets", FakeResponse.Json("""[{"id": 4211, "name": "release tags", "target": "tag", "enforcement": "active"}, {"id": 5120, "name": "protect live", "target": "branch", "enforcement": "active"}]"""))
            .Get($"/repos/{Repo}/rulesets/5120", FakeResponse.Json(ProtectLive("active")));
        var result = Engine(Sample, server);
        Assert.Empty(Lines(result, "RL2002"));
        Assert.DoesNotContain(result.Findings, f => f.Rule.Category == RuleCategory.Protection);
    }

    [Fact]
    public void A_repository_whose_ruleset_is_in_evaluate_reports_RL2002_and_says_why()
    {
        using var server = Healthy()
            .Get($"/repos/{Repo}/branches/live/protection", FakeResponse.BranchNotProtected())
            .Get($"/repos/{Repo}/rulesets", FakeResponse.Json("""[{"id": 4211, "name": "release tags", "target": "tag", "enforcement": "active"}, {"id": 5120, "name": "protect live", "target": "branch", "enforcement": "evaluate"}]"""))
            .Get($"/repos/{Repo}/rulesets/5120", FakeResponse.Json(ProtectLive("evaluate")));
        var message = Assert.Single(Lines(Engine(Sample, server), "RL2002"));
        Assert.Contains("ruleset 'protect live'", message, StringComparison.Ordinal);
        Assert.Contains("enforcement is 'evaluate'", message, StringComparison.Ordinal);
        Assert.Contains("enforces nothing", message, StringComparison.Ordinal);
        Assert.Contains($"{server.Url}/repos/{Repo}/rulesets/5120", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unprotected_release_branch_is_reported_with_the_api_url_at_the_guide_line()
    {
        using var server = Healthy().Get($"/repos/{Repo}/branches/live/protection", FakeResponse.BranchNotProtected());
        var finding = Assert.Single(Engine(Sample, server).Findings, f => f.Rule.Id == "RL2002");
        Assert.Equal("docs/communications/live-branch.md", finding.Location.Path);
        Assert.Contains("protected release branch", File.ReadAllLines(Path.Combine(Sample, finding.Location.Path))[finding.Location.Line - 1], StringComparison.Ordinal);
        Assert.Contains($"GET {server.Url}/repos/{Repo}/branches/live/protection answered 'Branch not protected'", finding.Message, StringComparison.Ordinal);
        Assert.Contains(new LogicalLocation("branch", "live"), finding.LogicalLocations);
    }

    [Theory]
    [InlineData(401, "Bad credentials", "answered 401 ('Bad credentials'): the token in GITHUB_TOKEN was rejected")]
    [InlineData(403, "Resource not accessible by integration", "answered 403 ('Resource not accessible by integration'): the token lacks the permission; it needs admin rights: 'Administration: read'")]
    [InlineData(404, "Not Found", "answered 404 ('Not Found'): GitHub answers 404 when the token may not see this (it needs admin rights")]
    [InlineData(500, "Server Error", "answered 500 ('Server Error'): GitHub failed to answer; try again later")]
    public void An_api_error_on_classic_protection_is_a_clear_RL2001_that_falls_back_to_rulesets(int status, string apiMessage, string expected)
    {
        using var server = Healthy()
            .Get($"/repos/{Repo}/branches/live/protection", FakeResponse.Error(status, apiMessage))
            .Get($"/repos/{Repo}/branches/main/protection", FakeResponse.Error(status, apiMessage));
        var result = Engine(Sample, server);
        var messages = Lines(result, "RL2001");
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Contains(expected, m, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.Contains("falling back to rulesets", m, StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains($"GET {server.Url}/repos/{Repo}/branches/live/protection", StringComparison.Ordinal));
        // Classic protection is unknown: no false "unprotected" alarm.
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id is "RL2002" or "RL2003" or "RL2004" or "RL2005" or "RL2006" or "RL2007" or "RL2008");
        // The rulesets were still read.
        Assert.Contains(server.Requests, r => r.Path == $"/repos/{Repo}/rulesets/4211");
    }

    [Fact]
    public void A_refused_connection_is_a_clear_RL2001_and_the_run_goes_on()
    {
        var closed = $"http://127.0.0.1:{FakeGitHubServer.FreePort()}";
        var (exit, output, error) = Cli(Sample, closed, Token);
        Assert.Equal(0, exit); // RL2001 is a warning
        var lines = output.Split('\n').Where(l => l.Contains(" RL2001 ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains($"GET {closed}/repos/{Repo}/branches/live/protection failed: cannot connect to {closed}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("rulesets could not be listed", StringComparison.Ordinal));
        Assert.DoesNotContain(" RL2002 ", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public void Without_a_token_classic_protection_is_not_asked_and_RL2001_says_which_permission_is_needed()
    {
        using var server = Healthy();
        var result = Engine(Sample, server, token: null);
        var message = Assert.Single(Lines(result, "RL2001"));
        Assert.StartsWith("GITHUB_TOKEN is not set", message, StringComparison.Ordinal);
        Assert.Contains("'Administration: read'", message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Requests, r => r.Path.EndsWith("/protection", StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.Null(r.Authorization));
        Assert.Contains(server.Requests, r => r.Path == $"/repos/{Repo}/rulesets");
    }

    [Fact]
    public void Rulesets_are_read_across_pages()
    {
        var list = new List<object>
        {
            new { id = 4211, name = "release tags", target = "tag", enforcement = "active" },
            new { id = 7001, name = "docs", target = "branch", enforcement = "active" },
            new { id = 5120, name = "protect live", target = "branch", enforcement = "active" },
        };
        using var server = Healthy()
            .Get($"/repos/{Repo}/branches/live/protection", FakeResponse.BranchNotProtected())
            .GetPaged($"/repos/{Repo}/rulesets", list, pageSize: 1)
            .Get($"/repos/{Repo}/rulesets/7001", FakeResponse.Json("""{"id": 7001, "name": "docs", "target": "branch", "enforcement": "active", "bypass_actors": [], "conditions": {"ref_name": {"include": ["refs/heads/docs/**"], "exclude": []}}, "rules": [{"type": "deletion"}]}"""))
            .Get($"/repos/{Repo}/rulesets/5120", FakeResponse.Json(ProtectLive("active")));
        var result = Engine(Sample, server);
        Assert.DoesNotContain(result.Findings, f => f.Rule.Category == RuleCategory.Protection);
        Assert.Equal(3, server.Requests.Count(r => r.Path == $"/repos/{Repo}/rulesets"));
        Assert.Contains(server.Requests, r => r.Path == $"/repos/{Repo}/rulesets/5120");
    }

    [Fact]
    public void A_rate_limited_answer_is_waited_out_within_bounds_and_the_run_is_correct()
    {
        var waits = new List<TimeSpan>();
        using var server = Healthy()
            .Get($"/repos/{Repo}/rulesets", FakeResponse.SecondaryLimit(7, status: 429), FakeResponse.Json("""[{"id": 4211, "name": "release tags", "target": "tag", "enforcement": "active"}]"""));
        var result = Engine(Sample, server, waits: waits);
        Assert.Empty(result.Findings);
        Assert.Contains(TimeSpan.FromSeconds(7), waits);
    }

    [Fact]
    public void A_rate_limit_that_resets_too_late_is_a_clear_RL2001()
    {
        using var server = Healthy()
            .Get($"/repos/{Repo}/rulesets", FakeResponse.RateLimited(DateTimeOffset.UtcNow.AddMinutes(40)));
        var message = Assert.Single(Lines(Engine(Sample, server), "RL2001"));
        Assert.Contains("rulesets could not be listed", message, StringComparison.Ordinal);
        Assert.Contains("rate limit exhausted (5000 requests an hour)", message, StringComparison.Ordinal);
        Assert.Contains("longer than the 60 s ReleaseLint waits", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("github")]
    public void The_token_is_never_printed(string format)
    {
        using var server = Healthy()
            .Get($"/repos/{Repo}/branches/live/protection", FakeResponse.Error(401, "Bad credentials"))
            .Get($"/repos/{Repo}/rulesets", FakeResponse.Error(500, "Server Error"));
        server.RequiredToken = "another-token";
        using var dir = new TempDir();
        var report = Path.Combine(dir.Path, "report." + format);
        var (_, output, error) = Cli(Sample, server.Url, Token, "--format", format);
        var (_, output2, error2) = Cli(Sample, server.Url, Token, "--format", format, "--output", report);
        Assert.Contains("RL2001", output + File.ReadAllText(report), StringComparison.Ordinal);
        foreach (var text in new[] { output, error, output2, error2, File.ReadAllText(report) })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_invalid_GITHUB_API_URL_is_a_usage_error()
    {
        var (exit, _, error) = Cli(Sample, "not a url", Token);
        Assert.Equal(ReleaseLintCli.ExitError, exit);
        Assert.Contains("GITHUB_API_URL must be an absolute http(s) URL", error, StringComparison.Ordinal);
    }

    private static string ProtectLive(string enforcement) => $$"""
        {
          "id": 5120, "name": "protect live", "target": "branch", "source_type": "Repository", "source": "octo/app", "enforcement": "{{enforcement}}",
          "bypass_actors": [], "current_user_can_bypass": "never",
          "conditions": { "ref_name": { "include": ["refs/heads/live"], "exclude": [] } },
          "rules": [
            { "type": "deletion" },
            { "type": "non_fast_forward" },
            { "type": "pull_request", "parameters": { "required_approving_review_count": 1, "dismiss_stale_reviews_on_push": true, "require_code_owner_review": false, "require_last_push_approval": true, "required_review_thread_resolution": false } },
            { "type": "required_status_checks", "parameters": { "strict_required_status_checks_policy": true, "required_status_checks": [{ "context": "ci", "integration_id": 15368 }] } }
          ]
        }
        """;
}
