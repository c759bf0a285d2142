using System.Collections;
using System.Text.RegularExpressions;
using ReleaseLint.Engine;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Git;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Patterns;
using ReleaseLint.Policy;

namespace ReleaseLint.Cli.Init;

/// <summary>One key <c>init</c> writes: its YAML value (null: leave the key out) and the evidence that chose it.</summary>
/// <param name="Value">The value as YAML (<c>"main"</c>, <c>null</c>, <c>["release-*"]</c>); null to leave the key out.</param>
/// <param name="Evidence">Comment lines written above the key: what in the repository shows the value.</param>
public sealed record FitKey(string? Value, IReadOnlyList<string> Evidence);

/// <summary>
/// The release process of a repository as <c>init</c> infers it from evidence: where release tags and production
/// deploys live, which branches are merged into the release branch for each release, which branches carry older
/// release lines, which tag families exist and since when the current practice (names, annotation) holds, and which
/// document describes releasing. Every key carries the evidence for it; a key that would point at something the
/// repository does not have is never written (a missing guide is <c>guide: null</c>, a missing branch is not named).
/// </summary>
public sealed partial class RepositoryFit
{
    private static readonly ReleasePolicy Defaults = new();

    /// <summary><c>branches.integration</c>.</summary>
    public required FitKey Integration { get; init; }
    /// <summary><c>branches.release</c>.</summary>
    public required FitKey Release { get; init; }
    /// <summary><c>branches.release-candidate</c>.</summary>
    public required FitKey Candidates { get; init; }
    /// <summary><c>branches.maintenance</c>.</summary>
    public required FitKey Maintenance { get; init; }
    /// <summary><c>tags.format</c>.</summary>
    public required FitKey TagFormat { get; init; }
    /// <summary><c>tags.since</c>.</summary>
    public required FitKey Since { get; init; }
    /// <summary><c>tags.annotated</c>.</summary>
    public required FitKey Annotated { get; init; }
    /// <summary><c>docs.guide</c>.</summary>
    public required FitKey Guide { get; init; }
    /// <summary><c>docs.guide-sections</c>.</summary>
    public required FitKey GuideSections { get; init; }
    /// <summary><c>workflows.integration</c>.</summary>
    public required FitKey IntegrationWorkflows { get; init; }
    /// <summary><c>discussions.paths</c>.</summary>
    public required FitKey DiscussionPaths { get; init; }
    /// <summary>Where branch protection is read from (comment lines only).</summary>
    public required IReadOnlyList<string> ProtectionNote { get; init; }
    /// <summary>The deploy jobs found by what they do, and how to refine them (comment lines only).</summary>
    public required IReadOnlyList<string> DeployNote { get; init; }
    /// <summary>The release branch chosen (for the protection note), or null.</summary>
    public string? ReleaseBranchName { get; init; }

