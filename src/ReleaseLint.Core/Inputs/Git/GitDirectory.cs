namespace ReleaseLint.Inputs.Git;

/// <summary>
/// Where a repository keeps its git data, read from the file system without the git library: the one place that
/// knows <c>.git</c> as a directory, <c>.git</c> as a file <c>gitdir: PATH</c> (a linked worktree or a submodule),
/// the <c>commondir</c> file of a linked worktree, and a bare repository at the root.
/// </summary>
/// <param name="GitDir">The repository's own git directory (<c>.git</c>, or <c>.git/worktrees/NAME</c> for a linked worktree).</param>
/// <param name="CommonDir">The directory shared by all worktrees (objects, refs, config); the git directory itself when not linked.</param>
public sealed record GitDirectory(string GitDir, string CommonDir)
{
    /// <summary>True when <paramref name="root"/> is the root of a work tree (<c>.git</c> directory or file) or a bare repository.</summary>
    public static bool IsRepositoryRoot(string root) =>
        Directory.Exists(Path.Combine(root, ".git")) || File.Exists(Path.Combine(root, ".git")) || IsBare(root);

    /// <summary>True when <paramref name="root"/> looks like a bare repository (<c>HEAD</c>, <c>objects/</c> and <c>refs/</c> at the root).</summary>
    public static bool IsBare(string root) =>
        File.Exists(Path.Combine(root, "HEAD")) && Directory.Exists(Path.Combine(root, "objects")) && Directory.Exists(Path.Combine(root, "refs"));

    /// <summary>The git directory of the work tree at <paramref name="root"/>; null when it has none or it cannot be read.</summary>
    public static GitDirectory? OfWorkTree(string root)
    {
        var dotGit = Path.Combine(root, ".git");
        if (Directory.Exists(dotGit)) return Of(dotGit);
        if (!File.Exists(dotGit)) return null;
        try
        {
            var text = File.ReadAllText(dotGit).Trim();
            if (!text.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
            return Of(Path.GetFullPath(Path.Combine(root, text["gitdir:".Length..].Trim())));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The git directory <paramref name="gitDir"/> with its common directory (from its <c>commondir</c> file, when linked).</summary>
    public static GitDirectory Of(string gitDir)
    {
        gitDir = Path.GetFullPath(gitDir);
        var commonFile = Path.Combine(gitDir, "commondir");
        try
        {
            if (File.Exists(commonFile))
                return new GitDirectory(gitDir, Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonFile).Trim())));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // an unreadable commondir: treat the directory as not linked
        }
        return new GitDirectory(gitDir, gitDir);
    }

    /// <summary>The repository's config file, or null when it does not exist.</summary>
    public string? ConfigFile => File.Exists(Path.Combine(CommonDir, "config")) ? Path.Combine(CommonDir, "config") : null;

    /// <summary>What <c>HEAD</c> holds: the ref it points at (<c>refs/heads/main</c>), or the commit of a detached head; both null when unreadable.</summary>
    public (string? Ref, CommitId? Commit) ReadHead()
    {
        string text;
        try
        {
            var path = Path.Combine(GitDir, "HEAD");
            text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }
        if (text.StartsWith("ref:", StringComparison.Ordinal)) return (text[4..].Trim(), null);
        return (null, CommitId.TryParse(text.AsSpan(), out var id) ? id : null);
    }

    /// <summary>The checked-out branch (<c>main</c>), or null for a detached or unreadable head.</summary>
    public string? CurrentBranch =>
        ReadHead().Ref is { } head && head.StartsWith("refs/heads/", StringComparison.Ordinal) ? head["refs/heads/".Length..] : null;
}
