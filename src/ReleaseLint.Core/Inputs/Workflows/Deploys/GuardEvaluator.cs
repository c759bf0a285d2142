using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>A trigger of a workflow, with the node a finding about it points at.</summary>
/// <param name="Workflow">The workflow whose <c>on:</c> has the trigger (for a called workflow, the caller's).</param>
/// <param name="Event">The event.</param>
/// <param name="Anchor">Where to point: the event name, or the <c>branches:</c> pattern that lets the branch in.</param>
/// <param name="Subject">The quoted subject: the event name, or the branch pattern.</param>
public sealed record Trigger(WorkflowFile Workflow, WorkflowEvent Event, YamlScalar Anchor, string Subject);

/// <summary>A way a production deploy step can run for code that is not the release branch's or a tag's.</summary>
/// <param name="Trigger">What starts the run.</param>
/// <param name="Scenario">The run (event, ref, inputs).</param>
/// <param name="Calls">The reusable-workflow calls on the way, outermost first (empty when the deploy job is in the triggered workflow).</param>
/// <param name="Job">The deploy job.</param>
/// <param name="Step">The deploy step, or null when the whole job is the deploy.</param>
/// <param name="Certainty">True when nothing on the path can stop it; unknown when a condition depends on values only the run knows.</param>
public sealed record Escape(Trigger Trigger, RunScenario Scenario, IReadOnlyList<CallSite> Calls, DeployJob Job, DeployStep? Step, Truth Certainty);

/// <summary>
/// Decides under which runs a deploy job's deploy steps can run: the workflow's triggers with their branch filters,
/// the <c>if:</c> of the job, of the jobs it needs (a skipped dependency skips it unless its condition uses a status
/// function) and of the step, conditions written into the step (<c>push: ${{ … }}</c>, a <c>--prod</c> chosen by an
/// expression, image tags), deployment-branch policies of its environment, and, for a called workflow, its callers'
/// triggers, their <c>if:</c> and the inputs they pass. Runs of the release branch, of tags and <c>release</c> events
/// are allowed; so are pushes to release-line branches (<c>next</c>, <c>beta</c>, <c>maintenance/*</c>, <c>1.x</c>) that a
/// push filter lists next to the release branch, and pushes to the policy's maintenance branches (<c>branches.maintenance</c>).
/// </summary>
public sealed partial class GuardEvaluator
{
    /// <summary>Most candidate branch names tried per trigger.</summary>
    public const int MaxCandidates = 48;

    private readonly DeployAnalysis _analysis;
    private readonly string _release;
    private readonly string _integration;
    private readonly string _default;
    private readonly EnvironmentPolicies _policies;
    private readonly Patterns.FilterList? _maintenance;
    private readonly bool _hasRelease;
    private readonly Dictionary<string, List<string>> _literals = new(StringComparer.Ordinal);

    /// <summary>Creates an evaluator.</summary>
    /// <param name="analysis">The deploy analysis (deploy jobs and the call graph).</param>
    /// <param name="releaseBranch">The release branch.</param>
    /// <param name="integrationBranch">The integration branch.</param>
    /// <param name="defaultBranch">The repository's default branch (what schedules and <c>workflow_run</c> run).</param>
    /// <param name="policies">Deployment-branch policies of environments.</param>
    /// <param name="maintenanceBranches">The policy's maintenance branches (<c>branches.maintenance</c> globs): pushes to them may deploy.</param>
    /// <param name="hasReleaseBranch">False when the policy has no release branch (<c>branches.release: null</c>): no run is described as one of it.</param>
    public GuardEvaluator(DeployAnalysis analysis, string releaseBranch, string integrationBranch, string defaultBranch, EnvironmentPolicies policies,
        IReadOnlyList<string>? maintenanceBranches = null, bool hasReleaseBranch = true)
    {
        _hasRelease = hasReleaseBranch;
        _maintenance = maintenanceBranches is { Count: > 0 } ? Patterns.FilterList.Parse(maintenanceBranches) : null;
        _analysis = analysis;
        _release = releaseBranch;
        _integration = integrationBranch;
        _default = defaultBranch;
        _policies = policies;
    }

    /// <summary>An evaluator for the workspace: its deploy analysis, its policy's branches, its default branch and environment policies.</summary>
    public static GuardEvaluator For(Workspace workspace) =>
        new(DeployDetection.Analysis(workspace), workspace.Policy.ReleaseBranch, workspace.Policy.IntegrationBranch, DefaultBranch(workspace), EnvironmentPolicies.Load(workspace),
            workspace.Policy.MaintenanceBranches, workspace.Policy.HasReleaseBranch);

