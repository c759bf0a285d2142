using System.Collections.Concurrent;
using System.Diagnostics;
using ReleaseLint.Fixes;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Discussions;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Git;
using ReleaseLint.Policy;

namespace ReleaseLint.Engine;

/// <summary>The outcome of a run.</summary>
public sealed record LintResult
{
    /// <summary>Absolute path of the linted root.</summary>
    public required string Root { get; init; }
    /// <summary>Findings after suppressions, sorted by path, line, column and rule.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }
    /// <summary>Every rule known to this run (engine rules included), for SARIF's rule list.</summary>
    public required IReadOnlyList<RuleDescriptor> Rules { get; init; }
    /// <summary>The effective policy.</summary>
    public required ReleasePolicy Policy { get; init; }
    /// <summary>Number of files linted: the files of the tree that were read as inputs (not every file walked).</summary>
    public int FileCount { get; init; }
    /// <summary>Sentences for the summary (checks skipped and why).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; init; }
    /// <summary>Number of findings removed by suppression comments.</summary>
    public int Suppressed { get; init; }
    /// <summary>The production deploy jobs found (workflow, job, why), when workflow rules ran.</summary>
    public IReadOnlyList<Inputs.Workflows.Deploys.DeployJobSummary> DeployJobs { get; init; } = [];
    /// <summary>Number of findings left out because the baseline holds them (<c>check --baseline</c>); null without a baseline.</summary>
    public int? InBaseline { get; init; }
    /// <summary>
    /// The findings the baseline holds, left out of <see cref="Findings"/> (sorted like them): SARIF keeps them as
    /// suppressed results, so that code scanning neither closes their alerts nor opens them twice.
    /// </summary>
    public IReadOnlyList<Finding> Baselined { get; init; } = [];
    /// <summary>Number of findings left out because they are below <c>--min-severity</c>.</summary>
    public int BelowMinimum { get; init; }
}

