using System.Collections;
using System.Collections.Concurrent;
using ReleaseLint.Inputs.Git;

namespace ReleaseLint.Git;

/// <summary>Which implementation answers git questions.</summary>
public enum GitBackend
{
    /// <summary>The git CLI when it is on PATH and can read the repository (fastest for whole-history walks), else LibGit2Sharp.</summary>
    Auto,
    /// <summary>LibGit2Sharp only (no external process).</summary>
    LibGit2,
}

/// <summary>
/// The linted repository. Two back ends give the same answers: <see cref="GitCliRepository"/>, the git command-line
/// program, used when it is on PATH (its revision walk reads the commit-graph file and is far faster on large
/// histories), and <see cref="LibGit2Repository"/>, LibGit2Sharp, used otherwise and loaded only when needed
/// (<see cref="Open(string, GitBackend)"/> chooses). This base holds what they share: refs and configuration are read
/// once; reachability from a branch is marked once per branch from one revision walk and then answered by lookup.
/// Thread-safe.
/// </summary>
public abstract class GitRepository : IGitRepository
{
    private readonly Lazy<RepoFacts> _facts;
    private readonly Lazy<IReadOnlyList<GitTag>> _tags;
    private readonly Lazy<IReadOnlyList<GitBranch>> _branches;
    private readonly Lazy<IReadOnlyDictionary<string, string>> _config;
    private readonly ConcurrentDictionary<CommitId, Lazy<(CommitGraph Graph, BitArray Marks)>> _reachable = new();
    private readonly List<CommitGraph> _graphs = [];

    /// <summary>Creates the repository whose work tree root (or bare root) is <paramref name="root"/>; nothing is read yet.</summary>
    private protected GitRepository(string root)
    {
        WorkTreeRoot = root;
        _facts = new(ReadFacts);
        _tags = new(ReadTags);
        _branches = new(ReadBranches);
        _config = new(ReadConfig);
    }

    /// <summary>The backend in use: <see cref="GitBackend.Auto"/> means the git CLI answers, <see cref="GitBackend.LibGit2"/> LibGit2Sharp.</summary>
    public abstract GitBackend Backend { get; }

    /// <summary>
    /// How the last <see cref="LoadGraph(IReadOnlyList{CommitId})"/> read history: <c>commit-graph file</c> (git's file read directly, plus the
    /// commits newer than it), <c>git rev-list</c>, or <c>LibGit2Sharp revision walk</c>.
    /// </summary>
    public string? LastGraphSource { get; private set; }

    /// <inheritdoc />
    public string WorkTreeRoot { get; }

    /// <summary>Bare and shallow flags, the git directories and HEAD, read once.</summary>
    private protected RepoFacts Facts => _facts.Value;

    /// <inheritdoc />
    public bool IsShallow => Facts.Shallow;

    /// <inheritdoc />
    public bool IsBare => Facts.Bare;

    /// <inheritdoc />
    public bool IsLinkedWorktree => File.Exists(Path.Combine(WorkTreeRoot, ".git")) && Facts.GitDir != Facts.CommonDir;

