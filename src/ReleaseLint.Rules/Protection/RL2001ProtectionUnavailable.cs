using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2001: a protection source cannot be read.</summary>
public sealed class RL2001ProtectionUnavailable : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2001", "protection-unavailable",
        "Branch protection source cannot be read",
        "A branch protection source cannot be read: a branch-protection or ruleset export that is not valid JSON or has a setting of the wrong type, a .github/settings.yml that is not valid YAML, or, in live mode, a GitHub API error (no token, a token without the permission, 401/403/404/5xx, a rate limit, a server that cannot be reached). The finding says what was tried and what is missing; the branches that source may protect are not judged by RL2002–RL2008, so that an unreadable source never produces false 'unprotected' alarms. In live mode a token without admin rights falls back to rulesets, which need only read access.",
        Severity.Warning, RuleCategory.Protection, ["protection", "configuration"])
    {
        Reads = RuleInputs.Protection,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void Check(RuleContext context, ProtectionModel model)
    {
        foreach (var problem in model.Problems)
        {
            var location = Where(context, problem.Location, "release-protection",
                problem.Branch == context.Policy.IntegrationBranch ? "protection.integration" : "protection.release", "protection", "branches.release");
            context.At(location).About(problem.Branch is null ? [new LogicalLocation("setting", "branch protection")] : Logical(problem.Branch)).Key(problem.FingerprintKey)
                .Report(problem.Message);
        }
    }
}
