using ReleaseLint.Fixes;
using ReleaseLint.GitHub;

namespace ReleaseLint.Tests.GitHub;

public sealed class CommitResolverTests
{
    private const string ShaA = "8f4b7f84864484a7bf31766abe9204da3cbe65b3";
    private const string ShaB = "11bd71901bbe5b1630ceea73d27597364c9af683";
    private const string TagObject = "4a9c1c3e1b0f2ad0c0f6f1f0a6f0e5a8e7d6c5b4";

    private static GitHubCommitResolver Resolver(FakeGitHubServer server, string? cache = null, CommitResolverLimits? limits = null, string? token = null) =>
        new(new GitHubClientOptions { BaseUrl = new Uri(server.Url), Token = token, Delay = (_, _) => Task.CompletedTask, MaxRateLimitWait = TimeSpan.FromSeconds(5) }, cache, limits);

    private static object Ref(string kind, string sha) => new Dictionary<string, object> { ["ref"] = "refs/x", ["object"] = new Dictionary<string, string> { ["type"] = kind, ["sha"] = sha } };

    [Fact]
    public void Lightweight_and_annotated_tags_branches_and_short_shas_resolve()
    {
        using var server = FakeGitHubServer.Start()
            .GetJson("/repos/o/r/git/ref/tags/v1", Ref("commit", ShaA))
            .GetJson("/repos/o/r/git/ref/tags/v2", Ref("tag", TagObject))
            .GetJson($"/repos/o/r/git/tags/{TagObject}", new Dictionary<string, object> { ["object"] = new Dictionary<string, string> { ["type"] = "commit", ["sha"] = ShaB } })
            .GetJson("/repos/o/r/git/ref/heads/main", Ref("commit", ShaB))
            .GetJson("/repos/o/r/commits/8f4b7f8", new Dictionary<string, string> { ["sha"] = ShaA });
        using var resolver = Resolver(server);
        Assert.Equal(new ResolvedRef(ShaA, GitRefKind.Tag), resolver.Resolve("o", "r", "v1"));
        Assert.Equal(new ResolvedRef(ShaB, GitRefKind.Tag), resolver.Resolve("o", "r", "v2"));
        Assert.Equal(new ResolvedRef(ShaB, GitRefKind.Branch), resolver.Resolve("o", "r", "main"));
        Assert.Equal(new ResolvedRef(ShaA, GitRefKind.Commit), resolver.Resolve("o", "r", "8f4b7f8"));
        Assert.Null(resolver.Resolve("o", "r", "v9"));
        Assert.Equal(new ResolvedRef(ShaA, GitRefKind.Commit), resolver.Resolve("o", "r", ShaA)); // no request for a full SHA
        var before = server.Requests.Count;
        Assert.Equal(new ResolvedRef(ShaA, GitRefKind.Tag), resolver.Resolve("O", "R", "v1")); // remembered for the run
        Assert.Equal(before, server.Requests.Count);
    }

    [Fact]
    public void Hostile_answers_and_names_are_refused()
    {
        using var server = FakeGitHubServer.Start()
            .GetJson("/repos/o/r/git/ref/tags/v1", Ref("commit", "not-a-sha\n# injected"))
            .GetJson("/repos/o/r/commits/abcdef1", new Dictionary<string, string> { ["sha"] = ShaA }) // does not start with the short SHA
            .GetJson("/repos/o/r/tags", new object[]
            {
                new Dictionary<string, object> { ["name"] = "v1\n  run: curl evil", ["commit"] = new Dictionary<string, string> { ["sha"] = ShaA } },
                new Dictionary<string, object> { ["name"] = "v1.0.0", ["commit"] = new Dictionary<string, string> { ["sha"] = ShaA } },
            });
        using var resolver = Resolver(server);
        Assert.Null(resolver.Resolve("o", "r", "v1"));
        Assert.Null(resolver.Resolve("o", "r", "abcdef1"));
        Assert.Null(resolver.Resolve("o", "r", "../../admin"));
        Assert.Null(resolver.Resolve("o/x", "r", "v1"));
        Assert.Null(resolver.Resolve("o", "r", "v1 # x"));
        Assert.Equal(["v1.0.0"], resolver.TagsAt("o", "r", ShaA));
        Assert.DoesNotContain(server.Requests, r => r.Path.Contains("admin", StringComparison.Ordinal) || r.Path.Contains(' '));
    }

