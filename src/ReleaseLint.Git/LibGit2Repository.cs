using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using LibGit2Sharp;
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
/// The linted repository. Two backends give the same answers: the git command-line program, used when it is on PATH
/// (its revision walk reads the commit-graph file and is far faster on large histories), and LibGit2Sharp, used
/// otherwise and loaded only when needed. Refs are read once; reachability from a branch is marked once per branch
/// from one revision walk and then answered by lookup. Thread-safe.
/// </summary>
public sealed class LibGit2Repository : IGitRepository
{
    private readonly GitProcess? _cli;
    private readonly Lazy<Repository> _repository;
    private readonly Lazy<RepoFacts> _facts;
    private readonly Lazy<IReadOnlyList<GitTag>> _tags;
    private readonly Lazy<IReadOnlyList<GitBranch>> _branches;
    private readonly object _libgit2Gate = new(); // one LibGit2Sharp call at a time on the shared Repository
    private readonly Lazy<IReadOnlyDictionary<string, string>> _config;
    private readonly ConcurrentDictionary<CommitId, Lazy<(CommitGraph Graph, BitArray Marks)>> _reachable = new();
    private readonly List<CommitGraph> _graphs = [];

    private LibGit2Repository(string root, GitProcess? cli, Repository? opened)
    {
        WorkTreeRoot = root;
        _cli = cli;
        _repository = opened is not null ? new(opened) : new(() => new Repository(root));
        _facts = new(ReadFacts);
        _tags = new(() => _cli is not null ? ReadTagsCli(_cli) : Locked(() => ReadTagsLibGit2(_repository.Value)));
        _branches = new(() => _cli is not null ? ReadBranchesCli(_cli) : Locked(() => ReadBranchesLibGit2(_repository.Value)));
        _config = new(ReadConfig);
    }

    /// <summary>The backend in use: <see cref="GitBackend.Auto"/> means the git CLI answers, <see cref="GitBackend.LibGit2"/> LibGit2Sharp.</summary>
    public GitBackend Backend => _cli is not null ? GitBackend.Auto : GitBackend.LibGit2;

    /// <summary>
    /// How the last <see cref="LoadGraph"/> read history: <c>commit-graph file</c> (git's file read directly, plus the
    /// commits newer than it), <c>git rev-list</c>, or <c>LibGit2Sharp revision walk</c>.
    /// </summary>
    public string? LastGraphSource { get; private set; }

    /// <inheritdoc />
    public string WorkTreeRoot { get; }

    /// <inheritdoc />
    public bool IsShallow => _facts.Value.Shallow;

    /// <inheritdoc />
    public bool IsBare => _facts.Value.Bare;

    /// <inheritdoc />
    public bool IsLinkedWorktree => File.Exists(Path.Combine(WorkTreeRoot, ".git")) && _facts.Value.GitDir != _facts.Value.CommonDir;

