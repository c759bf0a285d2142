using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs.Sites;

/// <summary>
/// Pages written for a site generator whose configuration is not in the repository: markdown (not at the root, not under
/// <c>.github/</c>) whose front matter has a site generator's keys (<c>title</c>, <c>layout</c>, <c>permalink</c>,
/// <c>sidebar_position</c>, <c>weight</c>…), which no detected site renders. The site's build may add pages and files the
/// repository does not hold (generated references, pages copied from elsewhere), so a link that reaches nothing in the
/// repository is not judged; a link that reaches a file is, and its fragment is judged against the ids any common
/// generator would give the target (GitHub's, Python-Markdown's, VitePress's, Hugo's, kramdown's), its title included.
/// </summary>
public sealed class FrontMatterSite(Workspace workspace, GitHubSite github) : DocSite(workspace, "", "")
{
    private static readonly IReadOnlyList<string> SiteKeys =
    [
        "title", "layout", "permalink", "slug", "sidebar_position", "sidebar_label", "nav_order", "nav_exclude", "parent",
        "weight", "linkTitle", "menu", "aliases", "template", "hide", "search", "order", "category", "draft", "date", "sidebar",
    ];

    private static readonly IReadOnlyList<SlugStyle> Styles =
        [SlugStyle.GitHub, SlugStyle.PythonMarkdown, SlugStyle.PymdownxUnicode, SlugStyle.VitePress, SlugStyle.Hugo, SlugStyle.Myst, SlugStyle.Kramdown];

    /// <inheritdoc />
    public override string Kind => "an unknown site generator (front matter without a configuration in the repository)";

    /// <inheritdoc />
    public override bool RendersPage(string path)
    {
        if (!path.Contains('/') || path.StartsWith(".github/", StringComparison.Ordinal) || !IsPageFile(path)) return false;
        if (Document(path) is not { } document || !PageMarkup.Of(document).HasFrontMatter) return false;
        var front = FrontMatter.Of(document);
        return SiteKeys.Any(front.ContainsKey);
    }

    /// <inheritdoc />
    public override SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind)
    {
        var onGitHub = github.Resolve(from, destination, kind);
        return onGitHub.Verdict == Verdict.Broken
            ? SiteLink.Unjudged("the page is built by a site generator whose configuration is not in the repository; its build may make the target")
            : onGitHub;
    }

    /// <inheritdoc />
    /// <remarks>A fragment of the page itself is not judged: a generator may assemble the page into a larger one (a FAQ of questions).</remarks>
    public override Verdict CheckFragment(LinkSource from, string targetPage, string fragment)
    {
        var verdict = base.CheckFragment(from, targetPage, fragment);
        return verdict == Verdict.Broken && targetPage == from.Page ? Verdict.NotJudged : verdict;
    }

    /// <inheritdoc />
    protected override PageAnchors BuildAnchors(string page, int depth)
    {
        var anchors = new PageAnchors();
        var document = Document(page);
        if (document is null) return anchors;
        foreach (var style in Styles)
            anchors.AddAll(StandardAnchors(document, new AnchorRules(style, AttributeLists: true, HeadingCustomIds: true, Footnotes: "fn:")));
        foreach (var id in document.Anchors) anchors.Add(id);
        if (ConfigText.String(FrontMatter.Of(document), "title") is { } title)
            foreach (var style in Styles) anchors.Add(HeadingSlugger.Slug(title, style));
        return anchors;
    }
}
