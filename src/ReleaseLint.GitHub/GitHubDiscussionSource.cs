using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.GitHub;

/// <summary>
/// Discussions of a repository read live through GitHub's GraphQL API (<c>--github OWNER/REPO</c>): newest first,
/// pages of at most 50 discussions (<c>first ≤ 100</c> at every level, sized to stay far below GraphQL's node limit),
/// every comment and reply followed through its own pagination, filtered by <c>discussions.category</c> (looked up by
/// name or slug) when the policy names one.
/// </summary>
public sealed class GitHubDiscussionSource : IDiscussionSource
{
    /// <summary>Discussions per page.</summary>
    public const int DiscussionsPerPage = 50;
    /// <summary>Comments per discussion in the first request (more are paged separately, 100 at a time).</summary>
    public const int CommentsPerPage = 50;
    /// <summary>Replies per comment in the first request (more are paged separately, 100 at a time).</summary>
    public const int RepliesPerPage = 20;

    /// <summary>The most GraphQL requests one fetch makes (every page of discussions, comments and replies counts).</summary>
    public const int MaxRequests = 300;

    /// <summary>The most pages of comments read for one discussion (past the first).</summary>
    public const int MaxCommentPages = 20;

    /// <summary>The most pages of replies read for one comment (past the first).</summary>
    public const int MaxReplyPages = 10;

    private readonly List<string> _warnings = [];

    /// <inheritdoc />
    public IReadOnlyList<string> Warnings => _warnings;

    private sealed class BudgetSpentException : Exception;

    private readonly IGraphQLTransport _transport;
    private readonly string _owner;
    private readonly string _name;

    /// <summary>Creates the source for <paramref name="repository"/> (<c>owner/repo</c>).</summary>
    public GitHubDiscussionSource(string repository, IGraphQLTransport transport)
    {
        var slash = repository.IndexOf('/');
        if (slash <= 0 || slash == repository.Length - 1) throw new ArgumentException($"'{repository}' is not OWNER/REPO", nameof(repository));
        _owner = repository[..slash];
        _name = repository[(slash + 1)..];
        _transport = transport;
    }

    /// <summary>The number of GraphQL requests made so far (for tests and diagnostics).</summary>
    public int Requests { get; private set; }

    /// <inheritdoc />
    public string Description => $"GitHub GraphQL API {_transport.Endpoint} ({_owner}/{_name})";

    private const string CategoriesQuery = """
        query($owner: String!, $name: String!) {
          repository(owner: $owner, name: $name) {
            hasDiscussionsEnabled
            discussionCategories(first: 100) { nodes { id name slug } }
          }
        }
        """;

    private const string ReplyFields = "url body createdAt author { login }";
    private const string CommentFields = "id url body createdAt author { login } replies(first: $replies) { pageInfo { hasNextPage endCursor } nodes { " + ReplyFields + " } }";

    private const string DiscussionsQuery = """
        query($owner: String!, $name: String!, $first: Int!, $after: String, $categoryId: ID, $comments: Int!, $replies: Int!) {
          repository(owner: $owner, name: $name) {
            hasDiscussionsEnabled
            discussions(first: $first, after: $after, categoryId: $categoryId, orderBy: { field: CREATED_AT, direction: DESC }) {
              pageInfo { hasNextPage endCursor }
              nodes {
                id number title url body createdAt author { login } category { name slug }
                comments(first: $comments) { pageInfo { hasNextPage endCursor } nodes { COMMENT_FIELDS } }
              }
            }
          }
        }
        """;

    private const string MoreCommentsQuery = """
        query($id: ID!, $after: String, $first: Int!, $replies: Int!) {
          node(id: $id) { ... on Discussion { comments(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { COMMENT_FIELDS } } } }
        }
        """;

    private const string MoreRepliesQuery = """
        query($id: ID!, $after: String, $first: Int!) {
          node(id: $id) { ... on DiscussionComment { replies(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { REPLY_FIELDS } } } }
        }
        """;

