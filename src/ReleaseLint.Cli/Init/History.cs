using System.Collections;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Git;

namespace ReleaseLint.Cli.Init;

/// <summary>A merge into the release branch that brought release tags in.</summary>
/// <param name="Merge">The merge commit (on the release branch's first-parent chain).</param>
/// <param name="Branch">The branch it merged, as its message names it.</param>
/// <param name="Tags">The release tags it brought in.</param>
public sealed record CandidateMerge(CommitId Merge, string Branch, IReadOnlyList<GitTag> Tags);

/// <summary>
/// What <c>init</c> reads of a repository's history: every branch (local and remote-tracking, by name), every tag,
/// the default branch, and one graph of everything reachable from the branches and tags, so that "which branches
/// hold this tag" and "which merges brought releases in" are answered from marks, not per-question walks.
/// </summary>
public sealed partial class History
{
    private readonly IGitRepository _git;
    private readonly CommitGraph _graph;
    private readonly Dictionary<string, CommitId> _tips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BitArray> _marks = new(StringComparer.Ordinal);
    private readonly Dictionary<CommitId, List<GitTag>> _tagsByCommit = [];
    private readonly Lazy<BitArray> _onAnyBranch;
    private readonly Lazy<(int[] Start, int[] Children)> _children;
    private readonly Dictionary<int, List<string>> _branchesAtTip = [];

    private History(IGitRepository git, CommitGraph graph)
    {
        _git = git;
        _graph = graph;
        _onAnyBranch = new(() => _graph.ReachableFrom(_tips.Values.Select(_graph.IndexOf)));
        _children = new(BuildChildren);
    }

    /// <summary>Every tag.</summary>
    public IReadOnlyList<GitTag> Tags { get; private init; } = [];
    /// <summary>The branch names (local and remote-tracking, without the remote), sorted.</summary>
    public IReadOnlyList<string> BranchNames { get; private init; } = [];
    /// <summary>The branch names with their tips.</summary>
    public IReadOnlyCollection<string> Branches => _tips.Keys;
    /// <summary>The default branch, or null when there is none.</summary>
    public string? DefaultBranch { get; private init; }
    /// <summary>What shows the default branch (<c>origin/HEAD -> origin/dev</c>).</summary>
    public string DefaultBranchSource { get; private init; } = "";

    /// <summary>Reads the history of <paramref name="git"/>: refs, then one walk from every branch and tag.</summary>
    public static History Read(IGitRepository git)
    {
        var tips = new Dictionary<string, CommitId>(StringComparer.Ordinal);
        // a local branch wins over origin's, origin's over another remote's
        foreach (var b in git.Branches.OrderBy(b => b.IsRemote ? b.Remote == "origin" ? 1 : 2 : 0))
            tips.TryAdd(b.BranchName, b.Tip);
        var tags = git.Tags;
        var walkFrom = tips.Values.Concat(tags.Where(t => t.Target is not null).Select(t => t.Target!.Value)).Distinct().ToList();
        var graph = git.LoadGraph(walkFrom);
        var remoteHead = git.DefaultBranch;
        string? defaultBranch = null;
        var source = "";
        if (remoteHead is not null && tips.ContainsKey(remoteHead))
        {
            defaultBranch = remoteHead;
            source = $"the default branch ('{remoteHead}': origin/HEAD, else the checked-out branch)";
        }
        else
        {
            defaultBranch = new[] { "main", "master", "trunk", "develop", "dev" }.FirstOrDefault(tips.ContainsKey) ?? tips.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
            if (defaultBranch is not null) source = $"no default branch recorded (origin/HEAD): '{defaultBranch}' by its name";
        }
        var history = new History(git, graph)
        {
            Tags = tags,
            BranchNames = tips.Keys.Order(StringComparer.Ordinal).ToList(),
            DefaultBranch = defaultBranch,
            DefaultBranchSource = source,
        };
        foreach (var (name, tip) in tips)
        {
            history._tips[name] = tip;
            var i = graph.IndexOf(tip);
            if (i < 0) continue;
            if (!history._branchesAtTip.TryGetValue(i, out var list)) history._branchesAtTip[i] = list = [];
            list.Add(name);
        }
        foreach (var tag in tags)
        {
            if (tag.Target is not { } target) continue;
            if (!history._tagsByCommit.TryGetValue(target, out var list)) history._tagsByCommit[target] = list = [];
            list.Add(tag);
        }
        return history;
    }

