using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2004: required status checks missing, lacking a check policy names, or not strict.</summary>
public sealed class RL2004StatusChecksRequired : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2004", "status-checks-required",
        "Required status checks weaker than policy",
        "A protected branch whose policy asks for status checks (the release branch by default; protection.<branch>.status-checks and strict in .releaselint.yml) requires none, does not require a check that policy names, or does not require the branch to be up to date before merging where policy asks for it (strict). Without required checks, a pull request can be merged while its tests fail: the guide merges into the release branch 'only after tests pass'.",
        Severity.Error, RuleCategory.Protection, ["protection"])
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
            var wanted = branch.Policy;
            if (!wanted.RequireStatusChecks && wanted.StatusChecks.Count == 0 && !wanted.Strict) continue;
            var effective = model.For(branch.Name);
            if (!effective.IsProtected || effective.Incomplete is not null) continue;
            var required = effective.StatusChecks;
            var checks = effective.Checks;
            if (required is not { Value: true } || checks.Count == 0)
            {
                var layer = required?.Layer ?? effective.Primary!;
                var asked = wanted.StatusChecks.Count > 0 ? string.Join(", ", wanted.StatusChecks.Select(c => $"'{c}'")) : "at least one check (e.g. the CI job)";
                var what = required is { Value: true } ? "requires status checks but names none" : "requires no status checks";
                context.At(Where(context, required?.Location ?? layer.RulesLocation, branch, "status-checks")).Related(Related(effective, layer)).About(Logical(branch.Name, "required_status_checks")).Key(branch.Name, "status-checks")
                    .Report($"{branch.Describe()} {what} {In(layer)}, so pull requests can merge while tests fail; require {asked}");
                continue;
            }
            foreach (var name in wanted.StatusChecks)
            {
                if (checks.Any(c => c.Check.Context == name)) continue;
                var (check, layer) = checks[0];
                var have = string.Join(", ", checks.Select(c => $"'{c.Check.Context}'").Distinct());
                context.At(Where(context, required.Location ?? check.Location, branch, "status-checks")).Related(Related(effective, required.Layer)).About(Logical(branch.Name, "required_status_checks")).Key(branch.Name, "status-check", name)
                    .Report($"{branch.Describe()} does not require status check '{name}' {In(required.Layer)}; policy names it ({branch.ConfigKey}.status-checks); required now: {have}");
            }
            if (wanted.Strict && effective.Strict is not { Value: true })
            {
                var strict = effective.Strict;
                var layer = strict?.Layer ?? required.Layer;
                var key = layer.Kind == ProtectionLayerKind.Classic ? "strict" : "strict_required_status_checks_policy";
                context.At(Where(context, strict?.Location ?? required.Location, branch, "strict")).Related(Related(effective, layer)).About(Logical(branch.Name, "strict")).Key(branch.Name, "strict")
                    .Report($"{branch.Describe()} does not require branches to be up to date before merging {In(layer)}; policy asks for it ({branch.ConfigKey}.strict): set {key} to true");
            }
        }
    }
}
