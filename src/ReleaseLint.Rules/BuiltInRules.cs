using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using ReleaseLint.Engine;

namespace ReleaseLint.Rules;

/// <summary>
/// The built-in rules, found by reflection: every public, non-abstract class of this assembly that derives from
/// <see cref="Rule"/> and has a public parameterless constructor is a built-in rule. Adding a rule is adding its class
/// (with its documentation page and fixtures); there is no list to edit. The native build roots this assembly
/// (<c>TrimmerRootAssembly</c> in ReleaseLint.Native.csproj), so no rule class is trimmed away.
/// </summary>
public static class BuiltInRules
{
    /// <summary>The rule classes, in the catalogue's order (by rule id).</summary>
    private static readonly IReadOnlyList<Type> RuleTypes = Discover();

    // Loops, not lambdas: the trimming analysis reads these suppressions on the method that makes the calls.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The native build roots ReleaseLint.Rules (TrimmerRootAssembly), so every rule type and its constructor are kept.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "As above: the whole assembly is rooted.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "As above: the whole assembly is rooted.")]
    [UnconditionalSuppressMessage("Trimming", "IL2062", Justification = "As above: the whole assembly is rooted.")]
    [UnconditionalSuppressMessage("Trimming", "IL2065", Justification = "As above: the whole assembly is rooted.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "As above: the whole assembly is rooted.")]
    private static ImmutableArray<Type> Discover()
    {
        var found = new List<(Type Type, string Id)>();
        foreach (var t in typeof(BuiltInRules).Assembly.GetTypes())
        {
            if (t is not { IsClass: true, IsAbstract: false, IsPublic: true } || !typeof(Rule).IsAssignableFrom(t) || t.GetConstructor(Type.EmptyTypes) is null) continue;
            found.Add((t, ((Rule)Activator.CreateInstance(t)!).Descriptor.Id));
        }
        return [.. found.OrderBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Type)];
    }

    /// <summary>Creates one instance of every built-in rule, in id order.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "The native build roots ReleaseLint.Rules (TrimmerRootAssembly).")]
    [UnconditionalSuppressMessage("Trimming", "IL2062", Justification = "The native build roots ReleaseLint.Rules (TrimmerRootAssembly).")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The native build roots ReleaseLint.Rules (TrimmerRootAssembly).")]
    public static IReadOnlyList<Rule> Create()
    {
        var rules = new List<Rule>(RuleTypes.Count);
        foreach (var t in RuleTypes) rules.Add((Rule)Activator.CreateInstance(t)!);
        return rules;
    }

    /// <summary>Descriptors of every built-in rule, engine rules (RL0xxx) first, in id order.</summary>
    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } =
        EngineRules.All.Concat(Create().Select(r => r.Descriptor)).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
}
