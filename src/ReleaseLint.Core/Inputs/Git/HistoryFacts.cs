using System.Collections;
using System.Text.RegularExpressions;
using ReleaseLint.Patterns;
using ReleaseLint.Policy;

namespace ReleaseLint.Inputs.Git;

/// <summary>
/// Something the history checks need that the repository does not have (reported as RL0005, which names the enabled
/// rules whose declared <see cref="RuleDescriptor.History"/> needs it).
/// </summary>
/// <param name="Reason">What is missing, e.g. "shallow clone".</param>
/// <param name="Missing">What of the history is missing because of it.</param>
public sealed record HistoryGap(string Reason, HistoryNeeds Missing);

/// <summary>A commit on the release branch that is not on the integration branch.</summary>
/// <param name="Commit">
/// The commit. Its message and date are read for commits on the release branch's first-parent chain (the ones judged);
/// a commit brought in by a merge carries its id and parents only (empty message), since it is judged with its merge.
/// </param>
/// <param name="ArrivedThrough">
/// For a commit brought in by a merge on the release branch's first-parent chain, that merge; null for a commit on the
/// chain itself (committed or merged straight onto the release branch).
/// </param>
public sealed record ReleaseOnlyCommit(GitCommit Commit, CommitId? ArrivedThrough);

/// <summary>
/// What the history rules (RL3xxx) know about the repository, computed once per run and shared: tags, branches, and
/// which commits are reachable from the release and integration branches. Reachability comes from ONE revision walk
/// over both branches (<see cref="IGitRepository.LoadGraph"/>) whose commits are then marked from each tip once;
/// every question about a tag or a release commit is a lookup in those marks, never a merge-base query.
/// Where history is incomplete (shallow clone, missing branch or tags, unreadable repository) the affected checks
/// are switched off and <see cref="Gaps"/> says which, for RL0005.
/// </summary>
public sealed partial class HistoryFacts
{
    private readonly CommitGraph? _graph;
    private readonly BitArray? _onRelease;
    private readonly Lazy<int[]?> _entry;
    private readonly Dictionary<CommitId, List<GitTag>> _tagsByCommit = [];

    private HistoryFacts(IGitRepository? repository, TagScheme tagFormat, NameFormat candidateFormat)
    {
        Repository = repository;
        TagFormat = tagFormat;
        CandidateFormat = candidateFormat;
        _entry = new(ComputeEntries);
    }

    private HistoryFacts(IGitRepository? repository, TagScheme tagFormat, NameFormat candidateFormat, CommitGraph? graph, BitArray? onRelease)
        : this(repository, tagFormat, candidateFormat)
    {
        _graph = graph;
        _onRelease = onRelease;
    }

    /// <summary>The repository; null when the root is not a readable repository.</summary>
    public IGitRepository? Repository { get; }
    /// <summary>The release tag families of the policy.</summary>
    public TagScheme TagFormat { get; }
    /// <summary>The release-candidate branch pattern of the policy.</summary>
    public NameFormat CandidateFormat { get; }
    /// <summary>The release branch: local, else remote-tracking (<c>origin/live</c>); null when neither exists.</summary>
    public GitBranch? ReleaseBranch { get; private init; }
    /// <summary>The integration branch: local, else remote-tracking; null when neither exists.</summary>
    public GitBranch? IntegrationBranch { get; private init; }
    /// <summary>Every tag.</summary>
    public IReadOnlyList<GitTag> Tags { get; private init; } = [];
    /// <summary>Tags that are release tags: they match the format or look like an attempt at it (<c>v</c> and a digit by default).</summary>
    public IReadOnlyList<GitTag> ReleaseTags { get; private init; } = [];
    /// <summary>Local and remote-tracking branches whose name starts like the release-candidate pattern (<c>release/</c>).</summary>
    public IReadOnlyList<GitBranch> CandidateBranches { get; private init; } = [];
    /// <summary>The release branch's tip commit with its message; null when unknown.</summary>
    public GitCommit? ReleaseTip { get; private init; }
    /// <summary>Commits on the release branch and not on the integration branch, newest first along the first-parent chain.</summary>
    public IReadOnlyList<ReleaseOnlyCommit> ReleaseOnlyCommits { get; private init; } = [];
    /// <summary>What is missing, for RL0005; empty when history is complete.</summary>
    public IReadOnlyList<HistoryGap> Gaps { get; private init; } = [];
    /// <summary>The command that fetches what is missing (<c>git fetch --tags --unshallow origin live</c>); null when nothing can be fetched.</summary>
    public string? FetchCommand { get; private init; }
    /// <summary>Number of commits the revision walk read.</summary>
    public int WalkedCommits => _graph?.Count ?? 0;

