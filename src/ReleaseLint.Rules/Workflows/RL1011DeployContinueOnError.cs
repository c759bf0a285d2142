using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Deploys;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1011: a production deploy is allowed to fail silently (<c>continue-on-error: true</c>).</summary>
public sealed class RL1011DeployContinueOnError : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1011", "deploy-continue-on-error",
        "Deploy may fail silently",
        "A production deploy step, or the job that runs it, says 'continue-on-error: true': when the deploy fails the step or job still counts as passed, the run shows green, the steps after it (smoke tests, release notes, tagging, the deployment post) run as if it shipped, and nobody is told that production still runs the previous release. An expression ('${{ matrix.experimental }}') is left alone, since its value is not known before the run. Remove the key, or move what may fail (a cache warm-up, a notification) out of the deploy step.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "release-policy", "deploy"])
    {
        Reads = RuleInputs.Workflows,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        if (DeployDetection.Find(context.Workspace, workflow) is not { } deploy) return;
        foreach (var job in deploy.Jobs)
        {
            if (job.Job.IsReusableWorkflowCall || job.Job.Node is null) continue;
            var production = job.Steps.Where(s => s.Signals.Any(x => x.IsProduction)).ToList();
            if (production.Count == 0) continue;
            if (AlwaysTrue(job.Job.Node["continue-on-error"]) is { } onJob)
                context.At(onJob).InJob(job.Job).Related(production[0].Location, "the deploy").Key("job")
                    .Report($"deploy job '{job.Job.Id}' has 'continue-on-error: {onJob.Value}', so when its deploy ({production[0].Describe(workflow.Path)}) fails the run still passes and production silently stays on the previous release; remove the key");
            foreach (var step in production)
            {
                if (AlwaysTrue(step.Step.Node["continue-on-error"]) is not { } onStep) continue;
                var place = WorkflowPlace.Of(job.Job, step.Step);
                context.At(onStep).In(place).Key("step")
                    .Report($"deploy {place.Describe()} has 'continue-on-error: {onStep.Value}', so when the deploy fails the job goes on as if it shipped and the run passes; remove the key, or move what may fail out of the deploy step");
            }
        }
    }

    /// <summary>The value node when it is the literal <c>true</c> (an expression's value is unknown before the run).</summary>
    private static YamlScalar? AlwaysTrue(YamlNode? node) => node is YamlScalar scalar && scalar.AsBool() == true ? scalar : null;
}
