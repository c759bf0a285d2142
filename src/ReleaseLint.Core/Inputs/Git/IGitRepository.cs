namespace ReleaseLint.Inputs.Git;

/// <summary>
/// The git repository of the linted tree. The engine opens it lazily, only when a rule asks for it, so a
/// run with no history rules never loads the git library.
/// </summary>
public interface IGitRepository : IDisposable
{
    /// <summary>Absolute path of the work tree root.</summary>
    string WorkTreeRoot { get; }
    /// <summary>True for a shallow clone.</summary>
    bool IsShallow { get; }
    /// <summary>The URL of remote <paramref name="name"/>, or null.</summary>
    string? RemoteUrl(string name);
    /// <summary>
    /// The full commit SHA that <paramref name="revision"/> names (a full or abbreviated SHA, a tag, a local
    /// branch or a remote-tracking branch), peeling annotated tags; null when it names nothing.
    /// </summary>
    string? ResolveCommit(string revision);
    /// <summary>
    /// True when commit <paramref name="commitSha"/> is reachable from branch <paramref name="branch"/> (local, else
    /// <c>origin/branch</c>); null when the branch does not exist locally or as a remote-tracking ref.
    /// </summary>
    bool? IsReachableFrom(string commitSha, string branch);
}

/// <summary>Opens the git repository whose work tree root is the given path; returns null when there is none.</summary>
/// <param name="root">Absolute path of the linted root.</param>
public delegate IGitRepository? GitRepositoryOpener(string root);