    /// <summary>Infers the fit of the repository at <paramref name="root"/> (a plain folder gets the defaults, said so).</summary>
    public static RepositoryFit Infer(string root, IGitRepository? git)
    {
        var files = FileSet.Scan(root, Defaults.Ignore.Select(g => new Glob(g)));
        var workspace = new Workspace(files, Defaults);
        var history = git is null ? null : History.Read(git);
        var tags = history?.Tags ?? [];

        // tag families, and since when the names hold
        var families = TagFamilies.Infer(tags);
        IReadOnlyList<string>? formats = families.Count == 0 ? null : TagFamilies.FormatValues(families);
        IReadOnlyList<NameFormat>? policyFormats = formats?.Select(NameFormat.Parse).ToList();
        bool Matches(string name) => policyFormats is null ? Defaults.TagFormat.Match(name).Success : policyFormats.Any(f => f.Match(name).Success);
        bool Fits(GitTag tag) => families.Count == 0 ? Matches(tag.Name) : families.Any(f => f.Fits(tag)) && Matches(tag.Name);
        bool Attempt(string name) => policyFormats is null ? Defaults.TagFormat.LooksLikeAttempt(name) : policyFormats.Any(f => f.LooksLikeAttempt(name));
        var attempts = tags.Where(t => (Matches(t.Name) || Attempt(t.Name)) && TagVersion.Parse(t.Name) is not { IsLine: true } && HistoryFacts.DateOf(t) is not null)
            .OrderBy(t => HistoryFacts.DateOf(t)).ToList();
        var formatSince = NameEra(attempts, Fits, Matches);
        // The format itself: the tag-scheme inference of the format language (Patterns/TagSchemeInference) over the tags
        // of the current era, so that an older scheme (SemVer before calendar versions) does not decide it; the families
        // found above only place the era. When no scheme accepts 95 % of those tags, the families found above are kept.
        // (only the tags of the families in use: a prefix whose last tag is years old, such as esphome's v1.x before its
        // calendar versions, is history, and archive tags of retired lines, 2.3.x, are not releases)
        var inUse = families.Count == 0 ? null : families.SelectMany(f => f.Tags).ToHashSet();
        var eraTags = tags.Where(t => HistoryFacts.DateOf(t) is not null && !(formatSince is not null && HistoryFacts.DateOf(t) < HistoryFacts.DateOf(formatSince)) &&
                (inUse is null || inUse.Contains(t)) && TagVersion.Parse(t.Name) is not { IsLine: true })
            .OrderBy(t => HistoryFacts.DateOf(t)).Select(t => t.Name).ToList();
        // the tag filters of the workflows: a family a workflow publishes from is a family, however few its tags
        var triggers = workspace.Workflows.Where(w => w.Event("push")?.TagFilter is not null)
            .Select(w => (Where: w.Path[(w.Path.LastIndexOf('/') + 1)..], Filter: w.Event("push")!.TagFilter!)).ToList();
        var inferred = TagSchemeInference.Infer(eraTags, triggers);
        List<string>? schemeEvidence = null;
        if (inferred.Scheme is { } scheme)
        {
            policyFormats = scheme.Families.ToList();
            formats = scheme.Families.Select(f => f.Text).ToList();
            schemeEvidence = [$"inferred from the {eraTags.Count} tags{(formatSince is null ? "" : $" since {formatSince.Name}")}: {inferred.Evidence}",
                .. inferred.Families.Select(f => $"{f.Format.Text}: {f.Count} tags, e.g. {f.Example}" +
                    (inferred.PublishedBy.TryGetValue(f, out var by) ? $" ({by})" : ""))];
            if (inferred.Outside > 0) schemeEvidence.Add($"{inferred.Outside} tags with a version fit no family and are not release tags");
        }
        var current = formatSince is null ? attempts : attempts.SkipWhile(t => t != formatSince).ToList();
        var (annotated, annotationSince, annotationEvidence) = Annotation(current.Where(t => Matches(t.Name)).ToList());
        var since = annotationSince is not null && (formatSince is null || HistoryFacts.DateOf(annotationSince) > HistoryFacts.DateOf(formatSince)) ? annotationSince : formatSince;
        var judged = since is null ? current : current.Where(t => !(HistoryFacts.DateOf(t) < HistoryFacts.DateOf(since))).ToList();
        var finals = judged.Where(t => Matches(t.Name) && TagVersion.Parse(t.Name) is not { IsPreRelease: true } && t.Target is not null).ToList();

        // branches
        var integration = history?.DefaultBranch;
        var integrationEvidence = integration is null ? "no default branch found: the guide's default"
            : history!.DefaultBranchSource;
        var (release, releaseEvidence) = history is null || integration is null ? (null, ["not a git repository with branches: the guide's default"])
            : ChooseRelease(history, integration, finals, workspace);
        var (maintenance, maintenanceEvidence) = history is null || release is null ? ([], []) : ChooseMaintenance(history, release, finals);
        var (candidates, candidateEvidence) = history is null || integration is null ? ((string?)null, new List<string>())
            : release is null ? CandidatesWithoutRelease(history, integration, finals, workspace)
            : ChooseCandidates(history, release, integration, judged.Where(t => Matches(t.Name)).ToList(), maintenance);

        var (guide, guideEvidence, sections) = ChooseGuide(workspace);
        var summary = SummaryWorkflows(workspace, integration ?? Defaults.IntegrationBranch);
        var posts = new[] { "docs/discussions", ".github/discussions" }.Where(files.ContainsDirectory).ToList();
        var sources = files.Files.Where(f => f.StartsWith(".github/branch-protection/", StringComparison.Ordinal) || f.StartsWith(".github/rulesets/", StringComparison.Ordinal) || f == ".github/settings.yml").ToList();
        var protectionBranch = release ?? Defaults.ReleaseBranch;

        return new RepositoryFit
        {
            Integration = new(integration is null ? null : Quote(integration), [integrationEvidence]),
            Release = new(release is null ? (history is null ? null : "null") : Quote(release), releaseEvidence),
            Candidates = candidates is null && history is not null && history.Branches.Count == 0 ? new(null, ["no branches yet: the guide's candidate pattern"]) : new(candidates ?? "null", candidateEvidence),
            Maintenance = new(maintenance.Count == 0 ? null : "[" + string.Join(", ", maintenance.Select(Quote)) + "]", maintenanceEvidence),
            TagFormat = formats is null
                ? new(null, [tags.Count == 0 ? "no tags yet: the guide's format v{yyyy}.{MM}.{dd}[.{n}]" : $"no release tag family found among {tags.Count} tags: the guide's format"])
                : new(formats.Count == 1 ? Quote(formats[0]) : "[" + string.Join(", ", formats.Select(Quote)) + "]",
                    schemeEvidence ?? [.. families.Select(f => f.Evidence), $"{attempts.Count(t => Matches(t.Name))} of {attempts.Count} tags that look like release tags match"]),
            Since = new(since is null ? null : Quote(since.Name), since is null ? [] : SinceEvidence(attempts, since, formatSince, annotationSince, Fits)),
            Annotated = new(formats is null && tags.Count == 0 ? null : annotated ? "true" : "false", annotationEvidence),
            Guide = new(guide is null ? "null" : Quote(guide), guideEvidence),
            GuideSections = sections.Count > 0
                ? new("[" + string.Join(", ", sections.Select(Quote)) + "]", [$"the guide's release sections today: {Rules.Docs.RL4002GuideSectionMissing.Definition.Id} reports one that goes missing"])
                // Another document than the seed's guide, with no headings read as release sections (an .rst file, or
                // headings that name no release step): the seed's sections are not this guide's, so none are required.
                : guide is not null && guide != Defaults.Guide
                    ? new("[]", [$"no markdown heading of '{guide}' names a release step: the live-branch guide's sections are not required of it; list the sections it must keep"])
                    : new(null, []),
            IntegrationWorkflows = new("[" + string.Join(", ", summary.Select(s => Quote(s.Path))) + "]",
                summary.Count == 0 ? ["no workflow posts discussion summaries on pushes to the integration branch"] : summary.Select(s => s.Evidence).ToList()),
            DiscussionPaths = new(posts.Count == 0 ? null : "[" + string.Join(", ", posts.Select(p => Quote(p + "/**/*.md"))) + "]",
                posts.Count == 0 ? [] : ["deployment posts kept in the repository"]),
            ProtectionNote = sources.Count > 0
                ? [$"Branch protection is read from {string.Join(", ", sources)}."]
                : ["Branch protection is read from no file yet; export it with:",
                   $"gh api repos/OWNER/REPO/branches/{protectionBranch}/protection > .github/branch-protection/{protectionBranch}.json"],
            DeployNote = DeployJobsNote(workspace),
            ReleaseBranchName = release,
        };
    }

