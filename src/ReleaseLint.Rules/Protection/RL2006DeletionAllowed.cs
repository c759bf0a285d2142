using ReleaseLint.Inputs.Protection;
using ReleaseLint.Policy;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2006: the branch can be deleted.</summary>
public sealed class RL2006DeletionAllowed : BranchPermissionRule
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
    protected override bool PolicyAllows(BranchProtectionPolicy policy) => policy.AllowDeletions;
    /// <inheritdoc />
    protected override Contribution<bool>? Allowed(EffectiveProtection effective) => effective.DeletionsAllowed;
    /// <inheritdoc />
    protected override string Setting => "allow_deletions";
    /// <inheritdoc />
    protected override string RulesetRule => "deletion";
    /// <inheritdoc />
    protected override string PolicyKey => "allow-deletions";
    /// <inheritdoc />
    protected override string FingerprintKey => "deletion";
    /// <inheritdoc />
    protected override string Message(PolicyBranch branch, string why) => $"{branch.Describe()} can be deleted: {why}";
}
