using ReleaseLint.Fixes;

namespace ReleaseLint.Rules.History;

/// <summary>RL3002: a release tag that is not annotated.</summary>
public sealed class RL3002LightweightTag : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL3002", "lightweight-tag",
        "Release tag is not annotated",
        "A release tag that is a lightweight tag (a bare ref to a commit) instead of an annotated tag. An annotated tag records who tagged the release, when and why, is what 'git describe' uses by default, and can be signed; a lightweight tag is just a movable name. Applies when tags.annotated is true (the default), to tags since tags.since. Fixing a published tag means replacing it (force-push): clones that fetched it keep the old one until they fetch with --force, so the message says so and points at tags.since for history that predates the practice.",
        Severity.Warning, RuleCategory.History, ["tags", "history"])
    {
        Reads = RuleInputs.History,
        History = HistoryNeeds.Tags,
        ReportsIn = RuleInputs.None,
        Fix = new("git commands to re-create the tag as an annotated tag", "printed, never run") { CommandsOnly = true },
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var history = context.Workspace.History;
        if (!context.Policy.TagsAnnotated || !history.CanCheckTags) return;
        var at = context.Workspace.RequirementLocation("tags.annotated", "tagging");
        foreach (var tag in history.ReleaseTags)
        {
            if (tag.IsAnnotated) continue;
            var commit = tag.Target is { } t ? t.Short : "<commit>";
            IReadOnlyList<Fix>? fixes = tag.Target is { } target
                ? [Fix.WithCommands($"recreate '{tag.Name}' as an annotated tag on the same commit and push it (replaces a published tag: clones keep the old one until 'git fetch --tags --force')",
                    ShellCommand.Join("git", "tag", "-a", "-f", tag.Name, target.ToString(), "-m", "Release " + tag.Name),
                    ShellCommand.Join("git", "push", "--force", "origin", "refs/tags/" + tag.Name))]
                : null;
            context.At(at).About("tag", tag.Name).Key("tag", tag.Name).Fix(fixes)
                .Report($"release tag '{tag.Name}' is a lightweight tag; release tags must be annotated (tags.annotated). Fixing it replaces a published tag ('git tag -a -f {tag.Name} {commit} -m \"Release {tag.Name}\"', then 'git push --force origin {tag.Name}'), and clones that fetched it keep the lightweight one until they run 'git fetch --tags --force'; if it predates the current practice, set tags.since to the first tag that follows it instead");
        }
    }
}
