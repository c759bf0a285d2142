namespace ReleaseLint.Rules.History;

/// <summary>RL3003: a release tag whose commit is not reachable from the release branch.</summary>
public sealed class RL3003TagOffReleaseBranch : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL3003", "tag-off-release-branch",
        "Release tag is not on the release branch",
        "A release tag whose commit is not reachable from the release branch (default live) or a maintenance branch (branches.maintenance): it names code that never reached production through the release process (a feature branch, a commit of main that was never promoted, an abandoned release candidate). Rolling back to it would deploy something that never ran. Not reported: pre-releases (-rc.1, b1, .dev0), tags before tags.since, tags whose commit has the tree of a commit on those branches or whose own commits are all there as the same patch (git cherry: cherry-picked, rebased, re-made), a release branch squash-merged into the release branch, and releases of lines whose branch was deleted (a patch release of an older line, a line's release that its later releases build on, a patch release that only backs out the release branch's next-version changes). A release of a line whose maintenance branch exists is judged against that branch only. Reachability is marked once for all branches, so this stays fast with thousands of tags; the equivalence checks run only for the tags that would be reported.",
        Severity.Error, RuleCategory.History, ["tags", "history"])
    {
        Reads = RuleInputs.History,
        History = HistoryNeeds.Tags | HistoryNeeds.FullHistory | HistoryNeeds.ReleaseBranch,
        ReportsIn = RuleInputs.None,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var history = context.Workspace.History;
        if (!history.CanCheckTags || !history.CanCheckReachability) return;
        var release = history.ReleaseBranch!.Name;
        var at = context.Workspace.RequirementLocation("branches.release", "tagging");
        var branches = history.MaintenanceConfigured ? $"the release branch '{release}' or a maintenance branch (branches.maintenance)" : $"the release branch '{release}'";
        foreach (var (tag, commit, lineBranches) in history.OffBranchTags())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (commit is not { } target)
            {
                context.At(at).About("tag", tag.Name).Key("tag", tag.Name)
                    .Report($"release tag '{tag.Name}' does not point at a commit; a release tag names the release commit on '{release}'");
                continue;
            }
            if (lineBranches is { Count: > 0 })
            {
                var names = string.Join(", ", lineBranches.Take(3).Select(b => $"'{b}'"));
                context.At(at).About("tag", tag.Name).About("commit", target.ToString()).Key("tag", tag.Name)
                    .Report($"release tag '{tag.Name}' points at commit {target.Short}, which is not on {names}, the maintenance branch of its line, and neither its tree nor its changes are there (git cherry; what '{release}' or another line holds does not count for a release of this line); tag the release commit on {names}, or delete the tag if that release never shipped");
                continue;
            }
            context.At(at).About("tag", tag.Name).About("commit", target.ToString()).Key("tag", tag.Name)
                .Report($"release tag '{tag.Name}' points at commit {target.Short}, which is not on {branches}, and neither its tree nor its changes are there (git cherry); tag the release commit that was merged into '{release}', or delete the tag if that release never shipped");
        }
    }
}
