using System.Text.Json;
using ReleaseLint.Cli;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.GitHub;
using ReleaseLint.Inputs.Discussions;
using ReleaseLint.Rules;
using ReleaseLint.Tests.GitHub;

namespace ReleaseLint.Tests.Discussions;

/// <summary>
/// Live mode (<c>--github</c>) for discussions: the GraphQL source over the shared <see cref="GitHubClient"/>, against
/// the local <see cref="FakeGitHubServer"/> (127.0.0.1 in the test process, never the internet).
/// </summary>
public sealed class LiveDiscussionsTests
{
    private const string Token = "ghs_test_token_0123456789";

    private static FakeGitHubServer Server(FakeDiscussions data, Func<string, JsonElement, FakeResponse>? handler = null) =>
        FakeGitHubServer.Start().GraphQL(handler ?? data.Answer);

    private static (GitHubDiscussionSource Source, GitHubClient Client, List<TimeSpan> Waits) Source(string baseUrl, string? token = Token)
    {
        var waits = new List<TimeSpan>();
        var client = new GitHubClient(new GitHubClientOptions
        {
            BaseUrl = new Uri(baseUrl), Token = token, RequestTimeout = TimeSpan.FromSeconds(10),
            Delay = (t, _) => { lock (waits) waits.Add(t); return Task.CompletedTask; },
        });
        return (new GitHubDiscussionSource("acme/service", new GitHubGraphQLTransport(client)), client, waits);
    }

    private static FakeDiscussion Discussion(int n, string category = "Deployments", string? body = null) =>
        new($"D_{n}", n, $"Deployment {n}", $"https://github.com/acme/service/discussions/{n}",
            body ?? "- Deployed commit/tag: `v2025.03.10`\n- Fly.io release ID: v42\n- Validation: CI green\n- Rollback status: n/a\n- Runbook updates: none", category);

    [Fact]
    public void Pages_through_discussions_comments_and_replies_with_first_at_most_100()
    {
        var data = new FakeDiscussions();
        for (var i = 1; i <= 120; i++) data.Discussions.Add(Discussion(i));
        var busy = data.Discussions[3];
        for (var c = 1; c <= 130; c++) busy.Comments.Add(new FakeComment($"C_{c}", $"{busy.Url}#discussioncomment-{c}", $"comment {c}"));
        for (var r = 1; r <= 30; r++) busy.Comments[0].Replies.Add(new FakeComment($"R_{r}", $"{busy.Url}#discussioncomment-r{r}", $"reply {r}"));
        using var server = Server(data);
        var (source, client, _) = Source(server.Url);
        using (client)
        {
            var threads = source.Fetch(new DiscussionQuery(null), CancellationToken.None);
            Assert.Equal(120, threads.Count);
            var fetched = threads.Single(t => t.Number == busy.Number);
            Assert.Equal(130, fetched.Comments.Count);
            Assert.Equal("comment 130", fetched.Comments[^1].Body);
            Assert.Equal(30, fetched.Comments[0].Replies.Count);
            Assert.Equal("reply 30", fetched.Comments[0].Replies[^1].Body);
            Assert.InRange(data.MaxFirst, 1, 100);
            // 3 pages of discussions (50 + 50 + 20), 1 more page of comments (50 + 100 ≥ 130), 1 more page of replies (20 + 100 ≥ 30).
            Assert.Equal(3 + 1 + 1, source.Requests);
            Assert.Equal(5, server.Requests.Count);
            Assert.All(server.Requests, r => Assert.Equal("Bearer " + Token, r.Authorization));
            Assert.All(server.Requests, r => Assert.Equal(("POST", "/graphql"), (r.Method, r.Path)));
        }
    }