/// <summary>
/// Runs rules over a workspace: loads the policy, scans the tree, runs every enabled rule in parallel
/// (each isolated, with a time-out), adds engine findings (RL0001, RL0003, RL0004, RL0006), applies
/// suppression comments and sorts the result.
/// </summary>
public static class LintEngine
{
    /// <summary>Runs a lint. Throws only for problems that make the run itself impossible (missing root or config).</summary>
    public static LintResult Run(LintRequest request)
    {
        var clock = Stopwatch.StartNew();
        Trace.Mark("engine: start");
        var root = Path.GetFullPath(request.Root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"'{request.Root}' is not a directory");

        var (policy, configProblems) = request.Sources.LoadedPolicy ?? LoadPolicy(root, request.Sources.ConfigPath, request.Sources.Snapshot);
        if (request.Execution.RuleTimeout is { } timeout) policy = policy with { RuleTimeout = timeout };
        Trace.Mark("engine: policy loaded");
        var files = request.Sources.Snapshot is { } snapshot
            ? FileSet.FromSnapshot(root, snapshot.Files, snapshot.Read, policy.Ignore.Select(g => new Glob(g)), snapshot.ReadWithin)
            : FileSet.Scan(root, policy.Ignore.Select(g => new Glob(g)));
        Trace.Mark("engine: files scanned");
        var discussions = request.Sources.DiscussionsFile is null && request.GitHub.Discussions is null ? null : new DiscussionInputs
        {
            ExportPath = request.Sources.DiscussionsFile,
            Live = request.GitHub.Discussions,
        };
        var workspace = new Workspace(files, policy, request.Sources.OpenGit, request.GitHub.Repository,
            request.GitHub.Repository is null ? null : request.GitHub.Protection, discussions)
        { Overlay = request.Sources.Overlay, CommitResolver = request.GitHub.CommitResolver };
        var sink = new ConcurrentQueue<Finding>();
        foreach (var p in configProblems)
            sink.Enqueue(new Finding(EngineRules.InvalidConfig, policy.SeverityOf(EngineRules.InvalidConfig), p.Message, p.Location)
            { FingerprintKey = p.Message });
        foreach (var f in request.CustomRules.Findings) sink.Enqueue(f with { Severity = policy.SeverityOf(f.Rule) });
        foreach (var p in Inputs.Workflows.Deploys.DeployConfigCheck.Problems(workspace))
            sink.Enqueue(new Finding(EngineRules.InvalidConfig, policy.SeverityOf(EngineRules.InvalidConfig), p.Message, p.Location) { FingerprintKey = p.Message });

        // --staged: only the rules whose findings can land in a staged file (by what each declares it reports in).
        var rules = request.Sources.Snapshot?.Changed is { } staged && StagedSelection.Affected(staged) is var affected
            ? request.Rules.Where(r => affected(r.Descriptor)).ToList()
            : request.Rules;
        var enabled = rules.Where(r => policy.SeverityOf(r.Descriptor) != Severity.Off).ToList();
        // Live API reads happen before the rules start, outside their time-outs (and only when a protection rule runs).
        if (workspace.LiveMode && enabled.Any(r => Reads(r, RuleInputs.Protection))) _ = workspace.Protection;
        if (discussions?.Live is not null && enabled.Any(r => Reads(r, RuleInputs.Discussions))) _ = workspace.Discussions;
        if (enabled.Any(r => Reads(r, RuleInputs.History))) workspace.PrefetchHistory();
        RunRules(enabled, workspace, sink, request.Execution.Progress);
        Trace.Mark("engine: rules done");

        if (workspace.HistoryComputed)
        {
            ReportHistoryGaps(workspace, enabled, sink);
            ReportPolicyMisfits(workspace, enabled, sink);
            if (PolicyChecks.TagFormatTimeout(workspace, enabled) is { } slowFormat) sink.Enqueue(slowFormat);
        }
        foreach (var f in PolicyChecks.UnknownRules(workspace, EngineRules.All.Concat(request.Rules.Select(r => r.Descriptor)).ToList(),
                     request.CustomRules.Skipped || request.CustomRules.Findings.Any(p => p.Rule.Id == EngineRules.CustomRuleCompileError.Id)))
            sink.Enqueue(f);

        var unreadable = policy.SeverityOf(EngineRules.UnreadableInput);
        if (unreadable != Severity.Off)
            foreach (var (path, failure) in workspace.Failures)
                sink.Enqueue(new Finding(EngineRules.UnreadableInput, unreadable, failure.Message, SourceLocation.At(path, failure.Line, failure.Column))
                { FingerprintKey = failure.Message });

        var findings = sink.Where(f => f.Severity != Severity.Off).ToList();
        var (kept, suppressed, unused) = ApplySuppressions(findings, workspace, rules, policy, request.CustomRules.Skipped);
        kept.AddRange(unused);
        kept = FindingBudget.Apply(kept.DistinctBy(f => (f.Rule.Id, f.Location, f.Message)).ToList());
        if (request.Sources.Snapshot?.Changed is { } changed) kept = kept.Where(f => changed.Contains(f.Location.Path)).ToList();
        kept.Sort(Compare);

        var notes = new List<string>();
        if (!workspace.IsGitRoot)
            notes.Add("not a git work tree root: history checks (RL3xxx) were skipped; run from the repository root to include them");
        else if (workspace.IsBareRoot && !Directory.Exists(Path.Combine(root, ".git")))
            notes.Add("bare repository: history checks ran on its refs, but there is no work tree, so no files (workflows, docs, .releaselint.yml) were linted");
        notes.AddRange(workspace.Notes);
        if (request.GitHub.CommitResolver is { } resolver) notes.AddRange(resolver.Notes);
        var deployJobs = enabled.Any(r => r.Descriptor.Category == RuleCategory.Workflows) && workspace.Workflows.Count > 0
            ? Inputs.Workflows.DeployDetection.Summaries(workspace) : [];
        if (enabled.Any(r => r.Descriptor.Category == RuleCategory.Workflows) && workspace.Workflows.Count > 0)
            notes.Add(Inputs.Workflows.Deploys.DeployNotes.Summary(deployJobs,
                enabled.Select(r => r.Descriptor).Where(d => d.Tags.Contains("deploy")).Select(d => d.Id).Order(StringComparer.Ordinal).ToList()));
        Trace.Mark("engine: done");
        var descriptors = EngineRules.All.Concat(rules.Select(r => r.Descriptor)).DistinctBy(d => d.Id).ToList();
        return new LintResult
        {
            Root = root,
            Findings = kept,
            Rules = descriptors,
            Policy = policy,
            FileCount = workspace.Loaded.Count,
            Notes = notes,
            Elapsed = clock.Elapsed,
            Suppressed = suppressed,
            DeployJobs = deployJobs,
        };
    }

