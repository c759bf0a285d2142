using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2006: the branch can be deleted.</summary>
public sealed class RL2006DeletionAllowed : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2006", "deletion-allowed",
        "Branch can be deleted",
        "A protected branch that policy says must not be deleted can be: classic protection with allow_deletions on, or only rulesets none of which has a deletion rule. By default this is the release branch (deleting it removes what production mirrors); the integration branch too when protection.integration.allow-deletions is false.",
        Severity.Error, RuleCategory.Protection, ["protection", "security"], securitySeverity: 6.0)
    {
        Reads = RuleInputs.Protection,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void Check(RuleContext context, ProtectionModel model)
    {
        foreach (var branch in PolicyBranches(context.Policy))
        {
            if (branch.Policy.AllowDeletions) continue;
            var effective = model.For(branch.Name);
            if (!effective.IsProtected || effective.Incomplete is not null) continue;
            var allowed = effective.DeletionsAllowed;
            if (allowed is { Value: false }) continue;
            var layer = allowed?.Layer ?? effective.Primary!;
            var why = allowed is not null
                ? $"allow_deletions is true {In(layer)}; set it to false"
                : $"{NoneOf(effective.Layers, "deletion")}; add one";
            context.At(Where(context, allowed?.Location ?? layer.RulesLocation, branch, "allow-deletions")).Related(Related(effective, layer)).About(Logical(branch.Name, "allow_deletions")).Key(branch.Name, "deletion")
                .Report($"{branch.Describe()} can be deleted: {why}");
        }
    }
}