    [Fact]
    public void Category_is_looked_up_by_name_or_slug_and_filters_server_side()
    {
        var data = new FakeDiscussions();
        data.Discussions.Add(Discussion(1));
        data.Discussions.Add(Discussion(2, "Announcements"));
        using var server = Server(data);
        var (source, client, _) = Source(server.Url);
        using (client)
        {
            var threads = source.Fetch(new DiscussionQuery("deployments"), CancellationToken.None);
            Assert.Equal([1], threads.Select(t => t.Number));
            Assert.Contains(data.Variables, v => v.TryGetProperty("categoryId", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() == "DIC_2");
            var e = Assert.Throws<DiscussionSourceException>(() => source.Fetch(new DiscussionQuery("Releases"), CancellationToken.None));
            Assert.Equal("acme/service has no discussion category 'Releases' (discussions.category); its categories are 'Announcements', 'Deployments'", e.Message);
        }
    }

    public static TheoryData<string, string> Failures() => new()
    {
        { "401", "answered 401 ('Bad credentials'); GITHUB_TOKEN was not accepted" },
        { "403", "answered 403 ('Resource not accessible by integration'); the token cannot read discussions" },
        { "500", "answered 500" },
        { "errors", "GraphQL errors: Could not resolve to a Repository with the name 'acme/service'." },
        { "disabled", "acme/service has discussions turned off" },
        { "garbage", "with a body that is not JSON" },
        { "rate-limit-long", "retry after 3600 s; that is longer than the 60 s ReleaseLint waits" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failures_are_clear_and_never_print_the_token(string kind, string expected)
    {
        var data = new FakeDiscussions();
        data.Discussions.Add(Discussion(1));
        if (kind == "disabled") data.Enabled = false;
        using var server = Server(data, kind == "disabled" ? null : (_, _) => kind switch
        {
            "401" => FakeResponse.Error(401, "Bad credentials"),
            "403" => FakeResponse.Error(403, "Resource not accessible by integration"),
            "500" => FakeResponse.Json("{}", 500),
            "errors" => FakeResponse.Json("""{"data":{"repository":null},"errors":[{"type":"NOT_FOUND","message":"Could not resolve to a Repository with the name 'acme/service'."}]}"""),
            "garbage" => new FakeResponse(200, "<html>proxy</html>"),
            _ => FakeResponse.SecondaryLimit(3600),
        });
        var (source, client, _) = Source(server.Url);
        using (client)
        {
            var e = Assert.Throws<DiscussionSourceException>(() => source.Fetch(new DiscussionQuery(null), CancellationToken.None));
            Assert.Contains(expected, e.Message);
            Assert.DoesNotContain(Token, e.Message);
        }
    }

    [Fact]
    public void Rate_limits_within_reach_are_waited_for_and_retried()
    {
        var data = new FakeDiscussions();
        data.Discussions.Add(Discussion(1));
        var calls = 0;
        using var server = Server(data, (q, v) => Interlocked.Increment(ref calls) switch
        {
            1 => FakeResponse.SecondaryLimit(7),
            2 => FakeResponse.Json("""{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded"}]}""", 200, new Dictionary<string, string>
            {
                ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddSeconds(20).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            3 => FakeResponse.Json("{}", 502),
            _ => data.Answer(q, v),
        });
        var (source, client, waits) = Source(server.Url);
        using (client)
        {
            Assert.Single(source.Fetch(new DiscussionQuery(null), CancellationToken.None));
            Assert.Equal(4, calls);
            Assert.Equal(3, waits.Count);
            Assert.Equal(TimeSpan.FromSeconds(7), waits[0]);
            Assert.InRange(waits[1].TotalSeconds, 15, 22);
        }
    }

    [Fact]
    public void No_token_and_no_server_are_clear_failures()
    {
        var data = new FakeDiscussions();
        using (var server = Server(data))
        {
            var (noToken, client, _) = Source(server.Url, token: null);
            using (client)
            {
                var e = Assert.Throws<DiscussionSourceException>(() => noToken.Fetch(new DiscussionQuery(null), CancellationToken.None));
                Assert.Contains("needs a token: set GITHUB_TOKEN", e.Message);
                Assert.Empty(server.Requests);
            }
        }
        var (refused, refusedClient, _) = Source($"http://127.0.0.1:{FakeGitHubServer.FreePort()}");
        using (refusedClient)
        {
            var e2 = Assert.Throws<DiscussionSourceException>(() => refused.Fetch(new DiscussionQuery(null), CancellationToken.None));
            Assert.Contains("cannot connect to", e2.Message);
            Assert.DoesNotContain(Token, e2.Message);
        }
    }

    [Fact]
    public void Live_posts_are_checked_and_findings_name_the_post_url()
    {
        var data = new FakeDiscussions();
        var thread = Discussion(7, body: "# Deployment Strategy: live branch\n\n**Update template**\n- Deployed commit/tag: `<sha or tag>`\n- Fly.io release ID: `<fly release>`\n");
        thread.Comments.Add(new FakeComment("C_1", "https://github.com/acme/service/discussions/7#discussioncomment-11", "- Deployed commit/tag: `v2025.03.10`\n- Fly.io release ID: `<fly release>`\n- Validation: ok"));
        data.Discussions.Add(thread);
        using var server = Server(data);
        using var dir = new TempDir();
        dir.Write("docs/communications/live-branch.md", "# Live branch operations\n\n**Update template**\n- Deployed commit/tag: `<sha or tag>`\n");
        var (source, client, _) = Source(server.Url);
        using (client)
        {
            var result = LintEngine.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create(), GitHub = new() { Discussions = source, Repository = "acme/service" } });
            var lines = result.Findings.Where(f => f.Rule.Category == RuleCategory.Discussions).Select(TextFormatter.Line).ToList();
            Assert.Equal(
            [
                "docs/communications/live-branch.md:3:3: warning RL5001 deployment update lacks the field 'Rollback status' of the update template; add '- Rollback status: …' (post https://github.com/acme/service/discussions/7#discussioncomment-11)",
                "docs/communications/live-branch.md:3:3: warning RL5001 deployment update lacks the field 'Runbook updates' of the update template; add '- Runbook updates: …' (post https://github.com/acme/service/discussions/7#discussioncomment-11)",
                "docs/communications/live-branch.md:3:3: warning RL5002 field 'Fly.io release ID' still holds the placeholder '<fly release>'; replace it with the real value (post https://github.com/acme/service/discussions/7#discussioncomment-11)",
                "docs/communications/live-branch.md:3:3: warning RL5004 field 'Validation' holds 'ok': give the CI run URL or a note of what was checked (smoke tests, dashboards) (post https://github.com/acme/service/discussions/7#discussioncomment-11)",
            ], lines);
            Assert.All(result.Findings.Where(f => f.Rule.Category == RuleCategory.Discussions),
                f => Assert.Contains(f.LogicalLocations, l => l.Kind == "discussion" && l.Name == "https://github.com/acme/service/discussions/7#discussioncomment-11"));
        }
    }

    [Fact]
    public void A_failing_api_is_RL5006_and_the_other_sources_still_report()
    {
        using var server = Server(new FakeDiscussions(), (_, _) => FakeResponse.Error(401, "Bad credentials"));
        using var dir = new TempDir();
        dir.Write("README.md", "# Service\n");
        dir.Write("docs/discussions/2025-03-10.md", "# Deployment\n\n- Deployed commit/tag: `v2025.03.10`\n- Fly.io release ID: TBD\n- Validation: CI green\n- Rollback status: n/a\n- Runbook updates: none\n");
        var (source, client, _) = Source(server.Url);
        using (client)
        {
            var result = LintEngine.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create(), GitHub = new() { Discussions = source } });
            var lines = result.Findings.Select(TextFormatter.Line).ToList();
            Assert.Contains($"README.md:1:1: warning RL5006 the GitHub GraphQL API: POST {server.Url}/graphql answered 401 ('Bad credentials'); GITHUB_TOKEN was not accepted (expired, revoked or mistyped)", lines);
            Assert.Contains(lines, l => l.StartsWith("docs/discussions/2025-03-10.md:4:22: warning RL5002", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(Token, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Check_with_github_reads_discussions_live()
    {
        var data = new FakeDiscussions();
        data.Discussions.Add(Discussion(3, body: "- Deployed commit/tag: `v2025.03.10`\n- Fly.io release ID: `<fly release>`"));
        using var server = Server(data);
        using var dir = new TempDir();
        dir.Write("README.md", "# Service\n");
        var env = new Dictionary<string, string?> { ["GITHUB_API_URL"] = server.Url, ["GITHUB_TOKEN"] = Token };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ReleaseLintCli.Run(["check", dir.Path, "--github", "acme/service", "--fail-on", "never"], stdout, stderr, n => env.GetValueOrDefault(n));
        Assert.Equal(0, code);
        Assert.Contains("RL5002 field 'Fly.io release ID' still holds the placeholder '<fly release>'; replace it with the real value (post https://github.com/acme/service/discussions/3)", stdout.ToString());
        Assert.DoesNotContain(Token, stdout + stderr.ToString());
        Assert.Contains(server.Requests, r => r.Path == "/graphql");
    }

    [Fact]
    public void Environment_gives_the_endpoint()
    {
        var env = new Dictionary<string, string?> { ["GITHUB_API_URL"] = "https://ghe.example.com/api/v3", ["GITHUB_TOKEN"] = Token };
        using (var live = LiveGitHub.Connect("acme/service", n => env.GetValueOrDefault(n)))
            Assert.Equal("GitHub GraphQL API https://ghe.example.com/api/graphql (acme/service)", live.Discussions.Description);
        env["GITHUB_API_URL"] = "not a url";
        Assert.Throws<UsageException>(() => LiveGitHub.Connect("acme/service", n => env.GetValueOrDefault(n)));
    }
}
