using ReleaseLint.Inputs.Yaml;
using System.Collections.Frozen;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Expressions;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1008: a deploy job without an environment or without a concurrency group.</summary>
public sealed class RL1008UngatedDeploy : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1008", "ungated-deploy",
        "Deploy job without environment or concurrency",
        "A deploy job without an 'environment:' (where required reviewers, wait timers, branch restrictions and environment secrets live) or without a 'concurrency:' group at job or workflow level that keeps two deploys from racing (a group that differs per run, like ${{ github.run_id }}, keeps nothing apart). Without them a deploy needs no approval and two pushes can deploy at once and finish in the wrong order.",
        Severity.Warning, RuleCategory.Workflows, ["workflows", "release-policy", "deploy"])
    {
        Reads = RuleInputs.Workflows,
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
                    .Report($"deploy job '{id}' has no 'environment:', so no required reviewers, branch restrictions or environment secrets guard it; add 'environment: production' and protect that environment in Settings → Environments");
            var concurrency = job.Job.ConcurrencySettings ?? workflow.Concurrency;
            if (concurrency?.Group is null)
            {
                At(job.Job.IdNode).Key("concurrency")
                    .Report($"deploy job '{id}' has no 'concurrency:' group, so two deploys can run at once and finish in the wrong order; add 'concurrency: {{ group: deploy-production, cancel-in-progress: false }}'");
                continue;
            }
            var perRun = ExpressionTemplate.Scan(concurrency.Group.Value)
                .Where(e => e.Node is not null)
                .SelectMany(e => e.Node!.DescendantsAndSelf().Select(n => n.ContextPath()).Where(p => p is not null && PerRunContexts.Contains(p)))
                .FirstOrDefault();
            if (perRun is not null)
                At(concurrency.Group).Key("concurrency", concurrency.Group.Value)
                    .Report($"concurrency group '{concurrency.Group.Value}' of deploy job '{id}' is different for every run ({perRun}), so it keeps no two deploys apart; use a fixed group such as 'deploy-production'");
        }
    }
}
