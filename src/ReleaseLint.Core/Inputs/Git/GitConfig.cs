using System.Text.RegularExpressions;

namespace ReleaseLint.Inputs.Git;

/// <summary>Reads facts from <c>.git/config</c> as text, so cheap questions never load the git library.</summary>
public static partial class GitConfig
{
    [GeneratedRegex(@"github\.com[:/](?<owner>[A-Za-z0-9_.-]+)/(?<repo>[A-Za-z0-9_.-]+?)(?:\.git)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubUrl();

    /// <summary>The <c>owner/repo</c> of a GitHub remote URL (https, ssh or git@ form), or null.</summary>
    public static string? ParseGitHubRepository(string url)
    {
        var m = GitHubUrl().Match(url.Trim());
        return m.Success ? m.Groups["owner"].Value + "/" + m.Groups["repo"].Value : null;
    }

    /// <summary>The GitHub <c>owner/repo</c> of the <c>origin</c> remote of the repository at <paramref name="root"/>, or null.</summary>
    public static string? OriginRepository(string root)
    {
        var url = RemoteUrl(root, "origin");
        return url is null ? null : ParseGitHubRepository(url);
    }

    /// <summary>The URL of remote <paramref name="name"/> from the repository's config file, or null.</summary>
    public static string? RemoteUrl(string root, string name)
    {
        var config = ConfigPath(root);
        if (config is null) return null;
        string[] lines;
        try { lines = File.ReadAllLines(config); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        var inSection = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inSection = line.Replace(" ", "").Equals($"[remote\"{name}\"]", StringComparison.Ordinal);
                continue;
            }
            if (!inSection) continue;
            var eq = line.IndexOf('=');
            if (eq > 0 && line[..eq].Trim().Equals("url", StringComparison.OrdinalIgnoreCase)) return line[(eq + 1)..].Trim();
        }
        return null;
    }

    /// <summary>
    /// The branch the <c>origin</c> remote's HEAD points at (<c>refs/remotes/origin/HEAD</c>, which a clone sets to the
    /// remote's default branch), read as text; null when there is none.
    /// </summary>
    public static string? OriginHead(string root)
    {
        if (GitDirectory.OfWorkTree(root) is not { } git) return null;
        try
        {
            var file = Path.Combine(git.CommonDir, "refs", "remotes", "origin", "HEAD");
            if (!File.Exists(file) || new FileInfo(file).Length > 1024) return null;
            var text = File.ReadAllText(file).Trim();
            const string prefix = "ref: refs/remotes/origin/";
            return text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length ? text[prefix.Length..] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static string? ConfigPath(string root) => GitDirectory.OfWorkTree(root)?.ConfigFile;
}
