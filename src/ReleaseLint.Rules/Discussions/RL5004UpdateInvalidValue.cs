using System.Collections.Frozen;
using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.Rules.Discussions;

/// <summary>RL5004: a field of a deployment update holds a malformed value.</summary>
public sealed class RL5004UpdateInvalidValue : DiscussionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL5004", "update-invalid-value",
        "Deployment update field malformed",
        "A field of a deployment update holds a malformed value: a Fly.io release id not like v42, a validation with neither a URL (CI run, dashboard) nor a note of at least two words, or a deployed commit/tag that names neither a commit SHA nor a tag (a branch such as main moves and records nothing).",
        Severity.Warning, RuleCategory.Discussions, ["discussions", "deployments"])
    {
        Reads = RuleInputs.Discussions,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    private static readonly FrozenSet<string> MovingNames = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "HEAD", "latest", "main", "master", "live", "production", "prod", "trunk", "develop");

    /// <inheritdoc />
    protected override void CheckUpdate(RuleContext context, DeploymentUpdate update)
    {
        var post = update.Post;
        if (ReleaseIdField(context) is { } releaseName && update[releaseName] is { } release && UpdateValues.Placeholder(release.Entry.Value) is null &&
            !UpdateValues.HasFlyRelease(release.Entry.Value))
        {
            Report(context, update, post.Place(release.Entry.ValueOffset, release.Entry.ValueLength),
                $"field '{release.Name}' holds '{Short(release.PlainValue)}', which is not a Fly.io release id like 'v42' (see 'fly releases')", "release-id|" + release.PlainValue);
        }
        if (ValidationField(context) is { } validationName && update[validationName] is { } validation && UpdateValues.Placeholder(validation.Entry.Value) is null &&
            !UpdateValues.HasUrl(validation.Entry.Value) && !UpdateValues.IsNote(validation.PlainValue))
        {
            Report(context, update, post.Place(validation.Entry.ValueOffset, validation.Entry.ValueLength),
                $"field '{validation.Name}' holds '{Short(validation.PlainValue)}': give the CI run URL or a note of what was checked (smoke tests, dashboards)", "validation|" + validation.PlainValue);
        }
        if (RefField(context) is { } refName && update[refName] is { } deployed && UpdateValues.Placeholder(deployed.Entry.Value) is null)
        {
            var tokens = UpdateValues.Refs(deployed.Entry.Value, context.Workspace.GitHubRepository);
            var plain = deployed.PlainValue;
            bool Moving(string n) => MovingNames.Contains(n) || n == context.Policy.ReleaseBranch || n == context.Policy.IntegrationBranch;
            var place = post.Place(deployed.Entry.ValueOffset, deployed.Entry.ValueLength);
            var moving = tokens.Count == 0 ? (Moving(plain) ? plain : null)
                : tokens.All(t => !t.IsSha && Moving(t.Name)) ? tokens[0].Name : null;
            if (moving is not null)
                Report(context, update, place, $"field '{deployed.Name}' names '{moving}', which moves: record the commit SHA or release tag that was deployed", "ref|" + moving);
            else if (tokens.Count == 0)
                Report(context, update, place, $"field '{deployed.Name}' holds '{Short(plain)}', which names neither a commit SHA nor a tag", "ref|" + plain);
        }
    }

    private static string Short(string value) => value.Length > 60 ? value[..57] + "…" : value.ReplaceLineEndings(" ");
}
