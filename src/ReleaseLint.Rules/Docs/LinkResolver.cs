using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Docs;
using ReleaseLint.Inputs.Git;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>What a link points at.</summary>
public enum LinkTargetKind
{
    /// <summary><c>#fragment</c> of the same document.</summary>
    Fragment,
    /// <summary>A file or directory of this repository (a relative link, or this repository's own blob/tree URL).</summary>
    File,
    /// <summary>A GitHub page of this repository that is not a file (<c>../../wiki</c>, <c>…/actions/workflows/ci.yml</c>, issues…).</summary>
    RepositoryPage,
    /// <summary>Another site, another repository, <c>mailto:</c>…: not this linter's business.</summary>
    Elsewhere,
}

/// <summary>A markdown link resolved against the repository.</summary>
/// <param name="Link">The link as written.</param>
/// <param name="Kind">What it points at.</param>
/// <param name="TargetPath">Repository-relative target ("" for the root) of a <see cref="LinkTargetKind.File"/> link.</param>
/// <param name="Fragment">The decoded <c>#fragment</c>, or null.</param>
/// <param name="Query">The query string without <c>?</c> ("" when none).</param>
/// <param name="ViaUrl">True when the link is this repository's own <c>github.com/…</c> URL (or climbs out to it with <c>../</c>).</param>
/// <param name="Ref">The branch, tag or commit a blob/tree URL names; null for a relative link (the same tree).</param>
/// <param name="Checkable">True when the target can be judged from the working tree: a relative link, or a URL whose ref is the tree's branch (not a tag or commit, which freeze an older tree).</param>
/// <param name="RepositoryPage">For <see cref="LinkTargetKind.RepositoryPage"/>: the page under <c>github.com/OWNER/REPO/</c> (<c>actions/workflows/ci.yml</c>, <c>wiki/Home</c>).</param>
/// <param name="ClimbError">For a relative link that climbs above the root to something GitHub cannot show: why.</param>
public sealed record ResolvedLink(MarkdownLink Link, LinkTargetKind Kind, string? TargetPath, string? Fragment, string Query,
    bool ViaUrl, string? Ref, bool Checkable, string? RepositoryPage, string? ClimbError);

