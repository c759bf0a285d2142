using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReleaseLint.Tests.Discussions;

/// <summary>A GraphQL request the fake server received.</summary>
/// <param name="Path">The request path.</param>
/// <param name="Query">The GraphQL query text.</param>
/// <param name="Variables">The variables.</param>
/// <param name="Authorization">The <c>Authorization</c> header, or null.</param>
public sealed record GraphQLRequest(string Path, string Query, JsonObject Variables, string? Authorization);

/// <summary>An answer of the fake server.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Body">JSON text.</param>
/// <param name="Headers">Extra headers (<c>retry-after</c>, <c>x-ratelimit-*</c>).</param>
public sealed record GraphQLResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A 200 answer holding <c>{"data": data}</c>.</summary>
    public static GraphQLResponse Data(JsonNode data) => new(200, new JsonObject { ["data"] = data }.ToJsonString());
}

/// <summary>
/// A GitHub GraphQL endpoint on 127.0.0.1 inside the test process (never the internet): every POST is parsed and
/// handed to <see cref="Handler"/>, which by default answers from <see cref="Dataset"/> with GitHub's shapes and
/// cursor pagination. Requests are recorded.
/// </summary>
public sealed class FakeGraphQLServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Starts the server on a free port.</summary>
    public FakeGraphQLServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        ApiUrl = new Uri($"http://127.0.0.1:{port}/api/v3");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Handler = request => Dataset.Answer(request);
        _loop = Task.Run(Serve);
    }

    /// <summary>The REST base URL to give as <c>GITHUB_API_URL</c> (an Enterprise-style <c>/api/v3</c>: GraphQL is <c>/api/graphql</c>).</summary>
    public Uri ApiUrl { get; }
    /// <summary>Answers requests; replace it to script failures.</summary>
    public Func<GraphQLRequest, GraphQLResponse> Handler { get; set; }
    /// <summary>The repository's discussions served by the default handler.</summary>
    public FakeDiscussions Dataset { get; } = new();
    /// <summary>Every request, in order.</summary>
    public ConcurrentQueue<GraphQLRequest> Requests { get; } = new();

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            catch (ObjectDisposedException) { return; }
            try
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var json = JsonNode.Parse(body)!.AsObject();
                var request = new GraphQLRequest(context.Request.Url!.AbsolutePath, json["query"]!.GetValue<string>(),
                    json["variables"] as JsonObject ?? new JsonObject(), context.Request.Headers["Authorization"]);
                Requests.Enqueue(request);
                var response = context.Request.Url.AbsolutePath == "/api/graphql"
                    ? Handler(request)
                    : new GraphQLResponse(404, """{"message":"Not Found"}""");
                context.Response.StatusCode = response.Status;
                foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
                var bytes = Encoding.UTF8.GetBytes(response.Body);
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or JsonException)
            {
                try { context.Response.Abort(); } catch (ObjectDisposedException) { }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}

/// <summary>A repository's discussions as the fake server serves them, with GitHub's pagination.</summary>
public sealed class FakeDiscussions
{
    /// <summary>Discussions, newest first.</summary>
    public List<FakeDiscussion> Discussions { get; } = [];
    /// <summary>Categories (id, name, slug).</summary>
    public List<(string Id, string Name, string Slug)> Categories { get; } = [("DIC_1", "Announcements", "announcements"), ("DIC_2", "Deployments", "deployments")];
    /// <summary>False answers like a repository with discussions turned off.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>The largest <c>first</c> any request asked for.</summary>
    public int MaxFirst { get; private set; }