    /// <summary>
    /// The tag from which release-tag names follow the inferred formats: the earliest point after which at most one in a
    /// hundred of the tags that look like release tags breaks them (and at least one before it does); null when the
    /// names hold throughout.
    /// </summary>
    private static GitTag? NameEra(IReadOnlyList<GitTag> attempts, Func<GitTag, bool> fits, Func<string, bool> matches)
    {
        var n = attempts.Count;
        var missesFrom = new int[n + 1];
        for (var i = n - 1; i >= 0; i--) missesFrom[i] = missesFrom[i + 1] + (fits(attempts[i]) ? 0 : 1);
        if (missesFrom[0] <= Math.Max(1, n / 100)) return null; // a stray or two: reported, not a scheme of their own
        for (var i = 1; i < n; i++)
        {
            if (missesFrom[i] > (n - i) / 100) continue;
            // a stray left in the project's first weeks belongs to them too
            for (var k = i; k < n / 10; k++)
                if (!fits(attempts[k]) && HistoryFacts.DateOf(attempts[k]) - HistoryFacts.DateOf(attempts[0]) <= TimeSpan.FromDays(60)) i = k + 1;
            if (i >= n) return null;
            // the tags before must be another scheme (mostly not fitting), not scattered mistakes; or the first weeks of
            // the project, while its spelling settled (yt-dlp's 2021.01.07-1 before 2021.01.29)
            var firstWeeks = HistoryFacts.DateOf(attempts[i - 1]) - HistoryFacts.DateOf(attempts[0]) <= TimeSpan.FromDays(60) && i < n / 10;
            if ((missesFrom[0] - missesFrom[i]) * 2 < i && !firstWeeks) return null;
            // start at a tag of the current scheme: one that fits, or one written nearly like it (v2022.05.0 for
            // v{yyyy}.{M}.{n}: the first of the new scheme, itself judged), not the last of the old one
            while (i < n - 1 && !fits(attempts[i]) && !matches(Unpadded(attempts[i].Name))) i++;
            return attempts[i];
        }
        return null;
    }

    /// <summary>The name with leading zeros dropped from its numbers (<c>v2022.05.0</c> → <c>v2022.5.0</c>).</summary>
    private static string Unpadded(string name) => LeadingZero().Replace(name, "$1");

    /// <summary>
    /// Annotated or not, from the current practice: the newest tags' majority decides; when they are annotated but older
    /// tags were not, the annotated era becomes <c>tags.since</c> only if it is long enough to judge by (two years or
    /// more, the tags before it mostly lightweight), else <c>false</c> (a practice too young to judge history by).
    /// </summary>
    private static (bool Annotated, GitTag? Since, IReadOnlyList<string> Evidence) Annotation(IReadOnlyList<GitTag> tags)
    {
        if (tags.Count == 0) return (true, null, ["no release tags yet: annotated, as the guide asks"]);
        var total = tags.Count(t => t.IsAnnotated);
        var recent = tags.TakeLast(Math.Min(20, tags.Count)).ToList();
        var recentAnnotated = recent.Count(t => t.IsAnnotated);
        if (recentAnnotated * 10 < recent.Count * 7)
            return (false, null, [$"{recentAnnotated} of the {recent.Count} newest release tags are annotated ({total} of {tags.Count} in all): the current practice is " +
                (recentAnnotated * 10 <= recent.Count * 3 ? "lightweight tags" : "mixed, so annotation is not required")]);
        // the annotated era starts where the practice changed: a point that leaves the fewest lightweight tags after it
        // and annotated tags before it, the latest of those whose tags before are mostly (two thirds) lightweight: an
        // older practice, not scattered exceptions (those stay judged)
        var lightweightFrom = new int[tags.Count + 1];
        for (var i = tags.Count - 1; i >= 0; i--) lightweightFrom[i] = lightweightFrom[i + 1] + (tags[i].IsAnnotated ? 0 : 1);
        var errors = new int[tags.Count];
        var annotatedBefore = 0;
        for (var i = 0; i < tags.Count; i++)
        {
            errors[i] = tags[i].IsAnnotated ? lightweightFrom[i] + annotatedBefore : int.MaxValue;
            if (tags[i].IsAnnotated) annotatedBefore++;
        }
        var fewest = errors.Min();
        for (var p = tags.Count - 1; p >= 0; p--)
        {
            if (errors[p] != fewest) continue;
            if (p == 0) break;
            var before = tags.Take(p).ToList();
            var lightweightBefore = before.Count(t => !t.IsAnnotated);
            if (lightweightBefore * 3 < before.Count * 2) continue;
            var era = tags.Skip(p).ToList();
            var eraAnnotated = era.Count(t => t.IsAnnotated);
            var span = HistoryFacts.DateOf(era[^1])!.Value - HistoryFacts.DateOf(era[0])!.Value;
            if (eraAnnotated * 100 < era.Count * 95)
                return (false, null, [$"{eraAnnotated} of the {era.Count} release tags since {era[0].Name} are annotated and {lightweightBefore} of the {before.Count} before are lightweight: a mixed practice, so annotation is not required"]);
            if (span < TimeSpan.FromDays(730))
                return (false, null, [$"{eraAnnotated} of the {era.Count} release tags since {era[0].Name} are annotated, but {lightweightBefore} of the {before.Count} before are lightweight: the annotated practice is too recent ({span.TotalDays / 365.25:0.#} years) to judge the history by"]);
            return (true, era[0], [$"{eraAnnotated} of the {era.Count} release tags since {era[0].Name} are annotated; {lightweightBefore} of the {before.Count} before are lightweight (an older practice: see since)"]);
        }
        return (true, null, [$"{total} of {tags.Count} release tags are annotated"]);
    }

