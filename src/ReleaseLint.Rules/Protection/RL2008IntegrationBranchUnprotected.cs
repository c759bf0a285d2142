using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2008: the integration branch does not require reviewed pull requests.</summary>
public sealed class RL2008IntegrationBranchUnprotected : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2008", "integration-branch-unprotected",
        "Integration branch does not require reviewed pull requests",
        "The integration branch (policy branches.integration, 'main' by default) is not protected, does not require pull requests, or requires fewer approving reviews than policy asks (protection.integration.approvals, default 1). The guide has features 'merge into main through reviewed pull requests', and every release is cut from main, so an unreviewed push to main reaches production with the next release.",
        Severity.Error, RuleCategory.Protection, ["protection", "security"], securitySeverity: 5.5)
    {
        Reads = RuleInputs.Protection,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void Check(RuleContext context, ProtectionModel model)
    {
        var branches = PolicyBranches(context.Policy);
        if (branches.Count < 2) return;
        var branch = branches[1];
        var effective = model.For(branch.Name);
        if (effective.Incomplete is not null) return;
        var want = Math.Max(branch.Policy.Approvals, 0);
        var ask = want > 0 ? $"require pull requests with at least {want} approving review{(want == 1 ? "" : "s")}" : "require pull requests";
        if (!effective.IsProtected)
        {
            var (why, at) = WhyUnprotected(model, effective);
            context.At(Where(context, at, branch.GuideStatement, "branches.integration", "protection.integration", "protection")).About(Logical(branch.Name)).Key(branch.Name, "unprotected")
                .Report($"integration branch '{branch.Name}' is not protected: {why}{(effective.Inactive.Count > 0 ? "" : $"; features must merge through reviewed pull requests: {ask}")}");
            return;
        }
        var pr = effective.PullRequest;
        if (pr is not { Value: true })
        {
            var layer = pr?.Layer ?? effective.Primary!;
            context.At(Where(context, pr?.Location ?? layer.RulesLocation, branch, "approvals")).Related(Related(effective, layer)).About(Logical(branch.Name, "required_pull_request_reviews")).Key(branch.Name, "pull-request")
                .Report($"integration branch '{branch.Name}' does not require pull requests {In(layer)}, so features can be pushed without review; {ask}");
            return;
        }
        var approvals = effective.Approvals;
        if (want > 0 && (approvals?.Value ?? 0) < want)
        {
            var layer = approvals?.Layer ?? pr.Layer;
            var stated = approvals is null ? "sets no required approving review count" : $"requires {approvals.Value} approving review{(approvals.Value == 1 ? "" : "s")}";
            context.At(Where(context, approvals?.Location ?? pr.Location, branch, "approvals")).Related(Related(effective, layer)).About(Logical(branch.Name, "required_approving_review_count")).Key(branch.Name, "approvals", approvals?.Value.ToString())
                .Report($"integration branch '{branch.Name}' {stated} {In(layer)}, so pull requests merge unreviewed; policy asks for at least {want} ({branch.ConfigKey}.approvals)");
        }
    }
}
