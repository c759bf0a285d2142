using ReleaseLint.Inputs.Workflows;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1007: <c>pull_request_target</c> or <c>workflow_run</c> with a checkout of the untrusted head.</summary>
public sealed class RL1007DangerousTrigger : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1007", "dangerous-trigger",
        "Privileged trigger checks out untrusted code",
        "A workflow triggered by pull_request_target or workflow_run (which run in the base repository with its secrets and a write token, even for pull requests from forks) that checks out the pull request's head: actions/checkout with ref: or repository: naming the head (github.event.pull_request.head.sha, github.head_ref, github.event.workflow_run.head_sha, refs/pull/…), or gh pr checkout / git fetch of a pull ref. Any build script, test or package hook in the pull request then runs with those secrets ('pwn request'). Jobs whose 'if:' admits only pull requests from this repository are not reported.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "security"], securitySeverity: 9.0)
    {
        Reads = RuleInputs.Workflows,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        var triggers = UntrustedCode.PrivilegedTriggers(workflow);
        if (triggers.Count == 0) return;
        var names = string.Join("' and '", triggers.Select(t => t.Name));
        foreach (var job in workflow.Jobs)
        {
            if (UntrustedCode.IsSameRepositoryOnly(job)) continue;
            foreach (var step in job.Steps)
            {
                if (UntrustedCode.Classify(step) is not { } checkout) continue;
                var place = WorkflowPlace.Of(job, step);
                var advice = triggers.Any(t => t.Name == "pull_request_target")
                    ? "build and test pull requests in a separate 'pull_request' workflow (no secrets, read-only token), or check out the base branch only"
                    : "treat the triggering run's code and artifacts as untrusted: do not check out or execute them here, or pass only data and validate it";
                var finding = context.At(checkout.Location).In(place).Key(checkout.What);
                foreach (var trigger in triggers) finding.Related(trigger.NameNode, $"the privileged trigger '{trigger.Name}'");
                finding.Report($"{place.Describe()} checks out the pull request's code ('{checkout.What}') in a workflow triggered by '{names}', which runs with this repository's secrets and a write token; {advice}");
            }
        }
    }
}