    private static IReadOnlyList<string> SinceEvidence(IReadOnlyList<GitTag> attempts, GitTag since, GitTag? formatSince, GitTag? annotationSince, Func<GitTag, bool> fits)
    {
        var before = attempts.TakeWhile(t => t != since).ToList();
        var date = HistoryFacts.DateOf(since)!.Value;
        var lines = new List<string>();
        if (formatSince is not null)
        {
            var old = attempts.TakeWhile(t => t != formatSince).ToList();
            lines.Add($"{old.Count(t => !fits(t))} of the {old.Count} tags before {formatSince.Name} ({HistoryFacts.DateOf(formatSince):yyyy-MM-dd}) follow another scheme ({Sample(old.Where(t => !fits(t)).Select(t => t.Name).ToList(), 3)})");
        }
        if (annotationSince is not null && annotationSince == since)
            lines.Add($"before {since.Name} ({date:yyyy-MM-dd}) release tags were lightweight ({before.Count(t => !t.IsAnnotated)} of {before.Count})");
        lines.Add("history before it is not judged; the tag itself is");
        return lines;
    }

    /// <summary>
    /// The release branch: a branch named like a production branch (live, production, prod, release, stable) or one that
    /// a deploy workflow runs on, when a workflow names it and it mirrors releases (its tip is a release, a release in
    /// progress, or it carries releases the default branch does not); else the default branch when it carries the final
    /// releases (a trunk); else none, when most final releases are on no branch at all (tagged on branches deleted after
    /// the release).
    /// </summary>
    private static (string? Name, IReadOnlyList<string> Evidence) ChooseRelease(History history, string integration, IReadOnlyList<GitTag> finals, Workspace workspace)
    {
        var named = new[] { "live", "production", "prod", "release", "stable" };
        var deployBranches = DeployDetection.DeployWorkflows(workspace)
            .SelectMany(d => d.Workflow.Events.Where(e => e.Name == "push").SelectMany(e => e.Branches ?? []).Select(b => (Branch: b.Value, Workflow: d.Workflow.Path))).ToList();
        var candidates = history.BranchNames.Where(b => b != integration && (named.Contains(b) || deployBranches.Any(d => d.Branch == b))).ToList();
        var onDefault = finals.Count(t => history.Contains(integration, t.Target!.Value));
        // what production runs is the latest release: a branch that mirrors production holds the newest final release
        // (or its tip carries a release); a docs or archive branch that a workflow publishes from was cut from an older one
        var newest = finals.Where(t => HistoryFacts.DateOf(t) is not null).MaxBy(t => HistoryFacts.DateOf(t));
        var skippedOld = new List<string>();
        foreach (var name in candidates.OrderBy(n => Array.IndexOf(named, n) is var i && i >= 0 ? i : 99))
        {
            var usedBy = workspace.Workflows.Where(w => Mentions(w, name)).Select(w => w.Path).ToList();
            var deploy = deployBranches.FirstOrDefault(d => d.Branch == name).Workflow;
            if (usedBy.Count == 0 && deploy is null) continue; // no workflow runs on it or writes it: a docs or archive branch
            var tip = history.Tip(name)!.Value;
            var onIt = finals.Count(t => history.Contains(name, t.Target!.Value));
            var onItOnly = finals.Count(t => history.Contains(name, t.Target!.Value) && !history.Contains(integration, t.Target!.Value));
            var tipTag = history.TagsOn(tip).FirstOrDefault(t => finals.Contains(t));
            var inProgress = history.BranchNames.FirstOrDefault(b => b != name && history.Tip(b) == tip);
            string? why = tipTag is not null ? $"its tip carries the release {tipTag.Name}"
                : onItOnly > 0 ? $"{onItOnly} releases are on it and not on '{integration}'"
                : inProgress is not null ? $"its tip is the tip of '{inProgress}' (a release in progress)"
                : null;
            // a branch that mirrors production holds most releases: one holding a few (a hotfix branch, a docs branch
            // reset to one release) is not where releases live
            if (why is null || onIt * 2 <= finals.Count) continue;
            if (newest is not null && !history.Contains(name, newest.Target!.Value))
            {
                skippedOld.Add($"'{name}' lacks the newest release {newest.Name}");
                continue;
            }
            var via = deploy is not null ? $"{deploy} deploys from it" : $"{string.Join(", ", usedBy.Take(3))} name{(usedBy.Count == 1 ? "s" : "")} it";
            return (name, [$"{onIt} of {finals.Count} final release tags are on '{name}'; {why}; {via}"]);
        }
        var onNoBranch = finals.Count(t => !history.OnAnyBranch(t.Target!.Value));
        if (finals.Count >= 5 && onNoBranch * 2 > finals.Count)
            return (null, [$"{onNoBranch} of {finals.Count} final release tags are on no branch (tagged on branches deleted after the release) and {onDefault} on '{integration}': no branch mirrors production"]);
        var others = candidates.Where(c => !skippedOld.Any(o => o.StartsWith($"'{c}'", StringComparison.Ordinal))).ToList();
        var skipped = (others.Count > 0 ? $"; {string.Join(", ", others.Select(c => $"'{c}'"))} mirror{(others.Count == 1 ? "s" : "")} no release (no workflow deploys from it, or its tip is not a release)" : "") +
            (skippedOld.Count > 0 ? "; " + string.Join("; ", skippedOld) + " (not what production runs)" : "");
        return (integration, [finals.Count == 0
            ? $"no release tags yet and no production branch: the default branch{skipped}"
            : $"trunk: {onDefault} of {finals.Count} final release tags are on the default branch '{integration}'{skipped}"]);
    }