    /// <inheritdoc />
    public GitHead Head
    {
        get
        {
            var facts = _facts.Value;
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
    public string? ResolveCommit(string revision)
    {
        if (revision.Length == 0 || revision.StartsWith('-')) return null;
        if (_cli is not null)
        {
            try
            {
                var sha = _cli.Run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"]).Trim();
                return sha.Length > 0 ? sha : null;
            }
            catch (GitCommandException)
            {
                return null;
            }
        }
        try
        {
            return Locked(() => _repository.Value.Lookup(revision)?.Peel<Commit>()?.Sha);
        }
        catch (Exception e) when (e is LibGit2SharpException or ArgumentException)
        {
            return null;
        }
    }

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
        CommitGraph? graph;
        if (_cli is null)
        {
            graph = Locked(() => LoadGraphLibGit2(_repository.Value, tips));
            LastGraphSource = "LibGit2Sharp revision walk";
        }
        else
        {
            graph = IsShallow ? null : CommitGraphFile.TryLoad(_cli, _facts.Value.CommonDir, tips, ConfigValue);
            LastGraphSource = graph is null ? "git rev-list" : "commit-graph file";
            graph ??= LoadGraphCli(_cli, tips);
        }
        lock (_graphs) _graphs.Add(graph);
        return graph;
    }

    /// <inheritdoc />
    public IReadOnlyList<GitCommit> ReadCommits(IReadOnlyList<CommitId> commits)
    {
        if (commits.Count == 0) return [];
        if (_cli is null)
        {
            return Locked(() =>
            {
                var list = new List<GitCommit>(commits.Count);
                foreach (var id in commits)
                    if (_repository.Value.Lookup<Commit>(id.ToString()) is { } c)
                        list.Add(new GitCommit(id, c.Parents.Select(p => CommitId.Parse(p.Sha)).ToList(), c.Message ?? "", c.Committer.When));
                return list;
            });
        }
        var input = new StringBuilder(commits.Count * 41);
        foreach (var id in commits) input.Append(id.ToString()).Append('\n');
        var text = _cli.Run(["log", "--no-walk=unsorted", "--stdin", "-z", "--no-show-signature", "--no-notes", "--no-decorate", "--no-color", "--format=%H%x1f%P%x1f%cI%x1f%B"], input.ToString());
        var result = new List<GitCommit>(commits.Count);
        foreach (var record in text.Split('\0'))
        {
            var fields = record.Split('\x1f');
            if (fields.Length < 4 || !CommitId.TryParse(fields[0].Trim().AsSpan(), out var id)) continue;
            var parents = fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(CommitId.Parse).ToList();
            result.Add(new GitCommit(id, parents, fields[3].TrimEnd('\n'), GitDates.Parse(fields[2]) ?? default));
        }
        return result;
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_libgit2Gate) return read();
    }

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
        if (backend == GitBackend.Auto)
        {
            var cli = new GitProcess(root);
            var repository = new LibGit2Repository(root, cli, null);
            try
            {
                _ = repository._facts.Value;
                return repository;
            }
            catch (GitCommandException)
            {
                // git cannot read it (e.g. a repository owned by another user): LibGit2Sharp may still.
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // no git on PATH: LibGit2Sharp answers (the repository is opened once per run, so this costs one failed start)
            }
        }
        try
        {
            var opened = new Repository(root);
            var repository = new LibGit2Repository(root, null, opened);
            _ = repository._facts.Value;
            return repository;
        }
        catch (Exception e) when (e is LibGit2SharpException or RepositoryNotFoundException or IOException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<(string Path, string Text)> ReadFolder(string revision, string folder, int maxFiles = 64, int maxBytes = 256 * 1024)
    {
        if (revision.Length == 0 || revision.StartsWith('-')) return [];
        try
        {
            return Locked(() =>
            {
                var files = new List<(string, string)>();
                if (_repository.Value.Lookup(revision)?.Peel<Commit>() is not { } commit || commit[folder]?.Target is not Tree tree) return files;
                foreach (var entry in tree)
                {
                    if (files.Count >= maxFiles) break;
                    if (entry.TargetType != TreeEntryTargetType.Blob || entry.Target is not Blob blob || blob.Size > maxBytes || blob.IsBinary) continue;
                    files.Add((folder.TrimEnd('/') + "/" + entry.Name, blob.GetContentText()));
                }
                return files;
            });
        }
        catch (Exception e) when (e is LibGit2SharpException or ArgumentException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_repository.IsValueCreated) _repository.Value.Dispose();
    }

    private sealed record RepoFacts(bool Bare, bool Shallow, string GitDir, string CommonDir, string? HeadRef, CommitId? HeadCommit);

    private RepoFacts ReadFacts()
    {
        if (_cli is not null)
        {
            var lines = _cli.Run(["rev-parse", "--is-bare-repository", "--is-shallow-repository", "--absolute-git-dir", "--git-common-dir"])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length < 4) throw new GitCommandException("git rev-parse gave no repository facts");
            var gitDir = Path.GetFullPath(lines[2].Trim());
            var commonText = lines[3].Trim();
            var common = Path.GetFullPath(Path.IsPathRooted(commonText) ? commonText : Path.Combine(WorkTreeRoot, commonText));
            var (headRef, headCommit) = new GitDirectory(gitDir, common).ReadHead();
            return new RepoFacts(lines[0].Trim() == "true", lines[1].Trim() == "true", gitDir, common, headRef, headCommit);
        }
        var info = Locked(() => _repository.Value.Info);
        var directory = GitDirectory.Of(info.Path);
        var (href, hcommit) = directory.ReadHead();
        return new RepoFacts(Locked(() => info.IsBare), Locked(() => info.IsShallow), directory.GitDir, directory.CommonDir, href, hcommit);
    }

