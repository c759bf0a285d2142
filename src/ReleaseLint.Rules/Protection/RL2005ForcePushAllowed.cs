using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2005: force pushes allowed on the release or integration branch.</summary>
public sealed class RL2005ForcePushAllowed : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2005", "force-push-allowed",
        "Force pushes allowed",
        "The release or integration branch is protected, but force pushes to it are allowed: classic protection with allow_force_pushes on, or only rulesets none of which has a non_fast_forward rule. A force push rewrites the history that production (the release branch mirrors what runs) and every open pull request are built on, and removes the audit trail the rollback process relies on. Policy can allow it per branch (protection.<branch>.allow-force-pushes).",
        Severity.Error, RuleCategory.Protection, ["protection", "security"], securitySeverity: 7.0)
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
            if (branch.Policy.AllowForcePushes) continue;
            var effective = model.For(branch.Name);
            if (!effective.IsProtected || effective.Incomplete is not null) continue;
            var allowed = effective.ForcePushesAllowed;
            if (allowed is { Value: false }) continue;
            var layer = allowed?.Layer ?? effective.Primary!;
            var why = allowed is not null
                ? $"allow_force_pushes is true {In(layer)}; set it to false"
                : $"{NoneOf(effective.Layers, "non_fast_forward")}; add one";
            context.At(Where(context, allowed?.Location ?? layer.RulesLocation, branch, "allow-force-pushes")).Related(Related(effective, layer)).About(Logical(branch.Name, "allow_force_pushes")).Key(branch.Name, "force-push")
                .Report($"force pushes to {branch.Describe()} are allowed: {why}");
        }
    }
}
