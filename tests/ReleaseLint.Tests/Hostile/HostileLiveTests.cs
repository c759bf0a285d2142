using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.GitHub;
using ReleaseLint.Inputs.Discussions;
using JsonObject = System.Text.Json.Nodes.JsonObject;
using JsonArray = System.Text.Json.Nodes.JsonArray;
using ReleaseLint.Rules;
using ReleaseLint.Tests.Discussions;
using ReleaseLint.Tests.GitHub;
using ReleaseLint.Tests.Protection;

namespace ReleaseLint.Tests.Hostile;

/// <summary>
/// Hostile API servers on 127.0.0.1: pagination that never ends (REST links, GraphQL discussions, comments, replies),
/// a 200 MB answer, and <c>retry-after: 59</c> on every answer. Each run stops at its budget and says so in a warning
/// (RL2001, RL5006), never in a time-out (RL0003). Waits are recorded, not slept.
/// </summary>
public sealed class HostileLiveTests
{
    private const string Repo = "octo/app";
    private static string Sample => Path.Combine(TestPaths.Samples, "live-branch");

    private static GitHubClientOptions Options(string url, List<TimeSpan> waits, RateLimitBudget? budget = null) => new()
    {
        BaseUrl = new Uri(url),
        Token = "ghp_hostile_test",
        RequestTimeout = TimeSpan.FromSeconds(20),
        Delay = (t, _) => { lock (waits) waits.Add(t); return Task.CompletedTask; },
        WaitBudget = budget,
    };

    private static JsonObject Connection(bool more, string cursor, params JsonNode[] nodes) => new()
    {
        ["pageInfo"] = new JsonObject { ["hasNextPage"] = more, ["endCursor"] = cursor },
        ["nodes"] = new JsonArray(nodes),
    };

    private static int counter;

    private static JsonObject EndlessComment() => new()
    {
        ["id"] = "C_" + Interlocked.Increment(ref counter), ["url"] = "https://github.com/octo/app/discussions/1#c", ["body"] = "comment",
        ["createdAt"] = "2025-03-10T11:00:00Z", ["author"] = null,
        ["replies"] = Connection(true, "r", new JsonObject { ["url"] = "u", ["body"] = "reply", ["createdAt"] = "2025-03-10T11:00:00Z", ["author"] = null }),
    };

    private static JsonObject EndlessDiscussion(int n) => new()
    {
        ["id"] = "D_" + n, ["number"] = n, ["title"] = "Deploy " + n, ["url"] = "https://github.com/octo/app/discussions/" + n, ["body"] = "notes",
        ["createdAt"] = "2025-03-10T10:00:00Z", ["author"] = null, ["category"] = new JsonObject { ["name"] = "Deployments", ["slug"] = "deployments" },
        ["comments"] = Connection(true, "c", EndlessComment()),
    };

    /// <summary>Every connection says another page follows, for ever; each page brings one new node.</summary>
    private static FakeResponse Endless(string query, JsonElement variables)
    {
        if (query.Contains("... on DiscussionComment", StringComparison.Ordinal))
            return FakeDiscussions.Data(new JsonObject { ["node"] = new JsonObject { ["replies"] = Connection(true, "r" + Interlocked.Increment(ref counter),
                new JsonObject { ["url"] = "u", ["body"] = "reply", ["createdAt"] = "2025-03-10T11:00:00Z", ["author"] = null }) } });
        if (query.Contains("... on Discussion ", StringComparison.Ordinal))
            return FakeDiscussions.Data(new JsonObject { ["node"] = new JsonObject { ["comments"] = Connection(true, "c" + Interlocked.Increment(ref counter), EndlessComment()) } });
        var n = Interlocked.Increment(ref counter);
        return FakeDiscussions.Data(new JsonObject { ["repository"] = new JsonObject { ["hasDiscussionsEnabled"] = true, ["discussions"] = Connection(true, "d" + n, EndlessDiscussion(n)) } });
    }

    [Fact]
    public void GraphQL_comments_and_replies_that_never_end_stop_at_their_page_budgets_and_the_request_budget()
    {
        using var server = FakeGitHubServer.Start().GraphQL(Endless);
        var waits = new List<TimeSpan>();
        using var client = new GitHubClient(Options(server.Url, waits));
        var source = new GitHubDiscussionSource(Repo, new GitHubGraphQLTransport(client));
        var threads = source.Fetch(new DiscussionQuery(null), CancellationToken.None);
        Assert.Equal(GitHubDiscussionSource.MaxRequests, source.Requests);
        Assert.Equal(GitHubDiscussionSource.MaxRequests, server.Requests.Count);
        Assert.Contains(source.Warnings, w => w.EndsWith("was asked 300 times, the most one run asks, and still said more pages follow: " + threads.Count + " discussions were read and checked, the rest were not", StringComparison.Ordinal));
        Assert.Contains(source.Warnings, w => w.Contains("has more than 20 pages of comments; the rest were not read", StringComparison.Ordinal));
        Assert.Contains(source.Warnings, w => w.Contains("has more than 10 pages of replies; the rest were not read", StringComparison.Ordinal));
        Assert.All(threads, t => Assert.Equal(1 + GitHubDiscussionSource.MaxCommentPages, t.Comments.Count));
    }

