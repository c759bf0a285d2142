using ReleaseLint.Inputs.Files;

namespace ReleaseLint.Policy;

/// <summary>
/// The globs of a policy, compiled once per run (a <see cref="IWorkspaceFact{TSelf}"/>; <c>new PolicyGlobs(policy)</c>
/// outside a run): the action owners trusted with version tags and the discussion
/// post paths.
/// </summary>
public sealed class PolicyGlobs : IWorkspaceFact<PolicyGlobs>
{
    private readonly IReadOnlyList<Glob> _unpinned;
    private readonly IReadOnlyList<Glob> _discussions;

    /// <summary>Compiles the globs of <paramref name="policy"/>.</summary>
    public PolicyGlobs(ReleasePolicy policy)
    {
        _unpinned = policy.AllowUnpinnedActions.Select(g => new Glob(g.Contains('/') ? g : g + "/*")).ToList();
        _discussions = policy.DiscussionPaths.Select(g => new Glob(g)).ToList();
    }

    /// <inheritdoc />
    static PolicyGlobs IWorkspaceFact<PolicyGlobs>.Compute(Workspace workspace) => new(workspace.Policy);

    /// <summary>Whether <c>owner/repo</c> may be referenced by a version tag (<c>actions.allow-unpinned</c>).</summary>
    public bool IsUnpinnedAllowed(string ownerRepo) => _unpinned.Any(g => g.IsExactMatch(ownerRepo));

    /// <summary>True for a discussion post file (under <c>discussions.paths</c>).</summary>
    public bool IsDiscussionPost(string path) => _discussions.Any(g => g.IsMatch(path));
}
