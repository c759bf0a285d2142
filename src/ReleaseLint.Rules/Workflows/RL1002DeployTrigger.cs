using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Deploys;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1002: a production deploy step can run for code that is not the release branch's or a release tag's.</summary>
public sealed class RL1002DeployTrigger : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1002", "deploy-trigger",
        "Deploy can run from outside the release branch",
        "A production deploy step (of a job found by what it does: a deploy or publish command or action, a production-like environment, a call of a local reusable workflow that deploys) can run for code that is neither the release branch nor a tag: on a pull_request* or merge_group event, a push to another branch, a workflow_dispatch on any branch, a workflow_run of another branch, or a schedule when the default branch is not the release branch. Guards are read like a reviewer reads them: the triggers' branch filters, the 'if:' of the job, of the jobs it needs and of the step (github.event_name, github.ref, github.ref_name, github.ref_type, startsWith, contains, github.event.action, the workflow_run's head branch…), conditions written into the step (push: ${{ … }}, a --prod chosen by an expression, image tags from docker/metadata-action), deployment-branch policies of its environment where .github/settings.yml shows them, and for a reusable workflow its callers' triggers, 'if:' and inputs. Pushes of tags and 'release' events are allowed (RL3008 and RL3003 judge the tags), and so are release-line branches (next, beta, maintenance/*, 1.x) that a push filter lists next to the release branch, and the policy's maintenance branches (branches.maintenance). The message names the path from the trigger to the deploy step.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "release-policy", "deploy"], securitySeverity: 7.0)
    {
        Reads = RuleInputs.Workflows,
        ExtraFiles = [".github/settings.yml"], // environments' deployment-branch policies and the default branch
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var analysis = DeployDetection.Analysis(context.Workspace);
        if (analysis.Jobs.Count == 0) return;
        var evaluator = GuardEvaluator.For(context.Workspace);
        var release = context.Policy.ReleaseBranch;
        var reported = new Dictionary<(string, int, int), Escape>();
        foreach (var job in analysis.Jobs)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.Isolate(job.Workflow.Path, () =>
            {
                foreach (var escape in evaluator.Escapes(job))
                {
                    var at = escape.Trigger.Anchor.Location;
                    var key = (at.Path, at.Line, at.Column);
                    // One finding per trigger: the first path found, preferring one that nothing can stop.
                    if (!reported.TryGetValue(key, out var known) || (known.Certainty != Truth.True && escape.Certainty == Truth.True)) reported[key] = escape;
                }
            });
        }
        foreach (var escape in reported.Values)
        {
            // branches.release: null: no branch mirrors production (releases are tagged on candidate branches), so only
            // the events that run a pull request's or queue's code are judged; branch triggers have no release branch to
            // be compared with
            if (!context.Policy.HasReleaseBranch && !IsPullRequestEvent(escape.Trigger.Event.Name)) continue;
            Report(context, escape, release);
        }
    }

    private static bool IsPullRequestEvent(string name) => name.StartsWith("pull_request", StringComparison.Ordinal) || name == "merge_group";

    private static void Report(RuleContext context, Escape escape, string release)
    {
        var trigger = escape.Trigger;
        var job = escape.Job;
        var scenario = escape.Scenario;
        var hops = new List<string> { trigger.Event.Name };
        hops.AddRange(escape.Calls.Select(c => $"job '{c.Job.Id}' (calls {c.Callee.Path})"));
        hops.Add(escape.Calls.Count > 0 ? $"job '{job.Job.Id}' of {job.Workflow.Path}" : $"job '{job.Job.Id}'");
        if (escape.Step is { } step) hops.Add($"step {step.Step.Label}"); // the one step label: an id, a quoted name or #n
        var path = string.Join(" → ", hops);
        var what = escape.Step?.Describe(trigger.Workflow.Path) ?? job.Reason;
        var stop = escape.Certainty == Truth.True ? "no condition on the way checks the ref" : "no condition on the way is sure to stop it";
        var guard = $"\"if: github.ref == 'refs/heads/{release}'\"";
        var ev = trigger.Event.Name;
        string message;
        if (ev == "push" && trigger.Subject != "push")
            message = $"'{trigger.Subject}' in 'branches:' lets {scenario.Description} run the production deploy: {path} ({what}); only '{release}' and release tags should deploy: limit 'branches:' to [{release}], or guard the deploy with {guard}";
        else if (ev == "push")
            message = $"'push' runs the production deploy for {scenario.Description}, as for a push to any branch: {path} ({what}); add 'branches: [{release}]' under 'push:'";
        else if (IsPullRequestEvent(ev) && !context.Policy.HasReleaseBranch)
            message = $"'{ev}' can run the production deploy for {scenario.Description}, so code that was not released can reach production: {path} ({what}), and {stop}; deploy from release tags or the release workflow only";
        else if (IsPullRequestEvent(ev))
            message = $"'{ev}' can run the production deploy for {scenario.Description}, so code that is not on '{release}' can reach production: {path} ({what}), and {stop}; deploy on push to '{release}', or guard the deploy with {guard}";
        else if (ev == "workflow_dispatch")
            message = $"'workflow_dispatch' can run the production deploy on any branch, e.g. {scenario.Description}: {path} ({what}), and {stop}; guard the deploy with {guard} (or startsWith(github.ref, 'refs/tags/') to deploy tags)";
        else if (ev == "workflow_run")
            message = $"'workflow_run' runs the production deploy after {scenario.Description}: {path} ({what}), and {stop}; add 'branches: [{release}]' under 'workflow_run:' or check github.event.workflow_run.head_branch";
        else if (scenario.Branch is { } b && b == scenario.DefaultBranch && ev is not ("create" or "deployment"))
            message = $"'{ev}' runs the production deploy on the default branch '{b}', not on the release branch '{release}': {path} ({what}); deploy on push to '{release}' instead";
        else
            message = $"'{ev}' can run the production deploy for {scenario.Description}, which is not the release branch '{release}': {path} ({what}), and {stop}; deploy on push to '{release}', or guard the deploy with {guard}";

        var finding = context.At(trigger.Anchor);
        if (escape.Step is { } s) finding.Related(s.Location, "the deploy");
        else finding.Related(job.Job.IdNode, "the deploy job");
        foreach (var call in escape.Calls) finding.Related(call.Job.IdNode, $"calls {call.Callee.Path}");
        // The trigger (event and what it names) and the deploy job it reaches, wherever the job's workflow is.
        finding.Key($"trigger:{ev}", trigger.Subject, $"job:{job.Workflow.Path}:{job.Job.Id}").Report(message);
    }
}