    /// <summary>True when tags were fetched (<see cref="HistoryNeeds.Tags"/>).</summary>
    public bool CanCheckTags { get; private init; }

    /// <summary>
    /// The tag on which a <c>re:</c> tag format ran out of its match budget, or null. Then the format cannot tell release
    /// tags from others: <see cref="CanCheckTags"/> is false and the engine reports the pattern (RL0001 at <c>tags.format</c>).
    /// </summary>
    public string? TagFormatTimedOutOn { get; private init; }

    /// <summary>The release tags (matching the format, or looking like an attempt at it); matching stops at the format's first time-out.</summary>
    private static List<GitTag> ReleaseTagsOf(IEnumerable<GitTag> tags, TagScheme format, out string? timedOutOn)
    {
        timedOutOn = null;
        var result = new List<GitTag>();
        foreach (var tag in tags)
        {
            var match = format.TryMatch(tag.Name, out var timedOut);
            if (timedOut)
            {
                timedOutOn = tag.Name;
                return result;
            }
            if (match.Success || format.LooksLikeAttempt(tag.Name)) result.Add(tag);
        }
        return result;
    }

    /// <summary>True when reachability from the release branch is known (full history, release branch present).</summary>
    public bool CanCheckReachability => _onRelease is not null;
    /// <summary>True when release-only commits are known (also needs the integration branch).</summary>
    public bool CanCheckReleaseCommits { get; private init; }
    /// <summary>True when the release tip and tags are known.</summary>
    public bool CanCheckTip => ReleaseTip is not null && CanCheckTags;

    /// <summary>True when <paramref name="commit"/> is reachable from the release branch; null when that cannot be known.</summary>
    public bool? IsOnReleaseBranch(CommitId commit)
    {
        if (_onRelease is null || _graph is null) return null;
        var i = _graph.IndexOf(commit);
        return i >= 0 && _onRelease[i];
    }

    /// <summary>The tags on <paramref name="commit"/>.</summary>
    public IReadOnlyList<GitTag> TagsOn(CommitId commit) => _tagsByCommit.TryGetValue(commit, out var list) ? list : [];

    /// <summary>
    /// Where <paramref name="commit"/> joined the release branch, counting its first-parent chain from the oldest commit
    /// (0): a commit merged in through a release-candidate merge gets the merge's position. Null when the commit is
    /// not on the release branch or reachability is unknown. Tags in release order have non-decreasing positions.
    /// </summary>
    public int? ReleasePosition(CommitId commit)
    {
        if (_graph is null || _entry.Value is not { } entry) return null;
        var i = _graph.IndexOf(commit);
        return i >= 0 && entry[i] >= 0 ? entry[i] : null;
    }

