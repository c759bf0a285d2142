namespace ReleaseLint.Fixes;

/// <summary>What a resolved ref named.</summary>
public enum GitRefKind
{
    /// <summary>A tag (annotated tags are peeled to their commit).</summary>
    Tag,
    /// <summary>A branch head.</summary>
    Branch,
    /// <summary>A commit (an abbreviated SHA expanded).</summary>
    Commit,
}

/// <summary>A ref of another repository resolved to the commit it names now.</summary>
/// <param name="Sha">The full commit SHA (40 or 64 lower-case hex digits, checked).</param>
/// <param name="Kind">Whether the ref was a tag, a branch or a commit.</param>
public sealed record ResolvedRef(string Sha, GitRefKind Kind);

/// <summary>
/// Resolves refs of action repositories to commits, for pinning fixes (RL1004). Implementations read the GitHub API
/// (<c>GITHUB_API_URL</c>), cache answers, and keep within a request budget: when the budget, a rate limit or the
/// network stops them, they answer null and say so in <see cref="Notes"/>. Thread-safe.
/// </summary>
public interface ICommitResolver
{
    /// <summary>The commit <paramref name="gitRef"/> of <paramref name="owner"/>/<paramref name="repo"/> names now, or null when it cannot be known.</summary>
    ResolvedRef? Resolve(string owner, string repo, string gitRef);

    /// <summary>
    /// The tags of <paramref name="owner"/>/<paramref name="repo"/> that point at commit <paramref name="sha"/> among
    /// those the resolver reads (the newest pages of the tag list); null when the list cannot be read.
    /// </summary>
    IReadOnlyList<string>? TagsAt(string owner, string repo, string sha);

    /// <summary>Sentences for the run summary: what could not be resolved and why.</summary>
    IReadOnlyList<string> Notes { get; }
}
