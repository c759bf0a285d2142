namespace ReleaseLint.Inputs.Git;

/// <summary>
/// The git repository of the linted tree. The engine opens it lazily, only when a rule asks for it, so a
/// run with no history rules never loads the git library. Implementations are thread-safe and cache what
/// they read (refs are read once per run).
/// </summary>
public interface IGitRepository : IDisposable
{
    /// <summary>Absolute path of the work tree root (of the repository itself when bare).</summary>
    string WorkTreeRoot { get; }
    /// <summary>True for a shallow clone.</summary>
    bool IsShallow { get; }
    /// <summary>True for a bare repository (no work tree).</summary>
    bool IsBare { get; }
    /// <summary>True for a linked work tree (<c>git worktree add</c>): <c>.git</c> is a file and refs are shared with the main one.</summary>
    bool IsLinkedWorktree { get; }
    /// <summary>Where HEAD is (branch, detached commit or unborn branch).</summary>
    GitHead Head { get; }
    /// <summary>Every tag, read once.</summary>
    IReadOnlyList<GitTag> Tags { get; }
    /// <summary>Every local branch and remote-tracking branch (<c>origin/HEAD</c> left out), read once.</summary>
    IReadOnlyList<GitBranch> Branches { get; }
    /// <summary>
    /// The default branch: the branch <c>origin/HEAD</c> names (the remote's default, as a clone records it), else the
    /// branch HEAD is on; null when neither names one.
    /// </summary>
    string? DefaultBranch { get; }
    /// <summary>The URL of remote <paramref name="name"/>, or null.</summary>
    string? RemoteUrl(string name);
    /// <summary>The names of the configured remotes.</summary>
    IReadOnlyList<string> Remotes { get; }
    /// <summary>A value of the repository's configuration (<c>remote.origin.tagopt</c>), or null.</summary>
    string? ConfigValue(string key);
    /// <summary>
    /// The full commit SHA that <paramref name="revision"/> names (a full or abbreviated SHA, a tag, a local
    /// branch or a remote-tracking branch), peeling annotated tags; null when it names nothing.
    /// </summary>
    string? ResolveCommit(string revision);
    /// <summary>
    /// True when commit <paramref name="commitSha"/> is reachable from branch <paramref name="branch"/> (local, else
    /// <c>origin/branch</c>); null when the branch does not exist locally or as a remote-tracking ref. The first
    /// question about a branch marks everything reachable from it in one walk; later questions are lookups.
    /// </summary>
    bool? IsReachableFrom(string commitSha, string branch);
    /// <summary>
    /// Every commit reachable from <paramref name="tips"/>, with parents, read in one revision walk (the git CLI
    /// when it is available, which uses the commit-graph file; LibGit2Sharp otherwise).
    /// </summary>
    CommitGraph LoadGraph(IReadOnlyList<CommitId> tips);
    /// <summary>The messages and parents of a few commits (unknown ones are left out).</summary>
    IReadOnlyList<GitCommit> ReadCommits(IReadOnlyList<CommitId> commits);
    /// <summary>
    /// The commits reachable from <paramref name="tips"/> and not from <paramref name="exclude"/>, with parents, in one
    /// revision walk (<c>git rev-list tips --not exclude</c>): the few commits of tags that are on no branch.
    /// </summary>
    CommitGraph LoadGraph(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude);
    /// <summary>Tree, author and subject of the given commits (unknown ones are left out).</summary>
    IReadOnlyList<CommitSummary> ReadSummaries(IReadOnlyList<CommitId> commits);
    /// <summary>
    /// Tree, author and subject of the commits reachable from <paramref name="tips"/> and not from
    /// <paramref name="exclude"/>, newest first, at most <paramref name="max"/> of them.
    /// </summary>
    IReadOnlyList<CommitSummary> WalkSummaries(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude, int max);
    /// <summary>
    /// The patch id of each non-merge commit (its change against its first parent, as <c>git patch-id --stable</c>
    /// computes it: line numbers and whitespace ignored), so that a cherry-picked or rebased commit has the id of its
    /// original. Merges, commits with an empty change, unknown commits and commits whose change cannot be read (an
    /// object missing from a partial copy) are left out. Ids are comparable only with ids from the same repository object.
    /// </summary>
    IReadOnlyDictionary<CommitId, string> PatchIds(IReadOnlyList<CommitId> commits);
    /// <summary>
    /// The files each commit changes (<c>git diff-tree -r --no-renames</c>): path → the blob id after the change, empty
    /// for a deleted file; against its only parent, or against the commit given beside it (the start of a range).
    /// Merges compared with their parents, unknown commits and changes that cannot be read are left out.
    /// </summary>
    IReadOnlyDictionary<CommitId, IReadOnlyDictionary<string, string>> ChangedFiles(IReadOnlyList<(CommitId Commit, CommitId? Against)> pairs) =>
        new Dictionary<CommitId, IReadOnlyDictionary<string, string>>();
    /// <summary>
    /// The text files directly in <paramref name="folder"/> at commit <paramref name="revision"/> (a branch, tag or SHA),
    /// at most <paramref name="maxFiles"/> of at most <paramref name="maxBytes"/> bytes each (binary and larger files left
    /// out); empty when the revision or folder does not exist. Implementations that cannot read trees return nothing.
    /// </summary>
    IReadOnlyList<(string Path, string Text)> ReadFolder(string revision, string folder, int maxFiles = 64, int maxBytes = 256 * 1024) => [];
}

/// <summary>Opens the git repository whose work tree root is the given path; returns null when there is none.</summary>
/// <param name="root">Absolute path of the linted root.</param>
public delegate IGitRepository? GitRepositoryOpener(string root);