    /// <summary>The tip of <paramref name="branch"/>, or null.</summary>
    public CommitId? Tip(string branch) => _tips.TryGetValue(branch, out var tip) ? tip : null;

    /// <summary>The tags on <paramref name="commit"/>.</summary>
    public IReadOnlyList<GitTag> TagsOn(CommitId commit) => _tagsByCommit.TryGetValue(commit, out var list) ? list : [];

    /// <summary>True when <paramref name="commit"/> is reachable from <paramref name="branch"/>.</summary>
    public bool Contains(string branch, CommitId commit)
    {
        if (!_tips.TryGetValue(branch, out var tip)) return false;
        if (!_marks.TryGetValue(branch, out var marks)) _marks[branch] = marks = _graph.ReachableFrom(_graph.IndexOf(tip));
        var i = _graph.IndexOf(commit);
        return i >= 0 && marks[i];
    }

    /// <summary>True when <paramref name="commit"/> is reachable from some branch.</summary>
    public bool OnAnyBranch(CommitId commit)
    {
        var i = _graph.IndexOf(commit);
        return i >= 0 && _onAnyBranch.Value[i];
    }

    /// <summary>The branches from which <paramref name="commit"/> is reachable (a walk to its descendants, bounded).</summary>
    public IReadOnlyList<string> BranchesContaining(CommitId commit, int maxCommits = 50_000)
    {
        var start = _graph.IndexOf(commit);
        var found = new List<string>();
        if (start < 0) return found;
        var (first, children) = _children.Value;
        var seen = new HashSet<int> { start };
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0 && seen.Count <= maxCommits)
        {
            var c = queue.Dequeue();
            if (_branchesAtTip.TryGetValue(c, out var names)) found.AddRange(names);
            for (var k = first[c]; k < first[c + 1]; k++)
                if (seen.Add(children[k])) queue.Enqueue(children[k]);
        }
        return found;
    }

    private (int[] Start, int[] Children) BuildChildren()
    {
        var count = new int[_graph.Count + 1];
        for (var c = 0; c < _graph.Count; c++)
            foreach (var p in _graph.Parents(c)) count[p + 1]++;
        for (var i = 0; i < _graph.Count; i++) count[i + 1] += count[i];
        var children = new int[count[_graph.Count]];
        var at = (int[])count.Clone();
        for (var c = 0; c < _graph.Count; c++)
            foreach (var p in _graph.Parents(c)) children[at[p]++] = c;
        return (count, children);
    }

    /// <summary>
    /// The merges on <paramref name="branch"/>'s first-parent chain whose merged side carries one of
    /// <paramref name="tags"/> (newest first), with the branch each merged as its message names it
    /// (<c>Merge pull request #12 from owner/BRANCH</c>, <c>Merge branch 'BRANCH'</c>, <c>Merge BRANCH: …</c>).
    /// </summary>
    public IReadOnlyList<CandidateMerge> CandidateMerges(string branch, IReadOnlyList<GitTag> tags)
    {
        if (!_tips.TryGetValue(branch, out var tip)) return [];
        var chain = _graph.FirstParentChain(_graph.IndexOf(tip));
        var position = new Dictionary<int, int>(chain.Count);
        for (var k = 0; k < chain.Count; k++) position[chain[k]] = k;
        // which chain commit brought each commit in: walk the merged side of each merge, oldest merge first
        var broughtBy = new int[_graph.Count];
        Array.Fill(broughtBy, -1);
        var stack = new Stack<int>();
        for (var k = chain.Count - 1; k >= 0; k--)
        {
            var c = chain[k];
            broughtBy[c] = c;
            var parents = _graph.Parents(c);
            for (var j = 1; j < parents.Length; j++) stack.Push(parents[j]);
            while (stack.Count > 0)
            {
                var x = stack.Pop();
                if (broughtBy[x] >= 0) continue;
                broughtBy[x] = c;
                foreach (var p in _graph.Parents(x)) stack.Push(p);
            }
        }
        var merges = new Dictionary<int, List<GitTag>>();
        foreach (var tag in tags)
        {
            if (tag.Target is not { } target) continue;
            var i = _graph.IndexOf(target);
            if (i < 0) continue;
            var by = broughtBy[i];
            if (by < 0 || by == i || _graph.Parents(by).Length < 2) continue;
            if (!merges.TryGetValue(by, out var list)) merges[by] = list = [];
            list.Add(tag);
        }
        if (merges.Count == 0) return [];
        var commits = _git.ReadCommits(merges.Keys.Select(_graph.Id).ToList());
        var result = new List<CandidateMerge>();
        foreach (var commit in commits.OrderBy(c => position.TryGetValue(_graph.IndexOf(c.Id), out var p) ? p : int.MaxValue))
        {
            var m = MergeSubject().Match(commit.Subject);
            if (m.Success) result.Add(new CandidateMerge(commit.Id, m.Groups["branch"].Value, merges[_graph.IndexOf(commit.Id)]));
        }
        return result;
    }

    /// <summary>
    /// The branch names in the subjects of the merges reachable from <paramref name="tips"/> and from no branch (the
    /// history of tags on deleted branches), with how many merges name each: the branch merged
    /// (<c>Merge branch 'hotfix-billing' into hotfix-rc</c>) and the branch merged into. At most
    /// <paramref name="maxCommits"/> commits are walked.
    /// </summary>
    public IReadOnlyDictionary<string, int> MergeNamesOffBranches(IReadOnlyList<CommitId> tips, int maxCommits = 20_000)
    {
        var merges = new List<CommitId>();
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        foreach (var tip in tips)
            if (_graph.IndexOf(tip) is var i && i >= 0 && seen.Add(i)) stack.Push(i);
        while (stack.Count > 0 && seen.Count <= maxCommits)
        {
            var c = stack.Pop();
            if (_onAnyBranch.Value[c]) continue;
            var parents = _graph.Parents(c);
            if (parents.Length > 1) merges.Add(_graph.Id(c));
            foreach (var p in parents)
                if (seen.Add(p)) stack.Push(p);
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var commit in merges.Count == 0 ? [] : _git.ReadCommits(merges.Take(2_000).ToList()))
        {
            var m = MergeNames().Match(commit.Subject);
            if (!m.Success) continue;
            foreach (var name in new[] { m.Groups["from"].Value, m.Groups["into"].Value }.Where(n => n.Length > 0).Distinct())
                counts[name] = counts.GetValueOrDefault(name) + 1;
        }
        return counts;
    }

    [GeneratedRegex(@"^Merge (?:remote-tracking branch '(?:origin/)?(?<from>[^']+)'|branch '(?<from>[^']+)'(?: of \S+)?|pull request #\d+ from [^/\s]+/(?<from>\S+))(?: into (?<into>[\w./-]+))?", RegexOptions.CultureInvariant)]
    private static partial Regex MergeNames();

    [GeneratedRegex(@"^Merge (?:pull request #\d+ from [^/\s]+/(?<branch>\S+)|remote-tracking branch '(?:[^/']+/)?(?<branch>[^']+)'|branch '(?<branch>[^']+)'|(?<branch>[\w][\w./-]*?)(?=:|\s|$))", RegexOptions.CultureInvariant)]
    private static partial Regex MergeSubject();
}
