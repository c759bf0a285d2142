using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ReleaseLint.Scripting;

/// <summary>Which framework assemblies custom rule files are compiled against.</summary>
public enum FrameworkReferences
{
    /// <summary>The SDK's reference pack when one matches the running runtime, else the runtime's own assemblies.</summary>
    Auto,
    /// <summary>The reference assemblies of <c>packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net&lt;major.minor&gt;</c> (needs the .NET SDK).</summary>
    ReferencePack,
    /// <summary>The implementation assemblies of the running shared framework (works with the runtime alone).</summary>
    Runtime,
}

/// <summary>
/// The assemblies custom rules are compiled against: the framework (reference pack, or the running runtime's
/// assemblies) and the rule API (ReleaseLint.Core, ReleaseLint.Rules and the libraries their public API
/// exposes). Built from file paths only: it loads no compiler, so computing a cache key stays cheap.
/// </summary>
public sealed class ReferenceSet
{
    /// <summary>The rule API assemblies, found beside ReleaseLint.Core.dll. Custom rules see what built-in rules see.</summary>
    public static readonly IReadOnlyList<string> ApiAssemblyNames = ["ReleaseLint.Core", "ReleaseLint.Rules", "Markdig", "YamlDotNet"];

    /// <summary>The framework's source generators that rule files may use (<c>[GeneratedRegex]</c>, JSON serialization contexts), as built-in rules do.</summary>
    public static readonly IReadOnlyList<string> GeneratorNames = ["System.Text.RegularExpressions.Generator", "System.Text.Json.SourceGeneration"];

    private readonly Lazy<IReadOnlyList<string>> _framework;
    private readonly string _frameworkMarker;

    private ReferenceSet(string frameworkSource, string frameworkMarker, Func<IReadOnlyList<string>> framework, IReadOnlyList<string> api, IReadOnlyList<string> generators)
    {
        FrameworkSource = frameworkSource;
        _frameworkMarker = frameworkMarker;
        _framework = new(framework);
        Api = api;
        Generators = generators;
    }

    /// <summary>Where the framework assemblies come from (a reference pack folder or the runtime folder).</summary>
    public string FrameworkSource { get; }
    /// <summary>Full paths of the framework assemblies (listed on first use: a cache hit never needs them).</summary>
    public IReadOnlyList<string> Framework => _framework.Value;
    /// <summary>Full paths of the rule API assemblies.</summary>
    public IReadOnlyList<string> Api { get; }
    /// <summary>Full paths of the source generators shipped with the reference pack (none with the runtime's assemblies).</summary>
    public IReadOnlyList<string> Generators { get; }
    /// <summary>Every reference.</summary>
    public IEnumerable<string> All => Framework.Concat(Api);
    /// <summary>The folder holding ReleaseLint.Core.dll (handed to rule packs as <c>$(ReleaseLintApiDirectory)</c>).</summary>
    public static string ApiDirectory => Path.GetDirectoryName(typeof(Rule).Assembly.Location)!;

    /// <summary>Finds the reference set for this process.</summary>
    public static ReferenceSet Find(FrameworkReferences kind = FrameworkReferences.Auto)
    {
        var api = ApiAssemblyNames.Select(n => Path.Combine(ApiDirectory, n + ".dll")).Where(File.Exists).ToList();
        if (kind != FrameworkReferences.Runtime && FindReferencePack() is { } pack)
        {
            // ref/net10.0 → ../../analyzers/dotnet/cs holds the framework's source generators.
            var analyzers = Path.GetFullPath(Path.Combine(pack, "..", "..", "analyzers", "dotnet", "cs"));
            var generators = GeneratorNames.Select(n => Path.Combine(analyzers, n + ".dll")).Where(File.Exists).ToList();
            return new ReferenceSet(pack, Path.Combine(pack, "System.Runtime.dll"),
                () => Directory.GetFiles(pack, "*.dll").Order(StringComparer.Ordinal).ToList(), api, generators);
        }
        if (kind == FrameworkReferences.ReferencePack)
            throw new InvalidOperationException("no reference pack (packs/Microsoft.NETCore.App.Ref) matches the running runtime; install the .NET SDK");
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        return new ReferenceSet(runtimeDir, typeof(object).Assembly.Location, () =>
        {
            // The trusted platform assemblies under the runtime folder are exactly its managed assemblies (no native files).
            var tpa = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            return tpa.Where(p => p.StartsWith(runtimeDir, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }, api, []);
    }

    /// <summary>
    /// <c>DOTNET_ROOT/packs/Microsoft.NETCore.App.Ref/X/ref/netM.m</c> for the highest X with the running runtime's
    /// major and minor version; null when the SDK (or that pack) is not installed.
    /// </summary>
    public static string? FindReferencePack()
    {
        // shared/Microsoft.NETCore.App/<version>/ → the dotnet root is three levels up.
        var runtimeDir = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
        var dotnetRoot = runtimeDir.Parent?.Parent?.Parent?.FullName;
        if (dotnetRoot is null) return null;
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs)) return null;
        var runtime = Environment.Version;
        var tfm = $"net{runtime.Major}.{runtime.Minor}";
        string? best = null;
        Version? bestVersion = null;
        foreach (var dir in Directory.EnumerateDirectories(packs))
        {
            var name = Path.GetFileName(dir);
            var dash = name.IndexOf('-');
            if (!Version.TryParse(dash < 0 ? name : name[..dash], out var version) || version.Major != runtime.Major || version.Minor != runtime.Minor) continue;
            var candidate = Path.Combine(dir, "ref", tfm);
            if ((bestVersion is null || version > bestVersion) && File.Exists(Path.Combine(candidate, "System.Runtime.dll")))
                (best, bestVersion) = (candidate, version);
        }
        return best;
    }

    /// <summary>The same set without the API assembly named <paramref name="assemblyName"/>.</summary>
    internal ReferenceSet Without(string assemblyName) =>
        new(FrameworkSource, _frameworkMarker, () => Framework, Api.Where(p => Path.GetFileNameWithoutExtension(p) != assemblyName).ToList(), Generators);

    /// <summary>
    /// A hash of the set, from paths, sizes and time stamps (no file is read). The framework counts by its folder
    /// and one marker file: reference packs and runtime folders are versioned and never change once installed.
    /// </summary>
    public string Identity()
    {
        var text = new StringBuilder(FrameworkSource).Append('\n');
        foreach (var path in Api.Prepend(_frameworkMarker).Concat(Generators))
        {
            var info = new FileInfo(path);
            text.Append(path).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
