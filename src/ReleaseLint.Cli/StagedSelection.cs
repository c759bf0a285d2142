using ReleaseLint.Policy;

namespace ReleaseLint.Cli;

/// <summary>
/// Which rules are worth running for <c>check --staged</c>. Only findings in staged files are reported, so a
/// rule runs when it reads a staged kind of file and reports in it: workflow rules for staged workflows,
/// docs and discussion rules for staged markdown, protection rules for staged protection files, and
/// RL3008 (tag filters in workflows and rulesets) for both of those. The history walk (RL3001–RL3007) is
/// not about staged files and stays out of the hook; a staged <c>.releaselint.yml</c> runs everything.
/// </summary>
public static class StagedSelection
{
    /// <summary>Rules outside the affected categories that still read and report in a staged kind of file.</summary>
    private static readonly IReadOnlySet<string> TagFilterRules = new HashSet<string>(StringComparer.Ordinal) { "RL3008" };

    /// <summary>A predicate that says whether a rule runs when <paramref name="changed"/> are staged.</summary>
    public static Func<RuleDescriptor, bool> Affected(IEnumerable<string> changed)
    {
        var categories = new HashSet<RuleCategory> { RuleCategory.Engine };
        var tagFilters = false;
        foreach (var path in changed)
        {
            if (PolicyLoader.ConfigFileNames.Contains(path)) return _ => true;
            if (Workspace.IsWorkflowPath(path) || Workspace.IsActionPath(path))
            {
                categories.UnionWith([RuleCategory.Workflows, RuleCategory.Custom]);
                tagFilters = true;
            }
            else if (Workspace.IsMarkdownPath(path))
                categories.UnionWith([RuleCategory.Docs, RuleCategory.Discussions, RuleCategory.Custom]);
            else if (path == "fly.toml" || path.EndsWith("/fly.toml", StringComparison.Ordinal))
                categories.UnionWith([RuleCategory.Workflows, RuleCategory.Custom]); // RL1003 reads the deployed image from fly.toml
            else if (path.StartsWith(".github/branch-protection/", StringComparison.Ordinal) || path.StartsWith(".github/rulesets/", StringComparison.Ordinal) || path == ".github/settings.yml")
            {
                categories.UnionWith([RuleCategory.Protection, RuleCategory.Custom]);
                tagFilters = true;
            }
            else
                categories.Add(RuleCategory.Custom);
        }
        return d => categories.Contains(d.Category) || (tagFilters && TagFilterRules.Contains(d.Id));
    }
}
