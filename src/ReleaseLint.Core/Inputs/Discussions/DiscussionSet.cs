using System.Globalization;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Json;

namespace ReleaseLint.Inputs.Discussions;

/// <summary>A discussions source that could not be read (reported as RL5006).</summary>
/// <param name="Source">The source: the export file as given, or the API description.</param>
/// <param name="Message">What went wrong and what to do.</param>
/// <param name="Location">Where to report it (inside the repository).</param>
/// <param name="ExportHelp">True when the message should point the reader at the rule's page on exporting discussions.</param>
public sealed record DiscussionProblem(string Source, string Message, SourceLocation Location, bool ExportHelp = false);

/// <summary>
/// Every discussion post of a run, from the three sources: markdown files under <c>discussions.paths</c>, a JSON
/// export (<c>--discussions FILE</c>) and the live API (<c>--github</c>). Loaded once per workspace.
/// </summary>
public sealed partial class DiscussionSet
{
    /// <summary>Largest export read (an export of many discussions is bigger than an ordinary linted file).</summary>
    public const long MaxExportBytes = 64L * 1024 * 1024;

    /// <summary>Deepest nesting of an export read (GraphQL answers nest about ten levels; hostile input must not exhaust the stack).</summary>
    private const int MaxExportDepth = 256;

    private DiscussionSet(IReadOnlyList<DiscussionPost> posts, IReadOnlyList<DiscussionProblem> problems)
    {
        Posts = posts;
        Problems = problems;
    }

    /// <summary>The posts: each discussion body, comment and reply.</summary>
    public IReadOnlyList<DiscussionPost> Posts { get; }
    /// <summary>Sources that could not be read.</summary>
    public IReadOnlyList<DiscussionProblem> Problems { get; }

    /// <summary>
    /// Where findings about posts that are not files of the repository go: the <c>discussions.fields</c> or
    /// <c>discussions.category</c> key of <c>.releaselint.yml</c>, else the guide's "Update template" line,
    /// else the workspace's fallback location.
    /// </summary>
    public static SourceLocation RequirementLocation(Workspace workspace) =>
        workspace.Policy.KeyLocations.ContainsKey("discussions.fields")
            ? workspace.RequirementLocation("discussions.fields")
            : workspace.RequirementLocation("discussions.category", "update-template");

    /// <summary>Loads every source. Never throws for bad input: problems are collected.</summary>
    public static DiscussionSet Load(Workspace workspace, DiscussionInputs? inputs, CancellationToken cancellationToken = default)
    {
        var posts = new List<DiscussionPost>();
        var problems = new List<DiscussionProblem>();
        var fallback = RequirementLocation(workspace);
        LoadFiles(workspace, posts, fallback);
        if (inputs?.ExportPath is { } export) LoadExport(workspace, export, posts, problems, fallback);
        if (inputs?.Live is { } live)
        {
            try
            {
                var threads = live.Fetch(new DiscussionQuery(workspace.Policy.DiscussionCategory), cancellationToken);
                foreach (var thread in threads) AddThread(posts, DiscussionPostSource.Api, thread, thread.Url ?? "api:" + thread.Number, fallback, null);
                foreach (var warning in live.Warnings) problems.Add(new DiscussionProblem(live.Description, warning, fallback));
            }
            catch (DiscussionSourceException e)
            {
                problems.Add(new DiscussionProblem(live.Description, e.Message, fallback));
            }
        }
        // A post over the markdown budgets is not read at all (no unguarded scan of its text): said once, here.
        foreach (var post in posts)
        {
            if (post.Source == DiscussionPostSource.File || post.Markdown.Error is not { } error) continue;
            var reason = error.Message.Replace("; the file was not linted", "", StringComparison.Ordinal);
            problems.Add(new DiscussionProblem(post.Url ?? post.Key, $"the post {post} was not checked: {reason}", post.TitlePlace.Location));
        }
        return new DiscussionSet(posts, problems);
    }

