using ReleaseLint.Policy;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>
/// Checks the <c>deploy:</c> keys against the repository: a <c>deploy.workflows</c> path, or the workflow of a
/// <c>deploy.jobs</c> / <c>deploy.ignore</c> entry, that names no existing workflow (and has no wildcard) is a
/// configuration problem (RL0001) at the key, so a stale name does not switch deploy checks off silently; so is a job
/// that the named workflow does not have.
/// </summary>
public static class DeployConfigCheck
{
    /// <summary>The problems of the workspace's <c>deploy:</c> keys (none when they are not configured).</summary>
    public static IReadOnlyList<ConfigProblem> Problems(Workspace workspace)
    {
        var policy = workspace.Policy;
        var problems = new List<ConfigProblem>();
        if (policy.DeployWorkflows.Count + policy.DeployJobs.Count + policy.DeployIgnore.Count == 0) return problems;
        var paths = workspace.Files.Files.Where(Workspace.IsWorkflowPath).ToList();
        foreach (var (key, entries, hasJob) in new[] { ("deploy.workflows", policy.DeployWorkflows, false), ("deploy.jobs", policy.DeployJobs, true), ("deploy.ignore", policy.DeployIgnore, true) })
        {
            if (entries.Count == 0) continue;
            var at = policy.KeyLocations.TryGetValue(key, out var location) ? location : workspace.FallbackLocation();
            foreach (var entry in entries)
            {
                var colon = hasJob ? entry.LastIndexOf(':') : -1;
                var workflowPart = colon < 0 ? entry : entry[..colon];
                var jobPart = colon < 0 ? null : entry[(colon + 1)..];
                if (HasWildcard(workflowPart)) continue;
                var matches = paths.Where(p => DeployFinder.WorkflowMatches(workflowPart, p)).ToList();
                if (matches.Count == 0)
                {
                    problems.Add(new ConfigProblem($"'{key}' names '{entry}', but no workflow '{workflowPart}' exists under .github/workflows/; fix the name or remove the entry", at));
                    continue;
                }
                if (jobPart is null || HasWildcard(jobPart)) continue;
                var workflows = workspace.Workflows.Where(w => matches.Contains(w.Path)).ToList();
                if (workflows.Count > 0 && workflows.All(w => w.Job(jobPart) is null))
                    problems.Add(new ConfigProblem($"'{key}' names '{entry}', but {workflows[0].Path} has no job '{jobPart}'; fix the name or remove the entry", at));
            }
        }
        return problems;
    }

    private static bool HasWildcard(string pattern) => pattern.IndexOfAny(['*', '?', '[', '{']) >= 0;
}