    /// <inheritdoc />
    public IReadOnlyList<DiscussionThread> Fetch(DiscussionQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return FetchAll(query, cancellationToken);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DiscussionSourceException($"the GitHub GraphQL API ({_transport.Endpoint}) answered in an unexpected shape ({e.Message})");
        }
    }

    private List<DiscussionThread> FetchAll(DiscussionQuery query, CancellationToken cancellationToken)
    {
        _warnings.Clear();
        var threads = new List<DiscussionThread>();
        try
        {
            FetchInto(threads, query, cancellationToken);
        }
        catch (BudgetSpentException)
        {
            _warnings.Add($"the GitHub GraphQL API ({_transport.Endpoint}) was asked {MaxRequests} times, the most one run asks, and still said more pages follow: " +
                $"{threads.Count} discussions were read and checked, the rest were not");
        }
        return threads;
    }

    private void FetchInto(List<DiscussionThread> threads, DiscussionQuery query, CancellationToken cancellationToken)
    {
        string? categoryId = null;
        if (query.Category is { } wanted)
        {
            var repo = Repository(Run(CategoriesQuery, new JsonObject { ["owner"] = _owner, ["name"] = _name }, cancellationToken));
            RequireDiscussions(repo);
            var categories = repo.GetProperty("discussionCategories").GetProperty("nodes").EnumerateArray().ToList();
            var match = categories.FirstOrDefault(c => Equal(c, "name", wanted) || Equal(c, "slug", wanted));
            if (match.ValueKind != JsonValueKind.Object)
            {
                var names = string.Join(", ", categories.Select(c => "'" + Text(c, "name") + "'"));
                throw new DiscussionSourceException($"{_owner}/{_name} has no discussion category '{wanted}' (discussions.category); its categories are {(names.Length > 0 ? names : "none")}");
            }
            categoryId = Text(match, "id");
        }

        string? after = null;
        while (threads.Count < query.MaxDiscussions)
        {
            var variables = new JsonObject
            {
                ["owner"] = _owner, ["name"] = _name, ["first"] = Math.Min(DiscussionsPerPage, query.MaxDiscussions - threads.Count),
                ["after"] = after, ["categoryId"] = categoryId, ["comments"] = CommentsPerPage, ["replies"] = RepliesPerPage,
            };
            var repo = Repository(Run(DiscussionsQuery.Replace("COMMENT_FIELDS", CommentFields, StringComparison.Ordinal), variables, cancellationToken));
            RequireDiscussions(repo);
            var connection = repo.GetProperty("discussions");
            var before = threads.Count;
            foreach (var node in connection.GetProperty("nodes").EnumerateArray())
            {
                if (node.ValueKind != JsonValueKind.Object) continue;
                threads.Add(ReadThread(node, cancellationToken));
            }
            var page = connection.GetProperty("pageInfo");
            if (!page.GetProperty("hasNextPage").GetBoolean()) break;
            var next = Text(page, "endCursor");
            if (next is null) break;
            if (threads.Count == before || next == after)
            {
                _warnings.Add($"the GitHub GraphQL API ({_transport.Endpoint}) answered a page of discussions with nothing new but said more pages follow; reading stopped there");
                break;
            }
            after = next;
        }
    }

    private DiscussionThread ReadThread(JsonElement node, CancellationToken cancellationToken)
    {
        var comments = new List<DiscussionComment>();
        if (node.TryGetProperty("comments", out var connection) && connection.ValueKind == JsonValueKind.Object)
        {
            AddComments(connection, comments, cancellationToken);
            var page = connection.GetProperty("pageInfo");
            var id = Text(node, "id");
            var pages = 0;
            while (page.GetProperty("hasNextPage").GetBoolean() && id is not null && Text(page, "endCursor") is { } cursor)
            {
                if (++pages > MaxCommentPages)
                {
                    _warnings.Add($"discussion '{Text(node, "title")}' ({Text(node, "url")}) has more than {MaxCommentPages} pages of comments; the rest were not read");
                    break;
                }
                var data = Run(MoreCommentsQuery.Replace("COMMENT_FIELDS", CommentFields, StringComparison.Ordinal),
                    new JsonObject { ["id"] = id, ["after"] = cursor, ["first"] = 100, ["replies"] = RepliesPerPage }, cancellationToken);
                var more = data.GetProperty("node").GetProperty("comments");
                AddComments(more, comments, cancellationToken);
                page = more.GetProperty("pageInfo");
            }
        }
        return new DiscussionThread
        {
            Number = node.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : null,
            Title = Text(node, "title") ?? "",
            Url = Text(node, "url"),
            Body = Text(node, "body") ?? "",
            Author = Login(node),
            CreatedAt = Date(Text(node, "createdAt")),
            Category = node.TryGetProperty("category", out var c) && c.ValueKind == JsonValueKind.Object ? Text(c, "name") : null,
            Comments = comments,
        };
    }

    private void AddComments(JsonElement connection, List<DiscussionComment> comments, CancellationToken cancellationToken)
    {
        foreach (var node in connection.GetProperty("nodes").EnumerateArray())
        {
            if (node.ValueKind != JsonValueKind.Object) continue;
            var replies = new List<DiscussionComment>();
            if (node.TryGetProperty("replies", out var replyConnection) && replyConnection.ValueKind == JsonValueKind.Object)
            {
                AddReplies(replyConnection, replies);
                var page = replyConnection.GetProperty("pageInfo");
                var id = Text(node, "id");
                var pages = 0;
                while (page.GetProperty("hasNextPage").GetBoolean() && id is not null && Text(page, "endCursor") is { } cursor)
                {
                    if (++pages > MaxReplyPages)
                    {
                        _warnings.Add($"comment {Text(node, "url")} has more than {MaxReplyPages} pages of replies; the rest were not read");
                        break;
                    }
                    var data = Run(MoreRepliesQuery.Replace("REPLY_FIELDS", ReplyFields, StringComparison.Ordinal),
                        new JsonObject { ["id"] = id, ["after"] = cursor, ["first"] = 100 }, cancellationToken);
                    var more = data.GetProperty("node").GetProperty("replies");
                    AddReplies(more, replies);
                    page = more.GetProperty("pageInfo");
                }
            }
            comments.Add(new DiscussionComment
            {
                Url = Text(node, "url"), Body = Text(node, "body") ?? "", Author = Login(node), CreatedAt = Date(Text(node, "createdAt")), Replies = replies,
            });
        }
    }

    private static void AddReplies(JsonElement connection, List<DiscussionComment> replies)
    {
        foreach (var node in connection.GetProperty("nodes").EnumerateArray())
            if (node.ValueKind == JsonValueKind.Object)
                replies.Add(new DiscussionComment { Url = Text(node, "url"), Body = Text(node, "body") ?? "", Author = Login(node), CreatedAt = Date(Text(node, "createdAt")) });
    }

    private JsonElement Run(string query, JsonObject variables, CancellationToken cancellationToken)
    {
        if (Requests >= MaxRequests) throw new BudgetSpentException();
        Requests++;
        return _transport.Query(query, variables, cancellationToken);
    }

    private JsonElement Repository(JsonElement data)
    {
        if (!data.TryGetProperty("repository", out var repo) || repo.ValueKind != JsonValueKind.Object)
            throw new DiscussionSourceException($"the GitHub GraphQL API ({_transport.Endpoint}) found no repository {_owner}/{_name} (or the token cannot see it)");
        return repo;
    }

    private void RequireDiscussions(JsonElement repo)
    {
        if (repo.TryGetProperty("hasDiscussionsEnabled", out var enabled) && enabled.ValueKind == JsonValueKind.False)
            throw new DiscussionSourceException($"{_owner}/{_name} has discussions turned off (Settings → General → Features → Discussions); no posts were read");
    }

    private static bool Equal(JsonElement element, string property, string wanted) =>
        string.Equals(Text(element, property)?.Trim(), wanted.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Login(JsonElement element) =>
        element.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object ? Text(author, "login") : null;

    private static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
