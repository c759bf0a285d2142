using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.Rules.Discussions;

/// <summary>RL5002: a field still holds the template placeholder or is empty.</summary>
public sealed class RL5002UpdatePlaceholder : DiscussionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL5002", "update-placeholder",
        "Deployment update field not filled in",
        "A field of a deployment update still holds the template's placeholder (<sha or tag>, <fly release>, <CI run URL / smoke test notes>, any <…> that is not an HTML tag or autolink, TBD, TODO, …) or is empty.",
        Severity.Warning, RuleCategory.Discussions, ["discussions", "deployments"])
    {
        Reads = RuleInputs.Discussions,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void CheckUpdate(RuleContext context, DeploymentUpdate update)
    {
        foreach (var field in update.Fields)
        {
            var entry = field.Entry;
            var placeholder = UpdateValues.Placeholder(entry.Value);
            if (placeholder is null) continue;
            if (placeholder.Length == 0)
                Report(context, update, update.Post.Place(entry.LabelOffset, entry.LabelLength), $"field '{field.Name}' is empty; fill it in", "empty|" + field.Name);
            else
                Report(context, update, update.Post.Place(entry.ValueOffset, entry.ValueLength),
                    $"field '{field.Name}' still holds the placeholder '{placeholder}'; replace it with the real value", "placeholder|" + field.Name);
        }
    }
}
