using ReleaseLint.Policy;

namespace ReleaseLint.Cli;

/// <summary>Which rule families a set of staged files can affect (for <c>check --staged</c>).</summary>
public static class StagedSelection
{
    /// <summary>The categories of rules worth running when <paramref name="changed"/> are staged.</summary>
    public static IReadOnlySet<RuleCategory> Affected(IEnumerable<string> changed)
    {
        var set = new HashSet<RuleCategory> { RuleCategory.Engine };
        foreach (var path in changed)
        {
            if (PolicyLoader.ConfigFileNames.Contains(path))
                return Enum.GetValues<RuleCategory>().ToHashSet();
            if (Workspace.IsWorkflowPath(path) || Workspace.IsActionPath(path))
                set.UnionWith([RuleCategory.Workflows, RuleCategory.Protection, RuleCategory.Docs, RuleCategory.History, RuleCategory.Custom]);
            else if (Workspace.IsMarkdownPath(path))
                set.UnionWith([RuleCategory.Docs, RuleCategory.Discussions, RuleCategory.Custom]);
            else if (path == "fly.toml" || path.EndsWith("/fly.toml", StringComparison.Ordinal))
                set.UnionWith([RuleCategory.Workflows, RuleCategory.Custom]); // RL1003 reads the deployed image from fly.toml
            else if (path.StartsWith(".github/branch-protection/", StringComparison.Ordinal) || path.StartsWith(".github/rulesets/", StringComparison.Ordinal) || path == ".github/settings.yml")
                set.UnionWith([RuleCategory.Protection, RuleCategory.History, RuleCategory.Custom]);
            else
                set.Add(RuleCategory.Custom);
        }
        return set;
    }
}
