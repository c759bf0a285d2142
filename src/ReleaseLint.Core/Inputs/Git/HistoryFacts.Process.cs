using System.Collections;

namespace ReleaseLint.Inputs.Git;

/// <summary>A release tag whose commit is on no branch of the release process and has no equivalent there (RL3003).</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Commit">The commit it names; null when it names no commit.</param>
/// <param name="LineBranches">
/// For a release of a line whose maintenance branch exists (<c>release-3.2</c> for <c>v3.2.1</c>), that line's branches:
/// the tag was judged against them only. Null otherwise.
/// </param>
public sealed record OffBranchTag(GitTag Tag, CommitId? Commit, IReadOnlyList<string>? LineBranches = null);

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
    /// <c>v2.5.0</c> for <c>v2.5.1</c>, deleted since), unless its line has a maintenance branch that exists;</item>
    /// <item>a release that a later release of its line, off the branches too, builds on (<c>v2.6.0</c> under
    /// <c>v2.6.1</c>: the line went on on a branch of its own, deleted since);</item>
    /// <item>a patch release whose own commits, besides the release commit, only revert commits of the release branch
    /// (a maintenance release that leaves the next version's changes out);</item>
    /// <item>a release branch squash-merged into the branches (its own changes, two or more, are in one commit there
    /// that leaves nine in ten of the files it changed as the tag has them).</item>
    /// </list>
    /// A release of a line whose maintenance branch exists is judged against that line's branches only: a change that
    /// only the release branch or another line holds does not count (<see cref="OffBranchTag.LineBranches"/>).
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

        // later final releases of the same lines that are off the branches too: a line that went on from a tag on a
        // branch of its own (deleted since)
        void T(string what) => Engine.Trace.Mark("off-branch tags: " + what);
        T($"{checkedTags.Count} to compare");
        var laterOfLine = LaterOffBranchReleases(checkedTags, linesOnMaintenance);
        // Each tag's own commits (reachable from it, on none of the branches), from one walk for all of them.
        var off = git.LoadGraph(checkedTags.Select(t => t.Commit).Concat(laterOfLine.Values.SelectMany(l => l).Select(l => l.Commit)).Distinct().ToList(), branchTips);
        var own = new Dictionary<CommitId, List<CommitId>>();
        foreach (var commit in checkedTags.Select(t => t.Commit).Distinct())
            own[commit] = OwnCommits(off, commit, Budget.MaxCommitsPerTag);
        var subjects = git.ReadSummaries(own.Values.Where(l => l.Count > 0).SelectMany(l => l).Distinct().ToList()).ToDictionary(s => s.Id);
        T("own commits");
        var upstream = Upstream(git, branchTips, []);
        T("upstream " + upstream.Changes.Count);
        var equivalents = Equivalents(git, subjects.Values.Where(s => !s.IsMerge).ToList(), upstream);
        T("patch ids " + PatchIdsComputed);

        var squashCandidates = new List<(GitTag Tag, CommitId Commit, List<CommitId> Changes, bool MaintenanceOnly)>();
        foreach (var (tag, commit) in checkedTags)
        {
            if (olderLine is not null && olderLine(tag)) continue;
            if (ForkedFromItsLine(off, commit, tag, linesOnMaintenance)) continue;
            if (laterOfLine.TryGetValue(tag, out var later) && later.Any(l => Reaches(off, l.Commit, commit, Budget.MaxCommitsPerTag))) continue;
            var commits = own[commit];
            if (commits.Count == 0) { result.Add(new OffBranchTag(tag, commit)); continue; } // too many of its own to compare
            // A release of a line whose maintenance branch exists belongs on that branch: what the release branch (or
            // another line) holds does not make up for a change the line's branch lacks (helm v3.2.1: release-3.2 was
            // rewritten after the tag, its fix is on main only).
            var lineBranches = TagVersion.Parse(tag.Name) is { } version && linesOnMaintenance.Contains(version.Line) ? LineBranchMarks(version.Line) : null;
            var maintenanceOnly = lineBranches is not null;
            bool Accept(CommitSummary on) => lineBranches is null || Marked(lineBranches, on.Id);
            if (subjects.TryGetValue(commit, out var tip) && upstream.ByTree.TryGetValue(tip.Tree, out var sameTree) && sameTree.Any(Accept)) continue; // the same content
            var changes = commits.Where(c => subjects.TryGetValue(c, out var s) && !s.IsMerge).ToList();
            if (changes.Count > 0 && changes.All(c => equivalents.TryGetValue(c, out var twins) && twins.Any(Accept))) continue; // every change is on a branch as the same patch
            squashCandidates.Add((tag, commit, changes, maintenanceOnly));
        }
        T("lines");
        var squashed = SquashedInto(git, off, squashCandidates, subjects, upstream);
        squashed.UnionWith(BackingOut(git, squashCandidates.Where(c => !squashed.Contains(c.Tag)).ToList()));
        T($"squash {squashCandidates.Count}");
        foreach (var (tag, commit, _, lineOnly) in squashCandidates)
            if (!squashed.Contains(tag))
                result.Add(new OffBranchTag(tag, commit, lineOnly && TagVersion.Parse(tag.Name) is { } v ? LineBranches(v.Line).Names : null));
        result.AddRange(unexplained.Skip(checkedTags.Count).Select(u => new OffBranchTag(u.Tag, u.Commit)));
        return result;
    }

    private readonly Dictionary<string, (BitArray Marks, List<string> Names)> _lineBranchMarks = new(StringComparer.Ordinal);
    private List<(GitBranch Branch, BitArray Marks)>? _maintenanceMarks;

    /// <summary>
    /// The commits of the maintenance branches that carry releases of <paramref name="line"/> (<c>release-3.2</c> for
    /// <c>v3.2.x</c>): each maintenance branch is marked once, on first use (at most 64 of them; the rest count as none).
    /// </summary>
    private BitArray LineBranchMarks(string line) => LineBranches(line).Marks;

    private (BitArray Marks, List<string> Names) LineBranches(string line)
    {
        if (_lineBranchMarks.TryGetValue(line, out var cached)) return cached;
        var result = new BitArray(_graph?.Count ?? 0);
        var names = new List<string>();
        if (_graph is not null)
        {
            _maintenanceMarks ??= MaintenanceBranches.Take(64).Where(b => _graph.IndexOf(b.Tip) >= 0)
                .Select(b => (b, _graph.ReachableFrom(_graph.IndexOf(b.Tip)))).ToList();
            var tagsOfLine = AllReleaseTags.Where(t => t.Target is not null && TagVersion.Parse(t.Name) is { } v && v.Line == line)
                .Select(t => _graph.IndexOf(t.Target!.Value)).Where(i => i >= 0).ToList();
            foreach (var (branch, marks) in _maintenanceMarks)
                if (tagsOfLine.Any(i => marks[i] && !_onRelease![i]))
                {
                    result.Or(marks);
                    if (!names.Contains(branch.BranchName)) names.Add(branch.BranchName);
                }
        }
        return _lineBranchMarks[line] = (result, names);
    }

    /// <summary>
    /// For each final release among <paramref name="tags"/> whose line has no maintenance branch that exists, the later
    /// final releases of the same line (family and first two numbers) whose commits are off the branches too: when one
    /// of them descends from the tag, the line went on on a branch of its own after it (pydantic's v2.6.0, then v2.6.1
    /// … v2.6.4 on a patch branch deleted since), so the tag is that line's release, not a stray commit.
    /// </summary>
    private Dictionary<GitTag, List<(GitTag Tag, CommitId Commit)>> LaterOffBranchReleases(IReadOnlyList<(GitTag Tag, CommitId Commit)> tags, HashSet<string> linesOnMaintenance)
    {
        var byLine = new Dictionary<string, List<(TagVersion Version, GitTag Tag, CommitId Commit)>>(StringComparer.Ordinal);
        foreach (var tag in AllReleaseTags)
        {
            if (tag.Target is not { } target || TagVersion.Parse(tag.Name) is not { IsPreRelease: false } version) continue;
            if (IsOnReleaseBranch(target) != false || IsOnMaintenanceBranch(target) || linesOnMaintenance.Contains(version.Line)) continue;
            if (!byLine.TryGetValue(version.Line, out var list)) byLine[version.Line] = list = [];
            list.Add((version, tag, target));
        }
        var result = new Dictionary<GitTag, List<(GitTag Tag, CommitId Commit)>>();
        foreach (var (tag, commit) in tags)
        {
            if (TagVersion.Parse(tag.Name) is not { } version || !byLine.TryGetValue(version.Line, out var line)) continue;
            var later = line.Where(l => l.Commit != commit && TagVersion.CompareNumbers(l.Version, version) > 0).Select(l => (l.Tag, l.Commit)).Take(8).ToList();
            if (later.Count > 0) result[tag] = later;
        }
        return result;
    }

    /// <summary>True when <paramref name="to"/> is reachable from <paramref name="from"/> through commits of <paramref name="off"/> (at most <paramref name="max"/> visited).</summary>
    private static bool Reaches(CommitGraph off, CommitId from, CommitId to, int max)
    {
        var start = off.IndexOf(from);
        var target = off.IndexOf(to);
        if (start < 0 || target < 0 || !off.IsLoaded(start)) return false;
        var seen = new HashSet<int> { start };
        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0 && seen.Count <= max)
        {
            var c = stack.Pop();
            if (c == target) return true;
            if (!off.IsLoaded(c)) continue;
            foreach (var p in off.Parents(c))
                if (seen.Add(p)) stack.Push(p);
        }
        return false;
    }

    /// <summary>
    /// The tags whose release branch was squash-merged: the tag's own commits (two changes or more: a branch, not one
    /// re-made commit) were squashed into one commit on the branches (twisted: "Merge release-20.3-9772: Release 20.3.0",
    /// one parent, the release branch deleted). The squash commit is a change made within 60 days after the branch's
    /// first commit that touches every file the release changed (its own commits, from where they left the branches)
    /// and leaves at least nine in ten of them exactly as the tag has them: the rest are the release branch's commits
    /// after the tag that the squash took along (the post-release version bump). A commit re-made with a different
    /// change (a date filled in) has one change, so it is not taken for a squash. Within the patch-id budget (one unit a
    /// compared commit).
    /// </summary>
    private HashSet<GitTag> SquashedInto(IGitRepository git, CommitGraph off, List<(GitTag Tag, CommitId Commit, List<CommitId> Changes, bool MaintenanceOnly)> tags,
        Dictionary<CommitId, CommitSummary> subjects, UpstreamIndex upstream)
    {
        var result = new HashSet<GitTag>();
        const long Window = 60L * 24 * 3600;
        var ranges = new List<(GitTag Tag, CommitId Commit, CommitId Base, long From, long To, bool MaintenanceOnly)>();
        foreach (var (tag, commit, changes, maintenanceOnly) in tags)
        {
            if (changes.Count < 2 || Boundary(off, commit) is not { } start) continue;
            var times = changes.Select(c => subjects[c].AuthorTime).ToList();
            ranges.Add((tag, commit, start, times.Min(), Math.Max(times.Max(), DateOf(tag)?.ToUnixTimeSeconds() ?? 0) + Window, maintenanceOnly));
        }
        if (ranges.Count == 0) return result;
        if (_patchIdsLeft < 0) _patchIdsLeft = Budget.MaxPatchIds;
        // what each release changed, from where its commits left the branches
        var released = git.ChangedFiles(ranges.Select(r => (r.Commit, (CommitId?)r.Base)).ToList());
        var candidates = new Dictionary<GitTag, List<CommitSummary>>();
        var needed = new HashSet<CommitId>();
        foreach (var r in ranges)
        {
            // the closest to the tag first, when the window holds more than a tag may compare
            var tagged = DateOf(r.Tag)?.ToUnixTimeSeconds() ?? r.From;
            var lineBranches = r.MaintenanceOnly && TagVersion.Parse(r.Tag.Name) is { } version ? LineBranchMarks(version.Line) : null;
            var list = upstream.Changes.Where(s => s.AuthorTime >= r.From && s.AuthorTime <= r.To && (lineBranches is null || Marked(lineBranches, s.Id)))
                .OrderBy(s => Math.Abs(s.AuthorTime - tagged)).Take(Budget.MaxCommitsPerTag).ToList();
            var cost = list.Count(s => !needed.Contains(s.Id));
            if (cost > _patchIdsLeft)
            {
                BudgetExhausted = true;
                continue;
            }
            _patchIdsLeft -= cost;
            needed.UnionWith(list.Select(s => s.Id));
            candidates[r.Tag] = list;
        }
        var changed = git.ChangedFiles(needed.Select(c => (c, (CommitId?)null)).ToList());
        PatchIdsComputed += needed.Count;
        foreach (var r in ranges)
        {
            if (!released.TryGetValue(r.Commit, out var files) || files.Count < 2 || !candidates.TryGetValue(r.Tag, out var list)) continue;
            foreach (var squash in list)
            {
                if (!changed.TryGetValue(squash.Id, out var theirs) || !files.Keys.All(theirs.ContainsKey)) continue;
                var same = files.Count(f => theirs[f.Key] == f.Value);
                if (same * 10 >= files.Count * 9)
                {
                    result.Add(r.Tag);
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>
    /// The patch releases (<c>v4.0.2</c>) whose own commits, besides the tagged release commit, only revert commits of the
    /// release branch (<c>This reverts commit …</c>): a release of the line from a short-lived branch that leaves out what
    /// the release branch already holds for the next version (pnpm v4.0.2 backed out a feature meant for 4.1.0). A
    /// commit of any other kind among them (a stray fix, a build change) keeps the tag reported.
    /// </summary>
    private HashSet<GitTag> BackingOut(IGitRepository git, List<(GitTag Tag, CommitId Commit, List<CommitId> Changes, bool MaintenanceOnly)> tags)
    {
        var result = new HashSet<GitTag>();
        var patches = tags.Where(t => t.Changes.Count >= 2 && TagVersion.Parse(t.Tag.Name) is { Numbers.Count: >= 3 } v && v.Numbers[^1] > 0).ToList();
        if (patches.Count == 0) return result;
        var messages = git.ReadCommits(patches.SelectMany(t => t.Changes).Distinct().Take(Budget.MaxCommitsPerTag).ToList()).ToDictionary(c => c.Id);
        foreach (var (tag, commit, changes, _) in patches)
        {
            var others = changes.Where(c => c != commit).ToList();
            if (others.Count > 0 && others.All(c => messages.TryGetValue(c, out var m) && RevertedCommit(m) is { } reverted && IsOnReleaseBranch(reverted) == true))
                result.Add(tag);
        }
        return result;
    }

    /// <summary>The one commit on the branches where <paramref name="tip"/>'s own commits start; null when they start from several.</summary>
    private static CommitId? Boundary(CommitGraph off, CommitId tip)
    {
        var start = off.IndexOf(tip);
        if (start < 0 || !off.IsLoaded(start)) return null;
        var seen = new HashSet<int> { start };
        var stack = new Stack<int>();
        stack.Push(start);
        int? boundary = null;
        while (stack.Count > 0)
        {
            var c = stack.Pop();
            if (!off.IsLoaded(c))
            {
                if (boundary is { } b && b != c) return null;
                boundary = c;
                continue;
            }
            foreach (var p in off.Parents(c))
                if (seen.Add(p)) stack.Push(p);
        }
        return boundary is { } found ? off.Id(found) : null;
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
            return Equivalents(git, subjects, upstream).ToDictionary(e => e.Key, e => e.Value[0].Id);
        }
    }

    /// <summary>The commits of some branches with their trees, authors and subjects, indexed for the equivalence checks.</summary>
    private sealed class UpstreamIndex
    {
        public Dictionary<CommitId, List<CommitSummary>> ByTree { get; } = [];
        public List<CommitSummary> Changes { get; } = [];
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
            Add(index.ByTree, s.Tree, s);
            if (s.IsMerge) continue;
            index.Changes.Add(s);
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
    /// For each subject commit, the upstream commits with the same patch id. Patch ids are computed only for subjects that
    /// have a likely twin upstream (the same author and author date, which cherry-pick and rebase keep, or the same
    /// subject line) and for those twins, within the patch-id budget.
    /// </summary>
    private Dictionary<CommitId, List<CommitSummary>> Equivalents(IGitRepository git, IReadOnlyList<CommitSummary> subjects, UpstreamIndex upstream)
    {
        var result = new Dictionary<CommitId, List<CommitSummary>>();
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
            var same = twins.Where(t => ids.TryGetValue(t.Id, out var other) && other == id).ToList();
            if (same.Count > 0) result[s.Id] = same;
        }
        return result;
    }
}