    /// <summary>
    /// The repository's default branch (what schedules and <c>workflow_run</c> runs check out): <c>repository.default_branch</c>
    /// of <c>.github/settings.yml</c>, else the branch <c>origin/HEAD</c> points at, else the integration branch.
    /// </summary>
    public static string DefaultBranch(Workspace workspace)
    {
        if (workspace.Files.Contains(".github/settings.yml") && workspace.GetYaml(".github/settings.yml")?.Root is YamlMapping root
            && (root["repository"] as YamlMapping)?.GetString("default_branch") is { Length: > 0 } configured) return configured;
        return Git.GitConfig.OriginHead(workspace.Root) ?? workspace.Policy.IntegrationBranch;
    }

    [GeneratedRegex(@"^(?:next(?:-major|-minor)?|beta|alpha|canary|rc|pre-?release|lts)$|^(?:maintenance|maint|support|lts|hotfix)/|(?:^|/)v?(?:\d+|\[0-9\]\+?|\*)(?:\.(?:\d+|\*))*\.x$|^v(?:\d+|\[0-9\]\+?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ReleaseLine();

    /// <summary>True for a branch pattern naming release lines by convention (semantic-release's defaults, maintenance branches).</summary>
    public static bool IsReleaseLine(string pattern) => ReleaseLine().IsMatch(pattern.Trim());

    /// <summary>Every run under which a production deploy step of <paramref name="job"/> can run from something other than the release branch or a tag.</summary>
    public IReadOnlyList<Escape> Escapes(DeployJob job)
    {
        if (job.Basis == DeployBasis.Call) return []; // judged through the called workflow's jobs
        var escapes = new List<Escape>();
        foreach (var (trigger, scenario, calls, upstream) in Entries(job.Workflow, 0, [job.Workflow.Path]))
        {
            var truth = Evaluate(job, scenario, out var step);
            truth = DeploySignals.And(truth, upstream);
            if (truth != Truth.False) escapes.Add(new Escape(trigger, scenario, calls, job, step, truth));
        }
        return escapes;
    }

    private Truth Evaluate(DeployJob job, RunScenario scenario, out DeployStep? step)
    {
        step = null;
        var memo = new Dictionary<string, Truth>(StringComparer.Ordinal);
        var jobTruth = JobRuns(job.Workflow, job.Job, scenario, memo);
        if (jobTruth == Truth.False) return Truth.False;
        if (job.Job.EnvironmentName is { } env && !env.Value.Contains("${{", StringComparison.Ordinal) && scenario.Branch is { } branch)
            jobTruth = DeploySignals.And(jobTruth, _policies.Allows(env.Value, branch, b => b == _release || b == _integration));
        if (jobTruth == Truth.False) return jobTruth;
        // A job that checks out the release branch by name deploys that branch's code, whatever ref started the run.
        var firstDeploy = job.Steps.Count == 0 ? int.MaxValue : job.Steps.Min(s => s.Step.Index);
        if (job.Job.Steps.Any(s => s.Index < firstDeploy && s.UsesAction("actions/checkout") && s.WithInput("repository") is null
                && s.WithInput("ref")?.Value.Trim() is { } pinned && (pinned == _release || pinned == "refs/heads/" + _release)))
            return Truth.False;
        if (job.Steps.Count == 0) return jobTruth;
        var context = new JobContext(scenario, job.Workflow, id => FindJob(job.Workflow, id) is { } j ? JobRuns(job.Workflow, j, scenario, memo) : Truth.Unknown);
        var best = Truth.False;
        foreach (var candidate in job.Steps.OrderBy(s => s.Signals.Min(x => DeployFinder.Rank(x.Kind))).ThenBy(s => s.Step.Index))
        {
            var stepContext = new StepContext(context, job.Job.Steps, candidate.Step, [job.Job.Env, job.Workflow.Env]);
            var stepTruth = candidate.Step.If is null ? Truth.True : WorkflowConditions.Parse(candidate.Step.If) is { } cond ? ExpressionEvaluator.Condition(cond, stepContext) : Truth.Unknown;
            var signalTruth = Truth.False;
            foreach (var signal in candidate.Signals.Where(s => s.Target == DeployTarget.Production))
                signalTruth = DeploySignals.Or(signalTruth, signal.Condition?.Evaluate(stepContext) ?? Truth.True);
            var t = DeploySignals.And(jobTruth, DeploySignals.And(stepTruth, signalTruth));
            if (t == Truth.False) continue;
            if (step is null || (t == Truth.True && best != Truth.True)) { step = candidate; best = t; }
        }
        return best;
    }

    /// <summary>The job <paramref name="id"/> of <paramref name="workflow"/> (job ids in expressions are case-insensitive).</summary>
    public static WorkflowJob? FindJob(WorkflowFile workflow, string id) =>
        workflow.Job(id) ?? workflow.Jobs.FirstOrDefault(j => string.Equals(j.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="job"/> of <paramref name="workflow"/> runs in <paramref name="scenario"/>: its <c>if:</c> and, unless that uses a status function, every job it needs.</summary>
    public static Truth JobRuns(WorkflowFile workflow, WorkflowJob job, RunScenario scenario, Dictionary<string, Truth> memo)
    {
        if (memo.TryGetValue(job.Id, out var known)) return known;
        memo[job.Id] = Truth.Unknown; // a cycle (RL1001's business) decides nothing
        var condition = job.If is null ? null : WorkflowConditions.Parse(job.If);
        var status = condition is not null && WorkflowConditions.HasStatusFunction(condition);
        var truth = Truth.True;
        if (!status)
            foreach (var need in job.Needs)
                if (FindJob(workflow, need.Value) is { } upstream)
                    truth = DeploySignals.And(truth, JobRuns(workflow, upstream, scenario, memo));
        if (job.If is not null)
        {
            var context = new JobContext(scenario, workflow, id => FindJob(workflow, id) is { } j ? JobRuns(workflow, j, scenario, memo) : Truth.Unknown);
            truth = DeploySignals.And(truth, condition is null ? Truth.Unknown : ExpressionEvaluator.Condition(condition, context));
        }
        memo[job.Id] = truth;
        return truth;
    }

    private IEnumerable<(Trigger, RunScenario, IReadOnlyList<CallSite>, Truth)> Entries(WorkflowFile workflow, int depth, IReadOnlyList<string> visited)
    {
        var dispatchInputs = workflow.Inputs.Where(i => i.Value.Event == "workflow_dispatch").ToDictionary(i => i.Key, i => i.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var ev in workflow.Events)
        {
            if (ev.Name == "workflow_call") continue;
            // One scenario per activity type the trigger admits, so that github.event.action guards are decided.
            var actions = ev.Types is { Count: > 0 and <= 12 } types ? types.Select(t => t.Value).ToList() : RunScenario.DefaultActions(ev.Name);
            foreach (var (trigger, scenario) in BadScenarios(workflow, ev))
            {
                if (actions is null || scenario.Action is not null)
                    yield return (trigger, scenario.WithDispatchInputs(dispatchInputs), [], Truth.True);
                else
                    foreach (var action in actions)
                        yield return (trigger, scenario.WithAction(action).WithDispatchInputs(dispatchInputs), [], Truth.True);
            }
        }
        if (workflow.Event("workflow_call") is not { } call || depth >= DeployFinder.MaxCallDepth) yield break;
        foreach (var site in _analysis.Calls.CallersOf(workflow.Path))
        {
            if (!site.IsProduction || visited.Contains(site.Caller.Path)) continue;
            foreach (var (trigger, outer, calls, upstream) in Entries(site.Caller, depth + 1, [.. visited, site.Caller.Path]))
            {
                var memo = new Dictionary<string, Truth>(StringComparer.Ordinal);
                var runs = DeploySignals.And(upstream, JobRuns(site.Caller, site.Job, outer, memo));
                if (runs == Truth.False) continue;
                var inputs = Bind(site, call, outer, memo);
                yield return (trigger, outer.ForCallee(inputs), [.. calls, site], runs);
            }
        }
    }

    private static Dictionary<string, ExprValue> Bind(CallSite site, WorkflowEvent call, RunScenario outer, Dictionary<string, Truth> memo)
    {
        var context = new JobContext(outer, site.Caller, id => FindJob(site.Caller, id) is { } j ? JobRuns(site.Caller, j, outer, memo) : Truth.Unknown);
        var inputs = new Dictionary<string, ExprValue>(StringComparer.OrdinalIgnoreCase);
        if (call.Config?["inputs"] is not YamlMapping declared) return inputs;
        foreach (var entry in declared.Entries)
        {
            var name = entry.KeyText;
            var settings = entry.Value as YamlMapping;
            var type = settings?.GetString("type");
            ExprValue value;
            if (site.Job.With?[name] is YamlScalar passed) value = ExpressionEvaluator.Value(passed.Value, context);
            else if (settings?["default"] is YamlScalar { IsNull: false } d) value = ExpressionEvaluator.Value(d.Value, context);
            else value = ExprValue.Null;
            if (type == "boolean" && value.Kind == ValueKind.String)
                value = value.Text!.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ? ExprValue.True : value.Text.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) || value.Text.Trim().Length == 0 ? ExprValue.False : ExprValue.Unknown;
            else if (type == "number" && value.Kind == ValueKind.String)
                value = value.AsNumber() is { } n && !double.IsNaN(n) ? ExprValue.Of(n) : ExprValue.Unknown;
            inputs[name] = value;
        }
        return inputs;
    }

    private IEnumerable<(Trigger, RunScenario)> BadScenarios(WorkflowFile workflow, WorkflowEvent ev)
    {
        var action = ev.Types is { Count: 1 } types ? types[0].Value : null;
        var name = ev.Name;
        Trigger At(YamlScalar anchor, string subject) => new(workflow, ev, anchor, subject);
        switch (name)
        {
            case "release" or "workflow_call":
                yield break;
            case "push":
            {
                var branches = ev.Branches;
                var ignore = ev.BranchesIgnore;
                if (branches is null && ignore is null && (ev.Tags is not null || ev.TagsIgnore is not null)) yield break;
                var releasePasses = ev.BranchesPass(_release);
                foreach (var b in Candidates(workflow, branches ?? ignore))
                {
                    if (!ev.BranchesPass(b)) continue;
                    if (_maintenance?.Passes(b) == true) continue; // a maintenance line publishes its own patch releases
                    Trigger trigger;
                    if (branches is not null)
                    {
                        var pattern = branches.Zip(ev.BranchFilter?.Patterns ?? []).LastOrDefault(t => !t.Second.IsNegated && t.Second.IsMatch(b)).First;
                        if (pattern is null) continue;
                        if (releasePasses && IsReleaseLine(pattern.Value)) continue;
                        trigger = At(pattern, pattern.Value);
                    }
                    else if (ignore is not null && ev.Config?.Find("branches-ignore")?.Key is YamlScalar key) trigger = At(key, "push");
                    else trigger = At(ev.NameNode, "push");
                    yield return (trigger, new RunScenario { Event = "push", Ref = "refs/heads/" + b, Branch = b, DefaultBranch = _default, Description = $"a push to '{b}'" });
                }
                yield break;
            }
            case "pull_request" or "pull_request_target" or "pull_request_review" or "pull_request_review_comment" or "merge_group":
            {
                // With no release branch, a pull request is described against the branches the repository has.
                var bases = (_hasRelease ? new[] { _release, _integration, _default } : [_integration, _default]).Concat(Candidates(workflow, ev.Branches ?? ev.BranchesIgnore)).Distinct(StringComparer.Ordinal);
                foreach (var b in bases)
                {
                    if (!ev.BranchesPass(b)) continue;
                    var reference = name switch
                    {
                        "pull_request_target" => "refs/heads/" + b,
                        "merge_group" => $"refs/heads/gh-readonly-queue/{b}/pr-1-0000000000000000000000000000000000000000",
                        _ => "refs/pull/1/merge",
                    };
                    var what = name == "merge_group" ? $"a merge-queue run for '{b}'" : $"a pull request into '{b}'";
                    yield return (At(ev.NameNode, name), new RunScenario { Event = name, Ref = reference, BaseBranch = b, Action = action, DefaultBranch = _default, Description = what });
                }
                yield break;
            }
            case "workflow_dispatch" or "create" or "deployment":
                foreach (var b in Candidates(workflow, null))
                {
                    var what = name == "workflow_dispatch" ? $"a dispatch on '{b}'" : $"'{name}' for '{b}'";
                    yield return (At(ev.NameNode, name), new RunScenario { Event = name, Ref = "refs/heads/" + b, Branch = b, Action = action, DefaultBranch = _default, Description = what });
                }
                yield break;
            case "workflow_run":
                foreach (var b in Candidates(workflow, ev.Branches ?? ev.BranchesIgnore))
                {
                    if (!ev.BranchesPass(b)) continue;
                    yield return (At(ev.NameNode, name), new RunScenario
                    {
                        Event = name, Ref = "refs/heads/" + _default, Branch = b, HeadBranch = b, Action = action, DefaultBranch = _default,
                        Description = $"a run of the triggering workflow on '{b}'",
                    });
                }
                yield break;
            default:
                // schedule, repository_dispatch, issue_comment, …: the run is on the default branch.
                if (_default == _release) yield break;
                yield return (At(ev.NameNode, name), new RunScenario
                {
                    Event = name, Ref = "refs/heads/" + _default, Branch = _default, Action = action, DefaultBranch = _default,
                    Description = $"'{name}', which runs the default branch '{_default}'",
                });
                yield break;
        }
    }

    /// <summary>Branch names worth trying for a workflow: the usual ones, the filter's own, and those its conditions compare with.</summary>
    private IEnumerable<string> Candidates(WorkflowFile workflow, IReadOnlyList<YamlScalar>? filter)
    {
        var names = new List<string> { _integration, _default, "feature/x", "x" };
        static string Sample(string pattern) => Regex.Replace(Regex.Replace(pattern.TrimStart('!').Replace("**", "x/x"), @"\*", "x"), @"\[([^\]])[^\]]*\]\+?|[?+]", "$1");
        if (filter is not null) names.AddRange(filter.Select(p => Sample(p.Value)));
        names.AddRange(_policies.Patterns.Select(Sample));
        names.AddRange(Literals(workflow));
        foreach (var site in _analysis.Calls.CallersOf(workflow.Path).Take(8)) names.AddRange(Literals(site.Caller));
        return names.Where(n => n.Length > 0 && n != _release && !n.StartsWith("refs/", StringComparison.Ordinal) && !n.Contains(' ')).Distinct(StringComparer.Ordinal).Take(MaxCandidates).ToList();
    }

    private List<string> Literals(WorkflowFile workflow)
    {
        if (_literals.TryGetValue(workflow.Path, out var known)) return known;
        var found = new List<string>();
        void FromNode(ExpressionNode node)
        {
            foreach (var lit in node.DescendantsAndSelf().OfType<LiteralNode>())
            {
                if (lit.StringValue is not { Length: > 0 and < 100 } s) continue;
                if (s.StartsWith("refs/heads/", StringComparison.Ordinal)) { s = s["refs/heads/".Length..]; if (s.Length == 0) { found.Add("x"); continue; } }
                else if (s.StartsWith("refs/", StringComparison.Ordinal)) continue;
                found.Add(s);
                found.Add(s + "x");
                found.Add(s + "-x");
            }
        }
        foreach (var job in workflow.Jobs)
        {
            if (WorkflowConditions.Parse(job.If) is { } c) FromNode(c);
            foreach (var step in job.Steps)
                if (WorkflowConditions.Parse(step.If) is { } s) FromNode(s);
            foreach (var scalar in Scalars(job.Node).Take(2000))
                foreach (var e in ExpressionTemplate.Scan(scalar.Value))
                    if (e.Node is not null) FromNode(e.Node);
        }
        var list = found.Distinct(StringComparer.Ordinal).Take(MaxCandidates * 2).ToList();
        _literals[workflow.Path] = list;
        return list;
    }

    private static IEnumerable<YamlScalar> Scalars(YamlNode? root)
    {
        if (root is null) yield break;
        var stack = new Stack<YamlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case YamlScalar s when s.Value.Contains("${{", StringComparison.Ordinal): yield return s; break;
                case YamlMapping m: foreach (var e in m.Entries) stack.Push(e.Value); break;
                case YamlSequence q: foreach (var i in q.Items) stack.Push(i); break;
            }
        }
    }
}

/// <summary>The expression context of one job in a scenario: <c>needs.X.result</c> is <c>skipped</c> when X cannot run, the rest comes from the scenario.</summary>
internal sealed class JobContext(RunScenario scenario, WorkflowFile workflow, Func<string, Truth> jobRuns) : IExpressionContext
{
    public ExprValue Lookup(string path)
    {
        if (!path.StartsWith("needs.", StringComparison.Ordinal)) return scenario.Lookup(path);
        var parts = path.Split('.');
        if (parts.Length < 3 || GuardEvaluator.FindJob(workflow, parts[1]) is null) return ExprValue.Unknown;
        var runs = jobRuns(parts[1]);
        return parts[2] switch
        {
            "result" => runs == Truth.False ? ExprValue.Of("skipped") : ExprValue.Unknown,
            "outputs" => runs == Truth.False ? ExprValue.Null : ExprValue.Unknown,
            _ => ExprValue.Unknown,
        };
    }
}