    private static void LoadFiles(Workspace workspace, List<DiscussionPost> posts, SourceLocation fallback)
    {
        foreach (var path in workspace.Files.Files)
        {
            if (!workspace.IsDiscussionPath(path)) continue;
            var text = workspace.ReadText(path, InputKind.Markdown);
            var doc = workspace.GetMarkdown(path);
            if (text is null || doc is null) continue; // reported as RL0004
            var (frontTitle, frontUrl, titleLine, contentStart) = FrontMatter(text);
            var heading = doc.Headings.FirstOrDefault();
            TextOrigin? titleOrigin = null;
            string title;
            if (frontTitle is not null)
            {
                title = frontTitle;
                titleOrigin = new FixedOrigin(text.At(titleLine, 1, text.Line(titleLine).Length));
            }
            else if (heading is not null)
            {
                title = heading.Text;
                titleOrigin = new FixedOrigin(heading.Location);
            }
            else
            {
                title = path[(path.LastIndexOf('/') + 1)..];
                titleOrigin = new FixedOrigin(text.At(1, 1));
            }
            var thread = new DiscussionThread
            {
                Title = title,
                TitleOrigin = titleOrigin,
                Url = frontUrl,
                Body = text.Text,
                BodyOrigin = new FileTextOrigin(text),
            };
            posts.Add(new DiscussionPost(DiscussionPostSource.File, thread, null, path, fallback, null, doc) { ContentStart = contentStart });
        }
    }

    [GeneratedRegex(@"\A---[ \t]*\r?\n(?<body>(?:.*\r?\n)*?)---[ \t]*(?:\r?\n|\z)")]
    private static partial Regex FrontMatterBlock();