    [Fact]
    public void A_discussions_page_with_nothing_new_that_claims_more_pages_stops_at_once()
    {
        using var server = FakeGitHubServer.Start().GraphQL((_, _) => FakeDiscussions.Data(new JsonObject
        {
            ["repository"] = new JsonObject { ["hasDiscussionsEnabled"] = true, ["discussions"] = Connection(true, "same") },
        }));
        using var client = new GitHubClient(Options(server.Url, []));
        var source = new GitHubDiscussionSource(Repo, new GitHubGraphQLTransport(client));
        Assert.Empty(source.Fetch(new DiscussionQuery(null), CancellationToken.None));
        Assert.Equal(1, source.Requests);
        Assert.Equal([$"the GitHub GraphQL API ({server.Url}/graphql) answered a page of discussions with nothing new but said more pages follow; reading stopped there"], source.Warnings);
    }

    [Fact]
    public void A_REST_list_that_never_ends_stops_at_50_pages_and_is_RL2001()
    {
        using var server = ProtectionShapesTests.ServeSample(FakeGitHubServer.Start(), Repo);
        server.Map("GET", $"/repos/{Repo}/rulesets", request =>
        {
            var page = request.Query.TryGetValue("page", out var p) ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 1;
            return FakeResponse.Json("[]", 200, new Dictionary<string, string> { ["link"] = $"<{server.Url}/repos/{Repo}/rulesets?per_page=100&page={page + 1}>; rel=\"next\"" });
        });
        using var reader = new GitHubProtectionReader(Options(server.Url, []));
        var result = LintEngine.Run(new LintRequest { Root = Sample, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = LibGit2Repository.Open }, GitHub = new() { Repository = Repo, Protection = reader } });
        Assert.Equal(50, server.Requests.Count(r => r.Path == $"/repos/{Repo}/rulesets"));
        var rl2001 = result.Findings.Where(f => f.Rule.Id == "RL2001").Select(f => f.Message).ToList();
        Assert.Contains(rl2001, m => m.Contains("more than 50 pages; the rest was not read", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id is "RL0003" or "RL2009");
    }

    [Fact]
    public void A_200_MB_answer_is_an_error_after_at_most_the_accepted_bytes_and_never_an_empty_list()
    {
        using var server = new HostileHttpServer(200L * 1024 * 1024);
        using var reader = new GitHubProtectionReader(Options(server.Url, []));
        var data = reader.Read(Repo, ["live", "main"], CancellationToken.None);
        Assert.False(data.RulesetList!.IsSuccess);
        Assert.Null(data.RulesetList.Body);
        Assert.EndsWith("answered more than the 20,971,520 bytes accepted", data.RulesetList.Error);
        Assert.False(data.RepositoryInfo!.IsSuccess);
        // The client hung up at the limit: what the server pushed is the limit plus what sat in socket buffers.
        // Six requests, each stopped at its 20 MB plus what the sockets buffered; without the budget it would be 6 x 200 MB.
        Assert.InRange(server.BytesSent, 20L * 1024 * 1024, 6 * 32L * 1024 * 1024);
    }

    [Fact]
    public void Retry_after_59_on_every_answer_costs_one_minute_in_all_and_ends_in_warnings_not_time_outs()
    {
        using var server = FakeGitHubServer.Start();
        var limited = FakeResponse.SecondaryLimit(59);
        foreach (var path in new[] { $"/repos/{Repo}", $"/repos/{Repo}/rulesets", $"/repos/{Repo}/branches/live/protection", $"/repos/{Repo}/branches/main/protection",
                     $"/repos/{Repo}/rules/branches/live", $"/repos/{Repo}/rules/branches/main" })
            server.Get(path, limited);
        server.GraphQL((_, _) => limited);
        var waits = new List<TimeSpan>();
        var budget = new RateLimitBudget(TimeSpan.FromSeconds(60));
        using var reader = new GitHubProtectionReader(Options(server.Url, waits, budget));
        using var client = new GitHubClient(Options(server.Url, waits, budget));
        var result = LintEngine.Run(new LintRequest
        {
            Root = Sample,
            Rules = BuiltInRules.Create(),
            Sources = new() { OpenGit = LibGit2Repository.Open },
            GitHub = new() { Repository = Repo, Protection = reader, Discussions = new GitHubDiscussionSource(Repo, new GitHubGraphQLTransport(client)) },
        });
        Assert.Equal([TimeSpan.FromSeconds(59)], waits);
        Assert.Contains(result.Findings, f => f.Rule.Id == "RL2001" && f.Severity == Severity.Warning &&
            f.Message.Contains("ReleaseLint waits at most 60 s in all for rate limits in one run and has waited 59 s, so it stops here", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Rule.Id == "RL5006" && f.Severity == Severity.Warning);
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "RL0003");
    }
}
