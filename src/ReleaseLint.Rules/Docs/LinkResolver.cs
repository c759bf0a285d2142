using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>A markdown link resolved against the repository.</summary>
/// <param name="Link">The link as written.</param>
/// <param name="TargetPath">Repository-relative target ("" for the root); null for a fragment-only link.</param>
/// <param name="Fragment">The decoded <c>#fragment</c>, or null.</param>
/// <param name="OutsideRoot">True when the relative path climbs out of the repository.</param>
/// <param name="ViaUrl">True when the link is this repository's own <c>github.com/…/blob|tree/…</c> URL.</param>
/// <param name="Query">The query string without <c>?</c> ("" when none).</param>
public sealed record ResolvedLink(MarkdownLink Link, string? TargetPath, string? Fragment, bool OutsideRoot, bool ViaUrl, string Query);

/// <summary>Resolves markdown links the way GitHub does when it renders a file of this repository.</summary>
public static partial class LinkResolver
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^https?://(?:www\.)?github\.com/(?<owner>[^/]+)/(?<repo>[^/#?]+)/(?:blob|tree|raw)/(?<ref>[^/#?]+)/?(?<path>[^#?]*)(?:\?(?<query>[^#]*))?(?:#(?<frag>.*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubFileUrl();

    /// <summary>
    /// Resolves <paramref name="link"/> written in <paramref name="document"/>. Returns null for links that
    /// do not point into this repository (other sites, <c>mailto:</c>, empty links).
    /// </summary>
    public static ResolvedLink? Resolve(Workspace workspace, MarkdownDocument document, MarkdownLink link)
    {
        var url = link.Url.Trim();
        if (url.Length == 0) return null;
        if (url.StartsWith('#')) return new ResolvedLink(link, null, Decode(url[1..]), false, false, "");
        if (Scheme().IsMatch(url) || url.StartsWith("//", StringComparison.Ordinal))
        {
            var m = GitHubFileUrl().Match(url);
            if (!m.Success || workspace.GitHubRepository is not { } self) return null;
            if (!string.Equals(self, m.Groups["owner"].Value + "/" + m.Groups["repo"].Value, StringComparison.OrdinalIgnoreCase)) return null;
            var path = Normalize(Decode(m.Groups["path"].Value).Trim('/'), out var outside);
            var frag = m.Groups["frag"].Success ? Decode(m.Groups["frag"].Value) : null;
            return new ResolvedLink(link, path, frag, outside, true, m.Groups["query"].Value);
        }
        var fragment = (string?)null;
        var hash = url.IndexOf('#');
        if (hash >= 0)
        {
            fragment = Decode(url[(hash + 1)..]);
            url = url[..hash];
        }
        var query = "";
        var q = url.IndexOf('?');
        if (q >= 0)
        {
            query = url[(q + 1)..];
            url = url[..q];
        }
        var decoded = Decode(url);
        string combined;
        if (decoded.StartsWith('/')) combined = decoded.TrimStart('/');
        else
        {
            var dir = document.Path.Contains('/') ? document.Path[..document.Path.LastIndexOf('/')] : "";
            combined = dir.Length == 0 ? decoded : dir + "/" + decoded;
        }
        var target = Normalize(combined, out var escapes);
        return new ResolvedLink(link, target, fragment, escapes, false, query);
    }

    /// <summary>Removes <c>.</c> and <c>..</c> segments; sets <paramref name="outside"/> when <c>..</c> climbs above the root.</summary>
    public static string Normalize(string path, out bool outside)
    {
        outside = false;
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) outside = true;
                else parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static string Decode(string text)
    {
        try { return Uri.UnescapeDataString(text); }
        catch (UriFormatException) { return text; }
    }
}
