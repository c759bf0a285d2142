using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.Rules.Discussions;

/// <summary>RL5001: a deployment update lacks a template field.</summary>
public sealed class RL5001UpdateFieldMissing : DiscussionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL5001", "update-field-missing",
        "Deployment update lacks a template field",
        "A deployment update (a discussion post with at least two of the template's field labels, or whose title or first heading speaks of a deploy, release, rollback or hotfix) lacks a field of the update template (discussions.fields: Deployed commit/tag, Fly.io release ID, Validation, Rollback status, Runbook updates). Fields are read from list items, bold labels, 'Label: value' lines, table rows or columns and headings.",
        Severity.Warning, RuleCategory.Discussions, ["discussions", "deployments"])
    {
        Reads = RuleInputs.Discussions,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void CheckUpdate(RuleContext context, DeploymentUpdate update)
    {
        var fields = context.Policy.DiscussionFields;
        var missing = fields.Where(f => update[f] is null).ToList();
        if (missing.Count == 0) return;
        var place = update.Post.TitlePlace;
        if (missing.Count == fields.Count)
        {
            Report(context, update, place,
                $"deployment update '{update.Post.Title}' has none of the update template's fields ({string.Join(", ", fields)}); post it with the template so operators can see what runs in production",
                "all-fields");
            return;
        }
        foreach (var field in missing)
            Report(context, update, place, $"deployment update lacks the field '{field}' of the update template; add '- {field}: …'", "field|" + field);
    }
}
