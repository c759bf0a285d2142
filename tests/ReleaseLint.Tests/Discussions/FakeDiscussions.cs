using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseLint.Tests.GitHub;

namespace ReleaseLint.Tests.Discussions;

/// <summary>
/// A repository's discussions as GitHub's GraphQL API serves them, for <see cref="FakeGitHubServer.GraphQL"/>: the
/// category list, discussions newest first with cursor pagination, and the follow-up <c>node(id:)</c> queries for more
/// comments and replies. Records the largest <c>first</c> asked for.
/// </summary>
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
    /// <summary>The variables of every request, in order.</summary>
    public List<JsonElement> Variables { get; } = [];

    /// <summary>Answers one GraphQL request.</summary>
    public FakeResponse Answer(string query, JsonElement v)
    {
        lock (Variables) Variables.Add(v.Clone());
        int First(string name)
        {
            var first = v.GetProperty(name).GetInt32();
            MaxFirst = Math.Max(MaxFirst, first);
            return first;
        }
        int After() => v.TryGetProperty("after", out var a) && a.ValueKind == JsonValueKind.String ? int.Parse(a.GetString()![2..]) : 0;
        if (query.Contains("discussionCategories", StringComparison.Ordinal))
            return Data(new JsonObject
            {
                ["repository"] = new JsonObject
                {
                    ["hasDiscussionsEnabled"] = Enabled,
                    ["discussionCategories"] = new JsonObject { ["nodes"] = new JsonArray(Categories.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name, ["slug"] = c.Slug }).ToArray()) },
                },
            });
        if (query.Contains("... on Discussion ", StringComparison.Ordinal))
        {
            var d = Discussions.Single(x => x.Id == v.GetProperty("id").GetString());
            var replies = First("replies");
            return Data(new JsonObject { ["node"] = new JsonObject { ["comments"] = Page(d.Comments, After(), First("first"), c => Comment(c, replies)) } });
        }
        if (query.Contains("... on DiscussionComment", StringComparison.Ordinal))
        {
            var c = Discussions.SelectMany(x => x.Comments).Single(x => x.Id == v.GetProperty("id").GetString());
            return Data(new JsonObject { ["node"] = new JsonObject { ["replies"] = Page(c.Replies, After(), First("first"), Reply) } });
        }
        var category = v.TryGetProperty("categoryId", out var cv) && cv.ValueKind == JsonValueKind.String ? cv.GetString() : null;
        var list = Discussions.Where(d => category is null || Categories.Single(c => c.Id == category).Name == d.Category).ToList();
        var comments = First("comments");
        var replyCount = First("replies");
        return Data(new JsonObject
        {
            ["repository"] = new JsonObject
            {
                ["hasDiscussionsEnabled"] = Enabled,
                ["discussions"] = Page(list, After(), First("first"), d => new JsonObject
                {
                    ["id"] = d.Id, ["number"] = d.Number, ["title"] = d.Title, ["url"] = d.Url, ["body"] = d.Body, ["createdAt"] = "2025-03-10T10:00:00Z",
                    ["author"] = new JsonObject { ["login"] = "deployer" }, ["category"] = new JsonObject { ["name"] = d.Category, ["slug"] = d.Category.ToLowerInvariant() },
                    ["comments"] = Page(d.Comments, 0, comments, c => Comment(c, replyCount)),
                }),
            },
        });
    }

    /// <summary>A 200 answer holding <c>{"data": data}</c>.</summary>
    public static FakeResponse Data(JsonNode data) => FakeResponse.Json(new JsonObject { ["data"] = data }.ToJsonString());

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
