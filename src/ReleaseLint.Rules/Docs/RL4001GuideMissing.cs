namespace ReleaseLint.Rules.Docs;

/// <summary>RL4001: the release operations guide that policy names does not exist.</summary>
public sealed class RL4001GuideMissing : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4001", "guide-missing",
        "Release operations guide is missing",
        "The release operations guide that policy names (docs.guide, default docs/communications/live-branch.md) does not exist. The guide is where operators look during a release or a rollback. Judged only when the guide is named explicitly (docs.guide in .releaselint.yml) or the release process is in use (the guide's deploy workflow, docs.guide-deploy-workflows, by default .github/workflows/fly-deploy.yml, or one that deploy.workflows names, exists).",
        Severity.Error, RuleCategory.Docs, ["docs", "policy"])
    {
        Reads = RuleInputs.Markdown, // the guide
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var workspace = context.Workspace;
        var policy = workspace.Policy;
        if (policy.Guide is null || workspace.Files.Contains(policy.Guide)) return; // docs.guide: null says there is none
        // The guide is asked for when it is named explicitly (docs.guide), or when the release process is in use (one of the
        // guide's deploy workflow, docs.guide-deploy-workflows, or one named in deploy.workflows exists). A repository that has neither, even with a .releaselint.yml for other
        // settings (custom rules, severities), is not told to write a guide.
        if (!policy.KeyLocations.ContainsKey("docs.guide") && !policy.DeployWorkflows.Concat(policy.GuideDeployWorkflows).Any(workspace.Files.Contains)) return;
        var location = workspace.RequirementLocation("docs.guide");
        var name = policy.Guide[(policy.Guide.LastIndexOf('/') + 1)..];
        string hint;
        if (workspace.PathExists(policy.Guide)) hint = $"; '{policy.Guide}' is ignored (.gitignore or ignore:), so it is not part of what is checked";
        else
        {
            var moved = workspace.Files.Files.FirstOrDefault(f => string.Equals(f[(f.LastIndexOf('/') + 1)..], name, StringComparison.OrdinalIgnoreCase));
            hint = moved is not null
                ? $"; a file of that name is at '{moved}': move it back or set docs.guide: {moved}"
                : "; write the guide (purpose of the release branch, promotion, rollback, expectations) or set docs.guide to where it is";
        }
        context.At(location).About("file", policy.Guide).Key("guide", policy.Guide)
            .Report($"the release operations guide '{policy.Guide}' (docs.guide) does not exist{hint}");
    }
}
