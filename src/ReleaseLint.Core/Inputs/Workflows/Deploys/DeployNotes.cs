namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>The run summary's sentence about deploy jobs.</summary>
public static class DeployNotes
{
    /// <summary>
    /// How many deploy jobs were found, naming the first few, or that none was (so an empty deploy check is visible):
    /// then the ids of the deploy rules that ran (<paramref name="deployRules"/>, the rules tagged <c>deploy</c>) are named.
    /// </summary>
    public static string Summary(IReadOnlyList<DeployJobSummary> jobs, IReadOnlyList<string> deployRules)
    {
        if (jobs.Count == 0)
        {
            var idle = deployRules.Count switch
            {
                0 => "the deploy checks",
                1 => deployRules[0],
                _ => string.Join(", ", deployRules.Take(deployRules.Count - 1)) + " and " + deployRules[^1],
            };
            return $"no deploy job found (no job deploys or publishes in a way releaselint recognises): {idle} had nothing to judge; name deploy jobs with deploy.jobs if some were missed";
        }
        var names = jobs.Take(5).Select(j => $"{j.Workflow[(j.Workflow.LastIndexOf('/') + 1)..]}:{j.Job}");
        var more = jobs.Count > 5 ? $" and {jobs.Count - 5} more" : "";
        return $"{jobs.Count} deploy job{(jobs.Count == 1 ? "" : "s")} found by what they do: {string.Join(", ", names)}{more} (--format json lists them with the reason)";
    }
}
