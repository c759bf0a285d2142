using System.Collections;
using System.Text.RegularExpressions;
using ReleaseLint.Patterns;
using ReleaseLint.Policy;

namespace ReleaseLint.Inputs.Git;

/// <summary>
/// Something the history checks need that this copy of the repository lacks (reported as RL0005, which names the
/// enabled rules whose declared <see cref="RuleDescriptor.History"/> needs it).
/// </summary>
/// <param name="Reason">What is missing, e.g. "shallow clone".</param>
/// <param name="Missing">What of the history is missing because of it.</param>
/// <param name="Branch">The branch that was not fetched, when the gap is a branch.</param>
public sealed record HistoryGap(string Reason, HistoryNeeds Missing, string? Branch = null);

/// <summary>
/// Something the policy names that the repository does not have at all, on a complete copy (reported as RL0007): a
/// branch that exists nowhere, or (with no configuration) a repository that plainly follows another process.
/// </summary>
/// <param name="Key">The configuration key that names it (<c>branches.release</c>); empty for the default policy as a whole.</param>
/// <param name="Branch">The branch the policy names.</param>
/// <param name="Message">What is wrong, with the numbers.</param>
/// <param name="Missing">What of the history the checks cannot have because of it (the rules that declare it judge nothing).</param>
public sealed record PolicyMisfit(string Key, string Branch, string Message, HistoryNeeds Missing);

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
/// over both branches (<see cref="IGitRepository.LoadGraph(IReadOnlyList{CommitId})"/>) whose commits are then marked from each tip once;
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

    /// <summary>True when tags were fetched (<see cref="HistoryNeeds.Tags"/>).</summary>
    public bool CanCheckTags { get; private init; }

    /// <summary>
    /// The tag on which a <c>re:</c> tag format ran out of its match budget, or null. Then the format cannot tell release
    /// tags from others: <see cref="CanCheckTags"/> is false and the engine reports the pattern (RL0001 at <c>tags.format</c>).
    /// </summary>
    public string? TagFormatTimedOutOn { get; private init; }

    /// <summary>
    /// The release tags: those matching the format, or looking like an attempt at it, except names <c>tags.ignore</c>
    /// lists and archive tags of release lines (<c>2.3.x</c>); matching stops at the format's first time-out.
    /// </summary>
    private static List<GitTag> ReleaseTagsOf(IEnumerable<GitTag> tags, TagScheme format, FilterList? ignore, out string? timedOutOn)
    {
        timedOutOn = null;
        var result = new List<GitTag>();
        foreach (var tag in tags)
        {
            if (ignore is not null && ignore.Passes(tag.Name)) continue;
            var match = format.TryMatch(tag.Name, out var timedOut);
            if (timedOut)
            {
                timedOutOn = tag.Name;
                return result;
            }
            if (match.Success || (format.LooksLikeAttempt(tag.Name) && TagVersion.Parse(tag.Name) is not { IsLine: true })) result.Add(tag);
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
        if (!merge.IsMerge || !HasCandidates) return null;
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
    /// release, integration, maintenance and release-candidate branches, marks, and the messages of release-only commits.
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
        var misfits = new List<PolicyMisfit>();
        var branches = git.Branches;
        T("refs");
        var release = policy.HasReleaseBranch ? FindBranch(branches, policy.ReleaseBranch) : null;
        var integration = FindBranch(branches, policy.IntegrationBranch);
        var maintenanceGlobs = policy.MaintenanceBranches.Count > 0 ? FilterList.Parse(policy.MaintenanceBranches) : null;
        bool IsMaintenance(string name) => maintenanceGlobs is not null && maintenanceGlobs.Passes(name) && name != policy.ReleaseBranch && name != policy.IntegrationBranch;
        var maintenance = branches.Where(b => IsMaintenance(b.BranchName)).ToList();
        var candidateBranches = !policy.HasReleaseCandidates ? [] : branches.Where(b =>
            b.BranchName != policy.ReleaseBranch && b.BranchName != policy.IntegrationBranch && !IsMaintenance(b.BranchName) &&
            IsCandidateName(candidateFormat, b.BranchName)).ToList();
        // The revision walk is the long part: start it now and read the tags while it runs.
        Task<CommitGraph>? walk = null;
        if (release is not null && !git.IsShallow)
        {
            var tips = new List<CommitId> { release.Tip };
            if (integration is not null) tips.Add(integration.Tip);
            tips.AddRange(maintenance.Select(b => b.Tip));
            tips.AddRange(candidateBranches.Select(b => b.Tip));
            tips = tips.Distinct().ToList();
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

        // A branch the policy names that is not here: either it was not fetched (a shallow or single-branch checkout:
        // history is incomplete, RL0005 with the fetch command) or this repository has no such branch at all (a full
        // clone whose remote had none at the last fetch, or a repository without a remote: the policy does not fit,
        // RL0007, said once with what the repository has instead).
        // a remote counts as fetched in full only when it fetches every branch and was fetched (it has remote-tracking
        // branches): a remote added to a copy that never fetched it (a CI checkout of one commit) says nothing of its branches
        var allFetched = !git.IsShallow && (Remote() is not { } remote ||
            (FetchesAllBranches(git.ConfigValue($"remote.{remote}.fetch")) && branches.Any(b => b.Remote == remote)));
        var branchNames = branches.Select(b => b.BranchName).Distinct().Order(StringComparer.Ordinal).ToList();
        var missingRelease = release is null && !nothingYet && policy.HasReleaseBranch;
        var missingIntegration = integration is null && (release is not null || !policy.HasReleaseBranch) && !nothingYet && policy.IntegrationBranch != policy.ReleaseBranch;
        if (missingRelease)
        {
            if (allFetched)
                misfits.Add(new PolicyMisfit("branches.release", policy.ReleaseBranch,
                    $"the release branch '{policy.ReleaseBranch}' does not exist in this repository ({Where(git, Remote())}; its {Count(branchNames.Count, "branch", "branches")}: {Sample(branchNames)})",
                    HistoryNeeds.ReleaseBranch));
            else
            {
                var detached = head.IsDetached ? $"; HEAD is detached at {head.Commit!.Value.Short}" : "";
                gaps.Add(new HistoryGap($"release branch '{policy.ReleaseBranch}' not found locally or as a remote-tracking branch{detached}", HistoryNeeds.ReleaseBranch, policy.ReleaseBranch));
            }
        }
        if (missingIntegration)
        {
            if (allFetched)
                misfits.Add(new PolicyMisfit("branches.integration", policy.IntegrationBranch,
                    $"the integration branch '{policy.IntegrationBranch}' does not exist in this repository ({Where(git, Remote())}; its {Count(branchNames.Count, "branch", "branches")}: {Sample(branchNames)})",
                    HistoryNeeds.IntegrationBranch));
            else
                gaps.Add(new HistoryGap($"integration branch '{policy.IntegrationBranch}' not found locally or as a remote-tracking branch", HistoryNeeds.IntegrationBranch, policy.IntegrationBranch));
        }

        // tags.ignore, archive tags of retired lines (2.3.x) and, for the judged set, tags.since
        var ignoreGlobs = policy.TagsIgnore.Count > 0 ? FilterList.Parse(policy.TagsIgnore) : null;
        var releaseTags = ReleaseTagsOf(tags, tagFormat, ignoreGlobs, out var timedOutOn);
        var (since, sinceProblem) = ResolveSince(policy.TagsSince, tags);

        // A run with no .releaselint.yml on a repository that plainly follows another process (no release branch of the
        // default's name, or tags none of which match the default format) is told so once, with the numbers, instead of
        // being judged by a policy it does not use.
        if (policy.ConfigPath is null && !nothingYet)
        {
            var attempts = releaseTags.Count;
            var matching = releaseTags.Count(t => tagFormat.Match(t.Name).Success);
            var noTagFits = tags.Count > 0 && matching == 0;
            if ((missingRelease && allFetched) || (noTagFits && attempts > 0))
            {
                var facts = new HistoryFacts(git, tagFormat, candidateFormat)
                {
                    DefaultPolicyMisfit = new PolicyMisfit("", policy.ReleaseBranch,
                        DefaultMisfitMessage(policy, release is not null, branchNames, tags.Count, matching, attempts, git, Remote()), HistoryNeeds.Repository),
                    Tags = tags,
                    CanCheckTags = false,
                };
                walk?.ContinueWith(_ => { }, TaskScheduler.Default); // the walk is not needed: let it finish unobserved
                return facts;
            }
        }

        CommitGraph? graph = null;
        BitArray? onRelease = null, onIntegration = null, onMaintenance = null, onCandidates = null;
        if (walk is not null)
        {
            graph = walk.GetAwaiter().GetResult();
            T("graph " + graph.Count);
            onRelease = graph.ReachableFrom(graph.IndexOf(release!.Tip));
            if (integration is not null) onIntegration = graph.ReachableFrom(graph.IndexOf(integration.Tip));
            if (maintenance.Count > 0) onMaintenance = graph.ReachableFrom(maintenance.Select(b => graph.IndexOf(b.Tip)));
            if (candidateBranches.Count > 0) onCandidates = graph.ReachableFrom(candidateBranches.Select(b => graph.IndexOf(b.Tip)));
            T("marks");
        }

        var tipCommit = release is null ? null : git.ReadCommits([release.Tip]).FirstOrDefault();
        T("tip");
        var releaseOnly = graph is not null && onRelease is not null && onIntegration is not null
                ? ReleaseOnly(git, graph, onRelease, onIntegration, graph.IndexOf(release!.Tip))
                : [];
        T("release-only");
        var result = new HistoryFacts(git, tagFormat, candidateFormat, graph, onRelease)
        {
            ReleaseBranch = release,
            IntegrationBranch = integration,
            MaintenanceBranches = maintenance,
            MaintenanceConfigured = maintenanceGlobs is not null,
            Tags = tags,
            AllReleaseTags = releaseTags,
            ReleaseTags = since is null ? releaseTags : releaseTags.Where(t => !(DateOf(t) < since)).ToList(),
            Since = since,
            SinceProblem = sinceProblem,
            TagFormatTimedOutOn = timedOutOn,
            CandidateBranches = candidateBranches,
            HasCandidates = policy.HasReleaseCandidates,
            // A tags.format that ran out of its match budget cannot tell release tags from others (reported as RL0001).
            CanCheckTags = !tagsMissing && timedOutOn is null,
            CanCheckReleaseCommits = onIntegration is not null,
            Gaps = gaps,
            Misfits = misfits,
            FetchCommand = FetchCommandFor(git, gaps.Count > 0 ? Remote() : null, gaps.Count > 0,
                gaps.Any(g => g.Branch == policy.ReleaseBranch) ? policy.ReleaseBranch : null,
                gaps.Any(g => g.Branch == policy.IntegrationBranch) ? policy.IntegrationBranch : null, tagsMissing || git.IsShallow),
            ReleaseTip = tipCommit,
            ReleaseOnlyCommits = releaseOnly,
        };
        result._onMaintenance = onMaintenance;
        result._onCandidates = onCandidates;
        T("facts");
        foreach (var tag in tags)
        {
            if (tag.Target is not { } target) continue;
            if (!result._tagsByCommit.TryGetValue(target, out var list)) result._tagsByCommit[target] = list = [];
            list.Add(tag);
        }
        return result;
    }

    /// <summary>
    /// A branch that is meant as a release candidate: under the candidate pattern's folder (<c>release/…</c> for
    /// <c>release/{date}</c>: anything there is meant as a candidate, so <c>release/friday</c> is a bad one), or, when the
    /// pattern's prefix is not a folder (<c>release-{version}-{n}</c>), the prefix followed by a digit, as for tags
    /// (<c>release-process-4543</c> is a topic branch, not a candidate). A <c>re:</c> pattern with no literal start
    /// (<c>re:^(?:rc|hotfix-rc)$</c>, fixed names) says nothing of what is meant for it: only the names it accepts count
    /// (<c>2026-01-29/revert-grants</c> is a topic branch).
    /// </summary>
    private static bool IsCandidateName(NameFormat format, string name) =>
        format.Match(name).Success || (!(format.IsRegex && format.LiteralPrefix.Length == 0) && format.LooksLikeAttempt(name, digitAfterPrefix: !format.LiteralPrefix.EndsWith('/')));

    /// <summary>The date a tag was made: its tagger date, else its commit's date.</summary>
    public static DateTimeOffset? DateOf(GitTag tag) => tag.TaggerDate ?? tag.CommitDate;

    private static (DateTimeOffset? Since, string? Problem) ResolveSince(string? since, IReadOnlyList<GitTag> tags)
    {
        if (since is null) return (null, null);
        if (ReleasePolicy.SinceDate(since) is { } date) return (new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), null);
        var tag = tags.FirstOrDefault(t => t.Name == since);
        if (tag is null)
            return (null, $"'tags.since' names '{since}', which is neither a tag of this repository nor a date (YYYY-MM-DD); all history is judged");
        if (DateOf(tag) is not { } when)
            return (null, $"'tags.since' names the tag '{since}', which does not point at a commit; all history is judged");
        return (when, null);
    }

    /// <summary>True when a remote's fetch refspec brings every branch (<c>+refs/heads/*:…</c>, or a mirror's <c>+refs/*:refs/*</c>).</summary>
    private static bool FetchesAllBranches(string? refspec) =>
        refspec is not null && (refspec.Contains("refs/heads/*", StringComparison.Ordinal) || refspec.TrimStart('+').StartsWith("refs/*:", StringComparison.Ordinal));

    private static string Where(IGitRepository git, string? remote) =>
        remote is null ? "a repository without a remote" : $"a full clone: '{remote}' had no such branch at the last fetch";

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    private static string Sample(IReadOnlyList<string> names, int max = 6) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Take(max)) + (names.Count > max ? ", …" : "");

    private static string DefaultMisfitMessage(ReleasePolicy policy, bool hasRelease, IReadOnlyList<string> branches, int tagCount, int matching, int attempts, IGitRepository git, string? remote)
    {
        var parts = new List<string>();
        if (!hasRelease) parts.Add($"no branch '{policy.ReleaseBranch}' ({Count(branches.Count, "branch", "branches")}: {Sample(branches)})");
        parts.Add(tagCount == 0 ? "no tags" : $"{matching} of {tagCount} tags match the tag format '{policy.TagFormat}'" + (attempts > matching ? $" ({attempts - matching} look like release tags of another scheme)" : ""));
        return $"this repository does not follow the default release policy (no .releaselint.yml): {string.Join(", ", parts)}; the history checks were not applied. Run 'releaselint init' to write a .releaselint.yml fitted to this repository";
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