    /// <summary>
    /// The release-candidate branch a merge brought in: its second parent is the tip of a release-candidate branch
    /// (local or remote), or its message names one (<c>Merge branch 'release/2025-03-10'</c>,
    /// <c>Merge pull request #12 from owner/release/2025-03-10</c>). Null when it is not such a merge.
    /// </summary>
    public string? CandidateMergeSource(GitCommit merge)
    {
        if (!merge.IsMerge) return null;
        foreach (var branch in CandidateBranches)
            if (branch.Tip == merge.Parents[1]) return branch.BranchName;
        var m = MergeMessage().Match(merge.Subject);
        if (!m.Success) return null;
        var name = m.Groups["branch"].Value;
        if (m.Groups["pr"].Success)
        {
            var slash = name.IndexOf('/');
            name = slash >= 0 ? name[(slash + 1)..] : name;
        }
        else if (m.Groups["remote"].Success && name.IndexOf('/') is var s && s > 0 && !CandidateFormat.LooksLikeAttempt(name, digitAfterPrefix: false))
            name = name[(s + 1)..];
        return CandidateFormat.LooksLikeAttempt(name, digitAfterPrefix: false) ? name : null;
    }

    /// <summary>The commit a revert undoes (<c>This reverts commit &lt;sha&gt;.</c>), or null.</summary>
    public static CommitId? RevertedCommit(GitCommit commit)
    {
        var m = RevertMessage().Match(commit.Message);
        return m.Success && CommitId.TryParse(m.Groups["sha"].Value.AsSpan(), out var id) ? id : null;
    }

    [GeneratedRegex(@"^Merge (?:(?<remote>remote-tracking )branch|branch|pull request #\d+ from(?<pr>)) '?(?<branch>[^'\s]+)'?")]
    private static partial Regex MergeMessage();

    [GeneratedRegex(@"This reverts commit (?<sha>[0-9a-fA-F]{40}|[0-9a-fA-F]{64})")]
    private static partial Regex RevertMessage();

    /// <summary>Facts for a root that is not a git repository at all: every history check is skipped (a summary note, not RL0005).</summary>
    public static HistoryFacts None(ReleasePolicy policy) => new(null, policy.TagFormat, policy.ReleaseCandidatePattern);

    /// <summary>Facts for a repository that git failed to read: every history check is skipped and RL0005 says why.</summary>
    public static HistoryFacts Failed(ReleasePolicy policy, string reason) =>
        new(null, policy.TagFormat, policy.ReleaseCandidatePattern)
        {
            Gaps = [new HistoryGap(reason, HistoryNeeds.Repository)],
        };

