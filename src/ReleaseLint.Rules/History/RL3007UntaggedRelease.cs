using ReleaseLint.Fixes;

namespace ReleaseLint.Rules.History;

/// <summary>RL3007: the release branch tip carries no release tag.</summary>
public sealed class RL3007UntaggedRelease : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL3007", "untagged-release",
        "Production commit has no release tag",
        "The tip of the release branch (what production runs) carries no release tag, so the next rollback has no 'last known good tag' to return to. When the tip is a merge of a release-candidate branch, a tag on the merge's second parent counts (the guide tags the release commit, then merges it). A lightweight tag counts here; RL3002 reports it separately. Only where a branch mirrors production: not on a trunk (release branch = integration branch, whose tip is development), and not while a release is in progress (the tip is also the tip of a release-candidate or maintenance branch that still exists, as when the release branch is reset to the candidate or backport branch and tagged after publishing).",
        Severity.Warning, RuleCategory.History, ["tags", "history"])
    {
        Reads = RuleInputs.History,
        History = HistoryNeeds.Tags | HistoryNeeds.ReleaseBranch,
        ReportsIn = RuleInputs.None,
        Fix = new("git commands to tag the release commit", "printed, never run") { CommandsOnly = true },
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var history = context.Workspace.History;
        if (!history.CanCheckTip || history.IsTrunk) return;
        var tip = history.ReleaseTip!;
        var release = history.ReleaseBranch!.Name;
        // a release in progress: the release branch was reset to a candidate or backport branch, not yet tagged
        if (history.CandidateBranches.Any(b => b.Tip == tip.Id) || history.MaintenanceBranches.Any(b => b.Tip == tip.Id)) return;
        var candidates = history.TagsOn(tip.Id).ToList();
        if (tip.IsMerge && history.CandidateMergeSource(tip) is not null) candidates.AddRange(history.TagsOn(tip.Parents[1]));
        var releaseTags = candidates.Where(t => history.TagFormat.Match(t.Name).Success).ToList();
        if (releaseTags.Count > 0) return;
        var malformed = candidates.Where(t => history.TagFormat.LooksLikeAttempt(t.Name)).Select(t => $"'{t.Name}'").ToList();
        var note = malformed.Count > 0 ? $" (it carries {string.Join(", ", malformed)}, which does not match the tag format {history.TagFormat.Describe()})" : "";
        var name = history.TagFormat.Render(DateOnly.FromDateTime(tip.CommitDate.DateTime)) is { Length: > 0 } rendered ? rendered : "<tag>";
        var target = tip.IsMerge && history.CandidateMergeSource(tip) is not null ? tip.Parents[1] : tip.Id;
        var subject = tip.Subject.Length > 72 ? tip.Subject[..69] + "..." : tip.Subject;
        IReadOnlyList<Fix>? fixes = name == "<tag>" || history.ReleaseTags.Any(t => t.Name == name) ? null :
            [Fix.WithCommands($"tag the release commit {target.Short} as '{name}' and push the tag",
                ShellCommand.Join("git", "tag", "-a", name, target.ToString(), "-m", "Release " + name),
                ShellCommand.Join("git", "push", "origin", "refs/tags/" + name))];
        context.At(context.Workspace.RequirementLocation("branches.release", "tagging")).About("branch", release).About("commit", tip.Id.ToString()).Key("tip", tip.Id.ToString()).Fix(fixes)
            .Report($"the tip of the release branch '{release}' (commit {tip.Id.Short} '{subject}') carries no release tag{note}, so there is no known good tag to roll back to; tag the release commit: git tag -a {name} {target.Short} -m \"Release {name}\"");
    }
}
