namespace ReleaseLint.Rules.Workflows;

/// <summary>What GitHub Actions accepts in a workflow file: events, keys and permission scopes.</summary>
public static class GitHubActionsSchema
{
    /// <summary>Every event a workflow's <c>on:</c> may name.</summary>
    public static readonly IReadOnlySet<string> Events = new HashSet<string>(StringComparer.Ordinal)
    {
        "branch_protection_rule", "check_run", "check_suite", "create", "delete", "deployment", "deployment_status",
        "discussion", "discussion_comment", "fork", "gollum", "image_version", "issue_comment", "issues", "label",
        "merge_group", "milestone", "page_build", "project", "project_card", "project_column", "public",
        "pull_request", "pull_request_review", "pull_request_review_comment", "pull_request_target", "push",
        "registry_package", "release", "repository_dispatch", "schedule", "status", "watch", "workflow_call",
        "workflow_dispatch", "workflow_run",
    };

    /// <summary>Keys allowed at the top of a workflow.</summary>
    public static readonly IReadOnlySet<string> WorkflowKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs",
    };

    /// <summary>Permission scopes of the <c>GITHUB_TOKEN</c> a workflow may set, with the levels each accepts.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> PermissionScopes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["actions"] = ["read", "write", "none"],
        ["artifact-metadata"] = ["read", "write", "none"], // 2025; in the Actions workflow parser's Permissions
        ["attestations"] = ["read", "write", "none"],
        ["checks"] = ["read", "write", "none"],
        ["code-quality"] = ["read", "write", "none"], // GitHub Code Quality (2025); Homebrew/brew's CI grants it
        ["contents"] = ["read", "write", "none"],
        ["deployments"] = ["read", "write", "none"],
        ["discussions"] = ["read", "write", "none"],
        ["id-token"] = ["read", "write", "none"],
        ["issues"] = ["read", "write", "none"],
        ["models"] = ["read", "none"],
        ["packages"] = ["read", "write", "none"],
        ["pages"] = ["read", "write", "none"],
        ["pull-requests"] = ["read", "write", "none"],
        ["repository-projects"] = ["read", "write", "none"],
        ["security-events"] = ["read", "write", "none"],
        ["statuses"] = ["read", "write", "none"],
    };

    /// <summary>Shorthand values of <c>permissions:</c>.</summary>
    public static readonly IReadOnlySet<string> PermissionShorthands = new HashSet<string>(StringComparer.Ordinal) { "read-all", "write-all" };
}
