using System.Reflection;
using System.Runtime.Loader;

namespace ReleaseLint.Scripting;

/// <summary>
/// A collectible load context for one custom rule set. The rule API (ReleaseLint.*, Markdig, YamlDotNet) and
/// the framework always come from the tool's own context, so rule classes derive from the very <see cref="Rule"/>
/// type the engine runs; a rule pack's other dependencies (its NuGet references) load here, from its build output.
/// </summary>
internal sealed class CustomRuleLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> HostAssemblies = new(() =>
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "";
        foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            names.Add(Path.GetFileNameWithoutExtension(path));
        foreach (var name in ReferenceSet.ApiAssemblyNames) names.Add(name);
        return names;
    });

    private readonly AssemblyDependencyResolver? _resolver;

    public CustomRuleLoadContext(string name, string? mainAssemblyPath) : base("releaselint-custom-rules:" + name, isCollectible: true)
    {
        if (mainAssemblyPath is not null) _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // null defers to the default context: one copy of the rule API and of the framework for everyone.
        if (assemblyName.Name is null || HostAssemblies.Value.Contains(assemblyName.Name)) return null;
        var path = _resolver?.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
