namespace ReleaseLint.Inputs.Workflows;

/// <summary>When workflows run for a branch.</summary>
public static class WorkflowTriggers
{
    /// <summary>Events whose runs report checks on a pull request into a branch.</summary>
    public static readonly IReadOnlyList<string> PullRequestEvents = ["pull_request", "pull_request_target", "merge_group"];

    /// <summary>
    /// True when <paramref name="workflow"/> runs for pull requests into <paramref name="branch"/> (<c>pull_request</c>,
    /// <c>pull_request_target</c>, <c>merge_group</c>) or, with <paramref name="includePush"/>, for pushes to it,
    /// honouring <c>branches</c> / <c>branches-ignore</c> filters (a push filtered to tags only does not count).
    /// </summary>
    public static bool RunsFor(WorkflowFile workflow, string branch, bool includePush = true)
    {
        foreach (var e in workflow.Events)
        {
            if (PullRequestEvents.Contains(e.Name))
            {
                if (e.BranchesPass(branch)) return true;
            }
            else if (includePush && e.Name == "push")
            {
                if (e.Branches is null && e.BranchesIgnore is null && (e.Tags is not null || e.TagsIgnore is not null)) continue;
                if (e.BranchesPass(branch)) return true;
            }
        }
        return false;
    }
}
