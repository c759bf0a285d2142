using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Protection;
using ReleaseLint.Policy;

namespace ReleaseLint.Engine;

/// <summary>
/// Which rules are worth running for <c>check --staged</c>. Only findings in staged files are reported, so a rule runs
/// when a staged file is one its findings land in: of a kind in its declared <see cref="RuleDescriptor.ReportsIn"/>, or
/// one of its <see cref="RuleDescriptor.ExtraFiles"/>. A rule that declares nothing (a custom rule) always runs; one
/// that reports only at policy locations (the history walk) never does, unless the configuration itself is staged,
/// which runs everything.
/// </summary>
public static class StagedSelection
{
    /// <summary>A predicate that says whether a rule runs when <paramref name="changed"/> are staged.</summary>
    public static Func<RuleDescriptor, bool> Affected(IEnumerable<string> changed)
    {
        var paths = changed.ToList();
        if (paths.Any(PolicyLoader.ConfigFileNames.Contains)) return _ => true;
        var kinds = paths.Aggregate(RuleInputs.None, (all, path) => all | KindOf(path));
        return d => d.ReportsIn is not { } reportsIn
            || (reportsIn & kinds) != 0
            || d.ExtraFiles.Any(pattern => paths.Any(new Glob(pattern).IsMatch));
    }

    /// <summary>The kind of input a repository path is.</summary>
    public static RuleInputs KindOf(string path)
    {
        if (Workspace.IsWorkflowPath(path)) return RuleInputs.Workflows;
        if (Workspace.IsActionPath(path)) return RuleInputs.Actions;
        if (Workspace.IsMarkdownPath(path)) return RuleInputs.Markdown | RuleInputs.Discussions;
        if (ProtectionModel.IsSourceFile(path)) return RuleInputs.Protection;
        return RuleInputs.None;
    }
}
