using ReleaseLint.Policy;
using System.CommandLine;
using ReleaseLint.Engine;
using ReleaseLint.Scripting;

namespace ReleaseLint.Cli;

/// <summary>
/// Custom rules as the commands use them: loaded from the <c>custom-rules:</c> folder unless switched off by
/// <c>--no-custom-rules</c> or <c>RELEASELINT_NO_CUSTOM_RULES</c> (for CI jobs that lint untrusted pull requests).
/// </summary>
public static class CustomRulesSwitch
{
    /// <summary>The environment variable's name.</summary>
    public const string EnvironmentVariable = "RELEASELINT_NO_CUSTOM_RULES";

    /// <summary>True when the variable is set to anything but empty, <c>0</c>, <c>false</c>, <c>no</c> or <c>off</c>.</summary>
    public static bool DisabledByEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToLowerInvariant() is { Length: > 0 } value
        && value is not ("0" or "false" or "no" or "off");

    /// <summary>The <c>--no-custom-rules</c> option.</summary>
    public static Option<bool> CreateOption() => new("--no-custom-rules")
    {
        Description = $"Do not compile or run the repository's custom C# rules (custom-rules: in .releaselint.yml); use it when linting untrusted pull requests. {EnvironmentVariable}=1 does the same.",
    };

    /// <summary>What a run gets: the rules (possibly none) and, when they were switched off, the sentence that says so.</summary>
    /// <param name="Rules">The loaded custom rules (dispose after the run).</param>
    /// <param name="Skipped">True when <c>custom-rules:</c> is configured but switched off.</param>
    /// <param name="Notes">Sentences for the summary.</param>
    public sealed record Loaded(CustomRuleSet Rules, bool Skipped, IReadOnlyList<string> Notes);

    /// <summary>Loads the custom rules of <paramref name="root"/> unless switched off (by the option or the environment).</summary>
    /// <param name="root">The linted root.</param>
    /// <param name="policy">The run's policy.</param>
    /// <param name="optionOff">True when <c>--no-custom-rules</c> was given.</param>
    /// <param name="ruleTimeout">The <c>--rule-timeout</c>, or null.</param>
    /// <param name="builtIns">The built-in rules of the run, whose ids and names custom rules may not take.</param>
    public static Loaded Load(string root, ReleasePolicy policy, bool optionOff, TimeSpan? ruleTimeout, IReadOnlyList<Rule> builtIns)
    {
        if (policy.CustomRules is null) return new Loaded(CustomRuleSet.Empty, false, []);
        if (optionOff || DisabledByEnvironment())
            return new Loaded(CustomRuleSet.Empty, true,
                [$"custom rules in '{policy.CustomRules}' were not run ({(optionOff ? "--no-custom-rules" : EnvironmentVariable)})"]);
        // The native build of the tool cannot compile or load assemblies: it hands the whole run to the managed build.
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
            throw new ManagedRuntimeRequiredException($"custom rules in '{policy.CustomRules}'");
        var rules = CustomRuleLoader.Load(new CustomRuleRequest
        {
            Root = root,
            Policy = policy,
            RuleTimeout = ruleTimeout,
            ReservedRules = [.. EngineRules.All, .. builtIns.Select(r => r.Descriptor)],
        });
        return new Loaded(rules, false, rules.Notes);
    }
}
