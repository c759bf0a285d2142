using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs.Sites;

/// <summary>
/// GitHub's blob view: a relative link resolves against the file's folder (a leading <c>/</c> from the repository
/// root); a link to a folder shows it (and its README); ids are the GitHub slugs of headings (markdown and HTML
/// headings), <c>&lt;a name&gt;</c> and <c>id=</c> anchors, footnotes (<c>fn-x</c>), <c>#readme</c> for a README, each also
/// written with GitHub's <c>user-content-</c> prefix. Links that climb above the root or name this repository's own URLs
/// are resolved by the link resolver before a site is asked.
/// </summary>
public sealed class GitHubSite(Workspace workspace) : DocSite(workspace, "", "")
{
    /// <inheritdoc />
    public override string Kind => "GitHub";

    /// <inheritdoc />
    public override bool RendersPage(string path) => true;

    /// <inheritdoc />
    public override SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind)
    {
        if (destination.Length == 0) return SiteLink.Found(from.File, from.File);
        var decoded = RepoPath.Decode(destination);
        var target = decoded.StartsWith('/') ? RepoPath.Normalize(decoded, out var climb) : RepoPath.Normalize(RepoPath.Dir(from.File) + "/" + decoded, out climb);
        if (climb > 0) return SiteLink.Unjudged("climbs above the repository root");
        if (IsFile(target)) return SiteLink.Found(target, IsPageFile(target) ? target : null);
        if (IsFolder(target) || target.Length == 0)
        {
            var prefix = target.Length == 0 ? "" : target + "/";
            var readme = Workspace.Files.Files.FirstOrDefault(f => f.StartsWith(prefix, StringComparison.Ordinal) && f.IndexOf('/', prefix.Length) < 0 &&
                                                                 RepoPath.Name(f).Equals("README.md", StringComparison.OrdinalIgnoreCase));
            return SiteLink.Found(target, readme);
        }
        if (Workspace.PathExists(target)) return SiteLink.Found(target, null);
        if (Workspace.Files.IsGitIgnored(target)) return SiteLink.Unjudged("build output ignored by .gitignore");
        return SiteLink.Missing(target, target);
    }

    /// <inheritdoc />
    public override Verdict CheckFragment(LinkSource from, string targetPage, string fragment)
    {
        if (fragment.StartsWith("user-content-", StringComparison.Ordinal)) fragment = fragment["user-content-".Length..];
        if (fragment == "readme" && (targetPage != from.File || RepoPath.Stem(targetPage).Equals("README", StringComparison.OrdinalIgnoreCase))) return Verdict.Ok;
        return AnchorsOf(targetPage).Check(fragment);
    }

    /// <inheritdoc />
    protected override PageAnchors BuildAnchors(string page, int depth)
    {
        var anchors = new PageAnchors();
        var document = Document(page);
        if (document is null) return anchors;
        foreach (var id in document.Anchors) anchors.Add(id);
        var markup = PageMarkup.Of(document);
        if (markup.HtmlHeadings.Count > 0)
        {
            // GitHub gives HTML headings ids too; they take part in the repeat count in document order.
            var slugger = new HeadingSlugger(SlugStyle.GitHub);
            var items = document.Headings.Select(h => (Offset: document.Source.Offset(h.Location.Line, h.Location.Column), h.Text))
                .Concat(markup.HtmlHeadings.Where(h => !h.HasId).Select(h => (h.Offset, h.Text)))
                .OrderBy(i => i.Offset);
            foreach (var item in items) anchors.Add(slugger.Next(item.Text));
        }
        foreach (var label in markup.Footnotes)
        {
            anchors.Add("fn-" + label);
            anchors.Add("fnref-" + label);
        }
        return anchors;
    }
}
