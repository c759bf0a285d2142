namespace ReleaseLint.Engine;

/// <summary>The RL0xxx rules: reported by the engine itself rather than by a rule class.</summary>
public static class EngineRules
{
    /// <summary>RL0001: <c>.releaselint.yml</c> is invalid.</summary>
    public static readonly RuleDescriptor InvalidConfig = new("RL0001", "invalid-config",
        "Invalid configuration",
        "The .releaselint.yml file is not valid YAML or breaks the configuration schema (an unknown key, a wrong type, an unknown severity). The finding points at the offending key; the key falls back to its default and the run goes on.",
        Severity.Error, RuleCategory.Engine, ["configuration"]);

    /// <summary>RL0002: a custom rule failed to compile.</summary>
    public static readonly RuleDescriptor CustomRuleCompileError = new("RL0002", "custom-rule-compile-error",
        "Custom rule does not compile",
        "A custom C# rule (custom-rules: in .releaselint.yml) failed to compile or to load: one result per compiler or build error, at the rule file's line and column; a missing or empty rules folder, a rule class without a parameterless constructor, or a rule id that is taken is reported at the custom-rules key. The other rules still run.",
        Severity.Error, RuleCategory.Engine, ["configuration", "custom-rules"]);

    /// <summary>RL0003: a rule threw or timed out.</summary>
    public static readonly RuleDescriptor RuleFailure = new("RL0003", "rule-failure",
        "Rule failed",
        "A rule threw an exception or ran past its time limit. The run goes on with the other rules; the finding says which rule failed on which input, so the result of this run is incomplete for that rule.",
        Severity.Error, RuleCategory.Engine, ["reliability"]);

    /// <summary>RL0004: an input cannot be read or parsed.</summary>
    public static readonly RuleDescriptor UnreadableInput = new("RL0004", "unreadable-input",
        "Input cannot be read",
        "A file that should be linted cannot be read or parsed: invalid YAML, binary content, an invalid encoding, a file over the size limit, nesting too deep or an alias explosion. The file is skipped; every other file is still linted.",
        Severity.Error, RuleCategory.Engine, ["reliability"]);

    /// <summary>RL0005: git history is incomplete.</summary>
    public static readonly RuleDescriptor PartialHistory = new("RL0005", "partial-history",
        "Git history incomplete",
        "The git history needed by the RL3xxx rules is incomplete in this copy of the repository (a shallow clone, a release or integration branch that was not fetched, tags that were not fetched, a repository git cannot read). The finding says which checks were skipped and the command that fetches what is missing. A branch that does not exist at all on a full clone is not missing history but a policy that does not fit: RL0007.",
        Severity.Warning, RuleCategory.Engine, ["git"]);

    /// <summary>RL0007: the policy names branches the repository does not have, or (with no configuration) the repository follows another process.</summary>
    public static readonly RuleDescriptor PolicyMismatch = new("RL0007", "policy-mismatch",
        "Policy does not fit the repository",
        "The policy names something this repository does not have at all, on a complete copy: a release or integration branch that exists neither locally nor on the remote (a full clone's remote had no such branch at its last fetch), so the history checks that need it judge nothing; or, with no .releaselint.yml, the repository plainly follows another process (no branch named like the default release branch, or none of its tags matches the default format). Said once, with what the repository has, instead of hundreds of findings against a policy it does not use; 'releaselint init' writes a configuration fitted to it. A branch that exists but was not fetched (a shallow or single-branch checkout) is RL0005.",
        Severity.Warning, RuleCategory.Engine, ["configuration", "git"]);

    /// <summary>RL0006: a suppression comment suppressed nothing.</summary>
    public static readonly RuleDescriptor UnusedSuppression = new("RL0006", "unused-suppression",
        "Suppression suppresses nothing",
        "A releaselint-disable comment suppressed no finding (the problem was fixed, or the id is wrong). Remove it so that stale suppressions do not hide future problems.",
        Severity.Note, RuleCategory.Engine, ["maintainability"])
    {
        Fix = new("delete the unused suppression comment (or only the unused rule ids)",
            "safe for workflow and docs rules, unsafe for rules that depend on history or the API"),
    };

    /// <summary>The engine descriptors that this build reports (each has its documentation page and fixtures).</summary>
    /// <remarks>Found by reflection over this class's public static descriptor fields, in id order: adding an engine rule is adding its field here (with its page and fixtures).</remarks>
    public static IReadOnlyList<RuleDescriptor> All { get; } =
        [.. typeof(EngineRules).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(RuleDescriptor))
            .Select(f => (RuleDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)];
}