    /// <summary>
    /// RL0005: one finding naming what history is missing, exactly which checks of the enabled rules were skipped (from
    /// the history needs each rule declares), and the command that fetches what is missing.
    /// </summary>
    private static void ReportHistoryGaps(Workspace workspace, List<Rule> enabled, ConcurrentQueue<Finding> sink)
    {
        var severity = workspace.Policy.SeverityOf(EngineRules.PartialHistory);
        var history = workspace.History;
        if (severity == Severity.Off || history.Gaps.Count == 0) return;
        var skipped = SkippedChecks(enabled, history.Gaps.Select(g => g.Missing));
        if (skipped.Count == 0) return;
        var list = Describe(skipped);
        var reasons = string.Join("; ", history.Gaps.Select(g => g.Reason));
        var fix = history.FetchCommand is { } command
            ? $"; fetch what is missing with '{command}'"
            : history.Repository is not null && history.Repository.Remotes.Count == 0 ? "; the repository has no remote to fetch from" : "";
        // located at the key of the branch that was not fetched (the integration branch's when it is that one), else at
        // the release branch's: the history checks judge that branch
        var branch = history.Gaps.Select(g => g.Branch).FirstOrDefault(b => b is not null);
        var key = branch is not null && branch == workspace.Policy.IntegrationBranch && branch != workspace.Policy.ReleaseBranch ? "branches.integration" : "branches.release";
        sink.Enqueue(new Finding(EngineRules.PartialHistory, severity, $"git history is incomplete ({reasons}): skipped {list}{fix}",
            workspace.RequirementLocation(key, "release-branch"))
        {
            FingerprintKey = "history|" + reasons,
            LogicalLocations = branch is not null ? [new LogicalLocation("branch", branch)] : [],
        });
    }

    /// <summary>
    /// RL0007: each branch the policy names that the repository does not have, at the key that names it, with the checks
    /// that judge nothing because of it (the enabled rules whose declared history needs it); or, with no configuration,
    /// one finding that the repository follows another process. Also RL0001 for a <c>tags.since</c> that names no tag.
    /// </summary>
    private static void ReportPolicyMisfits(Workspace workspace, List<Rule> enabled, ConcurrentQueue<Finding> sink)
    {
        var history = workspace.History;
        if (history.SinceProblem is { } problem && workspace.Policy.SeverityOf(EngineRules.InvalidConfig) is var invalid && invalid != Severity.Off)
            sink.Enqueue(new Finding(EngineRules.InvalidConfig, invalid, problem, workspace.RequirementLocation("tags.since")) { FingerprintKey = problem });
        var severity = workspace.Policy.SeverityOf(EngineRules.PolicyMismatch);
        if (severity == Severity.Off) return;
        var misfits = history.DefaultPolicyMisfit is { } whole ? [whole] : history.Misfits;
        foreach (var misfit in misfits)
        {
            var skipped = SkippedChecks(enabled, [misfit.Missing]);
            if (skipped.Count == 0) continue;
            var message = misfit.Message;
            if (misfit.Key.Length > 0)
                message += $": {Describe(skipped)} judge nothing; set {misfit.Key} to the branch this repository uses ('releaselint init --print' shows what it finds)";
            var at = misfit.Key.Length > 0 ? workspace.RequirementLocation(misfit.Key) : workspace.RequirementLocation("branches.release", "release-branch");
            sink.Enqueue(new Finding(EngineRules.PolicyMismatch, severity, message, at)
            {
                FingerprintKey = "misfit|" + misfit.Key + "|" + misfit.Branch,
                LogicalLocations = [new LogicalLocation("branch", misfit.Branch)],
            });
        }
    }