    private static (string? Title, string? Url, int TitleLine, int ContentStart) FrontMatter(SourceText text)
    {
        var m = FrontMatterBlock().Match(text.Text);
        if (!m.Success) return (null, null, 0, 0);
        string? title = null, url = null;
        var titleLine = 0;
        var lines = m.Groups["body"].Value.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim().Trim('"', '\'');
            if (key == "title" && value.Length > 0) (title, titleLine) = (value, i + 2);
            else if (key == "url" && value.Length > 0) url = value;
        }
        return (title, url, titleLine, m.Length);
    }

    private static void LoadExport(Workspace workspace, string exportPath, List<DiscussionPost> posts, List<DiscussionProblem> problems, SourceLocation fallback)
    {
        var full = Path.GetFullPath(exportPath);
        var rootPrefix = workspace.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var inRoot = full.StartsWith(rootPrefix, StringComparison.Ordinal);
        // Shown relative to the linted root ("../exports/discussions.json" when outside it): stable across machines.
        var shown = Path.GetRelativePath(workspace.Root, full).Replace(Path.DirectorySeparatorChar, '/');
        var text = SafeFile.ReadNamedText(full, shown, MaxExportBytes, out var failure);
        if (text is null)
        {
            problems.Add(new DiscussionProblem(shown, $"the discussions export '{shown}' cannot be read: {failure!.Message}", inRoot ? SourceLocation.At(shown, failure.Line, failure.Column) : fallback));
            return;
        }
        if (DataReader.ParseJsonDocuments(text, keepPositions: true, out var invalid, MaxExportDepth) is not { } documents)
        {
            var at = text.At(invalid!.Line, invalid.Column, 1);
            var where = inRoot ? "" : $" at {shown}:{at.Line}:{at.Column}";
            var reason = invalid.Message.StartsWith("invalid JSON: ", StringComparison.Ordinal) ? invalid.Message["invalid JSON: ".Length..] : invalid.Message;
            problems.Add(new DiscussionProblem(shown, $"the discussions export '{shown}' is not valid JSON{where}: {reason}; export it with `gh api graphql`", inRoot ? at : fallback, ExportHelp: true));
            return;
        }
        var foreign = inRoot ? null : shown;
        var threads = new List<DiscussionThread>();
        var sawDiscussions = false;
        var errors = problems.Count;
        foreach (var document in documents)
        {
            foreach (var error in GraphQlErrors(document))
            {
                var at = text.Span(error.Offsets.Start, error.Offsets.End - error.Offsets.Start);
                problems.Add(new DiscussionProblem(shown, $"the discussions export '{shown}' holds a GraphQL error{(inRoot ? "" : $" at {shown}:{at.Line}:{at.Column}")}: '{error.GetString("message") ?? "(no message)"}'; its discussions may be incomplete", inRoot ? at : fallback));
            }
            Collect(document, text, threads, ref sawDiscussions);
        }
        if (threads.Count == 0 && !sawDiscussions && problems.Count == errors) // a response holding only errors says so already
        {
            problems.Add(new DiscussionProblem(shown, $"the discussions export '{shown}' holds no discussions: expected the shape of GraphQL repository.discussions (objects with 'title' and 'body', comments under 'comments.nodes')", inRoot ? text.At(1, 1) : fallback));
            return;
        }
        var category = workspace.Policy.DiscussionCategory;
        var index = 0;
        foreach (var thread in threads)
        {
            index++;
            if (category is not null && thread.Category is not null && !CategoryMatches(thread.Category, category)) continue;
            AddThread(posts, DiscussionPostSource.Export, thread, thread.Url ?? $"{shown}#{index}", fallback, foreign);
        }
    }

    private static bool CategoryMatches(string actual, string wanted)
    {
        var parts = actual.Split('\u001f');
        return parts.Any(p => string.Equals(p.Trim(), wanted.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<DataObject> GraphQlErrors(DataNode document)
    {
        if (document is DataObject o && o["errors"] is DataArray errors)
            foreach (var e in errors.Items.OfType<DataObject>()) yield return e;
        if (document is DataArray a)
            foreach (var item in a.Items)
                foreach (var e in GraphQlErrors(item)) yield return e;
    }

    /// <summary>Finds discussion objects (with <c>title</c> and <c>body</c>) anywhere in the export, whatever wraps them.</summary>
    private static void Collect(DataNode value, SourceText file, List<DiscussionThread> threads, ref bool sawDiscussions)
    {
        switch (value)
        {
            case DataObject o when IsString(o["title"]) && IsString(o["body"]):
                threads.Add(ReadThread(o, file));
                return;
            case DataObject o:
                foreach (var property in o.Properties)
                {
                    if (property.Name == "discussions") sawDiscussions = true;
                    Collect(property.Value, file, threads, ref sawDiscussions);
                }
                return;
            case DataArray a:
                foreach (var item in a.Items) Collect(item, file, threads, ref sawDiscussions);
                return;
        }
    }

    private static bool IsString(DataNode? node) => node is DataValue { Kind: DataKind.String };

    private static DiscussionThread ReadThread(DataObject o, SourceText file)
    {
        var title = (DataValue)o["title"]!;
        var body = (DataValue)o["body"]!;
        string? category = null;
        if (o["category"] is DataObject c)
            category = string.Join('\u001f', new[] { c.GetString("name"), c.GetString("slug") }.Where(s => s is not null));
        else if (o["category"] is DataValue { Kind: DataKind.String } cs) category = cs.Text;
        return new DiscussionThread
        {
            Number = o["number"] is DataValue { Kind: DataKind.Number } n && int.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
            Title = title.Text,
            TitleOrigin = new JsonStringOrigin(file, title),
            Url = o.GetString("url"),
            Body = body.Text,
            BodyOrigin = new JsonStringOrigin(file, body),
            Author = (o["author"] as DataObject)?.GetString("login"),
            CreatedAt = Date(o.GetString("createdAt")),
            Category = category,
            Comments = ReadComments(o["comments"], file),
        };
    }

    private static List<DiscussionComment> ReadComments(DataNode? connection, SourceText file)
    {
        var list = new List<DiscussionComment>();
        foreach (var node in Nodes(connection))
        {
            if (node["body"] is not DataValue { Kind: DataKind.String } body) continue;
            list.Add(new DiscussionComment
            {
                Url = node.GetString("url"),
                Body = body.Text,
                BodyOrigin = new JsonStringOrigin(file, body),
                Author = (node["author"] as DataObject)?.GetString("login"),
                CreatedAt = Date(node.GetString("createdAt")),
                Replies = ReadComments(node["replies"], file),
            });
        }
        return list;
    }

    /// <summary>The nodes of a GraphQL connection: <c>{nodes: […]}</c>, <c>{edges: [{node}]}</c> or a bare array.</summary>
    private static IEnumerable<DataObject> Nodes(DataNode? connection)
    {
        var items = connection switch
        {
            DataObject o when o["nodes"] is DataArray nodes => nodes.Items,
            DataObject o when o["edges"] is DataArray edges => edges.Items.Select(e => (e as DataObject)?["node"]).Where(n => n is not null).Select(n => n!).ToList(),
            DataArray a => a.Items,
            _ => [],
        };
        return items.OfType<DataObject>();
    }

    private static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static void AddThread(List<DiscussionPost> posts, DiscussionPostSource source, DiscussionThread thread, string key, SourceLocation fallback, string? foreign)
    {
        posts.Add(new DiscussionPost(source, thread, null, key, fallback, foreign));
        var n = 0;
        foreach (var comment in thread.Comments)
        {
            n++;
            posts.Add(new DiscussionPost(source, thread, comment, comment.Url ?? $"{key}#comment-{n}", fallback, foreign));
            var r = 0;
            foreach (var reply in comment.Replies)
            {
                r++;
                posts.Add(new DiscussionPost(source, thread, reply, reply.Url ?? $"{key}#comment-{n}-reply-{r}", fallback, foreign));
            }
        }
    }

    /// <summary>A location that does not depend on the offset (a title already located).</summary>
    private sealed class FixedOrigin(SourceLocation location) : TextOrigin
    {
        public override SourceLocation Locate(int offset, int length) => location;
    }
}
