using System.Collections;

namespace ReleaseLint.Inputs.Git;

/// <summary>A release tag whose commit is on no branch of the release process and has no equivalent there (RL3003).</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Commit">The commit it names; null when it names no commit.</param>
public sealed record OffBranchTag(GitTag Tag, CommitId? Commit);

/// <summary>
/// How much work the equivalence checks (same patch, same tree) may do in one run: they read the authors and trees of
/// the branches' history and compute patch ids, which costs far more per commit than the revision walk, so only the
/// commits that would otherwise be reported are checked, within these limits. What is left unchecked is reported as
/// before, and the run's summary says the budget ran out.
/// </summary>
/// <param name="MaxUpstreamCommits">Most commits of the branches whose tree and author are read.</param>
/// <param name="MaxPatchIds">Most patch ids computed.</param>
/// <param name="MaxTags">Most off-branch tags whose commits are compared.</param>
/// <param name="MaxCommitsPerTag">A tag with more commits of its own than this is off-branch as it stands (not a re-made release).</param>
public sealed record EquivalenceBudget(int MaxUpstreamCommits = 200_000, int MaxPatchIds = 2_000, int MaxTags = 500, int MaxCommitsPerTag = 200)
{
    /// <summary>The limits of a normal run.</summary>
    public static EquivalenceBudget Default { get; } = new();
}

public sealed partial class HistoryFacts
{
    private BitArray? _onMaintenance;
    private BitArray? _onCandidates;
    private readonly object _equivalenceGate = new();
    private int _patchIdsLeft = -1;
    private IReadOnlyList<OffBranchTag>? _offBranchTags;

    /// <summary>The branches that <c>branches.maintenance</c> names (local and remote-tracking).</summary>
    public IReadOnlyList<GitBranch> MaintenanceBranches { get; private init; } = [];
    /// <summary>True when the policy names maintenance branches (<c>branches.maintenance</c>): the process has release lines besides the release branch.</summary>
    public bool MaintenanceConfigured { get; private init; }
    /// <summary>Every release tag (matching the format or an attempt at it, less <c>tags.ignore</c> and archive tags), before <c>tags.since</c> too.</summary>
    public IReadOnlyList<GitTag> AllReleaseTags { get; private init; } = [];
    /// <summary>Where judged history starts (<c>tags.since</c>); null when all history is judged.</summary>
    public DateTimeOffset? Since { get; private init; }
    /// <summary>Why <c>tags.since</c> could not be used (a tag that does not exist), for RL0001; null when it is fine or not set.</summary>
    public string? SinceProblem { get; private init; }
    /// <summary>False when the policy says there are no release-candidate branches.</summary>
    public bool HasCandidates { get; private init; } = true;
    /// <summary>Branches the policy names that the repository does not have at all (RL0007).</summary>
    public IReadOnlyList<PolicyMisfit> Misfits { get; private init; } = [];
    /// <summary>
    /// Set when a run with no configuration meets a repository that plainly follows another process: no history check
    /// judges anything and RL0007 says so once.
    /// </summary>
    public PolicyMisfit? DefaultPolicyMisfit { get; private init; }
    /// <summary>The limits of the equivalence checks (for tests; a run uses <see cref="EquivalenceBudget.Default"/>).</summary>
    public EquivalenceBudget Budget { get; init; } = EquivalenceBudget.Default;
    /// <summary>True when some equivalence check was left undone because <see cref="Budget"/> ran out.</summary>
    public bool BudgetExhausted { get; private set; }
    /// <summary>Number of patch ids computed (for benchmarks and tests).</summary>
    public int PatchIdsComputed { get; private set; }

    /// <summary>True when the release branch is also the integration branch (trunk-based: its tip is development, not production).</summary>
    public bool IsTrunk => ReleaseBranch is not null && IntegrationBranch is not null && ReleaseBranch.BranchName == IntegrationBranch.BranchName;