    /// <summary>
    /// The checks of the enabled history rules that <paramref name="missing"/> makes impossible, by what each rule declares
    /// (its <see cref="RuleDescriptor.History"/> needs, or some of its <see cref="RuleDescriptor.HistoryParts"/>): rule id →
    /// (name, the parts skipped, or null for the whole rule).
    /// </summary>
    private static SortedDictionary<string, (string Name, SortedSet<string>? Parts)> SkippedChecks(List<Rule> enabled, IEnumerable<HistoryNeeds> missing)
    {
        var skipped = new SortedDictionary<string, (string Name, SortedSet<string>? Parts)>(StringComparer.Ordinal);
        var gaps = missing.ToList();
        foreach (var d in enabled.Select(r => r.Descriptor).Where(d => d.Reads is { } reads && reads.HasFlag(RuleInputs.History)))
        {
            var needs = d.History | HistoryNeeds.Repository;
            foreach (var gap in gaps)
            {
                if ((gap & needs) != 0) skipped[d.Id] = (d.Name, null);
                else
                    foreach (var (part, partNeeds) in d.HistoryParts)
                    {
                        if ((gap & partNeeds) == 0) continue;
                        if (!skipped.TryGetValue(d.Id, out var entry)) skipped[d.Id] = entry = (d.Name, new SortedSet<string>(StringComparer.Ordinal));
                        entry.Parts?.Add(part);
                    }
            }
        }
        return skipped;
    }

    private static string Describe(SortedDictionary<string, (string Name, SortedSet<string>? Parts)> skipped) =>
        string.Join(", ", skipped.Select(s => $"{s.Key} {s.Value.Name}" + (s.Value.Parts is { } parts ? $" ({string.Join(", ", parts)})" : "")));

    private static bool Reads(Rule rule, RuleInputs input) => rule.Descriptor.Reads is { } reads && reads.HasFlag(input);

    /// <summary>The most bytes of a configuration file read (it cannot raise its own limit).</summary>
    public const long MaxConfigBytes = 1024 * 1024;

