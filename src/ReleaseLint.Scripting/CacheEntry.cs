using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReleaseLint.Scripting;

/// <summary>A compiler or build error, kept in the cache so that an unchanged broken rule set is not compiled again either.</summary>
/// <param name="File">Path relative to the rules folder (with <c>/</c>), or null when the error has no place in it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column (UTF-16 code units).</param>
/// <param name="EndLine">Last line.</param>
/// <param name="EndColumn">Column just after the span.</param>
/// <param name="Code">The compiler's id (<c>CS1002</c>, <c>NU1101</c>, <c>MSB4025</c>).</param>
/// <param name="Message">The compiler's message.</param>
internal sealed record CompileError(string? File, int Line, int Column, int EndLine, int EndColumn, string Code, string Message);

/// <summary>Where a rule class is declared (relative to the rules folder), for findings about the class itself.</summary>
internal sealed record TypeOrigin(string File, int Line, int Column);

/// <summary>
/// What one cache entry holds: the compiled assembly's file name (relative to the entry folder) or the errors
/// that kept it from compiling, and where each rule class is declared.
/// </summary>
internal sealed record CacheManifest
{
    /// <summary>The assembly to load, relative to the entry folder; null when compilation failed.</summary>
    public string? Assembly { get; init; }
    /// <summary>Compiler or build errors (RL0002).</summary>
    public List<CompileError> Errors { get; init; } = [];
    /// <summary>Rule classes by <see cref="Type.FullName"/>.</summary>
    public Dictionary<string, TypeOrigin> Types { get; init; } = [];
    /// <summary>How long compiling took, for the summary note.</summary>
    public double CompileSeconds { get; init; }

    internal const string FileName = "manifest.json";

    public static CacheManifest? TryRead(string entryDirectory)
    {
        var path = Path.Combine(entryDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), ManifestJson.Default.CacheManifest);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null; // a damaged entry is a miss: it is compiled again and replaced
        }
    }

    public void Write(string entryDirectory) =>
        File.WriteAllBytes(Path.Combine(entryDirectory, FileName), JsonSerializer.SerializeToUtf8Bytes(this, ManifestJson.Default.CacheManifest));
}

[JsonSerializable(typeof(CacheManifest))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ManifestJson : JsonSerializerContext;
