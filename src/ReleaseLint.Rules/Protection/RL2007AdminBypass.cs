using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2007: admins or bypass actors can skip the rules where policy forbids it.</summary>
public sealed class RL2007AdminBypass : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2007", "admin-bypass",
        "Protection can be bypassed",
        "On a branch whose policy applies the rules to everyone (protection.<branch>.enforce-admins; on by default for the release branch), someone can skip them: classic protection with enforce_admins off, users, teams or apps in bypass_pull_request_allowances, or a ruleset with bypass_actors. A layer is only reported when what it enforces is not also enforced, at least as strictly, by a layer nobody can bypass.",
        Severity.Error, RuleCategory.Protection, ["protection", "security"], securitySeverity: 6.5)
    {
        Reads = RuleInputs.Protection,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    private enum Aspect { PullRequest, Checks, ForcePush, Deletion }

    /// <inheritdoc />
    protected override void Check(RuleContext context, ProtectionModel model)
    {
        foreach (var branch in PolicyBranches(context.Policy))
        {
            if (!branch.Policy.EnforceAdmins) continue;
            var effective = model.For(branch.Name);
            if (!effective.IsProtected || effective.Incomplete is not null) continue;
            foreach (var layer in effective.Layers)
            {
                if (layer.Kind == ProtectionLayerKind.Classic && layer.EnforceAdmins?.Value != true && !Covered(layer, effective, all: true))
                {
                    var state = layer.EnforceAdmins is null ? "enforce_admins is not set" : "enforce_admins is false";
                    context.At(Where(context, layer.EnforceAdmins?.Location ?? layer.Location, branch, "enforce-admins")).Related(Related(effective, layer)).About(Logical(branch.Name, "enforce_admins")).Key(branch.Name, "enforce-admins", layer.Origin.Path)
                        .Report($"administrators can bypass the {layer.Name} of {branch.Describe()}: {state} {In(layer)}; policy applies the rules to administrators too ({branch.ConfigKey}.enforce-admins): set enforce_admins to true");
                }
                if (layer.Bypass.Count == 0) continue;
                var actors = string.Join(", ", layer.Bypass.Select(b => b.Describe()).Distinct());
                if (layer.Kind == ProtectionLayerKind.Classic)
                {
                    if (Covered(layer, effective, all: false)) continue;
                    context.At(Where(context, layer.BypassLocation ?? layer.Location, branch, "enforce-admins")).Related(Related(effective, layer)).About(Logical(branch.Name, "bypass_pull_request_allowances")).Key(branch.Name, "bypass", layer.Origin.Path, actors)
                        .Report($"{actors} may merge into {branch.Describe()} without the required reviews: bypass_pull_request_allowances {In(layer)}; policy allows no bypass ({branch.ConfigKey}.enforce-admins): remove them");
                }
                else
                {
                    if (Covered(layer, effective, all: true)) continue;
                    context.At(Where(context, layer.BypassLocation ?? layer.Location, branch, "enforce-admins")).Related(Related(effective, layer)).About(Logical(branch.Name, "bypass_actors")).Key(branch.Name, "bypass", layer.Name, actors)
                        .Report($"{layer.Describe()} lets {actors} bypass its rules on {branch.Describe()}; policy allows no bypass ({branch.ConfigKey}.enforce-admins): empty bypass_actors");
                }
            }
        }
    }

    /// <summary>True when everything <paramref name="layer"/> enforces (all of it, or only its pull-request part) is also enforced by a layer nobody can bypass.</summary>
    private static bool Covered(ProtectionLayer layer, EffectiveProtection effective, bool all)
    {
        var aspects = all ? Enum.GetValues<Aspect>() : [Aspect.PullRequest];
        foreach (var aspect in aspects)
        {
            if (!Enforces(layer, aspect)) continue;
            if (!effective.Layers.Any(m => m != layer && Strong(m, aspect) && AtLeast(m, layer, aspect))) return false;
        }
        return true;
    }

    private static bool Strong(ProtectionLayer l, Aspect aspect) => l.Kind == ProtectionLayerKind.Classic
        ? l.EnforceAdmins?.Value == true && (aspect != Aspect.PullRequest || l.Bypass.Count == 0)
        : l.Bypass.Count == 0;

    private static bool Enforces(ProtectionLayer l, Aspect aspect) => aspect switch
    {
        Aspect.PullRequest => l.PullRequest?.Value == true,
        Aspect.Checks => l.StatusChecks?.Value == true,
        Aspect.ForcePush => l.ForcePushesAllowed?.Value == false,
        _ => l.DeletionsAllowed?.Value == false,
    };

    private static bool AtLeast(ProtectionLayer m, ProtectionLayer l, Aspect aspect)
    {
        if (!Enforces(m, aspect)) return false;
        return aspect switch
        {
            Aspect.PullRequest => (m.Approvals?.Value ?? 0) >= (l.Approvals?.Value ?? 0)
                && (l.DismissStaleReviews?.Value != true || m.DismissStaleReviews?.Value == true)
                && (l.CodeOwnerReviews?.Value != true || m.CodeOwnerReviews?.Value == true),
            Aspect.Checks => l.Checks.All(c => m.Checks.Any(x => x.Context == c.Context)) && (l.Strict?.Value != true || m.Strict?.Value == true),
            _ => true,
        };
    }
}
