using ReleaseLint.Engine;
using ReleaseLint.Rules.Docs;
using ReleaseLint.Rules.History;
using ReleaseLint.Rules.Workflows;

namespace ReleaseLint.Rules;

/// <summary>The one list of built-in rules. A rule exists for the engine when, and only when, it is listed here.</summary>
public static class BuiltInRules
{
    /// <summary>Creates one instance of every built-in rule.</summary>
    public static IReadOnlyList<Rule> Create() =>
    [
        new RL1001WorkflowStructure(),
        new RL1004UnpinnedAction(),
        new RL3001TagFormat(),
        new RL3002LightweightTag(),
        new RL3003TagOffReleaseBranch(),
        new RL3004ReleaseBranchName(),
        new RL3005DirectCommitToRelease(),
        new RL3006TagDateMismatch(),
        new RL3007UntaggedRelease(),
        new RL3008TagPatternDrift(),
        new RL4003BrokenLink(),
        new RL4004BrokenAnchor(),
    ];

    /// <summary>Descriptors of every built-in rule, engine rules (RL0xxx) first, in id order.</summary>
    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
        EngineRules.All.Concat(Create().Select(r => r.Descriptor)).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
}
