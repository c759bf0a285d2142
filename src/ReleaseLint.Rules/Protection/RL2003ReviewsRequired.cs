using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2003: the release branch requires too few reviews, keeps stale approvals, or lacks code-owner review.</summary>
public sealed class RL2003ReviewsRequired : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2003", "reviews-required",
        "Required reviews weaker than policy",
        "On the release branch: pull requests are not required, fewer approving reviews are required than policy asks (protection.release.approvals, default 1), approvals are not dismissed when new commits are pushed (dismiss-stale-reviews, on by default), or code-owner review is off where policy asks for it (code-owner-reviews). On the integration branch the same stale-review and code-owner checks apply when its policy asks for them (the approval count there is RL2008's). Judged on the effective protection: the strictest of classic protection and every active ruleset.",
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
            var isRelease = branch.Role == "release";
            if (!isRelease && !branch.Policy.DismissStaleReviews && !branch.Policy.CodeOwnerReviews) continue;
            var effective = model.For(branch.Name);
            if (!effective.IsProtected || effective.Incomplete is not null) continue;
            var primary = effective.Primary!;
            var pr = effective.PullRequest;
            if (pr is not { Value: true })
            {
                if (!isRelease) continue; // RL2008 reports an integration branch without pull requests
                if (branch.Policy.Approvals <= 0 && !branch.Policy.DismissStaleReviews && !branch.Policy.CodeOwnerReviews) continue;
                var layer = pr?.Layer ?? primary;
                context.At(Where(context, pr?.Location ?? layer.RulesLocation, branch, "approvals")).Related(Related(effective, layer)).About(Logical(branch.Name, "required_pull_request_reviews")).Key(branch.Name, "pull-request")
                    .Report($"{branch.Describe()} does not require pull requests {In(layer)}, so changes reach it unreviewed; require pull requests with at least {Plural(Math.Max(1, branch.Policy.Approvals), "approving review")}");
                continue;
            }

            if (isRelease && branch.Policy.Approvals > 0)
            {
                var approvals = effective.Approvals;
                if (approvals is null || approvals.Value < branch.Policy.Approvals)
                {
                    var layer = approvals?.Layer ?? pr.Layer;
                    var stated = approvals is null ? "sets no required approving review count" : $"requires {Plural(approvals.Value, "approving review")}";
                    context.At(Where(context, approvals?.Location ?? pr.Location, branch, "approvals")).Related(Related(effective, layer)).About(Logical(branch.Name, "required_approving_review_count")).Key(branch.Name, "approvals", approvals?.Value.ToString())
                        .Report($"{branch.Describe()} {stated} {In(layer)}; policy asks for at least {branch.Policy.Approvals} ({branch.ConfigKey}.approvals)");
                }
            }

            if (branch.Policy.DismissStaleReviews && effective.DismissStaleReviews is not { Value: true })
            {
                var setting = effective.DismissStaleReviews;
                var layer = setting?.Layer ?? pr.Layer;
                context.At(Where(context, setting?.Location ?? pr.Location, branch, "dismiss-stale-reviews")).Related(Related(effective, layer)).About(Logical(branch.Name, "dismiss_stale_reviews")).Key(branch.Name, "dismiss-stale")
                    .Report($"{branch.Describe()} does not dismiss approvals when new commits are pushed {In(layer)}, so a pull request can change after it was approved; set {Key(layer, "dismiss_stale_reviews", "dismiss_stale_reviews_on_push")} to true ({branch.ConfigKey}.dismiss-stale-reviews)");
            }

            if (branch.Policy.CodeOwnerReviews && effective.CodeOwnerReviews is not { Value: true })
            {
                var setting = effective.CodeOwnerReviews;
                var layer = setting?.Layer ?? pr.Layer;
                context.At(Where(context, setting?.Location ?? pr.Location, branch, "code-owner-reviews")).Related(Related(effective, layer)).About(Logical(branch.Name, "require_code_owner_reviews")).Key(branch.Name, "code-owners")
                    .Report($"{branch.Describe()} does not require code-owner review {In(layer)}; policy asks for it ({branch.ConfigKey}.code-owner-reviews): set {Key(layer, "require_code_owner_reviews", "require_code_owner_review")} to true");
            }
        }
    }

    private static string Key(ProtectionLayer layer, string classic, string ruleset) => layer.Kind == ProtectionLayerKind.Classic ? classic : ruleset;

    private static string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
}