    /// <summary>Answers one request.</summary>
    public GraphQLResponse Answer(GraphQLRequest request)
    {
        var v = request.Variables;
        int First(string name)
        {
            var first = v[name]!.GetValue<int>();
            MaxFirst = Math.Max(MaxFirst, first);
            return first;
        }
        int After() => v["after"] is JsonValue a && a.GetValue<string>() is { } s ? int.Parse(s[2..]) : 0;
        if (request.Query.Contains("discussionCategories", StringComparison.Ordinal))
            return GraphQLResponse.Data(new JsonObject
            {
                ["repository"] = new JsonObject
                {
                    ["hasDiscussionsEnabled"] = Enabled,
                    ["discussionCategories"] = new JsonObject { ["nodes"] = new JsonArray(Categories.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name, ["slug"] = c.Slug }).ToArray()) },
                },
            });
        if (request.Query.Contains("... on Discussion ", StringComparison.Ordinal))
        {
            var d = Discussions.Single(x => x.Id == v["id"]!.GetValue<string>());
            return GraphQLResponse.Data(new JsonObject { ["node"] = new JsonObject { ["comments"] = Page(d.Comments, After(), First("first"), c => Comment(c, First("replies"))) } });
        }
        if (request.Query.Contains("... on DiscussionComment", StringComparison.Ordinal))
        {
            var c = Discussions.SelectMany(x => x.Comments).Single(x => x.Id == v["id"]!.GetValue<string>());
            return GraphQLResponse.Data(new JsonObject { ["node"] = new JsonObject { ["replies"] = Page(c.Replies, After(), First("first"), Reply) } });
        }
        var category = v["categoryId"] is JsonValue cv ? cv.GetValue<string>() : null;
        var list = Discussions.Where(d => category is null || Categories.Single(c => c.Id == category).Name == d.Category).ToList();
        var comments = First("comments");
        var replies = First("replies");
        return GraphQLResponse.Data(new JsonObject
        {
            ["repository"] = new JsonObject
            {
                ["hasDiscussionsEnabled"] = Enabled,
                ["discussions"] = Page(list, After(), First("first"), d => new JsonObject
                {
                    ["id"] = d.Id, ["number"] = d.Number, ["title"] = d.Title, ["url"] = d.Url, ["body"] = d.Body, ["createdAt"] = "2025-03-10T10:00:00Z",
                    ["author"] = new JsonObject { ["login"] = "deployer" }, ["category"] = new JsonObject { ["name"] = d.Category, ["slug"] = d.Category.ToLowerInvariant() },
                    ["comments"] = Page(d.Comments, 0, comments, c => Comment(c, replies)),
                }),
            },
        });
    }

    private static JsonObject Comment(FakeComment c, int replies) => new()
    {
        ["id"] = c.Id, ["url"] = c.Url, ["body"] = c.Body, ["createdAt"] = "2025-03-10T11:00:00Z", ["author"] = new JsonObject { ["login"] = "deployer" },
        ["replies"] = Page(c.Replies, 0, replies, Reply),
    };

    private static JsonObject Reply(FakeComment r) => new() { ["url"] = r.Url, ["body"] = r.Body, ["createdAt"] = "2025-03-10T12:00:00Z", ["author"] = null };

    private static JsonObject Page<T>(List<T> items, int from, int first, Func<T, JsonObject> node)
    {
        var page = items.Skip(from).Take(first).Select(i => (JsonNode)node(i)).ToArray();
        var next = from + page.Length;
        return new JsonObject
        {
            ["pageInfo"] = new JsonObject { ["hasNextPage"] = next < items.Count, ["endCursor"] = page.Length == 0 ? null : "c:" + next },
            ["nodes"] = new JsonArray(page),
        };
    }
}

/// <summary>A discussion served by the fake.</summary>
public sealed record FakeDiscussion(string Id, int Number, string Title, string Url, string Body, string Category)
{
    /// <summary>Comments in order.</summary>
    public List<FakeComment> Comments { get; } = [];
}

/// <summary>A comment or reply served by the fake.</summary>
public sealed record FakeComment(string Id, string Url, string Body)
{
    /// <summary>Replies in order.</summary>
    public List<FakeComment> Replies { get; } = [];
}
