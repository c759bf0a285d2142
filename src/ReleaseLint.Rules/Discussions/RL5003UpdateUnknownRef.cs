using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.Rules.Discussions;

/// <summary>RL5003: the deployed commit or tag names nothing in the repository, or a commit not on the release branch.</summary>
public sealed class RL5003UpdateUnknownRef : DiscussionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL5003", "update-unknown-ref",
        "Deployed commit or tag unknown or off the release branch",
        "The deployed commit/tag of a deployment update names no tag or commit of the repository, names a commit that is not on the release branch, or names a tag and a commit that differ. Checked through the local git repository (a SHA, a tag, a commit or release-tag URL of this repository); skipped when the linted folder is not a git work tree root, in a shallow clone, or when the release branch is missing locally (RL0005 says so).",
        Severity.Error, RuleCategory.Discussions, ["discussions", "deployments", "history"])
    {
        Reads = RuleInputs.Discussions | RuleInputs.Git, // the deployed refs, resolved in the repository
        ReportsIn = RuleInputs.Discussions,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void CheckUpdate(RuleContext context, DeploymentUpdate update)
    {
        if (RefField(context) is not { } name || update[name] is not { } field) return;
        if (UpdateValues.Placeholder(field.Entry.Value) is not null) return; // RL5002
        var workspace = context.Workspace;
        if (!workspace.IsGitRoot || workspace.Git is not { } git || git.IsShallow) return;
        var release = context.Policy.ReleaseBranch;
        var resolved = new List<(UpdateValues.RefToken Token, string Sha)>();
        foreach (var token in UpdateValues.Refs(field.Entry.Value, workspace.GitHubRepository))
        {
            var place = update.Post.Place(field.Entry.ValueOffset + token.Index, token.Name.Length);
            var kind = token.IsSha ? "commit" : "tag";
            string? sha;
            if (token.IsSha) sha = git.ResolveCommit(token.Name);
            else
            {
                sha = git.ResolveCommit("refs/tags/" + token.Name);
                if (sha is null)
                {
                    if (git.ResolveCommit("refs/heads/" + token.Name) is not null || git.ResolveCommit("refs/remotes/origin/" + token.Name) is not null) continue; // a branch: RL5004
                    var asCommit = git.ResolveCommit(token.Name);
                    if (asCommit is not null) sha = asCommit;
                }
            }
            if (sha is null)
            {
                var what = token.IsSha ? $"no commit '{token.Name}' exists in the repository" : $"no tag '{token.Name}' exists in the repository (fetched with 'git fetch --tags'?)";
                Report(context, update, place, $"deployed {kind} '{token.Name}' names nothing: {what}", "unknown|" + token.Name, new LogicalLocation(kind, token.Name));
                continue;
            }
            resolved.Add((token, sha));
            if (git.IsReachableFrom(sha, release) == false)
                Report(context, update, place, $"deployed {kind} '{token.Name}' is not on the release branch '{release}'; production must run a commit of '{release}'",
                    "off-release|" + token.Name, new LogicalLocation("commit", sha));
        }
        var distinct = resolved.Select(r => r.Sha).Distinct().ToList();
        if (distinct.Count > 1)
        {
            var (first, second) = (resolved[0], resolved.First(r => r.Sha != resolved[0].Sha));
            Report(context, update, update.Post.Place(field.Entry.ValueOffset + second.Token.Index, second.Token.Name.Length),
                $"deployed commit/tag names two different commits: '{first.Token.Name}' is {first.Sha[..12]} but '{second.Token.Name}' is {second.Sha[..12]}",
                "mismatch|" + first.Token.Name + "|" + second.Token.Name, new LogicalLocation("commit", second.Sha));
        }
    }
}
