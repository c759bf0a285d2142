using ReleaseLint.Inputs.Protection;
using ReleaseLint.Policy;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2005: force pushes allowed on the release or integration branch.</summary>
public sealed class RL2005ForcePushAllowed : BranchPermissionRule
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
    protected override bool PolicyAllows(BranchProtectionPolicy policy) => policy.AllowForcePushes;
    /// <inheritdoc />
    protected override Contribution<bool>? Allowed(EffectiveProtection effective) => effective.ForcePushesAllowed;
    /// <inheritdoc />
    protected override string Setting => "allow_force_pushes";
    /// <inheritdoc />
    protected override string RulesetRule => "non_fast_forward";
    /// <inheritdoc />
    protected override string PolicyKey => "allow-force-pushes";
    /// <inheritdoc />
    protected override string FingerprintKey => "force-push";
    /// <inheritdoc />
    protected override string Message(PolicyBranch branch, string why) => $"force pushes to {branch.Describe()} are allowed: {why}";
}