    /// <inheritdoc />
    public GitHead Head
    {
        get
        {
            var facts = Facts;
            if (facts.HeadRef is null) return new GitHead(null, facts.HeadCommit);
            var branch = facts.HeadRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? facts.HeadRef["refs/heads/".Length..] : facts.HeadRef;
            var tip = Branches.FirstOrDefault(b => !b.IsRemote && b.Name == branch)?.Tip;
            return new GitHead(branch, tip);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<GitTag> Tags => _tags.Value;

    /// <inheritdoc />
    public IReadOnlyList<GitBranch> Branches => _branches.Value;

    /// <inheritdoc />
    public IReadOnlyList<string> Remotes =>
        _config.Value.Keys.Where(k => k.StartsWith("remote.", StringComparison.Ordinal) && k.EndsWith(".url", StringComparison.Ordinal))
            .Select(k => k["remote.".Length..^".url".Length]).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public string? RemoteUrl(string name) => ConfigValue($"remote.{name}.url");

    /// <inheritdoc />
    public string? ConfigValue(string key) => _config.Value.TryGetValue(key.ToLowerInvariant(), out var v) ? v : null;

    /// <inheritdoc />
    public string? ResolveCommit(string revision) =>
        revision.Length == 0 || revision.StartsWith('-') ? null : Resolve(revision);

    /// <inheritdoc />
    public bool? IsReachableFrom(string commitSha, string branch)
    {
        var tip = (Branches.FirstOrDefault(b => !b.IsRemote && b.Name == branch) ?? Branches.FirstOrDefault(b => b.Remote == "origin" && b.BranchName == branch))?.Tip;
        if (tip is not { } t) return null;
        if (!CommitId.TryParse(commitSha.AsSpan(), out var commit))
        {
            if (ResolveCommit(commitSha) is not { } full) return false;
            commit = CommitId.Parse(full);
        }
        var (graph, marks) = _reachable.GetOrAdd(t, key => new(() =>
        {
            CommitGraph? known;
            lock (_graphs) known = _graphs.FirstOrDefault(g => g.IndexOf(key) is var i && i >= 0 && g.IsLoaded(i));
            var g = known ?? LoadGraph([key]);
            return (g, g.ReachableFrom(g.IndexOf(key)));
        })).Value;
        var index = graph.IndexOf(commit);
        return index >= 0 && marks[index];
    }

    /// <inheritdoc />
    public CommitGraph LoadGraph(IReadOnlyList<CommitId> tips)
    {
        var (graph, source) = ReadGraph(tips);
        LastGraphSource = source;
        lock (_graphs) _graphs.Add(graph);
        return graph;
    }

    /// <inheritdoc />
    public CommitGraph LoadGraph(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude) =>
        exclude.Count == 0 ? LoadGraph(tips) : tips.Count == 0 ? new CommitGraph.Builder(1).Build() : ReadGraphExcluding(tips, exclude);

    /// <inheritdoc />
    public IReadOnlyList<GitCommit> ReadCommits(IReadOnlyList<CommitId> commits) => commits.Count == 0 ? [] : Read(commits);

    /// <inheritdoc />
    public string? DefaultBranch
    {
        get
        {
            const string prefix = "refs/remotes/origin/";
            var target = OriginHead();
            if (target is { Length: > 0 } && target.StartsWith(prefix, StringComparison.Ordinal)) return target[prefix.Length..];
            return Head.Branch;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<CommitSummary> ReadSummaries(IReadOnlyList<CommitId> commits) => commits.Count == 0 ? [] : Summaries(commits);

    /// <inheritdoc />
    public IReadOnlyList<CommitSummary> WalkSummaries(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude, int max) =>
        tips.Count == 0 || max <= 0 ? [] : Walk(tips, exclude, max);

    /// <inheritdoc />
    public IReadOnlyDictionary<CommitId, string> PatchIds(IReadOnlyList<CommitId> commits) =>
        commits.Count == 0 ? new Dictionary<CommitId, string>() : ReadPatchIds(commits);

    /// <inheritdoc />
    public IReadOnlyDictionary<CommitId, IReadOnlyDictionary<string, string>> ChangedFiles(IReadOnlyList<(CommitId Commit, CommitId? Against)> pairs) =>
        pairs.Count == 0 ? new Dictionary<CommitId, IReadOnlyDictionary<string, string>>() : ReadChangedFiles(pairs.DistinctBy(p => p.Commit).ToList());

    /// <inheritdoc />
    public abstract IReadOnlyList<(string Path, string Text)> ReadFolder(string revision, string folder, int maxFiles = 64, int maxBytes = 256 * 1024);

    /// <inheritdoc />
    public virtual void Dispose()
    {
    }

    /// <summary>The commit <paramref name="revision"/> names (not empty, not an option), or null.</summary>
    private protected abstract string? Resolve(string revision);
    /// <summary>The commits reachable from <paramref name="tips"/>, with how they were read (<see cref="LastGraphSource"/>).</summary>
    private protected abstract (CommitGraph Graph, string Source) ReadGraph(IReadOnlyList<CommitId> tips);
    /// <summary>The commits with messages and dates (at least one asked).</summary>
    private protected abstract IReadOnlyList<GitCommit> Read(IReadOnlyList<CommitId> commits);
    /// <summary>Reads the repository facts (throws when the back end cannot read the repository).</summary>
    private protected abstract RepoFacts ReadFacts();
    /// <summary>Reads the configuration: keys lower-case except subsection names.</summary>
    private protected abstract IReadOnlyDictionary<string, string> ReadConfig();
    /// <summary>Reads the tags.</summary>
    private protected abstract IReadOnlyList<GitTag> ReadTags();
    /// <summary>Reads the local and remote-tracking branches.</summary>
    private protected abstract IReadOnlyList<GitBranch> ReadBranches();
    /// <summary>The target of <c>refs/remotes/origin/HEAD</c>, or null.</summary>
    private protected abstract string? OriginHead();
    /// <summary>The commits reachable from <paramref name="tips"/> and not from <paramref name="exclude"/> (both non-empty).</summary>
    private protected abstract CommitGraph ReadGraphExcluding(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude);
    /// <summary>Summaries of the commits (at least one asked).</summary>
    private protected abstract IReadOnlyList<CommitSummary> Summaries(IReadOnlyList<CommitId> commits);
    /// <summary>At most <paramref name="max"/> summaries, newest first, of the commits reachable from the tips and not the excluded.</summary>
    private protected abstract IReadOnlyList<CommitSummary> Walk(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude, int max);
    /// <summary>The patch ids of the non-merge commits (at least one asked).</summary>
    private protected abstract IReadOnlyDictionary<CommitId, string> ReadPatchIds(IReadOnlyList<CommitId> commits);
    /// <summary>The changed files of each commit against its parent or the given commit (at least one asked, each commit once).</summary>
    private protected abstract IReadOnlyDictionary<CommitId, IReadOnlyDictionary<string, string>> ReadChangedFiles(IReadOnlyList<(CommitId Commit, CommitId? Against)> pairs);

    /// <summary>Bare and shallow flags, the git directory, the common directory and HEAD.</summary>
    private protected sealed record RepoFacts(bool Bare, bool Shallow, string GitDir, string CommonDir, string? HeadRef, CommitId? HeadCommit);

    /// <summary>Opens the repository at <paramref name="root"/> with the fastest backend available.</summary>
    public static IGitRepository? Open(string root) => Open(root, GitBackend.Auto);

    /// <summary>
    /// Opens the repository whose work tree root is <paramref name="root"/> (or a bare repository at
    /// <paramref name="root"/>); null when <paramref name="root"/> is not such a root or the repository is broken.
    /// </summary>
    public static IGitRepository? Open(string root, GitBackend backend)
    {
        root = Path.GetFullPath(root);
        if (!GitDirectory.IsRepositoryRoot(root)) return null;
        if (backend == GitBackend.Auto && GitCliRepository.TryOpen(root) is { } cli) return cli;
        return LibGit2Repository.TryOpen(root);
    }
}
