using ReleaseLint.Inputs.Json;

namespace ReleaseLint.Inputs.Discussions;

/// <summary>Where the characters of a piece of post text are written, so findings can point inside it.</summary>
public abstract class TextOrigin
{
    /// <summary>The location of <paramref name="length"/> characters from decoded offset <paramref name="offset"/>.</summary>
    public abstract SourceLocation Locate(int offset, int length);
}

/// <summary>Text that is a file of the repository (or another text file) as it is: offsets are file offsets.</summary>
/// <param name="source">The file's text.</param>
public sealed class FileTextOrigin(SourceText source) : TextOrigin
{
    /// <summary>The file's text.</summary>
    public SourceText Source { get; } = source;

    /// <inheritdoc />
    public override SourceLocation Locate(int offset, int length) => Source.Span(offset, length);
}

/// <summary>Text held in a JSON string: decoded offsets are mapped through the escapes to the file's positions.</summary>
public sealed class JsonStringOrigin : TextOrigin
{
    private readonly DataValue _value;

    internal JsonStringOrigin(SourceText file, DataValue value)
    {
        File = file;
        _value = value;
    }

    /// <summary>The JSON file's text.</summary>
    public SourceText File { get; }

    /// <inheritdoc />
    public override SourceLocation Locate(int offset, int length)
    {
        var start = _value.SourceOffset(File, Math.Max(0, offset));
        var end = _value.SourceOffset(File, Math.Max(0, offset + length));
        return File.Span(start, Math.Max(0, end - start));
    }
}

/// <summary>A comment of a discussion (or a reply to a comment).</summary>
public sealed record DiscussionComment
{
    /// <summary>The comment's URL (<c>…/discussions/7#discussioncomment-123</c>), when known.</summary>
    public string? Url { get; init; }
    /// <summary>The markdown body.</summary>
    public required string Body { get; init; }
    /// <summary>Where the body is written (null for posts read from the API).</summary>
    public TextOrigin? BodyOrigin { get; init; }
    /// <summary>The author's login.</summary>
    public string? Author { get; init; }
    /// <summary>When it was posted.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>Replies to this comment.</summary>
    public IReadOnlyList<DiscussionComment> Replies { get; init; } = [];
}

/// <summary>A GitHub Discussion (or a markdown file standing for one) with its comments.</summary>
public sealed record DiscussionThread
{
    /// <summary>The discussion number, when known.</summary>
    public int? Number { get; init; }
    /// <summary>The title.</summary>
    public required string Title { get; init; }
    /// <summary>Where the title is written (null when not in a file).</summary>
    public TextOrigin? TitleOrigin { get; init; }
    /// <summary>The discussion's URL, when known.</summary>
    public string? Url { get; init; }
    /// <summary>The markdown body.</summary>
    public required string Body { get; init; }
    /// <summary>Where the body is written (null for posts read from the API).</summary>
    public TextOrigin? BodyOrigin { get; init; }
    /// <summary>The author's login.</summary>
    public string? Author { get; init; }
    /// <summary>When it was posted.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>The category name (<c>Deployments</c>), when known.</summary>
    public string? Category { get; init; }
    /// <summary>The comments, in order.</summary>
    public IReadOnlyList<DiscussionComment> Comments { get; init; } = [];
}

/// <summary>What to fetch from a live discussions source.</summary>
/// <param name="Category">Only discussions of this category (name or slug, case-insensitive); null for all.</param>
/// <param name="MaxDiscussions">Stop after this many discussions (newest first).</param>
public sealed record DiscussionQuery(string? Category, int MaxDiscussions = 500);

/// <summary>A live source of discussions (the GitHub GraphQL API). Implementations live outside the core.</summary>
public interface IDiscussionSource
{
    /// <summary>What the source is, for messages (e.g. <c>GitHub GraphQL API https://api.github.com/graphql (acme/service)</c>).</summary>
    string Description { get; }

    /// <summary>Fetches discussions with their comments. Throws <see cref="DiscussionSourceException"/> when the source cannot be read.</summary>
    IReadOnlyList<DiscussionThread> Fetch(DiscussionQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// What the last <see cref="Fetch"/> left out and why (a page budget reached, a server that kept saying more pages
    /// follow): the threads it returned are checked, and each warning is reported (RL5006).
    /// </summary>
    IReadOnlyList<string> Warnings => [];
}

/// <summary>A discussions source that cannot be read (no token, HTTP error, GraphQL error, unknown category…).</summary>
/// <param name="message">What went wrong and what to do; never contains a token.</param>
public sealed class DiscussionSourceException(string message) : Exception(message);

/// <summary>The discussion sources of a run besides the markdown files under <c>discussions.paths</c>.</summary>
public sealed record DiscussionInputs
{
    /// <summary>A JSON export of GitHub's GraphQL <c>repository.discussions</c> (<c>--discussions FILE</c>); a relative path is taken from the current directory.</summary>
    public string? ExportPath { get; init; }
    /// <summary>The live API (<c>--github OWNER/REPO</c>), or null.</summary>
    public IDiscussionSource? Live { get; init; }
}