    private IReadOnlyDictionary<string, string> ReadConfig()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_cli is not null)
        {
            string text;
            try { text = _cli.Run(["config", "--list", "-z"]); }
            catch (GitCommandException) { return values; }
            foreach (var entry in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                var nl = entry.IndexOf('\n');
                var key = (nl < 0 ? entry : entry[..nl]).ToLowerInvariant();
                var dot = key.LastIndexOf('.');
                var first = key.IndexOf('.');
                if (first >= 0 && dot > first)
                {
                    // subsection names are case-sensitive: keep the original spelling between the first and last dot
                    var original = nl < 0 ? entry : entry[..nl];
                    key = original[..first].ToLowerInvariant() + original[first..dot] + original[dot..].ToLowerInvariant();
                }
                values[key] = nl < 0 ? "true" : entry[(nl + 1)..];
            }
            return values;
        }
        return Locked(() =>
        {
            foreach (var entry in _repository.Value.Config)
                values[entry.Key] = entry.Value;
            return values;
        });
    }

    private static IReadOnlyList<GitBranch> ReadBranchesCli(GitProcess cli)
    {
        var branches = new List<GitBranch>();
        foreach (var line in cli.Run(["for-each-ref", "--format=%(refname)%00%(objecttype)%00%(objectname)", "refs/heads", "refs/remotes"]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\0');
            if (f.Length < 3 || f[1] != "commit" || !CommitId.TryParse(f[2].AsSpan(), out var tip)) continue;
            var name = f[0];
            if (name.StartsWith("refs/heads/", StringComparison.Ordinal))
                branches.Add(new GitBranch(name["refs/heads/".Length..], null, tip));
            else if (name.StartsWith("refs/remotes/", StringComparison.Ordinal))
            {
                var rest = name["refs/remotes/".Length..];
                var slash = rest.IndexOf('/');
                if (slash <= 0 || rest.EndsWith("/HEAD", StringComparison.Ordinal)) continue;
                branches.Add(new GitBranch(rest, rest[..slash], tip));
            }
        }
        return branches;
    }

    private static IReadOnlyList<GitTag> ReadTagsCli(GitProcess cli)
    {
        var text = cli.Run(["for-each-ref",
            "--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(taggerdate:raw)%00%(committerdate:raw)",
            "refs/tags"]);
        var tags = new List<GitTag>();
        var nested = new List<int>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\0');
            if (f.Length < 7 || !f[0].StartsWith("refs/tags/", StringComparison.Ordinal)) continue;
            var tagName = f[0]["refs/tags/".Length..];
            if (f[1] == "tag")
            {
                var target = f[3] == "commit" && CommitId.TryParse(f[4].AsSpan(), out var t) ? t : (CommitId?)null;
                if (f[3] == "tag") nested.Add(tags.Count);
                tags.Add(new GitTag(tagName, true, target, GitDates.Parse(f[5]), null));
            }
            else
            {
                var target = f[1] == "commit" && CommitId.TryParse(f[2].AsSpan(), out var t) ? t : (CommitId?)null;
                tags.Add(new GitTag(tagName, false, target, null, GitDates.Parse(f[6])));
            }
        }
        if (nested.Count > 0)
        {
            // tags of tags: peel to the commit in one batch
            var input = string.Join('\n', nested.Select(i => "refs/tags/" + tags[i].Name + "^{commit}")) + "\n";
            var answers = cli.Run(["cat-file", "--batch-check=%(objectname) %(objecttype)"], input).Split('\n');
            for (var k = 0; k < nested.Count && k < answers.Length; k++)
            {
                var parts = answers[k].Split(' ');
                if (parts.Length == 2 && parts[1] == "commit" && CommitId.TryParse(parts[0].AsSpan(), out var id))
                    tags[nested[k]] = tags[nested[k]] with { Target = id };
            }
        }
        return tags;
    }

    private static IReadOnlyList<GitTag> ReadTagsLibGit2(Repository repo)
    {
        var tags = new List<GitTag>();
        foreach (var tag in repo.Tags.OrderBy(t => t.FriendlyName, StringComparer.Ordinal))
        {
            var commit = tag.PeeledTarget as Commit;
            CommitId? target = commit is null ? null : CommitId.Parse(commit.Sha);
            tags.Add(tag.IsAnnotated
                ? new GitTag(tag.FriendlyName, true, target, tag.Annotation.Tagger?.When, null)
                : new GitTag(tag.FriendlyName, false, target, null, commit?.Committer.When));
        }
        return tags;
    }

    private static IReadOnlyList<GitBranch> ReadBranchesLibGit2(Repository repo)
    {
        var branches = new List<GitBranch>();
        foreach (var b in repo.Branches)
        {
            if (b.Tip is null || b.IsRemote && b.CanonicalName.EndsWith("/HEAD", StringComparison.Ordinal)) continue;
            if (!b.IsRemote)
            {
                branches.Add(new GitBranch(b.CanonicalName["refs/heads/".Length..], null, CommitId.Parse(b.Tip.Sha)));
                continue;
            }
            // the remote's name from the ref itself: the remote may not be configured (refs fetched by CI, then removed)
            var rest = b.CanonicalName["refs/remotes/".Length..];
            var slash = rest.IndexOf('/');
            if (slash > 0) branches.Add(new GitBranch(rest, rest[..slash], CommitId.Parse(b.Tip.Sha)));
        }
        branches.Sort((a, b) => (a.IsRemote, b.IsRemote) switch
        {
            (false, true) => -1,
            (true, false) => 1,
            _ => string.CompareOrdinal(a.Name, b.Name),
        });
        return branches;
    }

    private static CommitGraph LoadGraphCli(GitProcess cli, IReadOnlyList<CommitId> tips)
    {
        var builder = new CommitGraph.Builder(64 * 1024);
        if (tips.Count == 0) return builder.Build();
        var args = new List<string> { "rev-list", "--parents" };
        args.AddRange(tips.Select(t => t.ToString()));
        args.Add("--");
        cli.Stream(args, stream => ParseRevList(stream, builder));
        return builder.Build();
    }

    /// <summary>Parses <c>git rev-list --parents</c> output (<c>commit parent parent…</c> per line) straight from bytes.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void ParseRevList(Stream stream, CommitGraph.Builder builder)
    {
        var buffer = new byte[1 << 16];
        var filled = 0;
        Span<CommitId> ids = stackalloc CommitId[64];
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            var end = filled + read;
            var start = 0;
            for (var i = filled; i < end; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                ParseLine(buffer.AsSpan(start, i - start), builder, ids);
                start = i + 1;
            }
            if (read == 0)
            {
                if (start < end) ParseLine(buffer.AsSpan(start, end - start), builder, ids);
                return;
            }
            filled = end - start;
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer (an octopus merge)
            Buffer.BlockCopy(buffer, start, buffer, 0, filled);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ParseLine(ReadOnlySpan<byte> line, CommitGraph.Builder builder, Span<CommitId> ids)
    {
        // "sha sha sha…": every name has the same length (40, or 64 in SHA-256 repositories), one space apart
        var width = line.IndexOf((byte)' ');
        if (width < 0) width = line.Length;
        if (width is not (40 or 64)) return;
        var count = 0;
        for (var at = 0; at + width <= line.Length && count < ids.Length; at += width + 1)
        {
            if (!CommitId.TryParse(line.Slice(at, width), out ids[count])) return;
            count++;
        }
        if (count > 0) builder.Add(ids[0], ids[1..count]);
    }

    private static CommitGraph LoadGraphLibGit2(Repository repo, IReadOnlyList<CommitId> tips)
    {
        var builder = new CommitGraph.Builder(64 * 1024);
        if (tips.Count == 0) return builder.Build();
        var filter = new CommitFilter { IncludeReachableFrom = tips.Select(t => t.ToString()).ToList(), SortBy = CommitSortStrategies.None };
        var parents = new List<CommitId>(4);
        foreach (var commit in repo.Commits.QueryBy(filter))
        {
            parents.Clear();
            foreach (var p in commit.Parents) parents.Add(CommitId.Parse(p.Sha));
            builder.Add(CommitId.Parse(commit.Sha), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(parents));
        }
        return builder.Build();
    }
}
