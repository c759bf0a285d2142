using ReleaseLint.Fixes;
using ReleaseLint.Inputs.Yaml;
using System.Collections.Frozen;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Deploys;
using ReleaseLint.Inputs.Workflows.Expressions;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1008: a deploy job without an environment, or a deploy of a moving target without a concurrency group.</summary>
public sealed class RL1008UngatedDeploy : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1008", "ungated-deploy",
        "Deploy job without environment or concurrency",
        "A production deploy job (found by what it does) without an 'environment:' (where required reviewers, wait timers, branch restrictions and environment secrets live), or a deploy that overwrites something that moves (an app, a site, a gh-pages index, a ':latest' or branch image tag) without a 'concurrency:' group at job or workflow level, or in every workflow that calls it, that keeps two deploys from racing (a group that differs per run, like ${{ github.run_id }}, keeps nothing apart). Without an environment a deploy needs no approval; without a group two pushes can deploy at once and finish in the wrong order. Publishing that only adds (a package version, a release for a new tag) needs no group. Jobs that call a reusable workflow are judged through the called workflow's jobs.",
        Severity.Warning, RuleCategory.Workflows, ["workflows", "release-policy", "deploy"])
    {
        Reads = RuleInputs.Workflows,
        Fix = new("add a job `concurrency:` group keyed on the environment (else workflow and job), `cancel-in-progress: false`; none for a missing `environment:`", "unsafe (a queued deploy is cancelled by a newer one)"),
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    private static readonly FrozenSet<string> PerRunContexts = FrozenSet.Create(StringComparer.Ordinal,
    [
        "github.run_id", "github.run_number", "github.run_attempt", "github.sha", "github.event.after", "github.event.head_commit.id",
        "github.event.pull_request.head.sha", "github.job", "job.check_run_id",
    ]);

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        if (DeployDetection.Find(context.Workspace, workflow) is not { } deploy) return;
        var analysis = DeployDetection.Analysis(context.Workspace);
        foreach (var job in deploy.Jobs)
        {
            // A job that calls a deploy workflow cannot set 'environment:'; the called workflow's jobs are checked there.
            if (job.Job.IsReusableWorkflowCall || job.Job.Node is null) continue;
            var id = job.Job.Id;
            FindingBuilder At(YamlNode node) => job.Steps.Count > 0
                ? context.At(node).InJob(job.Job).Related(job.Steps[0].Location, "the deploy")
                : context.At(node).InJob(job.Job);
            if (job.Job.EnvironmentName is null)
                At(job.Job.IdNode).Key("environment")
                    .Report($"no 'environment:' on deploy job '{id}' ({job.Reason}), so no required reviewers, branch restrictions or environment secrets guard it; add 'environment: production' and protect that environment in Settings → Environments");
            if (!job.Mutable) continue; // publishing that only adds (a package version, a new release) cannot be overwritten by a racing run
            var (concurrency, where, local) = Concurrency(analysis, workflow, job.Job);
            if (concurrency?.Group is null)
            {
                if (CancelsPreviousRuns(job.Job)) continue;
                At(job.Job.IdNode).Key("concurrency").Fix(ConcurrencyFix(workflow, job.Job))
                    .Report($"no 'concurrency:' group for deploy job '{id}'{where}, which overwrites what production serves ({job.Reason}), so two deploys can run at once and finish in the wrong order; add 'concurrency: {{ group: deploy-production, cancel-in-progress: false }}'");
                continue;
            }
            var perRun = ExpressionTemplate.Scan(concurrency.Group.Value)
                .Where(e => e.Node is not null)
                .SelectMany(e => e.Node!.DescendantsAndSelf().Select(n => n.ContextPath()).Where(p => p is not null && PerRunContexts.Contains(p)))
                .FirstOrDefault();
            if (perRun is not null && local)
                At(concurrency.Group).Key("concurrency", concurrency.Group.Value)
                    .Report($"concurrency group '{concurrency.Group.Value}' of deploy job '{id}' is different for every run ({perRun}), so it keeps no two deploys apart; use a fixed group such as 'deploy-production'");
        }
    }

    /// <summary>Actions that cancel the workflow's earlier runs on the same branch when they start, as
    /// <c>concurrency: { cancel-in-progress: true }</c> does (the Remix stacks' deploy jobs run one first).</summary>
    private static readonly FrozenSet<string> CancelActions = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "styfle/cancel-workflow-action", "n1hility/cancel-previous-runs",
    ]);

    private static bool CancelsPreviousRuns(WorkflowJob job) =>
        job.Steps.Any(s => CancelActions.Any(a => s.UsesAction(a)) && s.Node.Find("if") is null);

    /// <summary>
    /// Adds <c>concurrency: { group: …, cancel-in-progress: false }</c> to the deploy job, above its <c>steps:</c>. The group
    /// is keyed on the target: <c>deploy-&lt;environment name&gt;</c> when the job names its environment (so every job that
    /// deploys there waits for the others), else <c>deploy-${{ github.workflow }}-&lt;job id&gt;</c> (the same job of the same
    /// workflow, or of the same caller for a reusable workflow). Always unsafe: GitHub keeps one run waiting per group and
    /// cancels an older waiting one (the newest commit still deploys, the intermediate one does not, its run shows as
    /// cancelled and jobs that need it are skipped), and a group named after an environment also makes other workflows'
    /// jobs with that group wait. None for a job with a matrix whose group would not tell the legs apart (the legs would
    /// cancel each other), a job that already has a <c>concurrency:</c> key, or one written as a flow mapping.
    /// </summary>
    private static IReadOnlyList<Fix>? ConcurrencyFix(WorkflowFile workflow, WorkflowJob job)
    {
        if (job.Node is not { } node || node.Find("concurrency") is not null || job.Id.Length == 0) return null;
        var environment = job.EnvironmentName?.Value;
        var group = !string.IsNullOrWhiteSpace(environment) && !environment.Contains('\n')
            ? "deploy-" + environment.Trim()
            : "deploy-${{ github.workflow }}-" + job.Id;
        if (job.Strategy?["matrix"] is not null && !group.Contains("matrix.", StringComparison.Ordinal)) return null;
        var unit = YamlText.IndentUnit(workflow.Root, workflow.Source);
        var block = $"concurrency:\n  group: {YamlText.Scalar(group)}\n  cancel-in-progress: false";
        var edit = node.Find("steps") is { } steps ? YamlText.InsertBefore(workflow.Source, node, steps, block, unit) : YamlText.Append(workflow.Source, node, block, unit);
        return edit is null ? null :
        [
            Fix.WithEdits($"add 'concurrency:' with group '{group}' and cancel-in-progress: false to job '{job.Id}' (unsafe: a deploy waiting behind a running one is cancelled when a newer one queues, and jobs sharing the group now wait for each other)", FixSafety.Unsafe, edit),
        ];
    }

    /// <summary>
    /// The concurrency that applies to <paramref name="job"/>: its own, its workflow's, or, for a workflow that only runs
    /// when called, the group every calling job or calling workflow sets (null when some call has none).
    /// </summary>
    private static (WorkflowConcurrency? Concurrency, string Where, bool InWorkflow) Concurrency(DeployAnalysis analysis, WorkflowFile workflow, WorkflowJob job)
    {
        if (job.ConcurrencySettings is { Group: not null } own) return (own, "", true);
        if (workflow.Concurrency is { Group: not null } top) return (top, "", true);
        if (!workflow.IsReusableOnly) return (null, "", false);
        var callers = analysis.Calls.CallersOf(workflow.Path).Where(c => c.IsProduction).ToList();
        if (callers.Count == 0) return (null, "", false);
        WorkflowConcurrency? found = null;
        foreach (var call in callers)
        {
            var group = call.Job.ConcurrencySettings is { Group: not null } c ? c : call.Caller.Concurrency is { Group: not null } w ? w : null;
            if (group is null) return (null, $" (nor for the call in {call.Caller.Path})", false);
            found ??= group;
        }
        return (found, "", false);
    }
}