    /// <summary>True when a workflow runs on pushes or pull requests to <paramref name="branch"/>, or names it in its steps.</summary>
    private static bool Mentions(WorkflowFile workflow, string branch)
    {
        foreach (var e in workflow.Events)
            if ((e.Name == "push" || WorkflowTriggers.PullRequestEvents.Contains(e.Name)) && e.Branches is { } list && list.Any(b => b.Value == branch)) return true;
        // a step that checks it out, pushes or resets it (black's post-release job: ref: stable, then git push)
        try
        {
            return Regex.IsMatch(workflow.Source.Text, $@"(refs/heads/|\bref:\s*['""]?|\bbranch:\s*['""]?|git\s+push\s+\S+\s+(\S+:)?){Regex.Escape(branch)}(?![\w./-])",
                RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>
    /// Maintenance branches: the branches (other than the release and default ones) that hold final releases the release
    /// branch does not, written as globs of their names (<c>release-3.19</c> → <c>release-[0-9]*</c>).
    /// </summary>
    private static (IReadOnlyList<string> Globs, IReadOnlyList<string> Evidence) ChooseMaintenance(History history, string release, IReadOnlyList<GitTag> finals)
    {
        var off = finals.Where(t => !history.Contains(release, t.Target!.Value)).ToList();
        var holders = off.ToDictionary(t => t, t => history.BranchesContaining(t.Target!.Value).Where(b => b != release && b != history.DefaultBranch).ToList());
        var byGlob = new Dictionary<string, (HashSet<string> Branches, HashSet<GitTag> Tags)>(StringComparer.Ordinal);
        foreach (var (tag, branches) in holders)
            foreach (var branch in branches)
            {
                var glob = BranchGlob(branch);
                if (!byGlob.TryGetValue(glob, out var entry)) byGlob[glob] = entry = ([], []);
                entry.Branches.Add(branch);
                entry.Tags.Add(tag);
            }
        // a glob that another one's pattern already covers is folded into it (release/10-auth-fix into release/[0-9]*)
        foreach (var glob in byGlob.Keys.ToList())
        {
            var wider = byGlob.Keys.FirstOrDefault(o => o != glob && byGlob.ContainsKey(o) && byGlob[glob].Branches.All(FilterPattern.Parse(o).IsMatch));
            if (wider is null) continue;
            byGlob[wider].Branches.UnionWith(byGlob[glob].Branches);
            byGlob[wider].Tags.UnionWith(byGlob[glob].Tags);
            byGlob.Remove(glob);
        }
        // a glob stands for a line of releases: several releases, or one whose version its branch name carries
        // (maintenance/v2 for 2.31.1, not dockerfile-test2 for 0.21.1); then greedily, largest first, each must add
        // releases no glob chosen before holds (a topic branch cut from a maintenance branch adds none)
        var chosen = new List<(string Glob, HashSet<string> Branches, HashSet<GitTag> Tags)>();
        var resetTo = new List<string>();
        var covered = new HashSet<GitTag>();
        foreach (var (glob, (branches, tags)) in byGlob.OrderByDescending(g => g.Value.Tags.Count).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            if (tags.Count < 2 && !tags.Any(t => branches.Any(b => NamesLine(b, t)))) continue;
            if (!tags.Except(covered).Any()) continue;
            chosen.Add((glob, branches, tags));
            covered.UnionWith(tags);
            if (chosen.Count == 8) break;
        }
        // a backport branch the release branch was reset to (rustup's stable at release/1.29's tip): its commits reached
        // the release branch through it
        var releaseTip = history.Tip(release);
        foreach (var branch in history.BranchNames.Where(b => b != release && b != history.DefaultBranch && history.Tip(b) == releaseTip && b.Any(char.IsAsciiDigit)))
        {
            var glob = BranchGlob(branch);
            if (chosen.Any(c => c.Glob == glob || FilterPattern.Parse(c.Glob).IsMatch(branch))) continue;
            chosen.Add((glob, [branch], []));
            resetTo.Add(branch);
        }
        var evidence = chosen.Where(g => g.Tags.Count > 0).Select(g => $"{g.Tags.Count} final release tags not on '{release}' are on {Sample(g.Branches.Order(StringComparer.Ordinal).ToList(), 3)} ({Sample(g.Tags.Select(t => t.Name).ToList(), 2)})").ToList();
        evidence.AddRange(resetTo.Select(b => $"'{release}' is at the tip of '{b}': the release branch is reset to this backport branch, so its commits arrive through it"));
        var remaining = off.Count(t => !covered.Contains(t));
        if (chosen.Count > 0 && remaining > 0) evidence.Add($"{remaining} more final releases are on no branch left (patch releases of lines whose branch was deleted are not judged)");
        return (chosen.Select(g => g.Glob).ToList(), evidence);
    }

    /// <summary>True when <paramref name="branch"/> carries the major version of <paramref name="tag"/> (<c>maintenance/v2</c> and 2.31.1).</summary>
    private static bool NamesLine(string branch, GitTag tag) =>
        TagVersion.Parse(tag.Name) is { } v && VersionRun().Matches(branch).Any(m => m.Value.Split('.')[0] == v.Numbers[0].ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A branch name as a glob of its release line: the version in it becomes <c>[0-9]*</c>.</summary>
    internal static string BranchGlob(string branch)
    {
        var m = VersionRun().Match(branch);
        if (!m.Success) return branch;
        var rest = branch[(m.Index + m.Length)..];
        return branch[..m.Index] + "[0-9]*" + (rest.Any(char.IsAsciiDigit) ? "" : rest);
    }

    /// <summary>
    /// Release-candidate branches: the branches merged into the release branch that brought releases in (a merge whose
    /// merged side carries a release tag), named from the merge messages (the branches are often deleted); their names
    /// generalized (the version becomes a pattern). <c>null</c> when no such merge exists.
    /// </summary>
    private static (string? Pattern, List<string> Evidence) ChooseCandidates(History history, string release, string integration, IReadOnlyList<GitTag> releaseTags, IReadOnlyList<string> maintenance)
    {
        var merged = history.CandidateMerges(release, releaseTags);
        // a candidate branch is named after the release it brings (bump-2024.10.2, candidate-5.6.0, release/26.2,
        // release-20.3-9772): a version of two or more numbers that starts the version of a tag it brought in; a
        // maintenance line (2.3.x, v10, stable) merged forward is not one
        var names = merged.Where(m => m.Branch != integration && m.Branch != release && !m.Branch.EndsWith(".x", StringComparison.OrdinalIgnoreCase) &&
                !maintenance.Any(g => FilterPattern.Parse(g).IsMatch(m.Branch)) && NamesRelease(m))
            .Select(m => m.Branch).ToList();
        // named like the guide's own candidates (release/2025-03-10): its pattern, written out with the evidence
        if (names.Count >= 2 && names.Count * 2 >= merged.Count && names.All(n => Defaults.ReleaseCandidatePattern.Match(n).Success))
            return (Quote(Defaults.ReleaseCandidatePattern.Text), [$"{names.Count} of the {merged.Count} merges into '{release}' that brought releases in came from branches named as the guide's candidates ({Sample(names.Distinct().ToList(), 3)})"]);
        if (names.Count >= 3 && names.Count * 2 >= merged.Count)
        {
            var shapes = names.GroupBy(Shape).Where(g => g.Count() >= 2).OrderByDescending(g => g.Count()).ToList();
            var covered = shapes.Sum(g => g.Count());
            if (covered * 2 >= names.Count)
            {
                // one expression whose literal start is the names' common prefix, so that branches are recognised as meant
                // for it by that prefix (RL3004)
                var keys = shapes.Select(g => g.Key).ToList();
                var common = keys.Aggregate((a, b) => a[..Enumerable.Range(0, Math.Min(a.Length, b.Length)).TakeWhile(i => a[i] == b[i]).Count()]);
                while (common.Length > 0 && (common[^1] == '\\' || common.Count(c => c == '[') != common.Count(c => c == ']') || common.Count(c => c == '(') != common.Count(c => c == ')'))) common = common[..^1];
                var pattern = keys.Count == 1 ? $"re:^{keys[0]}$" : $"re:^{common}(?:{string.Join("|", keys.Select(k => k[common.Length..]))})$";
                return (Quote(pattern), [$"{covered} of the {merged.Count} merges into '{release}' that brought releases in came from branches named after the release ({Sample(names.Distinct().ToList(), 3)})"]);
            }
        }
        var releaseNamed = history.BranchNames.Count(b => b.StartsWith("release/", StringComparison.Ordinal));
        return (null, [merged.Count == 0
            ? $"no merge into '{release}' brought a release in (the release branch receives no candidate branches)" + (releaseNamed > 0 ? $"; the {releaseNamed} release/* branches are not candidates" : "")
            : $"{names.Count} of the {merged.Count} merges into '{release}' that brought releases in came from branches named after the release: no candidate naming"]);
    }

    /// <summary>
    /// Release-candidate branches where no branch mirrors production (the releases are tagged on branches deleted after the
    /// release): the branches release tags came from. A name is taken when a workflow that deploys runs on pushes to it
    /// and the history shows that release tags came from it: final release tags on the branch today, or merges in the
    /// history of the release tags made on it or from it (<c>Merge branch 'rc' of URL into rc</c>; the branch is gone,
    /// its merge messages stay). Names (never globs) are written as one expression; <c>null</c> when none is shown.
    /// </summary>
    private static (string? Pattern, List<string> Evidence) CandidatesWithoutRelease(History history, string integration, IReadOnlyList<GitTag> finals, Workspace workspace)
    {
        var pushed = new List<(string Branch, string Workflow)>();
        foreach (var d in DeployDetection.DeployWorkflows(workspace))
            foreach (var e in d.Workflow.Events.Where(e => e.Name == "push"))
                foreach (var b in e.Branches ?? [])
                    if (b.Value != integration && b.Value.Length > 0 && b.Value.IndexOfAny(['*', '?', '[', ']', '!', '+']) < 0 && !pushed.Any(p => p.Branch == b.Value))
                        pushed.Add((b.Value, d.Workflow.Path));
        if (pushed.Count == 0) return (null, ["no branch mirrors production and no deploy workflow runs on pushes to a branch other than the default: no candidate branches"]);
        var offDefault = finals.Where(t => !history.Contains(integration, t.Target!.Value)).ToList();
        var merges = history.MergeNamesOffBranches(offDefault.Where(t => !history.OnAnyBranch(t.Target!.Value)).Select(t => t.Target!.Value).ToList());
        var names = new List<string>();
        var evidence = new List<string>();
        foreach (var (branch, workflow) in pushed)
        {
            var onIt = history.Tip(branch) is null ? 0 : offDefault.Count(t => history.Contains(branch, t.Target!.Value));
            var named = merges.TryGetValue(branch, out var n) ? n : 0;
            if (onIt == 0 && named == 0) continue;
            names.Add(branch);
            var why = new List<string>();
            if (onIt > 0) why.Add($"{onIt} final release tags not on '{integration}' are on it");
            if (named > 0) why.Add($"{named} merge{(named == 1 ? "" : "s")} in the history of release tags on no branch name{(named == 1 ? "s" : "")} it{(history.Tip(branch) is null ? " (deleted since)" : "")}");
            evidence.Add($"'{branch}': {workflow} deploys on pushes to it; {string.Join("; ", why)}");
        }
        if (names.Count == 0)
            return (null, [$"no branch mirrors production; the deploy workflows' branches ({Sample(pushed.Select(p => p.Branch).ToList(), 3)}) show no release tags of their own: no candidate branches"]);
        var pattern = names.Count == 1 ? $"re:^{Regex.Escape(names[0])}$" : $"re:^(?:{string.Join("|", names.Select(Regex.Escape))})$";
        evidence.Insert(0, $"releases are tagged on the branches they were cut on ({names.Count} named), deleted after the release:");
        return (Quote(pattern), evidence);
    }

    /// <summary>
    /// True when the merged branch is named after a release it brought in: a run of two or more numbers in its name
    /// (whatever separates them: <c>bump-2024.10.2</c>, <c>release/2025-03-10</c>, <c>release-20.3-9772</c>) starts the
    /// numbers of one of the tags.
    /// </summary>
    private static bool NamesRelease(CandidateMerge merge)
    {
        var numbers = NumberGroup().Matches(merge.Branch).Select(m => m.Value.TrimStart('0') is { Length: > 0 } v ? v : "0").ToList();
        if (numbers.Count < 2) return false;
        return merge.Tags.Any(t => TagVersion.Parse(t.Name) is { } v && Enumerable.Range(0, numbers.Count - 1).Any(start =>
        {
            var run = 0;
            while (start + run < numbers.Count && run < v.Numbers.Count &&
                   numbers[start + run] == v.Numbers[run].ToString(System.Globalization.CultureInfo.InvariantCulture)) run++;
            return run >= 2;
        }));
    }

    /// <summary>The shape of a branch name as a regular expression: its numbers generalized, the rest literal.</summary>
    private static string Shape(string name)
    {
        var sb = new System.Text.StringBuilder();
        var at = 0;
        foreach (Match m in NumberRun().Matches(name))
        {
            sb.Append(Regex.Escape(name[at..m.Index]));
            sb.Append(@"[0-9]+(?:\.[0-9]+)*(?:(?:a|b|rc)[0-9]+)?");
            at = m.Index + m.Length;
        }
        sb.Append(Regex.Escape(name[at..]));
        return sb.ToString();
    }

    /// <summary>
    /// The operations guide: a document that describes releasing (RELEASING.md, docs/release*, a release-process page), or
    /// a CONTRIBUTING or README section about releases; null when there is none.
    /// </summary>
    private static (string? Path, IReadOnlyList<string> Evidence, IReadOnlyList<string> Sections) ChooseGuide(Workspace workspace)
    {
        var files = workspace.Files.Files;
        if (files.Contains(Defaults.Guide!))
            return (Defaults.Guide, ["the live-branch operations guide"], []);
        var dedicated = files.Where(f => ReleaseDoc().IsMatch(f) && !NotAGuide().IsMatch(f)).OrderBy(f => f.Count(c => c == '/')).ThenBy(f => f, StringComparer.Ordinal).FirstOrDefault();
        if (dedicated is not null)
        {
            var md = dedicated.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? workspace.GetMarkdown(dedicated) : null;
            var sections = md?.Headings.Where(h => h.Level == 2).Select(h => h.Text).Take(12).ToList() ?? [];
            return (dedicated, [$"its name says it describes releasing"], sections);
        }
        foreach (var candidate in new[] { "CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/CONTRIBUTING.md", "docs/contributing.md", "README.md" })
        {
            if (!files.Contains(candidate) || workspace.GetMarkdown(candidate) is not { } doc) continue;
            var headings = doc.Headings.Where(h => (candidate == "README.md" ? ReadmeReleaseHeading() : ReleaseHeading()).IsMatch(h.Text) && !h.Text.Contains("notes", StringComparison.OrdinalIgnoreCase)).Select(h => h.Text).ToList();
            if (headings.Count == 0) continue;
            return (candidate, [$"its section{(headings.Count == 1 ? "" : "s")} {string.Join(", ", headings.Take(3).Select(h => $"'{h}'"))} describe{(headings.Count == 1 ? "s" : "")} releasing"], headings.Take(3).ToList());
        }
        return (null, ["no document describes releasing (no RELEASING.md, docs/release*, release-process page, or release section in CONTRIBUTING.md or README.md)"], []);
    }

    /// <summary>
    /// Workflows that post discussion summaries of what merged into the integration branch (found by what they do:
    /// they run on pushes to it and create discussions or discussion comments), for RL1009.
    /// </summary>
    private static IReadOnlyList<(string Path, string Evidence)> SummaryWorkflows(Workspace workspace, string integration)
    {
        var found = new List<(string, string)>();
        foreach (var workflow in workspace.Workflows)
        {
            if (!WorkflowTriggers.RunsFor(workflow, integration) || !workflow.Events.Any(e => e.Name == "push")) continue;
            if (!DiscussionWrite().IsMatch(workflow.Source.Text)) continue;
            found.Add((workflow.Path, $"{workflow.Path} runs on pushes to '{integration}' and writes to GitHub Discussions"));
        }
        return found;
    }

    /// <summary>
    /// The deploy jobs found by what they do (the configuration only refines that, so init lists them instead of
    /// writing keys), and the keys that add or drop jobs.
    /// </summary>
    private static IReadOnlyList<string> DeployJobsNote(Workspace workspace)
    {
        var jobs = DeployDetection.Analysis(workspace).Jobs;
        var lines = new List<string>
        {
            jobs.Count == 0 ? "No deploy job found (none deploys or publishes in a way releaselint recognises)." : $"Deploy jobs found by what they do ({jobs.Count}):",
        };
        foreach (var job in jobs.Take(20))
        {
            var reason = job.Reason.Length <= 120 ? job.Reason : job.Reason[..117] + "...";
            lines.Add($"  {job.Name}: {reason}");
        }
        if (jobs.Count > 20) lines.Add($"  … and {jobs.Count - 20} more");
        lines.Add("To add jobs it misses or drop ones that are not production deploys:");
        lines.Add("deploy:");
        lines.Add("  jobs: [\"workflow.yml:job\"]");
        lines.Add("  ignore: [\"docs-preview.yml:*\"]");
        return lines;
    }

    /// <summary>
    /// A YAML double-quoted scalar. Values come from the repository (headings, file names): control and bidirectional
    /// characters are written as YAML escapes (<c>\x1B</c>, <c>\u202E</c>, <c>\n</c>), so the file reads back as the same
    /// string and <c>init --print</c> puts nothing raw on the terminal.
    /// </summary>
    private static string Quote(string value) => "\"" + Cli.Output.TerminalEscape.Escape(value.Replace("\\", "\\\\").Replace("\"", "\\\"")) + "\"";

    private static string Sample(IReadOnlyList<string> names, int max) =>
        string.Join(", ", names.Take(max)) + (names.Count > max ? $" and {names.Count - max} more" : "");

    [GeneratedRegex(@"(?<![0-9.])[0-9]+(?:\.[0-9]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex VersionRun();

    [GeneratedRegex(@"[0-9]{1,18}", RegexOptions.CultureInvariant)]
    private static partial Regex NumberGroup();

    [GeneratedRegex(@"(?<![0-9])0+([0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingZero();

    [GeneratedRegex(@"[0-9]+(?:\.[0-9]+)*(?:(?:a|b|rc)[0-9]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRun();

    [GeneratedRegex(@"(?i)(^|/)(releasing|release[-_ ]?process|release[-_ ]?guide|release[-_ ]?checklist|release|how[-_]to[-_]release)(\.md|\.rst|\.txt|/readme\.md|/index\.md)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseDoc();

    [GeneratedRegex(@"(?i)(^|/)(node_modules|vendor|third_party|changelog|changes|news|\.changeset|tests?|fixtures?)/", RegexOptions.CultureInvariant)]
    private static partial Regex NotAGuide();

    [GeneratedRegex(@"(?i)\b(releas(e|es|ing)|publishing)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseHeading();

    /// <summary>A README heading about the release process (not about release files or notes).</summary>
    [GeneratedRegex(@"(?i)\b(releasing|release (process|schedule|policy|cycle|cadence)|(making|cutting|creating|publishing) a release|how to release)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ReadmeReleaseHeading();

    [GeneratedRegex(@"(?i)(createDiscussion|addDiscussionComment|discussions?/|discussion[-_ ]summary|DISCUSSION_CATEGORY)", RegexOptions.CultureInvariant)]
    private static partial Regex DiscussionWrite();
}