    /// <summary>True when <paramref name="commit"/> is reachable from a maintenance branch.</summary>
    public bool IsOnMaintenanceBranch(CommitId commit) => Marked(_onMaintenance, commit);

    /// <summary>True when <paramref name="commit"/> is reachable from a release-candidate branch that exists.</summary>
    public bool IsOnCandidateBranch(CommitId commit) => Marked(_onCandidates, commit);

    private bool Marked(BitArray? marks, CommitId commit)
    {
        if (marks is null || _graph is null) return false;
        var i = _graph.IndexOf(commit);
        return i >= 0 && marks[i];
    }

    /// <summary>True when <paramref name="when"/> is before <c>tags.since</c> (history that is not judged).</summary>
    public bool IsBeforeSince(DateTimeOffset when) => Since is { } since && when < since;

    /// <summary>
    /// The release tags that RL3003 reports: judged tags (after <c>tags.since</c>) whose commit is on neither the release
    /// branch nor a maintenance branch, and is not explained by the process:
    /// <list type="bullet">
    /// <item>pre-releases (<c>-rc.1</c>, <c>b1</c>, <c>.dev0</c>) are not judged: they are cut from topic, snapshot and
    /// preview branches by design;</item>
    /// <item>a tag whose commit has the tree of a commit on those branches, or whose own commits are all on them as
    /// the same patch (<c>git cherry</c>: cherry-picked, rebased or re-made with the same change), released what the
    /// branches hold;</item>
    /// <item>a final release of an older line than the release branch's (a newer version was already tagged there) with
    /// no branch of its line left is a patch release from a maintenance branch deleted since (pip's last Python 2
    /// release), unless another tag of its line sits on a maintenance branch that still exists (then the release
    /// should be on that branch too);</item>
    /// <item>a patch release whose own commits start at an earlier release of its line (a branch cut from
    /// <c>v2.5.0</c> for <c>v2.5.1</c>, deleted since), unless its line has a maintenance branch that exists.</item>
    /// </list>
    /// Computed once, on first use; the equivalence checks stay within <see cref="Budget"/>.
    /// </summary>
    public IReadOnlyList<OffBranchTag> OffBranchTags()
    {
        lock (_equivalenceGate) return _offBranchTags ??= ComputeOffBranchTags();
    }

    private List<OffBranchTag> ComputeOffBranchTags()
    {
        var result = new List<OffBranchTag>();
        if (Repository is not { } git || ReleaseBranch is null || !CanCheckReachability) return result;
        var unexplained = new List<(GitTag Tag, CommitId Commit)>();
        foreach (var tag in ReleaseTags)
        {
            if (tag.Target is not { } target)
            {
                result.Add(new OffBranchTag(tag, null));
                continue;
            }
            if (IsOnReleaseBranch(target) != false || IsOnMaintenanceBranch(target)) continue;
            if (TagVersion.Parse(tag.Name) is { IsPreRelease: true }) continue;
            unexplained.Add((tag, target));
        }
        if (unexplained.Count == 0) return result;

        var olderLine = OlderLines();
        var linesOnMaintenance = LinesOnMaintenance();
        var checkedTags = unexplained.Take(Budget.MaxTags).ToList();
        if (checkedTags.Count < unexplained.Count) BudgetExhausted = true;
        var branchTips = new List<CommitId> { ReleaseBranch.Tip };
        branchTips.AddRange(MaintenanceBranches.Select(b => b.Tip));
        branchTips = branchTips.Distinct().ToList();

        // Each tag's own commits (reachable from it, on none of the branches), from one walk for all of them.
        var off = git.LoadGraph(checkedTags.Select(t => t.Commit).Distinct().ToList(), branchTips);
        var own = new Dictionary<CommitId, List<CommitId>>();
        foreach (var commit in checkedTags.Select(t => t.Commit).Distinct())
            own[commit] = OwnCommits(off, commit, Budget.MaxCommitsPerTag);
        var subjects = git.ReadSummaries(own.Values.Where(l => l.Count > 0).SelectMany(l => l).Distinct().ToList()).ToDictionary(s => s.Id);
        var upstream = Upstream(git, branchTips, []);
        var equivalents = Equivalents(git, subjects.Values.Where(s => !s.IsMerge).ToList(), upstream);

        foreach (var (tag, commit) in checkedTags)
        {
            if (olderLine is not null && olderLine(tag)) continue;
            if (ForkedFromItsLine(off, commit, tag, linesOnMaintenance)) continue;
            var commits = own[commit];
            if (commits.Count == 0) { result.Add(new OffBranchTag(tag, commit)); continue; } // too many of its own to compare
            if (subjects.TryGetValue(commit, out var tip) && upstream.ByTree.ContainsKey(tip.Tree)) continue; // the same content
            var changes = commits.Where(c => subjects.TryGetValue(c, out var s) && !s.IsMerge).ToList();
            if (changes.Count > 0 && changes.All(equivalents.ContainsKey)) continue; // every change is on a branch as the same patch
            result.Add(new OffBranchTag(tag, commit));
        }
        result.AddRange(unexplained.Skip(checkedTags.Count).Select(u => new OffBranchTag(u.Tag, u.Commit)));
        return result;
    }