    /// <summary>The configuration file the run would read, or null (defaults).</summary>
    public static string? FindConfig(string root, string? explicitPath)
    {
        if (explicitPath is not null)
        {
            if (!File.Exists(explicitPath)) throw new FileNotFoundException($"configuration file '{explicitPath}' does not exist", explicitPath);
            return Path.GetFullPath(explicitPath);
        }
        return PolicyLoader.ConfigFileNames.Select(n => Path.Combine(root, n)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The effective policy of <paramref name="root"/> (its <c>.releaselint.yml</c>, or <paramref name="explicitPath"/>)
    /// with the problems found in the file (reported as RL0001 by <see cref="Run"/>). Callers that prepare a run (e.g. to
    /// load custom rules) use it to read the same policy the run will use.
    /// </summary>
    /// <param name="root">Absolute path of the linted root.</param>
    /// <param name="explicitPath">The <c>--config</c> file, or null.</param>
    /// <param name="snapshot">With <c>--staged</c>: read the configuration from the index.</param>
    public static (ReleasePolicy Policy, IReadOnlyList<ConfigProblem> Problems) LoadPolicy(string root, string? explicitPath, FileSnapshot? snapshot = null)
    {
        if (snapshot is not null && explicitPath is null)
        {
            var name = PolicyLoader.ConfigFileNames.FirstOrDefault(snapshot.Files.Contains);
            if (name is null) return PolicyLoader.Load(null);
            var bytes = snapshot.Read(name);
            var staged = bytes is null ? null : TextFileReader.TryDecode(bytes, name, MaxConfigBytes, out _);
            if (staged is null)
                return (new ReleasePolicy { ConfigPath = name }, [new ConfigProblem($"{name} cannot be read from the index", SourceLocation.At(name, 1))]);
            return PolicyLoader.Load(staged);
        }
        var path = FindConfig(root, explicitPath);
        if (path is null) return PolicyLoader.Load(null);
        var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
        // A --config file outside the linted root is named as it was given on the command line (never '../../…' from the
        // root): findings about its keys are located there, and the SARIF writer gives it a base of its own (CONFIGROOT).
        var outside = relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative);
        if (outside) relative = explicitPath!.Replace(Path.DirectorySeparatorChar, '/');
        // The repository's own file must stay inside it (a link out is refused); a --config file is where the user says.
        var text = explicitPath is null
            ? SafeFile.ReadTextInRoot(root, relative, MaxConfigBytes, out var failure)
            : SafeFile.ReadNamedText(path, relative, MaxConfigBytes, out failure);
        if (text is null)
            return (new ReleasePolicy { ConfigPath = relative, ConfigFile = outside ? path : null }, [new ConfigProblem($"{relative} cannot be read: {failure!.Message}", SourceLocation.At(relative, failure.Line, failure.Column))]);
        var (policy, problems) = PolicyLoader.Load(text);
        return (outside ? policy with { ConfigFile = path } : policy, problems);
    }

    private static void RunRules(List<Rule> rules, Workspace workspace, ConcurrentQueue<Finding> sink, Action<int, int>? progress)
    {
        var timeout = workspace.Policy.RuleTimeout;
        // A rule's time counts from when it starts running, not from when it was queued: on a busy
        // machine a fast rule may wait for a thread, and that must not count against it.
        var started = new long[rules.Count];
        var finished = 0;
        var runs = rules.Select((rule, i) =>
        {
            var cts = new CancellationTokenSource();
            var context = new RuleContext(rule, workspace, workspace.Policy.SeverityOf(rule.Descriptor), sink, cts.Token);
            var task = Task.Factory.StartNew(() =>
            {
                Volatile.Write(ref started[i], Stopwatch.GetTimestamp());
                context.Isolate(null, () => rule.Check(context));
                Trace.Mark("rule done: " + rule.Descriptor.Id);
                progress?.Invoke(Interlocked.Increment(ref finished), rules.Count);
            },
            // A thread per rule rather than the pool: rules that wait for a shared input (history, parsed files) would
            // otherwise hold the pool's few threads while the rules that could run wait for the pool to grow.
            cts.Token, TaskCreationOptions.DenyChildAttach | TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return (Index: i, Context: context, Task: task, Cts: cts);
        }).ToList();
        foreach (var (i, context, task, cts) in runs)
        {
            var timedOut = false;
            while (!task.IsCompleted)
            {
                var start = Volatile.Read(ref started[i]);
                var left = start == 0 ? TimeSpan.FromMilliseconds(20) : timeout - Stopwatch.GetElapsedTime(start);
                if (left <= TimeSpan.Zero)
                {
                    timedOut = true;
                    break;
                }
                try
                {
                    task.Wait(left);
                }
                catch (AggregateException e) when (e.InnerException is OperationCanceledException)
                {
                    break;
                }
            }
            if (timedOut)
            {
                // Stop waiting for a rule past its time: its late findings are dropped, the others still report.
                context.ReportFailure(new TimeoutException($"did not finish within {timeout.TotalSeconds:0.#} s (limits.rule-timeout-seconds)"), null);
                context.Abandon();
                cts.Cancel();
            }
            else cts.Dispose();
        }
    }

    private static (List<Finding> Kept, int Suppressed, List<Finding> Unused) ApplySuppressions(
        List<Finding> findings, Workspace workspace, IReadOnlyList<Rule> rules, ReleasePolicy policy, bool customRulesSkipped)
    {
        var byPath = new Dictionary<string, IReadOnlyList<Suppression>>(StringComparer.Ordinal);
        foreach (var (path, (text, kind)) in workspace.Loaded)
        {
            // Most files have no suppression comment: do not parse a markdown file (for its comments) only to learn that.
            if (!text.Text.Contains("releaselint-", StringComparison.Ordinal)) continue;
            var list = kind switch
            {
                InputKind.Yaml => SuppressionParser.ParseYaml(text),
                InputKind.Markdown => SuppressionParser.ParseMarkdown(text,
                    workspace.GetMarkdown(path)?.Comments.Select(c => (c.Text, c.Offset)) ?? []),
                _ => [],
            };
            if (list.Count > 0) byPath[path] = list;
        }
        var kept = new List<Finding>();
        var suppressed = 0;
        foreach (var finding in findings)
        {
            var hit = false;
            if (byPath.TryGetValue(finding.Location.Path, out var list))
                foreach (var s in list)
                    hit |= s.Covers(finding);
            if (hit) suppressed++;
            else kept.Add(finding);
        }

        var unused = new List<Finding>();
        var severity = policy.SeverityOf(EngineRules.UnusedSuppression);
        if (severity == Severity.Off) return (kept, suppressed, unused);
        var known = EngineRules.All.Concat(rules.Select(r => r.Descriptor)).ToList();
        foreach (var s in byPath.Values.SelectMany(l => l))
        {
            var text = workspace.Loaded.TryGetValue(s.Location.Path, out var loaded) ? loaded.Text : null;
            if (s.Rules.Count == 0)
            {
                if (s.UsedBy.Count == 0)
                    unused.Add(Unused(s, $"suppression comment 'releaselint-{s.Directive}' suppressed nothing; remove it", "*", text, ["*"], FixSafety.Safe, FixSafety.Safe));
                continue;
            }
            var unusedIds = s.Rules.Where(id => !s.UsedBy.Contains(id) && (known.FirstOrDefault(d => d.Matches(id)) is { } r ? policy.SeverityOf(r) != Severity.Off : !customRulesSkipped)).ToList();
            // Workflow and docs findings depend only on the files; those of other rules on inputs a run may lack (history, the API, exports).
            FixSafety SafetyOf(string id) => known.FirstOrDefault(d => d.Matches(id)) is { Category: RuleCategory.Workflows or RuleCategory.Docs or RuleCategory.Engine } ? FixSafety.Safe : FixSafety.Unsafe;
            var wholeSafety = unusedIds.Select(SafetyOf).DefaultIfEmpty(FixSafety.Safe).Max();
            foreach (var id in s.Rules)
            {
                if (s.UsedBy.Contains(id)) continue;
                var rule = known.FirstOrDefault(d => d.Matches(id));
                if (rule is null && customRulesSkipped) continue;
                if (rule is null)
                    unused.Add(Unused(s, $"suppression names '{id}', which is not a rule id or name; remove it or fix the id", id, null, unusedIds, FixSafety.Unsafe, wholeSafety));
                else if (policy.SeverityOf(rule) != Severity.Off)
                    unused.Add(Unused(s, $"suppression of {rule.Id} ({rule.Name}) suppressed nothing; remove it", id, text, unusedIds, SafetyOf(id), wholeSafety));
            }
        }
        return (kept, suppressed, unused);

        Finding Unused(Suppression s, string message, string id, SourceText? text, IReadOnlyCollection<string> unusedIds, FixSafety safety, FixSafety wholeSafety) =>
            new(EngineRules.UnusedSuppression, severity, message, s.Location)
            {
                FingerprintKey = s.Directive + "|" + id,
                Fixes = text is not null && SuppressionFixes.Remove(text, s, id, unusedIds, safety, wholeSafety) is { } fix ? [fix] : [],
            };
    }

    /// <summary>Orders findings by path, line, column, rule id, then message.</summary>
    public static int Compare(Finding a, Finding b)
    {
        var c = string.CompareOrdinal(a.Location.Path, b.Location.Path);
        if (c == 0) c = a.Location.Line.CompareTo(b.Location.Line);
        if (c == 0) c = a.Location.Column.CompareTo(b.Location.Column);
        if (c == 0) c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    }
}
