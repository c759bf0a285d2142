using LibGit2Sharp;
using ReleaseLint.Inputs.Git;

namespace ReleaseLint.Git;

/// <summary>
/// The repository read through LibGit2Sharp (<see cref="GitBackend.LibGit2"/>, or <see cref="GitBackend.Auto"/>
/// when git is not on PATH or cannot read it): no external process. One LibGit2Sharp call at a time on the shared
/// <see cref="Repository"/>.
/// </summary>
public sealed class LibGit2Repository : GitRepository
{
    private readonly Repository _repository;
    private readonly object _gate = new();

    private LibGit2Repository(string root, Repository repository) : base(root) => _repository = repository;

    /// <summary>The repository at <paramref name="root"/>, or null when LibGit2Sharp cannot open it.</summary>
    internal static LibGit2Repository? TryOpen(string root)
    {
        LibGit2Repository? repository = null;
        try
        {
            repository = new LibGit2Repository(root, new Repository(root));
            _ = repository.Facts;
            return repository;
        }
        catch (Exception e) when (e is LibGit2SharpException or RepositoryNotFoundException or IOException)
        {
            repository?.Dispose();
            return null;
        }
    }

    /// <inheritdoc />
    public override GitBackend Backend => GitBackend.LibGit2;

    private protected override string? Resolve(string revision)
    {
        try
        {
            return Locked(() => _repository.Lookup(revision)?.Peel<Commit>()?.Sha);
        }
        catch (Exception e) when (e is LibGit2SharpException or ArgumentException)
        {
            return null;
        }
    }

    private protected override (CommitGraph Graph, string Source) ReadGraph(IReadOnlyList<CommitId> tips) =>
        (Locked(() => LoadGraphLibGit2(_repository, tips)), "LibGit2Sharp revision walk");

    private protected override IReadOnlyList<GitCommit> Read(IReadOnlyList<CommitId> commits) => Locked(() =>
    {
        var list = new List<GitCommit>(commits.Count);
        foreach (var id in commits)
            if (_repository.Lookup<Commit>(id.ToString()) is { } c)
                list.Add(new GitCommit(id, c.Parents.Select(p => CommitId.Parse(p.Sha)).ToList(), c.Message ?? "", c.Committer.When));
        return list;
    });

    private protected override RepoFacts ReadFacts()
    {
        var info = Locked(() => _repository.Info);
        var directory = GitDirectory.Of(info.Path);
        var (headRef, headCommit) = directory.ReadHead();
        return new RepoFacts(Locked(() => info.IsBare), Locked(() => info.IsShallow), directory.GitDir, directory.CommonDir, headRef, headCommit);
    }