    /// <summary>
    /// True for a patch release (<c>v2.5.1</c>) made on a branch cut from an earlier release of its own line (an ancestor
    /// among its own commits, or where they start, carries <c>v2.5.0</c>): a maintenance branch deleted after the
    /// release, while the release branch had moved on to the next line.
    /// </summary>
    private bool ForkedFromItsLine(CommitGraph off, CommitId tip, GitTag tag, HashSet<string> linesOnMaintenance)
    {
        if (TagVersion.Parse(tag.Name) is not { Numbers.Count: >= 3 } version || version.Numbers[^1] == 0) return false;
        if (linesOnMaintenance.Contains(version.Line)) return false; // its line's branch exists: the release belongs there
        var start = off.IndexOf(tip);
        if (start < 0 || !off.IsLoaded(start)) return false;
        var seen = new HashSet<int> { start };
        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0 && seen.Count <= Budget.MaxCommitsPerTag)
        {
            var c = stack.Pop();
            foreach (var p in off.Parents(c))
            {
                if (!seen.Add(p)) continue;
                // an ancestor (of its own, or the boundary commit on the branches) that carries an earlier release of the
                // same line: v2.6.1 on top of v2.6.0, both on a branch deleted since
                foreach (var other in TagsOn(off.Id(p)))
                    if (TagVersion.Parse(other.Name) is { } v && v.Line == version.Line && TagVersion.CompareNumbers(v, version) < 0) return true;
                if (off.IsLoaded(p)) stack.Push(p);
                else if (CutAtReleaseOfItsLine(off.Id(p), tag, version)) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// True when <paramref name="boundary"/> (where the tag's own commits leave the release branch) carries a final
    /// release of any family, and the newest final release of the tag's family at or before it on the release branch is
    /// an earlier release of the tag's line: a maintenance branch cut at a release commit while the tag's line was
    /// current, deleted since. In a monorepo one release commit releases many packages, so the commit the branch was cut
    /// at may carry another package's tag (astro's 3-legacy branch was cut at astro@3.6.4 for @astrojs/upgrade@0.1.2
    /// after 0.1.1). A topic branch cut at an untagged commit, or at a pre-release, stays reported.
    /// </summary>
    private bool CutAtReleaseOfItsLine(CommitId boundary, GitTag tag, TagVersion version)
    {
        if (!TagsOn(boundary).Any(t => AllReleaseTags.Contains(t) && TagVersion.Parse(t.Name) is { IsPreRelease: false })) return false;
        if (ReleasePosition(boundary) is not { } at) return false;
        (TagVersion Version, int Position)? newest = null;
        foreach (var other in AllReleaseTags)
        {
            if (ReferenceEquals(other, tag) || other.Target is not { } target || TagVersion.Parse(other.Name) is not { IsPreRelease: false } v || v.Family != version.Family) continue;
            if (ReleasePosition(target) is not { } position || position > at) continue;
            if (newest is null || position > newest.Value.Position || (position == newest.Value.Position && TagVersion.CompareNumbers(v, newest.Value.Version) > 0))
                newest = (v, position);
        }
        return newest is { } n && n.Version.Line == version.Line && TagVersion.CompareNumbers(n.Version, version) < 0;
    }

    /// <summary>
    /// The commits of <paramref name="off"/> reachable from <paramref name="tip"/> (the walk excluded the branches, so these
    /// are the tag's own), at most <paramref name="max"/>; empty when there are more.
    /// </summary>
    private static List<CommitId> OwnCommits(CommitGraph off, CommitId tip, int max)
    {
        var start = off.IndexOf(tip);
        var list = new List<CommitId>();
        if (start < 0 || !off.IsLoaded(start)) return list;
        var seen = new HashSet<int> { start };
        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var c = stack.Pop();
            if (!off.IsLoaded(c)) continue; // a parent on a branch: the boundary
            list.Add(off.Id(c));
            if (list.Count > max) return [];
            foreach (var p in off.Parents(c))
                if (seen.Add(p)) stack.Push(p);
        }
        return list;
    }

    /// <summary>
    /// The test "a final release of an older line with no branch of its line left": the tag's family (<c>v</c>,
    /// <c>plugin-legacy@</c>) had a higher version tagged on the release branch before it, and no tag of its line
    /// (family and first two numbers) is on a maintenance branch that exists.
    /// </summary>
    /// <summary>The release lines (family and first two numbers) with a tag on a maintenance branch that exists.</summary>
    private HashSet<string> LinesOnMaintenance()
    {
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in AllReleaseTags)
            if (tag.Target is { } target && IsOnReleaseBranch(target) != true && IsOnMaintenanceBranch(target) && TagVersion.Parse(tag.Name) is { } v)
                lines.Add(v.Line);
        return lines;
    }