/// <summary>
/// Resolves markdown links the way GitHub does when it renders a file of this repository. GitHub resolves a relative
/// link against the file's blob URL (<c>github.com/OWNER/REPO/blob/BRANCH/dir/file.md</c>), so a link that climbs one
/// level above the root lands on <c>…/blob/X</c> (X is taken as a branch) and two levels on the repository's pages
/// (<c>../../wiki</c>, <c>../../issues</c>, <c>../../actions/workflows/ci.yml</c>); three or more reach other repositories.
/// </summary>
public static partial class LinkResolver
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^https?://(?:www\.)?github\.com/(?<owner>[^/?#]+)/(?<repo>[^/?#]+?)(?:\.git)?(?:/(?<page>[^?#]*))?(?:\?(?<query>[^#]*))?(?:#(?<frag>.*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubUrl();

    /// <summary>The pages GitHub serves under <c>github.com/OWNER/REPO/</c>.</summary>
    private static readonly FrozenSet<string> RepositoryPages = FrozenSet.Create(StringComparer.Ordinal,
    [
        "blob", "tree", "raw", "edit", "blame", "commits", "commit", "compare", "wiki", "issues", "issue", "pulls", "pull",
        "actions", "releases", "tags", "branches", "discussions", "security", "projects", "milestones", "milestone", "labels",
        "graphs", "network", "pulse", "contributors", "stargazers", "watchers", "forks", "settings", "packages", "deployments",
        "activity", "rules", "search", "archive", "community", "new", "find", "fork", "subscription", "attestations",
        "pkgs", "codespaces", "sponsors", "upload", "delete", "invitations", "agents", "models",
    ]);

    /// <summary>
    /// Resolves <paramref name="link"/> written in <paramref name="document"/>. Returns null for empty links.
    /// </summary>
    public static ResolvedLink? Resolve(Workspace workspace, MarkdownDocument document, MarkdownLink link)
    {
        var url = link.Url.Trim();
        if (url.Length == 0) return null;
        if (url.StartsWith('#')) return new ResolvedLink(link, LinkTargetKind.Fragment, null, Decode(url[1..]), "", false, null, true, null, null);
        if (Scheme().IsMatch(url) || url.StartsWith("//", StringComparison.Ordinal))
        {
            var m = GitHubUrl().Match(url);
            if (!m.Success || workspace.GitHubRepository is not { } self ||
                !string.Equals(self, m.Groups["owner"].Value + "/" + m.Groups["repo"].Value, StringComparison.OrdinalIgnoreCase))
                return Elsewhere(link);
            var frag = m.Groups["frag"].Success ? Decode(m.Groups["frag"].Value) : null;
            return Page(workspace, link, m.Groups["page"].Value, frag, m.Groups["query"].Value, null);
        }
        (url, var query, var fragment) = RepoPath.SplitUrl(url);
        var decoded = Decode(url);
        string combined;
        if (decoded.StartsWith('/')) combined = decoded.TrimStart('/');
        else
        {
            var dir = document.Path.Contains('/') ? document.Path[..document.Path.LastIndexOf('/')] : "";
            combined = dir.Length == 0 ? decoded : dir + "/" + decoded;
        }
        var target = RepoPath.Normalize(combined, out var climb);
        if (climb == 0) return new ResolvedLink(link, LinkTargetKind.File, target, fragment, query, false, null, true, null, null);
        if (climb == 1)
        {
            // github.com/OWNER/REPO/blob/<first segment>/…: the first segment is read as a branch name.
            var first = target.Split('/')[0];
            var looksLikePath = first.Length == 0 || first.Contains('.') || workspace.Files.Contains(first) || workspace.Files.ContainsDirectory(first);
            if (looksLikePath && !IsTreeRef(workspace, first))
                return new ResolvedLink(link, LinkTargetKind.RepositoryPage, null, fragment, query, true, null, false, "blob/" + target,
                    $"climbs one level above the repository root, where GitHub reads '{(first.Length == 0 ? "(nothing)" : first)}' as a branch name (one '..' too many?)");
            return Page(workspace, link, "blob/" + target, fragment, query, null);
        }
        if (climb == 2)
        {
            var page = target.Split('/')[0];
            if (page.Length > 0 && !RepositoryPages.Contains(page))
                return new ResolvedLink(link, LinkTargetKind.RepositoryPage, null, fragment, query, true, null, false, target,
                    $"climbs two levels above the repository root, to 'github.com/OWNER/REPO/{target}', which is not a page of the repository ('{page}' is not a GitHub page such as wiki, issues or actions)");
            return Page(workspace, link, target, fragment, query, null);
        }
        return Elsewhere(link); // another repository or user
    }

    private static ResolvedLink Elsewhere(MarkdownLink link) => new(link, LinkTargetKind.Elsewhere, null, null, "", false, null, false, null, null);

    /// <summary>A page of this repository: <c>blob|tree|raw/REF/path</c> is a file at REF; anything else is a page.</summary>
    private static ResolvedLink Page(Workspace workspace, MarkdownLink link, string page, string? fragment, string query, string? climbError)
    {
        var parts = Decode(page).Split('/', 3);
        if (parts.Length >= 2 && parts[0] is "blob" or "tree" or "raw" or "blame" or "edit" && parts[1].Length > 0)
        {
            var path = RepoPath.Normalize(parts.Length == 3 ? parts[2].Trim('/') : "", out var climb);
            if (climb > 0) return new ResolvedLink(link, LinkTargetKind.RepositoryPage, null, fragment, query, true, parts[1], false, page, climbError);
            return new ResolvedLink(link, LinkTargetKind.File, path, fragment, query, true, parts[1], IsTreeRef(workspace, parts[1]), null, climbError);
        }
        return new ResolvedLink(link, LinkTargetKind.RepositoryPage, null, fragment, query, true, null, false, page.Trim('/'), climbError);
    }

    /// <summary>
    /// True when <paramref name="gitRef"/> names the branch the working tree stands for: <c>HEAD</c>, the policy's
    /// integration or release branch, <c>main</c>, <c>master</c>, or the checked-out branch. Tags and commits freeze
    /// an older tree, so links to them are not judged.
    /// </summary>
    public static bool IsTreeRef(Workspace workspace, string gitRef)
    {
        if (gitRef is "HEAD" or "main" or "master") return true;
        if (gitRef == workspace.Policy.IntegrationBranch || gitRef == workspace.Policy.ReleaseBranch) return true;
        var current = workspace.Facts<CheckedOutBranch>().Name;
        return current is not null && gitRef == current;
    }

    /// <summary>The branch checked out in the linted work tree (read from <c>.git/HEAD</c> once per run), or null.</summary>
    private sealed class CheckedOutBranch : IWorkspaceFact<CheckedOutBranch>
    {
        private CheckedOutBranch(string? name) => Name = name;

        public string? Name { get; }

        static CheckedOutBranch IWorkspaceFact<CheckedOutBranch>.Compute(Workspace workspace) => new(ReadCurrentBranch(workspace.Root));
    }

    private static string? ReadCurrentBranch(string root) => GitDirectory.OfWorkTree(root)?.CurrentBranch;

    private static string Decode(string text)
    {
        try { return Uri.UnescapeDataString(text); }
        catch (UriFormatException) { return text; }
    }
}
