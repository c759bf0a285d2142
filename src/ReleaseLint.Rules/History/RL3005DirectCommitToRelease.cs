using ReleaseLint.Inputs.Git;

namespace ReleaseLint.Rules.History;

/// <summary>RL3005: a commit on the release branch that did not come from the integration branch or a release candidate.</summary>
public sealed class RL3005DirectCommitToRelease : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL3005", "direct-commit-to-release",
        "Commit bypassed the release process",
        "A commit on the release branch (default live) that is not reachable from the integration branch (main) and did not arrive through a release-candidate merge: a hotfix pushed straight to live, or a merge of some other branch into it. Allowed: merges whose second parent is a release-candidate tip (recognised by branch tip or by the merge message, e.g. Merge branch 'release/2025-03-10' or Merge pull request #12 from owner/release/2025-03-10), everything those merges bring in, commits reachable from a release-candidate or maintenance branch (a release branch reset to its backport branch), commits whose change is on the integration branch as the same patch (git cherry: cherry-picked backports), commits dated before tags.since, and reverts of earlier release commits (git revert on live is the guide's rollback). Commits are classified from the marks of one revision walk, never by a merge-base query per commit; patch ids are computed only for the commits that would be reported.",
        Severity.Error, RuleCategory.History, ["history", "branches"])
    {
        Reads = RuleInputs.History,
        History = HistoryNeeds.FullHistory | HistoryNeeds.ReleaseBranch | HistoryNeeds.IntegrationBranch,
        ReportsIn = RuleInputs.None,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var history = context.Workspace.History;
        if (!history.CanCheckReleaseCommits) return;
        var release = history.ReleaseBranch!.Name;
        var integration = history.IntegrationBranch!.Name;
        var at = context.Workspace.RequirementLocation("branches.release", "release-branch-content");
        var reported = new List<(GitCommit Commit, string Message)>();
        foreach (var item in history.ReleaseOnlyCommits)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (item.ArrivedThrough is not null) continue; // judged with the merge that brought it in
            var commit = item.Commit;
            if (history.IsBeforeSince(commit.CommitDate)) continue;
            // reset or fast-forwarded from a backport or candidate branch: its commits arrived through that branch
            if (history.IsOnMaintenanceBranch(commit.Id) || history.IsOnCandidateBranch(commit.Id)) continue;
            var subject = Quote(commit.Subject);
            string message;
            if (commit.IsMerge)
            {
                if (history.CandidateMergeSource(commit) is not null) continue;
                var candidates = history.HasCandidates ? $"a release-candidate branch ({history.CandidateFormat.Text})" : "a release-candidate branch (the policy has none: branches.release-candidate is null)";
                message = $"merge commit {commit.Id.Short} {subject} on the release branch '{release}' does not merge {candidates}; '{release}' receives only release-candidate merges of commits already on '{integration}'";
            }
            else
            {
                if (HistoryFacts.RevertedCommit(commit) is { } reverted && reverted != commit.Id && history.IsOnReleaseBranch(reverted) == true) continue;
                message = $"commit {commit.Id.Short} {subject} was committed straight to the release branch '{release}': it is not on '{integration}' (not even as the same patch) and did not come through a release-candidate merge; land the change on '{integration}' and promote it through a release-candidate branch";
            }
            reported.Add((commit, message));
        }
        // cherry-picked backports: the same change is on the integration branch (patch ids only for these commits)
        var equivalent = history.EquivalentOnIntegration(reported.Where(r => !r.Commit.IsMerge).Select(r => r.Commit.Id).ToList());
        foreach (var (commit, message) in reported)
        {
            if (equivalent.ContainsKey(commit.Id)) continue;
            context.At(at).About("commit", commit.Id.ToString()).About("branch", release).Key("commit", commit.Id.ToString())
                .Report(message);
        }
    }

    private static string Quote(string subject) => "'" + (subject.Length > 72 ? subject[..69] + "..." : subject) + "'";
}
