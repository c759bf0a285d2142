using ReleaseLint.GitHub;

namespace ReleaseLint.Tests.GitHub;

/// <summary>The GitHub client against the fake server: pagination, GraphQL, rate limits, errors, and where the token goes.</summary>
public sealed class GitHubClientTests
{
    private const string Token = "ghp_client_test_token";

    private static GitHubClient Client(FakeGitHubServer server, List<TimeSpan>? waits = null, string? token = Token, DateTimeOffset? now = null) => new(new GitHubClientOptions
    {
        BaseUrl = new Uri(server.Url),
        Token = token,
        Delay = (t, _) => { waits?.Add(t); return Task.CompletedTask; },
        Clock = () => now ?? DateTimeOffset.UtcNow,
    });

    [Fact]
    public async Task Get_follows_link_headers_across_pages()
    {
        using var server = FakeGitHubServer.Start().GetPaged("/repos/o/r/rulesets", Enumerable.Range(1, 5).Select(i => (object)new { id = i }).ToList(), pageSize: 2);
        using var client = Client(server);
        var paged = await client.GetAllPagesAsync("repos/o/r/rulesets");
        Assert.True(paged.Complete);
        Assert.Equal(3, paged.Pages);
        Assert.Equal([1, 2, 3, 4, 5], paged.Items.Select(i => i.GetProperty("id").GetInt32()));
        Assert.Equal(["1", "2", "3"], server.Requests.Select(r => r.Query.GetValueOrDefault("page", "1")));
        Assert.All(server.Requests, r => Assert.Equal("100", r.Query["per_page"]));
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_not_followed_and_the_token_stays_home()
    {
        using var other = FakeGitHubServer.Start().GetJson("/steal", new[] { 1 });
        using var server = FakeGitHubServer.Start().Get("/repos/o/r/rulesets", FakeResponse.Json("[1]", 200,
            new Dictionary<string, string> { ["link"] = $"<{other.Url}/steal?page=2>; rel=\"next\"" }));
        using var client = Client(server);
        var paged = await client.GetAllPagesAsync("repos/o/r/rulesets");
        Assert.False(paged.Complete);
        Assert.Contains("was not followed", paged.Last.Problem, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
        // And an absolute URL on another host gets no token either.
        await client.GetAsync(other.Url + "/steal");
        Assert.Null(Assert.Single(other.Requests).Authorization);
    }

    [Fact]
    public async Task Retry_after_is_waited_then_the_request_is_retried()
    {
        var waits = new List<TimeSpan>();
        using var server = FakeGitHubServer.Start().Get("/rate", FakeResponse.SecondaryLimit(3), FakeResponse.Json(new { ok = true }));
        using var client = Client(server, waits);
        var json = await client.GetJsonAsync("rate");
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal([TimeSpan.FromSeconds(3)], waits);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task An_exhausted_primary_limit_waits_until_the_reset_when_it_is_near()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);
        var waits = new List<TimeSpan>();
        using var server = FakeGitHubServer.Start().Get("/core", FakeResponse.RateLimited(now.AddSeconds(20)), FakeResponse.Json("{}"));
        using var client = Client(server, waits, now: now);
        var response = await client.GetAsync("core");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(21)], waits);
    }

    [Fact]
    public async Task A_limit_that_resets_too_late_is_not_waited_for_and_says_when_it_resets()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);
        var waits = new List<TimeSpan>();
        using var server = FakeGitHubServer.Start().Get("/core", FakeResponse.RateLimited(now.AddMinutes(30)));
        using var client = Client(server, waits, now: now);
        var response = await client.GetAsync("core");
        Assert.Equal(403, response.StatusCode);
        Assert.Empty(waits);
        Assert.Contains("rate limit exhausted", response.Problem, StringComparison.Ordinal);
        Assert.Contains($"resets at {now.AddMinutes(30).UtcDateTime:HH:mm:ss} UTC, in 30 min", response.Problem, StringComparison.Ordinal);
        var e = Assert.Throws<GitHubApiException>(() => response.EnsureSuccess());
        Assert.Equal(GitHubErrorKind.RateLimited, e.Kind);
    }

    [Fact]
    public async Task Retries_are_bounded()
    {
        var waits = new List<TimeSpan>();
        using var server = FakeGitHubServer.Start().Get("/busy", FakeResponse.SecondaryLimit(1));
        using var client = Client(server, waits);
        var response = await client.GetAsync("busy");
        Assert.Equal(403, response.StatusCode);
        Assert.Equal(4, server.Requests.Count); // first try + MaxRetries (3)
        Assert.Equal(3, waits.Count);
        Assert.Contains("still limited after 4 attempts", response.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_403_is_a_permission_error_and_is_not_retried()
    {
        using var server = FakeGitHubServer.Start().Get("/admin", FakeResponse.Error(403, "Must have admin rights to Repository."));
        using var client = Client(server);
        var response = await client.GetAsync("admin");
        Assert.Single(server.Requests);
        Assert.Null(response.Problem);
        var e = Assert.Throws<GitHubApiException>(() => response.EnsureSuccess());
        Assert.Equal(GitHubErrorKind.Forbidden, e.Kind);
        Assert.Equal("Must have admin rights to Repository.", e.ApiMessage);
        Assert.Contains($"GET {server.Url}/admin answered 403 ('Must have admin rights to Repository.')", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_gateway_is_retried()
    {
        var waits = new List<TimeSpan>();
        using var server = FakeGitHubServer.Start().Get("/flaky", FakeResponse.Error(502, "Bad Gateway"), FakeResponse.Json("[]"));
        using var client = Client(server, waits);
        Assert.Equal(200, (await client.GetAsync("flaky")).StatusCode);
        Assert.Single(waits);
    }

    [Fact]
    public async Task A_refused_connection_throws_a_network_error_without_the_token()
    {
        var url = $"http://127.0.0.1:{FakeGitHubServer.FreePort()}";
        using var client = new GitHubClient(new GitHubClientOptions { BaseUrl = new Uri(url), Token = Token });
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => client.GetAsync("repos/o/r"));
        Assert.Equal(GitHubErrorKind.Network, e.Kind);
        Assert.Equal(0, e.StatusCode);
        Assert.StartsWith($"GET {url}/repos/o/r failed: cannot connect to {url}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphQL_posts_the_query_and_variables_and_returns_data()
    {
        using var server = FakeGitHubServer.Start().GraphQL((query, variables) =>
            FakeResponse.Json(new { data = new { repository = new { name = variables.GetProperty("name").GetString(), seen = query.Contains("discussions", StringComparison.Ordinal) } } }));
        using var client = Client(server);
        var data = await client.GraphQLAsync("query($name: String!) { repository(owner: \"o\", name: $name) { discussions(first: 1) { totalCount } } }",
            new Dictionary<string, object?> { ["name"] = "app" });
        Assert.Equal("app", data.GetProperty("repository").GetProperty("name").GetString());
        Assert.True(data.GetProperty("repository").GetProperty("seen").GetBoolean());
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/graphql", request.Path);
        Assert.Equal("Bearer " + Token, request.Authorization);
    }

    [Fact]
    public async Task GraphQL_errors_throw_with_their_messages()
    {
        using var server = FakeGitHubServer.Start().GraphQL((_, _) =>
            FakeResponse.Json("""{"data": null, "errors": [{"type": "NOT_FOUND", "path": ["repository"], "message": "Could not resolve to a Repository with the name 'o/nope'."}]}"""));
        using var client = Client(server);
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => client.GraphQLAsync("{ repository(owner: \"o\", name: \"nope\") { id } }"));
        Assert.Equal(GitHubErrorKind.GraphQL, e.Kind);
        Assert.Contains("Could not resolve to a Repository with the name 'o/nope'.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphQL_rate_limits_are_waited_out()
    {
        var waits = new List<TimeSpan>();
        var calls = 0;
        using var server = FakeGitHubServer.Start().GraphQL((_, _) => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json("""{"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}""", 200, new Dictionary<string, string> { ["retry-after"] = "2" })
            : FakeResponse.Json("""{"data": {"viewer": {"login": "octocat"}}}"""));
        using var client = Client(server, waits);
        var data = await client.GraphQLAsync("{ viewer { login } }");
        Assert.Equal("octocat", data.GetProperty("viewer").GetProperty("login").GetString());
        Assert.Equal([TimeSpan.FromSeconds(2)], waits);
    }

    [Fact]
    public void Options_come_from_the_environment()
    {
        var env = new Dictionary<string, string?> { ["GITHUB_API_URL"] = "https://ghe.example.com/api/v3", ["GITHUB_TOKEN"] = " t0k " };
        var options = GitHubClientOptions.FromEnvironment(env.GetValueOrDefault);
        Assert.Equal("https://ghe.example.com/api/v3", options.BaseUrl.ToString().TrimEnd('/'));
        Assert.Equal("https://ghe.example.com/api/graphql", options.EffectiveGraphQLUrl.ToString());
        Assert.Equal("t0k", options.Token);
        Assert.DoesNotContain("t0k", options.ToString()!, StringComparison.Ordinal);
        var defaults = GitHubClientOptions.FromEnvironment(_ => null);
        Assert.Equal("https://api.github.com/", defaults.BaseUrl.ToString());
        Assert.Equal("https://api.github.com/graphql", defaults.EffectiveGraphQLUrl.ToString());
        Assert.Null(defaults.Token);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_invalid_response()
    {
        using var server = FakeGitHubServer.Start().Get("/html", new FakeResponse(200, "<html>proxy login</html>"));
        using var client = Client(server);
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => client.GetJsonAsync("html"));
        Assert.Equal(GitHubErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("not JSON", e.Message, StringComparison.Ordinal);
    }
}