    private Func<GitTag, bool> OlderLines()
    {
        var onRelease = new List<(TagVersion Version, DateTimeOffset When)>();
        var linesOnMaintenance = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in AllReleaseTags)
        {
            if (tag.Target is not { } target || TagVersion.Parse(tag.Name) is not { } version || DateOf(tag) is not { } when) continue;
            if (IsOnReleaseBranch(target) == true) onRelease.Add((version, when));
            else if (IsOnMaintenanceBranch(target)) linesOnMaintenance.Add(version.Line);
        }
        var byFamily = onRelease.ToLookup(v => v.Version.Family, StringComparer.Ordinal);
        return tag =>
        {
            if (TagVersion.Parse(tag.Name) is not { } version || DateOf(tag) is not { } when) return false;
            if (linesOnMaintenance.Contains(version.Line)) return false;
            return byFamily[version.Family].Any(r => r.When < when && TagVersion.CompareNumbers(r.Version, version) > 0 && !r.Version.IsPreRelease);
        };
    }

    /// <summary>
    /// The release-only commits among <paramref name="commits"/> whose change is on the integration branch as the same
    /// patch (<c>git cherry INTEGRATION RELEASE</c> marks them <c>-</c>: backports cherry-picked from it), each with the
    /// integration commit that has it. Only these commits get patch ids, within <see cref="Budget"/>.
    /// </summary>
    public IReadOnlyDictionary<CommitId, CommitId> EquivalentOnIntegration(IReadOnlyList<CommitId> commits)
    {
        if (Repository is not { } git || IntegrationBranch is null || ReleaseBranch is null || commits.Count == 0) return new Dictionary<CommitId, CommitId>();
        lock (_equivalenceGate)
        {
            var subjects = git.ReadSummaries(commits).Where(s => !s.IsMerge).ToList();
            var upstream = Upstream(git, [IntegrationBranch.Tip], [ReleaseBranch.Tip]);
            return Equivalents(git, subjects, upstream).ToDictionary(e => e.Key, e => e.Value.Id);
        }
    }

    /// <summary>The commits of some branches with their trees, authors and subjects, indexed for the equivalence checks.</summary>
    private sealed class UpstreamIndex
    {
        public Dictionary<CommitId, CommitSummary> ByTree { get; } = [];
        public Dictionary<(string, long), List<CommitSummary>> ByAuthor { get; } = [];
        public Dictionary<string, List<CommitSummary>> BySubject { get; } = new(StringComparer.Ordinal);
    }

    private UpstreamIndex Upstream(IGitRepository git, IReadOnlyList<CommitId> tips, IReadOnlyList<CommitId> exclude)
    {
        var index = new UpstreamIndex();
        var summaries = git.WalkSummaries(tips, exclude, Budget.MaxUpstreamCommits);
        if (summaries.Count >= Budget.MaxUpstreamCommits) BudgetExhausted = true;
        foreach (var s in summaries)
        {
            index.ByTree.TryAdd(s.Tree, s);
            if (s.IsMerge) continue;
            Add(index.ByAuthor, (s.AuthorEmail, s.AuthorTime), s);
            if (s.Subject.Length > 0) Add(index.BySubject, s.Subject, s);
        }
        return index;

        static void Add<TKey>(Dictionary<TKey, List<CommitSummary>> map, TKey key, CommitSummary s) where TKey : notnull
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            if (list.Count < 8) list.Add(s);
        }
    }

    /// <summary>
    /// For each subject commit, an upstream commit with the same patch id. Patch ids are computed only for subjects that
    /// have a likely twin upstream (the same author and author date, which cherry-pick and rebase keep, or the same
    /// subject line) and for those twins, within the patch-id budget.
    /// </summary>
    private Dictionary<CommitId, CommitSummary> Equivalents(IGitRepository git, IReadOnlyList<CommitSummary> subjects, UpstreamIndex upstream)
    {
        var result = new Dictionary<CommitId, CommitSummary>();
        if (_patchIdsLeft < 0) _patchIdsLeft = Budget.MaxPatchIds;
        var pairs = new List<(CommitSummary Subject, List<CommitSummary> Twins)>();
        var needed = new HashSet<CommitId>();
        foreach (var s in subjects)
        {
            var twins = new List<CommitSummary>();
            if (upstream.ByAuthor.TryGetValue((s.AuthorEmail, s.AuthorTime), out var sameAuthor)) twins.AddRange(sameAuthor);
            if (s.Subject.Length > 0 && upstream.BySubject.TryGetValue(s.Subject, out var sameSubject)) twins.AddRange(sameSubject.Where(t => !twins.Contains(t)));
            twins.RemoveAll(t => t.Id == s.Id);
            if (twins.Count == 0) continue;
            var cost = 1 + twins.Count(t => !needed.Contains(t.Id));
            if (cost > _patchIdsLeft)
            {
                BudgetExhausted = true;
                break;
            }
            _patchIdsLeft -= cost;
            needed.Add(s.Id);
            foreach (var t in twins) needed.Add(t.Id);
            pairs.Add((s, twins));
        }
        if (pairs.Count == 0) return result;
        var ids = git.PatchIds(needed.ToList());
        PatchIdsComputed += needed.Count;
        foreach (var (s, twins) in pairs)
        {
            if (!ids.TryGetValue(s.Id, out var id)) continue;
            var twin = twins.FirstOrDefault(t => ids.TryGetValue(t.Id, out var other) && other == id);
            if (twin is not null) result[s.Id] = twin;
        }
        return result;
    }
}
