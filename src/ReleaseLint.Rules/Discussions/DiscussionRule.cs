using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.Rules.Discussions;

/// <summary>
/// A rule over deployment updates: every post of <see cref="Workspace.Discussions"/> that reads as a deployment update
/// (see <see cref="DeploymentUpdate.IsDeploymentUpdate"/>), each isolated so one bad post never hides the others.
/// </summary>
public abstract class DiscussionRule : Rule
{
    /// <inheritdoc />
    public sealed override void Check(RuleContext context)
    {
        foreach (var post in context.Workspace.Discussions.Posts)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.Isolate(post.Source == DiscussionPostSource.File ? post.Key : null, () =>
            {
                var update = DeploymentUpdate.Of(context.Workspace, post);
                if (update.IsDeploymentUpdate) CheckUpdate(context, update);
            });
        }
    }

    /// <summary>Checks one deployment update.</summary>
    protected abstract void CheckUpdate(RuleContext context, DeploymentUpdate update);

    /// <summary>Reports a finding at <paramref name="place"/>, naming the post in the message when the location does not show it.</summary>
    protected static void Report(RuleContext context, DeploymentUpdate update, PostPlace place, string message, string fingerprint, params LogicalLocation[] logical) =>
        context.At(place.Location).About([update.Post.Logical, .. logical]).Key(update.Post.Key, fingerprint).Report(message + place.Suffix);

    /// <summary>The policy field that holds the deployed commit or tag (named with "commit", "tag", "sha" or "ref").</summary>
    protected static string? RefField(RuleContext context) => FieldLike(context, "commit", "tag", "sha", "ref");

    /// <summary>The policy field that holds the platform's release id (named with "release id" or "release").</summary>
    protected static string? ReleaseIdField(RuleContext context) => FieldLike(context, "releaseid", "release");

    /// <summary>The policy field that holds the validation evidence.</summary>
    protected static string? ValidationField(RuleContext context) => FieldLike(context, "validation", "validated", "checks", "test");

    /// <summary>The policy field that holds the rollback status.</summary>
    protected static string? RollbackField(RuleContext context) => FieldLike(context, "rollback", "rolledback");

    private static string? FieldLike(RuleContext context, params string[] words)
    {
        foreach (var word in words)
            foreach (var field in context.Policy.DiscussionFields)
                if (DeploymentUpdate.NormalizeLabel(field).Contains(word, StringComparison.Ordinal)) return field;
        return null;
    }
}
