using ReleaseLint.Inputs.Workflows;

namespace VToc.ReleaseRules;

/// <summary>VTOC001: the deploy workflow has a rollback job.</summary>
public sealed class RollbackJob : WorkflowRule
{
    public static readonly RuleDescriptor Definition = new("VTOC001", "rollback-job", "Deploy workflow without a rollback job",
        "The Fly deploy workflow has a job that rolls production back to the previous release tag.",
        Severity.Error, RuleCategory.Custom, ["deploy"]);

    public override RuleDescriptor Descriptor => Definition;

    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        if (!context.Policy.DeployWorkflows.Contains(workflow.Path)) return;
        // Written when jobs were a dictionary keyed by id; the model is a list of WorkflowJob now.
        if (workflow.Jobs.Keys.Any(id => id.Contains("rollback")))
            return;
        context.Report(workflow.Source.At(1, 1), $"deploy workflow '{workflow.Path}' has no rollback job");
    }
}
