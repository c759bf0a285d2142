using ReleaseLint.Inputs.Protection;
using ReleaseLint.Policy;

namespace ReleaseLint.Rules.Protection;

/// <summary>
/// Base of the rules about a permission that protection must take away from a policy branch (RL2005 force pushes,
/// RL2006 deletion): one check, the permission described by the derived rule's members. A branch is reported when it
/// is protected, policy does not allow the permission, and either a layer allows it (classic <c>allow_…</c> true) or
/// no layer takes it away (only rulesets, none with the rule).
/// </summary>
public abstract class BranchPermissionRule : ProtectionRule
{
    /// <summary>True when policy allows the permission on the branch (<c>protection.&lt;role&gt;.allow-…</c>).</summary>
    protected abstract bool PolicyAllows(BranchProtectionPolicy policy);

    /// <summary>The effective setting of the branch's layers; null when no layer says.</summary>
    protected abstract Contribution<bool>? Allowed(EffectiveProtection effective);

    /// <summary>The classic protection setting (<c>allow_force_pushes</c>), also the logical location.</summary>
    protected abstract string Setting { get; }

    /// <summary>The ruleset rule that takes the permission away (<c>non_fast_forward</c>).</summary>
    protected abstract string RulesetRule { get; }

    /// <summary>The key under <c>protection.&lt;role&gt;</c> that allows it (<c>allow-force-pushes</c>).</summary>
    protected abstract string PolicyKey { get; }

    /// <summary>The second part of the fingerprint key (<c>force-push</c>).</summary>
    protected abstract string FingerprintKey { get; }

    /// <summary>The message: what is allowed on <paramref name="branch"/>, then <paramref name="why"/>.</summary>
    protected abstract string Message(PolicyBranch branch, string why);

    /// <inheritdoc />
    protected sealed override void Check(RuleContext context, ProtectionModel model)
    {
        foreach (var branch in PolicyBranches(context.Policy))
        {
            if (PolicyAllows(branch.Policy)) continue;
            var effective = model.For(branch.Name);
            if (!effective.IsProtected || effective.Incomplete is not null) continue;
            var allowed = Allowed(effective);
            if (allowed is { Value: false }) continue;
            var layer = allowed?.Layer ?? effective.Primary!;
            var why = allowed is not null
                ? $"{Setting} is true {In(layer)}; set it to false"
                : $"{NoneOf(effective.Layers, RulesetRule)}; add one";
            context.At(Where(context, allowed?.Location ?? layer.RulesLocation, branch, PolicyKey)).Related(Related(effective, layer))
                .About(Logical(branch.Name, Setting)).Key(branch.Name, FingerprintKey)
                .Report(Message(branch, why));
        }
    }
}
