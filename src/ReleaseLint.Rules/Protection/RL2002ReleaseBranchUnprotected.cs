using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2002: the release branch has no protection and no active ruleset.</summary>
public sealed class RL2002ReleaseBranchUnprotected : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2002", "release-branch-unprotected",
        "Release branch is not protected",
        "The release branch (policy branches.release, 'live' by default) has no classic branch protection and no active ruleset that targets it, so anyone with write access can push to production, force-push over its history or delete it. Rulesets in 'evaluate' or 'disabled' enforcement do not protect: the message names them. Judged on the effective protection from every source (exports, rulesets, .github/settings.yml, or the live API); a branch whose sources could not be read is left to RL2001.",
        Severity.Error, RuleCategory.Protection, ["protection", "security"], securitySeverity: 8.0)
    {
        Reads = RuleInputs.Protection,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void Check(RuleContext context, ProtectionModel model)
    {
        var branch = PolicyBranches(context.Policy)[0];
        var effective = model.For(branch.Name);
        if (effective.IsProtected || effective.Incomplete is not null) return;
        var (why, at) = WhyUnprotected(model, effective);
        context.At(Where(context, at, branch.GuideStatement, "branches.release", "protection.release", "protection")).About(Logical(branch.Name)).Key(branch.Name, "unprotected")
            .Report($"release branch '{branch.Name}' is not protected: {why}{(effective.Inactive.Count > 0 ? "" : "; protect it with pull requests and reviews, required status checks, no force pushes and no deletion")}");
    }
}
