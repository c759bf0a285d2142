using ReleaseLint.Engine;
using ReleaseLint.Rules.Discussions;
using ReleaseLint.Rules.Docs;
using ReleaseLint.Rules.Protection;
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
        new RL1002DeployTrigger(),
        new RL1003MutableDeployImage(),
        new RL1004UnpinnedAction(),
        new RL1005ExcessivePermissions(),
        new RL1006TemplateInjection(),
        new RL1007DangerousTrigger(),
        new RL1008UngatedDeploy(),
        new RL1009IntegrationTrigger(),
        new RL1010SecretExposure(),
        new RL2001ProtectionUnavailable(),
        new RL2002ReleaseBranchUnprotected(),
        new RL2003ReviewsRequired(),
        new RL2004StatusChecksRequired(),
        new RL2005ForcePushAllowed(),
        new RL2006DeletionAllowed(),
        new RL2007AdminBypass(),
        new RL2008IntegrationBranchUnprotected(),
        new RL2009ReleaseTagsUnprotected(),
        new RL2010RequiredCheckUnknown(),
        new RL3001TagFormat(),
        new RL3002LightweightTag(),
        new RL3003TagOffReleaseBranch(),
        new RL3004ReleaseBranchName(),
        new RL3005DirectCommitToRelease(),
        new RL3006TagDateMismatch(),
        new RL3007UntaggedRelease(),
        new RL3008TagPatternDrift(),
        new RL4001GuideMissing(),
        new RL4002GuideSectionMissing(),
        new RL4003BrokenLink(),
        new RL4004BrokenAnchor(),
        new RL4005UnknownWorkflowFile(),
        new RL4006UnknownWorkflowName(),
        new RL4007UnknownSecretOrVariable(),
        new RL4008PolicyDrift(),
        new RL5001UpdateFieldMissing(),
        new RL5002UpdatePlaceholder(),
        new RL5003UpdateUnknownRef(),
        new RL5004UpdateInvalidValue(),
        new RL5005RollbackIncomplete(),
        new RL5006DiscussionsUnavailable(),
    ];

    /// <summary>Descriptors of every built-in rule, engine rules (RL0xxx) first, in id order.</summary>
    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
        EngineRules.All.Concat(Create().Select(r => r.Descriptor)).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
}
