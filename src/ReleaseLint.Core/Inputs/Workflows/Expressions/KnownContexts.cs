namespace ReleaseLint.Inputs.Workflows.Expressions;

/// <summary>Who controls the value of a context in an expression.</summary>
public enum ValueOrigin
{
    /// <summary>GitHub or the repository's maintainers set it, or its form cannot carry shell syntax (numbers, SHAs, ids, enumerations, logins).</summary>
    Safe,
    /// <summary>Whoever opens an issue, pull request, comment or commit can put arbitrary text there.</summary>
    AttackerControlled,
    /// <summary>The caller of a workflow or action chooses it (an untyped <c>inputs.*</c> value).</summary>
    CallerControlled,
    /// <summary>Depends on other values (<c>env.*</c>, <c>steps.*.outputs.*</c>, <c>needs.*.outputs.*</c>, <c>inputs.*</c>); the scope resolves it.</summary>
    Indirect,
}

/// <summary>
/// The known-safe list: which context paths can carry attacker-controlled text into a script. Everything under
/// <c>github.event</c> is treated as attacker-controlled text unless it is known to be safe: numbers, ids,
/// SHAs, timestamps, URLs GitHub builds, enumerations (<c>state</c>, <c>action</c>, <c>conclusion</c>), logins
/// (restricted to letters, digits and <c>-</c>), repository names, and refs that only people with write access
/// can create (<c>github.ref</c>, the base branch). This avoids the false positives template-injection linters
/// are known for (<c>github.event.pull_request.number</c>, <c>…head.sha</c>, <c>…base.sha</c>, <c>steps.x.outcome</c>).
/// </summary>
public static class KnownContexts
{
    /// <summary>Last path segments that always hold numbers, ids, SHAs, timestamps, URLs, booleans or enumerations.</summary>
    public static readonly IReadOnlySet<string> SafeLeaves = new HashSet<string>(StringComparer.Ordinal)
    {
        "number", "id", "node_id", "sha", "before", "after", "size", "login", "state", "action", "merged", "draft", "locked",
        "author_association", "created", "deleted", "forced", "url", "event", "status", "conclusion", "run_number", "run_attempt",
        "additions", "deletions", "changed_files", "comments", "review_comments", "position", "line", "original_line", "private",
        "fork", "visibility", "full_name", "schedule", "type", "timestamp", "mergeable", "rebaseable", "maintainer_can_modify",
        "distinct", "public", "site_admin", "permission", "head_sha", "base_sha", "merge_commit_sha", "after_sha",
    };

    /// <summary>Leaf suffixes of GitHub-generated values: <c>*_url</c>, <c>*_at</c>, <c>*_sha</c>, <c>*_id</c>, <c>*_count</c>.</summary>
    public static readonly IReadOnlyList<string> SafeLeafSuffixes = ["_url", "_at", "_sha", "_id", "_count", "_number"];

    /// <summary>Objects whose <c>name</c> is a login, a repository or a workflow name (restricted characters or maintainer-set).</summary>
    public static readonly IReadOnlySet<string> SafeNameParents = new HashSet<string>(StringComparer.Ordinal)
    {
        "repository", "repo", "head_repository", "owner", "organization", "workflow_run", "workflow", "pusher", "sender",
        "installation", "enterprise", "check_suite", "app",
    };

    /// <summary>Paths under <c>github.event</c> that are safe although their leaf is not in <see cref="SafeLeaves"/>.</summary>
    public static readonly IReadOnlySet<string> SafeEventPaths = new HashSet<string>(StringComparer.Ordinal)
    {
        "github.event.ref", "github.event.base_ref", "github.event.master_branch",
        "github.event.pull_request.base.ref", "github.event.pull_request.commits",
        "github.event.release.tag_name", "github.event.release.target_commitish", "github.event.release.prerelease",
        "github.event.workflow_run.path", "github.event.workflow.path", "github.event.check_run.name", "github.event.deployment.environment",
        "github.event.deployment_status.environment", "github.event.registry_package.package_version.version",
    };

    /// <summary>Contexts whose every property is set by GitHub, the runner or the maintainers.</summary>
    public static readonly IReadOnlySet<string> SafeContexts = new HashSet<string>(StringComparer.Ordinal)
    {
        "secrets", "vars", "runner", "job", "strategy", "matrix",
    };

    /// <summary>Classifies a lower-case context path as produced by <see cref="ExpressionNode.ContextPath()"/>.</summary>
    public static ValueOrigin Classify(string path)
    {
        var dot = path.IndexOf('.');
        var context = dot < 0 ? path : path[..dot];
        switch (context)
        {
            case "env" or "steps" or "needs" or "inputs":
                return ValueOrigin.Indirect;
            case "github":
                break;
            default:
                // secrets, vars, runner, job, strategy, matrix and unknown contexts (which GitHub rejects anyway)
                return ValueOrigin.Safe;
        }
        if (path == "github.head_ref") return ValueOrigin.AttackerControlled;
        if (path == "github" || path == "github.*") return ValueOrigin.AttackerControlled; // the whole context holds the event
        if (path != "github.event" && !path.StartsWith("github.event.", StringComparison.Ordinal)) return ValueOrigin.Safe;
        if (path.StartsWith("github.event.inputs.", StringComparison.Ordinal) || path == "github.event.inputs") return ValueOrigin.Indirect;
        if (path == "github.event") return ValueOrigin.AttackerControlled;
        if (SafeEventPaths.Contains(path)) return ValueOrigin.Safe;
        var segments = path.Split('.');
        if (segments.Length >= 3 && segments[2] == "repository") return ValueOrigin.Safe;
        var leaf = segments[^1];
        if (SafeLeaves.Contains(leaf)) return ValueOrigin.Safe;
        foreach (var suffix in SafeLeafSuffixes)
            if (leaf.EndsWith(suffix, StringComparison.Ordinal)) return ValueOrigin.Safe;
        if (leaf == "name" && segments.Length >= 2 && SafeNameParents.Contains(segments[^2])) return ValueOrigin.Safe;
        return ValueOrigin.AttackerControlled;
    }

    /// <summary>Functions whose result is a boolean or a hash: nothing of their arguments reaches the output.</summary>
    public static readonly IReadOnlySet<string> OpaqueFunctions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "contains", "startsWith", "endsWith", "success", "always", "failure", "cancelled", "hashFiles",
    };

    /// <summary>
    /// Actions whose outputs carry text from the event or the pull request (changed file names, branch names)
    /// whatever their inputs: <c>tj-actions/branch-names</c> (CVE-2023-49291), <c>tj-actions/changed-files</c>…
    /// </summary>
    public static readonly IReadOnlySet<string> AttackerTextOutputActions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "tj-actions/branch-names", "tj-actions/changed-files", "jitterbit/get-changed-files", "Ana06/get-changed-files",
        "lots0logs/gh-action-get-changed-files", "dorny/paths-filter",
    };
}
