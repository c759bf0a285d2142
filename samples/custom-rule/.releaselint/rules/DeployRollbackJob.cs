using ReleaseLint.Inputs.Workflows;

namespace Acme.ReleaseRules;

/// <summary>
/// ACME001: every workflow that deploys to production also has a rollback job, so that an operator under
/// pressure redeploys the last good release from the Actions tab instead of improvising.
/// </summary>
public sealed class DeployRollbackJob : WorkflowRule
{
    public static readonly RuleDescriptor Definition = new("ACME001", "deploy-rollback-job",
        "Deploy workflow without a rollback job",
        "A workflow that deploys to production (one that policy lists under deploy.workflows, or one with a step that runs 'flyctl deploy' or a superfly deploy action) has no job whose id or name mentions 'rollback'. Our incident runbook starts with 'run the rollback job': it must exist before it is needed.",
        Severity.Error, RuleCategory.Custom, ["reliability", "deploy"],
        helpUri: "https://github.com/PR-CYBR/vTOC/blob/main/.releaselint/rules/ACME001.md");

    public override RuleDescriptor Descriptor => Definition;

    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        var deployJobs = workflow.Jobs.Where(IsDeployJob).ToList();
        if (deployJobs.Count == 0 && !context.Policy.DeployWorkflows.Contains(workflow.Path)) return;
        if (workflow.Jobs.Any(j => MentionsRollback(j.Id) || MentionsRollback(j.Name))) return;

        var job = deployJobs.FirstOrDefault() ?? workflow.Jobs.FirstOrDefault();
        var finding = job is null ? context.At(workflow.Source.At(1, 1)) : context.At(job.IdNode);
        finding.Key("deploy-job:" + job?.Id)
            .Report($"deploy workflow '{workflow.Name ?? workflow.Path}' has no rollback job; add a job such as 'rollback' (run by workflow_dispatch) that redeploys the previous release tag");
    }

    private static bool MentionsRollback(string? text) =>
        text is not null && text.Contains("rollback", StringComparison.OrdinalIgnoreCase);

    private static bool IsDeployJob(WorkflowJob job) => job.Steps.Any(step =>
        step.Run?.Value is { } run && (run.Contains("flyctl deploy", StringComparison.Ordinal) || run.Contains("fly deploy", StringComparison.Ordinal))
        || step.Uses?.Value is { } uses && uses.StartsWith("superfly/", StringComparison.OrdinalIgnoreCase) && !uses.Contains("setup", StringComparison.OrdinalIgnoreCase));
}
