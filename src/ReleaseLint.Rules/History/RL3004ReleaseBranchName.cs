using ReleaseLint.Fixes;

namespace ReleaseLint.Rules.History;

/// <summary>RL3004: a release-candidate branch whose name breaks the policy pattern.</summary>
public sealed class RL3004ReleaseBranchName : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL3004", "release-branch-name",
        "Release-candidate branch name breaks the pattern",
        "A local or remote-tracking branch that starts like a release-candidate branch (release/ by default) but does not match branches.release-candidate, default release/{date}[-{n}] with the date as YYYY-MM-DD, YYYY.MM.DD or YYYYMMDD and a real calendar date: release/2025-13-40 and release/friday are reported. Release candidates are recognised by name when they are merged into the release branch (RL3005) and by operators reading the history.",
        Severity.Warning, RuleCategory.History, ["branches", "history"])
    {
        Reads = RuleInputs.History,
        History = HistoryNeeds.Repository,
        ReportsIn = RuleInputs.None,
        Fix = new("git commands to rename the branch to a name of the policy format", "printed, never run") { CommandsOnly = true },
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var history = context.Workspace.History;
        var format = history.CandidateFormat;
        var at = context.Workspace.RequirementLocation("branches.release-candidate", "release-candidates");
        foreach (var group in history.CandidateBranches.GroupBy(b => b.BranchName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = group.Key;
            var match = format.Match(name);
            if (match.Success) continue;
            var where = string.Join(" and ", group.Select(b => b.IsRemote ? $"'{b.Name}'" : "local").Distinct());
            var suggestion = match.Problem is null ? format.Suggest(name) : null;
            var reason = match.Problem is { } problem ? $": {problem}" : suggestion is { } s ? $"; did you mean '{s}'?" : $" (e.g. '{format.Examples().FirstOrDefault()}')";
            IReadOnlyList<Fix>? fixes = null;
            if (suggestion is not null && !history.CandidateBranches.Any(b => b.BranchName == suggestion))
            {
                var commands = new List<string>();
                if (group.Any(b => !b.IsRemote)) commands.Add(ShellCommand.Join("git", "branch", "-m", name, suggestion));
                foreach (var remote in group.Where(b => b.Remote is not null))
                    commands.Add(ShellCommand.Join("git", "push", remote.Remote!, $"refs/remotes/{remote.Name}:refs/heads/{suggestion}", ":refs/heads/" + name));
                if (commands.Count > 0) fixes = [Fix.WithCommands($"rename the branch to '{suggestion}'", commands)];
            }
            context.At(at).About("branch", name).Key("branch", name).Fix(fixes)
                .Report($"release-candidate branch '{name}' ({where}) does not match the pattern '{format.Text}'{reason}");
        }
    }
}
