using System.CodeDom.Compiler;
using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ReleaseLint.Tests.Architecture;

/// <summary>
/// No static mutable state in the product: a fact derived from one run's inputs must live in that run's
/// <see cref="Workspace"/> (<see cref="Workspace.Facts{T}"/>), never in a static field that a second run (a test, a
/// long-lived host) would see. Fails on a static field that is not read-only (auto-properties with a setter included),
/// and on a read-only one whose declared type is a mutable collection (an array, a <c>List</c>, a dictionary, a set, a
/// <see cref="ConditionalWeakTable{TKey,TValue}"/>…): declare those as read-only interfaces over frozen or immutable
/// collections instead.
/// </summary>
public sealed class StaticStateTests
{
    /// <summary>The product's assemblies (everything a run loads from this repository).</summary>
    public static IReadOnlyList<Assembly> ProductAssemblies { get; } =
    [
        typeof(Workspace).Assembly,                        // ReleaseLint.Core
        typeof(ReleaseLint.Rules.BuiltInRules).Assembly,               // ReleaseLint.Rules
        typeof(ReleaseLint.Git.LibGit2Repository).Assembly,            // ReleaseLint.Git
        typeof(ReleaseLint.GitHub.GitHubClient).Assembly,              // ReleaseLint.GitHub
        typeof(ReleaseLint.Scripting.CustomRuleLoader).Assembly,       // ReleaseLint.Scripting
        typeof(ReleaseLint.Sarif.SarifWriter).Assembly,                // ReleaseLint.Sarif
        typeof(ReleaseLint.Cli.ReleaseLintCli).Assembly,               // ReleaseLint.Cli
    ];

    [Fact]
    public void Product_assemblies_hold_no_static_mutable_state()
    {
        var offenders = ProductAssemblies.SelectMany(LoadableTypes)
            .Where(t => !IsGenerated(t))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsLiteral && MutableBecause(f) is not null)
            .Select(f => $"{f.DeclaringType!.FullName}.{f.Name}: {MutableBecause(f)}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(offenders.Count == 0, "static mutable state (keep per-run facts in Workspace.Facts<T>()):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_scan_finds_the_kinds_of_state_it_forbids()
    {
        var fields = typeof(Forbidden).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.All(fields, f => Assert.NotNull(MutableBecause(f)));
        Assert.Equal(6, fields.Length);
        var allowed = typeof(Allowed).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
        Assert.All(allowed.Where(f => !f.IsLiteral), f => Assert.Null(MutableBecause(f)));
    }

    /// <summary>
    /// The types of <paramref name="assembly"/> that load here: ReleaseLint.Scripting has types over MSBuild, which is
    /// found at run time (MSBuildLocator) and is not beside the tests; those types hold no fields of their own.
    /// </summary>
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t is not null)!; }
    }

    /// <summary>Why <paramref name="field"/> is mutable state, or null when it is not.</summary>
    private static string? MutableBecause(FieldInfo field)
    {
        if (!field.IsInitOnly) return "not read-only";
        var type = field.FieldType;
        if (type.IsArray) return "an array (its items can be replaced)";
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ConditionalWeakTable<,>)) return "a ConditionalWeakTable (a cache across runs)";
        if (type.IsInterface || type.IsValueType || type == typeof(string)) return null;
        if (type.Namespace is "System.Collections.Immutable" or "System.Collections.Frozen" || type.Name.StartsWith("ReadOnly", StringComparison.Ordinal)) return null;
        return type.GetInterfaces().Any(IsMutableCollectionInterface) ? $"a mutable collection ({type.Name})" : null;
    }

    private static bool IsMutableCollectionInterface(Type i) =>
        i == typeof(IList) || i == typeof(IDictionary) ||
        (i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(ICollection<>) || d == typeof(System.Collections.Concurrent.IProducerConsumerCollection<>)));

    private static bool IsGenerated(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), false) || type.IsDefined(typeof(GeneratedCodeAttribute), false) ||
        (type.DeclaringType is { } outer && IsGenerated(outer)) || type.Name.Contains('<', StringComparison.Ordinal);

#pragma warning disable CS0169, CS0649, IDE0044, IDE0051 // fields only read by reflection
    private static class Forbidden
    {
        private static int _counter;
        public static string? Current { get; set; }
        private static readonly List<string> Seen = [];
        private static readonly Dictionary<string, int> Counts = [];
        private static readonly string[] Names = ["a"];
        private static readonly ConditionalWeakTable<object, object> Cache = new();
    }

    private static class Allowed
    {
        private const int Limit = 3;
        private static readonly IReadOnlyList<string> Names = ["a"];
        private static readonly System.Collections.Frozen.FrozenSet<string> Set = System.Collections.Frozen.FrozenSet.ToFrozenSet(["a"]);
        private static readonly System.Text.RegularExpressions.Regex Pattern = new("a");
        private static readonly TimeSpan Delay = TimeSpan.Zero;
        private static readonly Lazy<string> Computed = new(() => "a");
        private static readonly System.Collections.ObjectModel.ReadOnlyCollection<string> Wrapped = new(["a"]);
    }
#pragma warning restore CS0169, CS0649, IDE0044, IDE0051
}
