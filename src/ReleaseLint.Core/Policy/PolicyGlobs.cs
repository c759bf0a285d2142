using ReleaseLint.Inputs.Files;

namespace ReleaseLint.Policy;

/// <summary>
/// The globs of a policy, compiled once per run (a <see cref="IWorkspaceFact{TSelf}"/>; <c>new PolicyGlobs(policy)</c>
/// outside a run): the action owners trusted with version tags, the configured deploy workflows and the discussion
/// post paths.
/// </summary>
public sealed class PolicyGlobs : IWorkspaceFact<PolicyGlobs>
{
    private readonly IReadOnlyList<Glob> _unpinned;
    private readonly IReadOnlyList<(string Path, Glob Glob)> _deploy;
    private readonly IReadOnlyList<Glob> _discussions;

    /// <summary>Compiles the globs of <paramref name="policy"/>.</summary>
    public PolicyGlobs(ReleasePolicy policy)
    {
        _unpinned = policy.AllowUnpinnedActions.Select(g => new Glob(g.Contains('/') ? g : g + "/*")).ToList();
        _deploy = policy.DeployWorkflows.Select(p => p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p.TrimStart('/'))
            .Select(p => (p, new Glob(p))).ToList();
        _discussions = policy.DiscussionPaths.Select(g => new Glob(g)).ToList();
    }

    /// <inheritdoc />
    static PolicyGlobs IWorkspaceFact<PolicyGlobs>.Compute(Workspace workspace) => new(workspace.Policy);

    /// <summary>Whether <c>owner/repo</c> may be referenced by a version tag (<c>actions.allow-unpinned</c>).</summary>
    public bool IsUnpinnedAllowed(string ownerRepo) => _unpinned.Any(g => g.IsExactMatch(ownerRepo));

    /// <summary>True when <c>deploy.workflows</c> names <paramref name="path"/> (a path or a glob).</summary>
    public bool IsDeployWorkflow(string path) =>
        _deploy.Any(d => string.Equals(d.Path, path, StringComparison.Ordinal) || d.Glob.IsExactMatch(path));

    /// <summary>True for a discussion post file (under <c>discussions.paths</c>).</summary>
    public bool IsDiscussionPost(string path) => _discussions.Any(g => g.IsMatch(path));
}