    [Fact]
    public void A_rate_limit_that_does_not_reset_in_time_stops_resolving_and_says_so()
    {
        using var server = FakeGitHubServer.Start()
            .Get("/repos/o/r/git/ref/tags/v1", FakeResponse.RateLimited(DateTimeOffset.UtcNow.AddHours(1)));
        using var resolver = Resolver(server);
        Assert.Null(resolver.Resolve("o", "r", "v1"));
        Assert.Null(resolver.Resolve("o", "r2", "v2"));
        Assert.Single(server.Requests);
        var note = Assert.Single(resolver.Notes);
        Assert.Contains("2 action refs could not be resolved", note);
        Assert.Contains("rate limit", note);
    }

    [Fact]
    public void The_request_budget_is_kept()
    {
        using var server = FakeGitHubServer.Start();
        using var resolver = Resolver(server, limits: new CommitResolverLimits { MaxRequests = 5 });
        for (var i = 0; i < 10; i++) resolver.Resolve("o", "r" + i, "v1");
        Assert.Equal(5, server.Requests.Count);
        Assert.Contains("budget of 5 API requests", Assert.Single(resolver.Notes));
    }

    [Fact]
    public void The_cache_is_keyed_on_the_api_url_the_repository_and_the_ref_and_expires_branches()
    {
        using var cache = new TempDir();
        using var first = FakeGitHubServer.Start().GetJson("/repos/o/r/git/ref/tags/v1", Ref("commit", ShaA)).GetJson("/repos/o/r/git/ref/heads/main", Ref("commit", ShaA));
        using (var resolver = Resolver(first, cache.Path))
        {
            resolver.Resolve("o", "r", "v1");
            resolver.Resolve("o", "r", "main");
        }
        var requests = first.Requests.Count;
        var clock = DateTimeOffset.UtcNow;
        using (var again = new GitHubCommitResolver(new GitHubClientOptions { BaseUrl = new Uri(first.Url), Clock = () => clock.AddMinutes(30) }, cache.Path))
        {
            Assert.Equal(ShaA, again.Resolve("o", "r", "v1")!.Sha); // a tag is reused for a day
            Assert.Equal(ShaA, again.Resolve("o", "r", "main")!.Sha); // a branch is read again after ten minutes
        }
        Assert.Equal(requests + 2, first.Requests.Count);
        using var other = FakeGitHubServer.Start().GetJson("/repos/o/r/git/ref/tags/v1", Ref("commit", ShaB));
        using (var resolver = Resolver(other, cache.Path))
            Assert.Equal(ShaB, resolver.Resolve("o", "r", "v1")!.Sha); // another API is another key
        foreach (var file in Directory.EnumerateFiles(Path.Combine(cache.Path, "pins"))) File.WriteAllText(file, "{\"key\": \"x\", \"sha\": \"" + ShaB + "\"}");
        using (var resolver = Resolver(first, cache.Path))
            Assert.Equal(ShaA, resolver.Resolve("o", "r", "v1")!.Sha); // an entry for another key is not used
    }

    [Fact]
    public void The_token_is_optional_and_sent_only_when_given()
    {
        using var server = FakeGitHubServer.Start().GetJson("/repos/o/r/git/ref/tags/v1", Ref("commit", ShaA));
        using (var anonymous = Resolver(server)) anonymous.Resolve("o", "r", "v1");
        using (var withToken = Resolver(server, token: "ghp_x")) withToken.Resolve("o", "r", "v1");
        Assert.Null(server.Requests[0].Authorization);
        Assert.Equal("Bearer ghp_x", server.Requests[1].Authorization);
    }

    [Fact]
    public void The_cache_is_keyed_on_the_token_so_an_answer_read_with_one_is_never_served_without_it()
    {
        using var cache = new TempDir();
        using var server = FakeGitHubServer.Start().GetJson("/repos/o/r/git/ref/tags/v1", Ref("commit", ShaA));
        using (var withToken = Resolver(server, cache.Path, token: "ghp_private")) withToken.Resolve("o", "r", "v1");
        using (var anonymous = Resolver(server, cache.Path)) anonymous.Resolve("o", "r", "v1");
        using (var other = Resolver(server, cache.Path, token: "ghp_other")) other.Resolve("o", "r", "v1");
        using (var same = Resolver(server, cache.Path, token: "ghp_private")) same.Resolve("o", "r", "v1");
        Assert.Equal(3, server.Requests.Count); // the last run reuses the first run's answer, the others ask again
        Assert.Equal(new string?[] { "Bearer ghp_private", null, "Bearer ghp_other" }, server.Requests.Select(r => r.Authorization).ToArray());
        foreach (var file in Directory.EnumerateFiles(Path.Combine(cache.Path, "pins")))
            Assert.DoesNotContain("ghp_", File.ReadAllText(file), StringComparison.Ordinal);
    }
}