    private protected override IReadOnlyDictionary<string, string> ReadConfig() => Locked(() =>
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in _repository.Config)
            values[entry.Key] = entry.Value;
        return values;
    });

    private protected override IReadOnlyList<GitTag> ReadTags() => Locked(() => ReadTagsLibGit2(_repository));

    private protected override IReadOnlyList<GitBranch> ReadBranches() => Locked(() => ReadBranchesLibGit2(_repository));

    /// <inheritdoc />
    public override IReadOnlyList<(string Path, string Text)> ReadFolder(string revision, string folder, int maxFiles = 64, int maxBytes = 256 * 1024)
    {
        if (revision.Length == 0 || revision.StartsWith('-')) return [];
        try
        {
            return Locked(() =>
            {
                var files = new List<(string, string)>();
                if (_repository.Lookup(revision)?.Peel<Commit>() is not { } commit || commit[folder]?.Target is not Tree tree) return files;
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
    public override void Dispose() => _repository.Dispose();

    private protected override string? OriginHead() =>
        Locked(() => _repository.Refs["refs/remotes/origin/HEAD"] is SymbolicReference s ? s.TargetIdentifier : null);

    private protected override CommitGraph ReadGraphExcluding(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude) =>
        Locked(() => LoadGraphLibGit2(_repository, tips, exclude));

    private protected override IReadOnlyList<CommitSummary> Summaries(IReadOnlyList<CommitId> commits) =>
        Locked(() => commits.Select(id => _repository.Lookup<Commit>(id.ToString())).Where(c => c is not null).Select(c => Summary(c!)).ToList());

    private protected override IReadOnlyList<CommitSummary> Walk(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude, int max) => Locked(() =>
    {
        var filter = new CommitFilter
        {
            IncludeReachableFrom = tips.Select(t => t.ToString()).ToList(),
            ExcludeReachableFrom = exclude.Select(t => t.ToString()).ToList(),
            SortBy = CommitSortStrategies.Time,
        };
        return (IReadOnlyList<CommitSummary>)_repository.Commits.QueryBy(filter).Take(max).Select(Summary).ToList();
    });

    private protected override IReadOnlyDictionary<CommitId, string> ReadPatchIds(IReadOnlyList<CommitId> commits) => Locked(() =>
    {
        var result = new Dictionary<CommitId, string>();
        foreach (var id in commits)
        {
            try
            {
                if (_repository.Lookup<Commit>(id.ToString()) is { } c && PatchIdLibGit2(_repository, c) is { } patchId)
                    result[id] = patchId;
            }
            catch (LibGit2SharpException) { } // an object missing from a partial copy: this commit is left out
        }
        return (IReadOnlyDictionary<CommitId, string>)result;
    });

    private protected override IReadOnlyDictionary<CommitId, IReadOnlyDictionary<string, string>> ReadChangedFiles(IReadOnlyList<(CommitId Commit, CommitId? Against)> pairs) => Locked(() =>
    {
        var result = new Dictionary<CommitId, IReadOnlyDictionary<string, string>>();
        foreach (var (id, against) in pairs)
        {
            try
            {
                if (_repository.Lookup<Commit>(id.ToString()) is not { } c) continue;
                Tree? old;
                if (against is { } other) old = _repository.Lookup<Commit>(other.ToString())?.Tree;
                else
                {
                    var parents = c.Parents.ToList();
                    if (parents.Count > 1) continue; // a merge: no change of its own (as git diff-tree without -m)
                    old = parents.Count == 0 ? null : parents[0].Tree;
                }
                if (against is not null && old is null) continue;
                var files = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var change in _repository.Diff.Compare<TreeChanges>(old, c.Tree, new CompareOptions { Similarity = SimilarityOptions.None }))
                {
                    files[change.Path] = change.Status == ChangeKind.Deleted ? "" : change.Oid.Sha;
                }
                result[id] = files;
            }
            catch (LibGit2SharpException) { } // an object missing from a partial copy: this commit is left out
        }
        return (IReadOnlyDictionary<CommitId, IReadOnlyDictionary<string, string>>)result;
    });

    private static CommitSummary Summary(Commit c) =>
        new(CommitId.Parse(c.Sha), CommitId.Parse(c.Tree.Sha), c.Author.Email ?? "", c.Author.When.ToUnixTimeSeconds(), c.MessageShort ?? "", c.Parents.Count());

    /// <summary>
    /// A patch id computed the way <c>git patch-id --stable</c> reads a change (per file: the path and the added and
    /// removed lines with whitespace removed; files combined order-independently), for the LibGit2Sharp backend. Its
    /// values differ from git's, but equal changes get equal ids, which is all the comparison needs.
    /// </summary>
    private static string? PatchIdLibGit2(Repository repo, Commit commit)
    {
        var parents = commit.Parents.ToList();
        if (parents.Count > 1) return null;
        var patch = repo.Diff.Compare<Patch>(parents.Count == 0 ? null : parents[0].Tree, commit.Tree, new CompareOptions { Similarity = SimilarityOptions.None });
        var total = new byte[20];
        var any = false;
        foreach (var entry in patch)
        {
            using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA1);
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(entry.Path + "\0"));
            foreach (var line in entry.Patch.Split('\n'))
            {
                if (line.Length == 0 || line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal)) continue;
                if (line[0] is not ('+' or '-')) continue;
                sha.AppendData(System.Text.Encoding.UTF8.GetBytes(line[0] + string.Concat(line.Skip(1).Where(ch => !char.IsWhiteSpace(ch))) + "\n"));
            }
            var digest = sha.GetHashAndReset();
            // order-independent like --stable: the per-file hashes are added byte-wise with carry
            var carry = 0;
            for (var i = total.Length - 1; i >= 0; i--)
            {
                var sum = total[i] + digest[i] + carry;
                total[i] = (byte)sum;
                carry = sum >> 8;
            }
            any = true;
        }
        return any ? Convert.ToHexStringLower(total) : null;
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate) return read();
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

    private static CommitGraph LoadGraphLibGit2(Repository repo, IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId>? exclude = null)
    {
        var builder = new CommitGraph.Builder(exclude is null ? 64 * 1024 : 1024);
        if (tips.Count == 0) return builder.Build();
        var filter = new CommitFilter { IncludeReachableFrom = tips.Select(t => t.ToString()).ToList(), SortBy = CommitSortStrategies.None };
        if (exclude is { Count: > 0 }) filter.ExcludeReachableFrom = exclude.Select(t => t.ToString()).ToList();
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
