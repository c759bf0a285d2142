using System.Security.Cryptography;
using System.Text;

namespace ReleaseLint.Scripting;

/// <summary>
/// The on-disk cache of compiled rule sets: <c>&lt;cache&gt;/custom-rules/&lt;key&gt;/</c>, where the key hashes the rule
/// sources (paths and contents), the tool (its version and the identity of its own assemblies, which covers the
/// compiler it ships) and the reference set. An entry is written in a temporary folder and renamed into place,
/// so a reader never sees half of one and two runs racing on the same key are harmless.
/// </summary>
public static class RuleCache
{
    /// <summary>The compiler version this build ships (a constant: naming a Roslyn type here would load Roslyn).</summary>
    public const string CompilerVersion = "Microsoft.CodeAnalysis.CSharp 5.12.0";

    /// <summary>Entries unused for this long are removed when a new entry is written.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    /// <summary>
    /// The cache root: <c>RELEASELINT_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/releaselint</c>, else
    /// <c>~/.cache/releaselint</c> (the local application data folder on Windows).
    /// </summary>
    public static string DefaultDirectory() => Engine.CacheDirectory.Default();

    /// <summary>
    /// The tool's identity: the module ids of the scripting and rule API assemblies (new with every build that changes
    /// them, so they stand for the tool's version and the compiler it ships), the compiler version and the runtime's.
    /// </summary>
    public static string ToolIdentity() =>
        $"{typeof(RuleCache).Assembly.ManifestModule.ModuleVersionId}|{typeof(Rule).Assembly.ManifestModule.ModuleVersionId}|{CompilerVersion}|{Environment.Version}";

    /// <summary>The largest file of a custom-rules folder that is read (rule sources, project files, resources).</summary>
    public const long MaxInputBytes = 16 * 1024 * 1024;

    /// <summary>The key of a rule set: a hash of <paramref name="kind"/>, the tool, the references and every file (relative path and bytes).</summary>
    public static string Key(string kind, string referenceIdentity, string folder, IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        Add("releaselint-custom-rules/v1");
        Add(kind);
        Add(ToolIdentity());
        Add(referenceIdentity);
        foreach (var file in files)
        {
            Add(Path.GetRelativePath(folder, file).Replace('\\', '/'));
            var bytes = Inputs.Files.SafeFile.ReadNamed(file, MaxInputBytes, out var failure)
                ?? throw new IOException($"'{Path.GetRelativePath(folder, file).Replace('\\', '/')}': {failure!.Message}");
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>Moves a finished entry from <paramref name="temporary"/> to <paramref name="final"/>; when another run got there first, keeps theirs.</summary>
    internal static void Publish(string temporary, string final)
    {
        try
        {
            Directory.Move(temporary, final);
        }
        catch (IOException) when (Directory.Exists(final))
        {
            TryDelete(temporary);
        }
    }

    /// <summary>Removes entries of <paramref name="parent"/> not used for <see cref="MaxAge"/> (and stale temporary folders).</summary>
    internal static void Prune(string parent, string keep)
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(parent))
            {
                if (Path.GetFileName(dir) == keep) continue;
                var age = DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir);
                var stale = Path.GetFileName(dir).StartsWith(".tmp-", StringComparison.Ordinal) ? age > TimeSpan.FromHours(1) : age > MaxAge;
                if (stale) TryDelete(dir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // pruning is best effort
        }
    }

    /// <summary>Marks an entry as used (its folder's time stamp is what <see cref="Prune"/> looks at).</summary>
    internal static void Touch(string entry)
    {
        try { Directory.SetLastWriteTimeUtc(entry, DateTime.UtcNow); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    internal static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
