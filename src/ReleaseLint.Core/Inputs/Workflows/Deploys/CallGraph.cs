using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>A job that calls a reusable workflow of this repository.</summary>
/// <param name="Caller">The calling workflow.</param>
/// <param name="Job">The calling job (<c>uses: ./.github/workflows/x.yml</c>).</param>
/// <param name="Callee">The called workflow.</param>
/// <param name="NotProductionBecause">Why this call does not deploy production (it passes a preview, dev or dry-run input), or null.</param>
public sealed record CallSite(WorkflowFile Caller, WorkflowJob Job, WorkflowFile Callee, string? NotProductionBecause)
{
    /// <summary>True when the call deploys to production when the callee does.</summary>
    public bool IsProduction => NotProductionBecause is null;
}

/// <summary>
/// The calls between the repository's workflows (<c>uses: ./.github/workflows/x.yml</c>, also written
/// <c>$/.github/workflows/x.yml</c>), so that a called workflow is judged in its callers' context: their triggers, their
/// <c>if:</c>, the inputs they pass, their <c>concurrency:</c> and <c>permissions:</c>.
/// </summary>
public sealed class CallGraph
{
    private readonly Dictionary<string, List<CallSite>> _callers = new(StringComparer.Ordinal);

    /// <summary>Builds the graph of <paramref name="workflows"/>.</summary>
    public CallGraph(IReadOnlyList<WorkflowFile> workflows)
    {
        var byPath = workflows.ToDictionary(w => w.Path, StringComparer.Ordinal);
        foreach (var caller in workflows)
            foreach (var job in caller.Jobs)
            {
                if (CalledPath(job) is not { } path || !byPath.TryGetValue(path, out var callee)) continue;
                var site = new CallSite(caller, job, callee, NonProductionInputs(job));
                (_callers.TryGetValue(path, out var list) ? list : _callers[path] = []).Add(site);
            }
    }

    /// <summary>The calls of the workflow at <paramref name="path"/>.</summary>
    public IReadOnlyList<CallSite> CallersOf(string path) => _callers.TryGetValue(path, out var list) ? list : [];

    /// <summary>The repository-relative path a job calls (<c>./x</c> or <c>$/x</c>), or null when it calls nothing local.</summary>
    public static string? CalledPath(WorkflowJob job)
    {
        if (job.Uses is not { } uses) return null;
        var value = uses.Value.Trim();
        if (value.StartsWith("$/", StringComparison.Ordinal)) value = "." + value[1..];
        if (!value.StartsWith("./", StringComparison.Ordinal)) return null;
        var at = value.IndexOf('@');
        if (at >= 0) value = value[..at];
        return DeployDetection.LocalPath(value);
    }

    private static readonly System.Collections.Frozen.FrozenSet<string> SwitchWords = System.Collections.Frozen.FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "dev", "preview", "staging", "stage", "test", "dry", "dryrun", "snapshot", "canary", "pr"
    ]);

    /// <summary>
    /// Why a call passes inputs that make the called deploy a non-production one: an input named like a preview or
    /// dry-run switch (<c>push-dev</c>, <c>dry-run</c>, <c>preview</c>) that is not false, or an input whose value names a
    /// staging, preview or test target (<c>environment: staging</c>); null when nothing says so.
    /// </summary>
    public static string? NonProductionInputs(WorkflowJob job)
    {
        if (job.With is not { } with) return null;
        foreach (var entry in with.Entries)
        {
            if (entry.Value is not YamlScalar value) continue;
            var text = value.Value.Trim();
            var words = System.Text.RegularExpressions.Regex.Matches(entry.KeyText, "[A-Za-z0-9]+").Select(m => m.Value).ToList();
            var isFalse = text.Length == 0 || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "''" || text == "0";
            var isSwitch = words.Any(SwitchWords.Contains) && (words.All(w => SwitchWords.Contains(w) || w.Equals("run", StringComparison.OrdinalIgnoreCase) || w.Equals("mode", StringComparison.OrdinalIgnoreCase))
                || words.Any(w => w.ToLowerInvariant() is "push" or "deploy" or "publish" or "release" or "upload"));
            if (isSwitch && !isFalse)
                return $"it passes '{entry.KeyText}: {text}'";
            if (!text.Contains("${{", StringComparison.Ordinal) && DeploySignals.NonProduction(text) is { } np)
                return $"it passes '{entry.KeyText}: {text}' ({np.Why})";
        }
        return null;
    }
}
