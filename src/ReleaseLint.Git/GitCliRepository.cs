using System.Text;
using ReleaseLint.Inputs.Git;

namespace ReleaseLint.Git;

/// <summary>
/// The repository read through the git command-line program (<see cref="GitBackend.Auto"/> when git is on PATH): its
/// revision walk, or git's commit-graph file read directly, is far faster than LibGit2Sharp's on large histories.
/// </summary>
public sealed class GitCliRepository : GitRepository
{
    private readonly GitProcess _cli;

    private readonly Lazy<LibGit2Repository?> _libgit2;

    private GitCliRepository(string root) : base(root)
    {
        _cli = new GitProcess(root);
        _libgit2 = new(() => LibGit2Repository.TryOpen(root));
    }

    /// <summary>The repository at <paramref name="root"/> when git can read it; null when git is missing or cannot (e.g. a repository owned by another user: LibGit2Sharp may still).</summary>
    internal static GitCliRepository? TryOpen(string root)
    {
        var repository = new GitCliRepository(root);
        try
        {
            _ = repository.Facts;
            return repository;
        }
        catch (GitCommandException)
        {
            return null; // git cannot read it
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on PATH (the repository is opened once per run, so this costs one failed start)
        }
    }

    /// <inheritdoc />
    public override GitBackend Backend => GitBackend.Auto;

    private protected override string? Resolve(string revision)
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

    private protected override (CommitGraph Graph, string Source) ReadGraph(IReadOnlyList<CommitId> tips)
    {
        var graph = IsShallow ? null : CommitGraphFile.TryLoad(_cli, Facts.CommonDir, tips, ConfigValue);
        return graph is not null ? (graph, "commit-graph file") : (LoadGraphCli(_cli, tips), "git rev-list");
    }

