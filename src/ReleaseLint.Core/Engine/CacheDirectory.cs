namespace ReleaseLint.Engine;

/// <summary>Where ReleaseLint keeps what it can reuse between runs (compiled custom rules, validated configurations).</summary>
public static class CacheDirectory
{
    /// <summary>
    /// The cache root: <c>RELEASELINT_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/releaselint</c>, else
    /// <c>~/.cache/releaselint</c> (the local application data folder on Windows).
    /// </summary>
    public static string Default()
    {
        if (Environment.GetEnvironmentVariable("RELEASELINT_CACHE_DIR") is { Length: > 0 } explicitDir) return Path.GetFullPath(explicitDir);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "releaselint", "cache");
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "releaselint");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "releaselint");
    }
}