    /// <summary>
    /// Reads the facts: refs once, then (with full history and the release branch present) one revision walk over the
    /// release and integration branches, marks, and the messages of release-only commits.
    /// </summary>
    /// <param name="git">The repository, or null when <paramref name="isGitRoot"/> but it could not be opened.</param>
    /// <param name="isGitRoot">True when the root holds a repository (<c>.git</c>, or a bare repository).</param>
    /// <param name="policy">The effective policy (branch names, formats).</param>
    public static HistoryFacts Compute(IGitRepository? git, bool isGitRoot, ReleasePolicy policy)
    {
        var tagFormat = policy.TagFormat;
        var candidateFormat = policy.ReleaseCandidatePattern;
        if (git is null)
        {
            if (!isGitRoot) return new HistoryFacts(null, tagFormat, candidateFormat);
            return new HistoryFacts(null, tagFormat, candidateFormat)
            {
                Gaps = [new HistoryGap("'.git' is there but git cannot read the repository", HistoryNeeds.Repository)],
            };
        }

        void T(string what) => Engine.Trace.Mark("history: " + what);
        T("start");
        var gaps = new List<HistoryGap>();
        var branches = git.Branches;
        T("refs");
        var release = FindBranch(branches, policy.ReleaseBranch);
        var integration = FindBranch(branches, policy.IntegrationBranch);
        // The revision walk is the long part: start it now and read the tags while it runs.
        Task<CommitGraph>? walk = null;
        if (release is not null && !git.IsShallow)
        {
            var tips = new List<CommitId> { release.Tip };
            if (integration is not null && integration.Tip != release.Tip) tips.Add(integration.Tip);
            walk = Task.Factory.StartNew(() => git.LoadGraph(tips), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        var tags = git.Tags;
        // the configuration is read only when something is missing (for tagOpt and the fetch command)
        var remotes = new Lazy<IReadOnlyList<string>>(() => git.Remotes);
        string? Remote() => remotes.Value.Contains("origin") ? "origin" : remotes.Value.FirstOrDefault();
        var head = git.Head;
        var nothingYet = branches.Count == 0 && tags.Count == 0;

        var tagsMissing = tags.Count == 0 && !nothingYet &&
            (git.IsShallow || (Remote() is { } r && string.Equals(git.ConfigValue($"remote.{r}.tagopt"), "--no-tags", StringComparison.Ordinal)));
        if (tagsMissing)
            gaps.Add(new HistoryGap(git.IsShallow ? "no tags were fetched (a shallow CI checkout fetches none)" : $"no tags were fetched (remote '{Remote()}' is set to --no-tags)",
                HistoryNeeds.Tags));
        if (git.IsShallow)
            gaps.Add(new HistoryGap("shallow clone (history is cut off)", HistoryNeeds.FullHistory));
        if (release is null && !nothingYet)
        {
            var detached = head.IsDetached ? $"; HEAD is detached at {head.Commit!.Value.Short}" : "";
            gaps.Add(new HistoryGap($"release branch '{policy.ReleaseBranch}' not found locally or as a remote-tracking branch{detached}",
                HistoryNeeds.ReleaseBranch));
        }
        if (integration is null && release is not null && !nothingYet)
            gaps.Add(new HistoryGap($"integration branch '{policy.IntegrationBranch}' not found locally or as a remote-tracking branch", HistoryNeeds.IntegrationBranch));

        CommitGraph? graph = null;
        BitArray? onRelease = null, onIntegration = null;
        if (walk is not null)
        {
            graph = walk.GetAwaiter().GetResult();
            T("graph " + graph.Count);
            onRelease = graph.ReachableFrom(graph.IndexOf(release!.Tip));
            if (integration is not null) onIntegration = graph.ReachableFrom(graph.IndexOf(integration.Tip));
            T("marks");
        }

        var tipCommit = release is null ? null : git.ReadCommits([release.Tip]).FirstOrDefault();
        T("tip");
        var releaseOnly = graph is not null && onRelease is not null && onIntegration is not null
                ? ReleaseOnly(git, graph, onRelease, onIntegration, graph.IndexOf(release!.Tip))
                : [];
        T("release-only");
        var candidateBranches = branches.Where(b => candidateFormat.LooksLikeAttempt(b.BranchName, digitAfterPrefix: false)).ToList();
        var facts = new HistoryFacts(git, tagFormat, candidateFormat, graph, onRelease)
        {
            ReleaseBranch = release,
            IntegrationBranch = integration,
            Tags = tags,
            ReleaseTags = ReleaseTagsOf(tags, tagFormat, out var timedOutOn),
            TagFormatTimedOutOn = timedOutOn,
            CandidateBranches = candidateBranches,
            // A tags.format that ran out of its match budget cannot tell release tags from others (reported as RL0001).
            CanCheckTags = !tagsMissing && timedOutOn is null,
            CanCheckReleaseCommits = onIntegration is not null,
            Gaps = gaps,
            FetchCommand = FetchCommandFor(git, gaps.Count > 0 ? Remote() : null, gaps.Count > 0, release is null ? policy.ReleaseBranch : null,
                integration is null ? policy.IntegrationBranch : null, tagsMissing || git.IsShallow),
            ReleaseTip = tipCommit,
            ReleaseOnlyCommits = releaseOnly,
        };
        T("facts");
        foreach (var tag in tags)
        {
            if (tag.Target is not { } target) continue;
            if (!facts._tagsByCommit.TryGetValue(target, out var list)) facts._tagsByCommit[target] = list = [];
            list.Add(tag);
        }
        return facts;
    }

    private static GitBranch? FindBranch(IReadOnlyList<GitBranch> branches, string name) =>
        branches.FirstOrDefault(b => !b.IsRemote && b.Name == name)
        ?? branches.FirstOrDefault(b => b.Remote == "origin" && b.BranchName == name)
        ?? branches.FirstOrDefault(b => b.IsRemote && b.BranchName == name);

    private static string? FetchCommandFor(IGitRepository git, string? remote, bool anyGap, string? missingRelease, string? missingIntegration, bool tags)
    {
        if (!anyGap || remote is null) return null;
        var parts = new List<string> { "git fetch" };
        if (tags) parts.Add("--tags");
        if (git.IsShallow) parts.Add("--unshallow");
        parts.Add(remote);
        if (missingRelease is not null) parts.Add(missingRelease);
        if (missingIntegration is not null) parts.Add(missingIntegration);
        return string.Join(' ', parts);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static List<ReleaseOnlyCommit> ReleaseOnly(IGitRepository git, CommitGraph graph, BitArray onRelease, BitArray onIntegration, int tip)
    {
        // The release-only commits, each attributed to the first-parent commit of the release branch that brought it in,
        // claimed from the oldest chain commit to the newest so a commit belongs to the first merge that brought it.
        var chain = graph.FirstParentChain(tip);
        var arrived = new int[graph.Count]; // commit -> 1 + the chain commit that brought it in (itself when on the chain)
        var groups = new List<List<int>>();
        var stack = new Stack<int>();
        for (var k = chain.Count - 1; k >= 0; k--)
        {
            var chainCommit = chain[k];
            if (onIntegration[chainCommit]) continue;
            var group = new List<int> { chainCommit };
            arrived[chainCommit] = chainCommit + 1;
            var parents = graph.Parents(chainCommit);
            for (var j = 1; j < parents.Length; j++) stack.Push(parents[j]);
            while (stack.Count > 0)
            {
                var c = stack.Pop();
                if (onIntegration[c] || !onRelease[c] || arrived[c] != 0) continue;
                arrived[c] = chainCommit + 1;
                group.Add(c);
                foreach (var p in graph.Parents(c)) stack.Push(p);
            }
            groups.Add(group);
        }
        groups.Reverse();
        var order = groups.SelectMany(g => g).ToList();
        // Messages are read for the commits on the chain only: those are the ones judged; the commits a merge brought
        // in are judged with their merge, and there can be thousands of them.
        var details = git.ReadCommits(order.Where(c => arrived[c] == c + 1).Select(graph.Id).ToList()).ToDictionary(c => c.Id);
        var result = new List<ReleaseOnlyCommit>(order.Count);
        foreach (var c in order)
        {
            var via = arrived[c] - 1;
            var id = graph.Id(c);
            if (via == c)
            {
                if (details.TryGetValue(id, out var commit)) result.Add(new ReleaseOnlyCommit(commit, null));
                continue;
            }
            var parents = graph.Parents(c).ToArray().Select(graph.Id).ToList();
            result.Add(new ReleaseOnlyCommit(new GitCommit(id, parents, "", default), graph.Id(via)));
        }
        return result;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int[]? ComputeEntries()
    {
        if (_graph is null || _onRelease is null || ReleaseBranch is null) return null;
        var tip = _graph.IndexOf(ReleaseBranch.Tip);
        var chain = _graph.FirstParentChain(tip);
        var entry = new int[_graph.Count];
        Array.Fill(entry, -1);
        var stack = new Stack<int>();
        // From the oldest first-parent commit to the tip: each one claims itself and whatever its other parents bring in.
        for (var k = chain.Count - 1; k >= 0; k--)
        {
            var position = chain.Count - 1 - k;
            var c = chain[k];
            if (entry[c] < 0) entry[c] = position;
            var parents = _graph.Parents(c);
            for (var j = 1; j < parents.Length; j++) stack.Push(parents[j]);
            while (stack.Count > 0)
            {
                var x = stack.Pop();
                if (entry[x] >= 0) continue;
                entry[x] = position;
                foreach (var p in _graph.Parents(x)) stack.Push(p);
            }
        }
        return entry;
    }
}