    private protected override IReadOnlyList<GitCommit> Read(IReadOnlyList<CommitId> commits)
    {
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

    private protected override RepoFacts ReadFacts()
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

    private protected override IReadOnlyDictionary<string, string> ReadConfig()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
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

    private protected override IReadOnlyList<GitTag> ReadTags() => ReadTagsCli(_cli);

    /// <inheritdoc />
    /// <remarks>Read through LibGit2Sharp, opened on first use.</remarks>
    public override IReadOnlyList<(string Path, string Text)> ReadFolder(string revision, string folder, int maxFiles = 64, int maxBytes = 256 * 1024) =>
        _libgit2.Value?.ReadFolder(revision, folder, maxFiles, maxBytes) ?? [];

    /// <inheritdoc />
    public override void Dispose()
    {
        if (_libgit2.IsValueCreated) _libgit2.Value?.Dispose();
    }

    private protected override IReadOnlyList<GitBranch> ReadBranches() => ReadBranchesCli(_cli);

    private protected override string? OriginHead()
    {
        try { return _cli.Run(["symbolic-ref", "-q", "refs/remotes/origin/HEAD"]).Trim(); }
        catch (GitCommandException) { return null; } // no origin/HEAD: exit 1
    }

    private protected override CommitGraph ReadGraphExcluding(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude)
    {
        var builder = new CommitGraph.Builder(1024);
        _cli.Stream(["rev-list", "--parents", "--stdin"], stream => ParseRevList(stream, builder), RevisionInput(tips, exclude));
        return builder.Build();
    }

    /// <summary>The log format of <see cref="CommitSummary"/>: fields separated by 0x1F, records by NUL (<c>-z</c>).</summary>
    private const string SummaryFormat = "--format=%H%x1f%T%x1f%ae%x1f%at%x1f%P%x1f%s";

    private protected override IReadOnlyList<CommitSummary> Summaries(IReadOnlyList<CommitId> commits) =>
        ParseSummaries(_cli.Run(["log", "--no-walk=unsorted", "--stdin", "-z", "--no-show-signature", "--no-notes", "--no-decorate", "--no-color", SummaryFormat], RevisionInput(commits, [])));

    private protected override IReadOnlyList<CommitSummary> Walk(IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude, int max) =>
        ParseSummaries(_cli.Run(["log", "--stdin", "-z", $"--max-count={max}", "--no-show-signature", "--no-notes", "--no-decorate", "--no-color", SummaryFormat], RevisionInput(tips, exclude)));

    private protected override IReadOnlyDictionary<CommitId, string> ReadPatchIds(IReadOnlyList<CommitId> commits)
    {
        var result = new Dictionary<CommitId, string>();
        // diff-tree prints each commit's id and its change against its first parent (nothing for a merge); patch-id
        // hashes each change with line numbers and whitespace ignored, per file, order-independent (--stable)
        string Run(IReadOnlyList<CommitId> batch) => _cli.Pipe(["diff-tree", "--stdin", "-p", "-r", "--root", "--no-color", "--no-ext-diff", "--no-renames"], RevisionInput(batch, []),
            ["patch-id", "--stable"]);
        var readable = commits;
        try { Read(Run(commits)); return result; }
        catch (GitCommandException)
        {
            // an object is missing (a partial copy): the commits whose change reads a missing blob are left out, found
            // from the changed files (which need trees only) and one existence check of their blobs
            readable = WithoutMissingBlobs(commits);
        }
        Batched(readable, Run, Read);
        return result;

        void Read(string text)
        {
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && CommitId.TryParse(parts[1].AsSpan(), out var id)) result[id] = parts[0];
            }
        }
    }

    /// <summary>The commits whose change (against the first parent) reads no blob that is missing from the repository.</summary>
    private List<CommitId> WithoutMissingBlobs(IReadOnlyList<CommitId> commits)
    {
        var blobs = new Dictionary<CommitId, List<string>>();
        Batched(commits, batch => _cli.Run(["diff-tree", "--stdin", "-z", "-r", "--root", "--no-renames", "--no-ext-diff"], RevisionInput(batch, [])), text =>
        {
            List<string>? list = null;
            var fields = text.Split('\0');
            for (var i = 0; i < fields.Length; i++)
            {
                var f = fields[i].Trim('\n');
                if (f.Length == 0) continue;
                if (f[0] != ':')
                {
                    list = CommitId.TryParse(f.AsSpan(), out var id) ? blobs[id] = [] : null;
                    continue;
                }
                i++; // the path
                var meta = f.Split(' ');
                if (list is null || meta.Length < 5) continue;
                foreach (var blob in new[] { meta[2], meta[3] })
                    if (blob.Any(ch => ch != '0') && (meta[0].EndsWith("160000", StringComparison.Ordinal) || meta[1] == "160000") is false) list.Add(blob);
            }
        });
        var all = blobs.Values.SelectMany(b => b).Distinct().ToList();
        var missing = new HashSet<string>(StringComparer.Ordinal);
        if (all.Count > 0)
            foreach (var line in _cli.Run(["cat-file", "--batch-check=%(objectname) %(objecttype)"], string.Join('\n', all) + "\n").Split('\n'))
                if (line.EndsWith(" missing", StringComparison.Ordinal)) missing.Add(line[..line.IndexOf(' ')]);
        return commits.Where(c => !blobs.TryGetValue(c, out var b) || !b.Any(missing.Contains)).ToList();
    }

    private protected override IReadOnlyDictionary<CommitId, IReadOnlyDictionary<string, string>> ReadChangedFiles(IReadOnlyList<(CommitId Commit, CommitId? Against)> pairs)
    {
        var result = new Dictionary<CommitId, IReadOnlyDictionary<string, string>>();
        var against = pairs.ToDictionary(p => p.Commit, p => p.Against);
        // raw output, one record per commit: its id, then ":mode mode blob blob status" and the path (NUL-separated);
        // a line "COMMIT OTHER" compares COMMIT with OTHER as if it were its parent
        Batched(pairs.Select(p => p.Commit).ToList(), batch => _cli.Run(["diff-tree", "--stdin", "-z", "-r", "--root", "--no-renames", "--no-ext-diff"],
            string.Concat(batch.Select(c => against[c] is { } other ? $"{c} {other}\n" : $"{c}\n"))), text =>
        {
            var fields = text.Split('\0');
            Dictionary<string, string>? files = null;
            for (var i = 0; i < fields.Length; i++)
            {
                var f = fields[i].Trim('\n');
                if (f.Length == 0) continue;
                if (f[0] != ':')
                {
                    // the commit line (for a pair: "COMMIT OTHER")
                    var id = f.Split(' ')[0];
                    files = CommitId.TryParse(id.AsSpan(), out var commit) && against.ContainsKey(commit) ? [] : null;
                    if (files is not null) result[commit] = files;
                    continue;
                }
                var meta = f.Split(' ');
                if (i + 1 >= fields.Length) break;
                var path = fields[++i];
                if (files is not null && meta.Length >= 5) files[path] = meta[4].StartsWith('D') ? "" : meta[3];
            }
        });
        return result;
    }

    /// <summary>
    /// Runs a command over all <paramref name="commits"/> at once; when it fails (an object missing from a partial copy),
    /// over each half again, down to single commits, whose failure leaves only that commit out.
    /// </summary>
    private static void Batched(IReadOnlyList<CommitId> commits, Func<IReadOnlyList<CommitId>, string> run, Action<string> read)
    {
        if (commits.Count == 0) return;
        string text;
        try { text = run(commits); }
        catch (GitCommandException)
        {
            if (commits.Count == 1) return;
            var half = commits.Count / 2;
            Batched(commits.Take(half).ToList(), run, read);
            Batched(commits.Skip(half).ToList(), run, read);
            return;
        }
        read(text);
    }

    /// <summary>One commit id a line, the excluded ones with <c>^</c>, for <c>--stdin</c>.</summary>
    private static string RevisionInput(IReadOnlyList<CommitId> include, IReadOnlyList<CommitId> exclude)
    {
        var input = new StringBuilder((include.Count + exclude.Count) * 42);
        foreach (var t in include) input.Append(t.ToString()).Append('\n');
        foreach (var x in exclude) input.Append('^').Append(x.ToString()).Append('\n');
        return input.ToString();
    }

    private static IReadOnlyList<CommitSummary> ParseSummaries(string text)
    {
        var list = new List<CommitSummary>();
        foreach (var record in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = record.Trim('\n').Split('\x1f');
            if (f.Length < 6 || !CommitId.TryParse(f[0].AsSpan(), out var id) || !CommitId.TryParse(f[1].AsSpan(), out var tree)) continue;
            var parents = f[4].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            list.Add(new CommitSummary(id, tree, f[2], long.TryParse(f[3], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : 0, f[5], parents));
        }
        return list;
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
}
