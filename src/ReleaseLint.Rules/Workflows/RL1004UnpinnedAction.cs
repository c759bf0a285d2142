using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1004: <c>uses:</c> not pinned to a full commit SHA.</summary>
public sealed class RL1004UnpinnedAction : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1004", "unpinned-action",
        "Action not pinned to a commit SHA",
        "A 'uses:' reference to another repository's action or reusable workflow that is not pinned to a full 40-hex commit SHA. Tags and branches can be moved by whoever controls that repository, so the code that runs in your release pipeline can change without a commit of yours (as in the tj-actions/changed-files compromise). Owners listed in actions.allow-unpinned (by default GitHub's own actions/* and github/*) may use a version tag, never a branch. Local './' actions are fine; docker:// images must be pinned by digest.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "security", "supply-chain"], securitySeverity: 7.5)
    {
        Reads = RuleInputs.Workflows | RuleInputs.Actions,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override bool IncludesActions => true;

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        foreach (var job in workflow.Jobs)
        {
            if (job.Uses is { } reusable) Check(context, reusable, WorkflowPlace.Of(job));
            foreach (var step in job.Steps)
                if (step.Uses is { } uses) Check(context, uses, WorkflowPlace.Of(job, step));
        }
    }

    /// <inheritdoc />
    protected override void CheckAction(RuleContext context, ActionFile action)
    {
        foreach (var step in action.Steps)
            if (step.Uses is { } uses) Check(context, uses, WorkflowPlace.Of(step));
    }

    private static void Check(RuleContext context, YamlScalar node, WorkflowPlace place)
    {
        var reference = ActionReference.Parse(node.Value);
        var where = place.Describe();
        FindingBuilder At() => context.At(node, node.Value.Trim()).In(place).Key(reference.Raw);
        switch (reference.Kind)
        {
            case ActionReferenceKind.Local or ActionReferenceKind.Invalid:
                return;
            case ActionReferenceKind.Docker:
                if (!reference.Ref.StartsWith("sha256:", StringComparison.Ordinal))
                    At().Report($"'{reference.Raw}' in {where} is a docker image without a digest; pin it as docker://{reference.Path.Split(':')[0]}@sha256:<digest>");
                return;
        }
        if (reference.IsPinnedToSha) return;
        var name = reference.OwnerRepo + (reference.Path.Length > 0 ? "/" + reference.Path : "");
        if (reference.Ref.Length == 0)
        {
            At().Report($"'{reference.Raw}' in {where} has no '@ref'; pin it to a full commit SHA: {name}@<40-hex sha>");
            return;
        }
        if (reference.IsShortSha)
        {
            At().Report($"'{reference.Raw}' in {where} uses an abbreviated SHA, which GitHub does not accept as a pin; use the full 40-hex commit SHA");
            return;
        }
        var allowed = context.Workspace.Facts<Policy.PolicyGlobs>().IsUnpinnedAllowed(reference.OwnerRepo);
        if (allowed && reference.IsVersionTag) return;
        var message = allowed
            ? $"'{reference.Raw}' in {where} uses '{reference.Ref}', which looks like a branch; {reference.Owner}/* may use version tags (actions.allow-unpinned), but not branches: pin a release tag or a full commit SHA"
            : $"'{reference.Raw}' in {where} is not pinned to a commit SHA; '{reference.Ref}' can be moved by the owner of {reference.OwnerRepo}: use {name}@<40-hex sha> # {reference.Ref}";
        At().Report(message);
    }
}
