using LibGit2Sharp;
using ReleaseLint.Inputs.Git;

namespace ReleaseLint.Git;

/// <summary>The linted repository opened through LibGit2Sharp.</summary>
public sealed class LibGit2Repository : IGitRepository
{
    private readonly Repository _repository;

    private LibGit2Repository(Repository repository, string root)
    {
        _repository = repository;
        WorkTreeRoot = root;
    }

    /// <inheritdoc />
    public string WorkTreeRoot { get; }

    /// <inheritdoc />
    public bool IsShallow => _repository.Info.IsShallow;

    /// <inheritdoc />
    public string? RemoteUrl(string name) => _repository.Network.Remotes[name]?.Url;

    /// <inheritdoc />
    public string? ResolveCommit(string revision)
    {
        try
        {
            return _repository.Lookup(revision)?.Peel<Commit>()?.Sha;
        }
        catch (Exception e) when (e is LibGit2SharpException or ArgumentException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public bool? IsReachableFrom(string commitSha, string branch)
    {
        var tip = (_repository.Branches[branch] ?? _repository.Branches["origin/" + branch])?.Tip;
        if (tip is null) return null;
        var commit = _repository.Lookup<Commit>(commitSha);
        if (commit is null) return false;
        if (commit.Sha == tip.Sha) return true;
        var mergeBase = _repository.ObjectDatabase.FindMergeBase(commit, tip);
        return mergeBase?.Sha == commit.Sha;
    }

    /// <summary>
    /// Opens the repository whose work tree root is <paramref name="root"/> (or a bare repository at
    /// <paramref name="root"/>); null when <paramref name="root"/> is not such a root or the repository is broken.
    /// </summary>
    public static IGitRepository? Open(string root)
    {
        var dotGit = Path.Combine(root, ".git");
        if (!Directory.Exists(dotGit) && !File.Exists(dotGit) && !File.Exists(Path.Combine(root, "HEAD"))) return null;
        try
        {
            var repository = new Repository(root);
            return new LibGit2Repository(repository, root);
        }
        catch (Exception e) when (e is LibGit2SharpException or RepositoryNotFoundException or IOException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _repository.Dispose();
}
