using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Discussions;

/// <summary>Where a discussion post came from.</summary>
public enum DiscussionPostSource
{
    /// <summary>A markdown file under <c>discussions.paths</c>.</summary>
    File,
    /// <summary>A JSON export given with <c>--discussions FILE</c>.</summary>
    Export,
    /// <summary>The live GitHub GraphQL API (<c>--github OWNER/REPO</c>).</summary>
    Api,
}

/// <summary>Where a finding about part of a post goes, and the text that names the post in the message.</summary>
/// <param name="Location">A location in a file of the repository (never outside it).</param>
/// <param name="Suffix">
/// "" when the location itself shows the post (a markdown post file); otherwise <c>" (post URL)"</c>, with the
/// position in the export file when that file lies outside the repository.
/// </param>
public sealed record PostPlace(SourceLocation Location, string Suffix);

/// <summary>
/// One post: the body of a discussion, or one of its comments or replies. Deployment updates are often comments
/// in one pinned thread, so every comment is a post of its own.
/// </summary>
public sealed class DiscussionPost
{
    private readonly Lazy<MarkdownDocument> _markdown;
    private readonly SourceLocation _fallback;
    private readonly string? _foreignFile;

    internal DiscussionPost(DiscussionPostSource source, DiscussionThread thread, DiscussionComment? comment, string key,
        SourceLocation fallback, string? foreignFile, MarkdownDocument? parsed = null)
    {
        Source = source;
        Thread = thread;
        Comment = comment;
        Key = key;
        _fallback = fallback;
        _foreignFile = foreignFile;
        _markdown = new(() => parsed ?? MarkdownDocument.Parse(new SourceText("discussion:" + key, Body), keepSyntax: true));
    }

    /// <summary>Where the post came from.</summary>
    public DiscussionPostSource Source { get; }
    /// <summary>The discussion the post belongs to.</summary>
    public DiscussionThread Thread { get; }
    /// <summary>The comment this post is, or null for the discussion's own body.</summary>
    public DiscussionComment? Comment { get; }
    /// <summary>True for a comment or reply.</summary>
    public bool IsComment => Comment is not null;
    /// <summary>The discussion's title.</summary>
    public string Title => Thread.Title;
    /// <summary>The post's markdown.</summary>
    public string Body => Comment?.Body ?? Thread.Body;
    /// <summary>The post's URL (the comment's own URL for comments), when known.</summary>
    public string? Url => Comment?.Url ?? Thread.Url;
    /// <summary>A stable identity for fingerprints: the URL, else the file path (plus the comment's position).</summary>
    public string Key { get; }
    /// <summary>Offset in <see cref="Body"/> where the post's markdown starts: after a file's front matter, else 0.</summary>
    public int ContentStart { get; internal init; }
    /// <summary>The body parsed as markdown (code blocks, headings). Its own locations are not repository locations: use <see cref="Place"/>.</summary>
    public MarkdownDocument Markdown => _markdown.Value;

    /// <summary>The discussion as a logical location (kind <c>discussion</c>, its URL or key).</summary>
    public LogicalLocation Logical => new("discussion", Url ?? Key);

    /// <summary>Where to report about <paramref name="length"/> characters of the body from <paramref name="offset"/>.</summary>
    public PostPlace Place(int offset, int length) => Resolve((Comment?.BodyOrigin ?? Thread.BodyOrigin)?.Locate(offset, length));

    /// <summary>Where to report about the post as a whole: its title (a discussion) or the start of its body (a comment).</summary>
    public PostPlace TitlePlace
    {
        get
        {
            if (Comment is null && Thread.TitleOrigin is { } title) return Resolve(title.Locate(0, Thread.Title.Length));
            return Place(0, 0);
        }
    }

    private PostPlace Resolve(SourceLocation? at)
    {
        var name = Url is not null ? $"post {Url}" : Thread.Number is { } n ? $"discussion #{n} '{Thread.Title}'" : $"post '{Thread.Title}'";
        if (at is null) return new PostPlace(_fallback, $" ({name})");
        if (_foreignFile is not null) return new PostPlace(_fallback, $" ({name}, {_foreignFile}:{at.Line}:{at.Column})");
        return Source == DiscussionPostSource.File ? new PostPlace(at, "") : new PostPlace(at, $" ({name})");
    }

    /// <inheritdoc />
    public override string ToString() => Url ?? Key;
}
