using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs.Sites;

/// <summary>
/// An mdBook book (<c>book.toml</c>): chapters are the markdown files under <c>book.src</c> (default <c>src</c>) that
/// <c>SUMMARY.md</c> lists (all of them without a summary); <c>x.md</c> is rendered to <c>x.html</c> (<c>README.md</c> also
/// to <c>index.html</c>) and links are written to either; other files of the source folder are copied as they are; the keys
/// of <c>[output.html.redirect]</c> are pages too. A link that climbs above the book's root leaves the book (books published
/// side by side): not judged. Ids are mdBook's (GitHub's algorithm); <c>{{#include}}</c> brings in another file.
/// </summary>
public sealed partial class MdBookSite : DocSite
{
    private readonly string _src;
    private readonly HashSet<string> _redirects = new(StringComparer.Ordinal);
    private readonly Lazy<HashSet<string>> _chapters;

    private MdBookSite(Workspace workspace, string configPath, Dictionary<string, object> config) : base(workspace, configPath, RepoPath.Dir(configPath))
    {
        var src = ConfigText.String(config, "book.src") ?? "src";
        _src = RepoPath.Join(Root, src) ?? throw new FormatException($"book.src '{src}' is outside the repository");
        if (ConfigText.Get(config, "output.html.redirect") is Dictionary<string, object> redirects)
            foreach (var key in redirects.Keys) _redirects.Add(key.TrimStart('/'));
        _chapters = new(FindChapters);
    }

    /// <summary>The book of <paramref name="configPath"/>.</summary>
    public static MdBookSite TryCreate(Workspace workspace, string configPath) =>
        new(workspace, configPath, MiniToml.Parse(ConfigSource(workspace, configPath)) ?? throw new FormatException("not TOML this tool reads"));

    /// <inheritdoc />
    public override string Kind => "mdBook";
    /// <inheritdoc />
    public override string SourceRoot => _src;
    /// <inheritdoc />
    public override string? Caveat => "links that climb above the book's root reach books published beside it and are not judged";

    [GeneratedRegex(@"\]\((?<p>[^)#\s]+\.md)(?:#[^)]*)?\)")]
    private static partial Regex SummaryLink();

    private HashSet<string> FindChapters()
    {
        var chapters = new HashSet<string>(StringComparer.Ordinal);
        var summary = RepoPath.Join(_src, "SUMMARY.md")!;
        if (IsFile(summary) && Workspace.Read(summary, InputKind.Markdown, UnreadableReport.ByCaller).Text?.Text is { } text)
        {
            chapters.Add(summary);
            foreach (Match m in SummaryLink().Matches(text))
                if (RepoPath.Join(_src, RepoPath.Decode(m.Groups["p"].Value)) is { } chapter) chapters.Add(chapter);
            return chapters;
        }
        foreach (var f in Workspace.Files.Files)
            if (RepoPath.IsUnder(f, _src) && f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) chapters.Add(f);
        return chapters;
    }

    /// <inheritdoc />
    public override bool RendersPage(string path) => _chapters.Value.Contains(path);

    /// <summary>True when the book writes <paramref name="htmlName"/> (a file name such as <c>ch01-00-intro.html</c> or <c>index.html</c>) to its output.</summary>
    public bool WritesHtml(string htmlName)
    {
        if (htmlName == "index.html" || _redirects.Contains(htmlName)) return true;
        return htmlName.EndsWith(".html", StringComparison.Ordinal) && _chapters.Value.Any(c => RepoPath.Stem(c) == htmlName[..^5]);
    }

    /// <summary>The folder the book is published from, seen from the repository (its root).</summary>
    public string BookFolder => RepoPath.Name(Root);

    /// <inheritdoc />
    public override SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind)
    {
        if (destination.Length == 0) return SiteLink.Found(from.Page, from.Page);
        var decoded = RepoPath.Decode(destination);
        if (decoded.StartsWith('/')) return SiteLink.Unjudged("a link from the web server's root");
        var rel = RepoPath.Relative(from.File, _src);
        var joined = RepoPath.Normalize(RepoPath.Dir(rel) + "/" + decoded, out var climb);
        if (climb > 0) return SiteLink.Unjudged("leaves the book (books published side by side)");
        var target = RepoPath.Join(_src, joined)!;
        if (IsFile(target)) return SiteLink.Found(target, IsPageFile(target) ? target : null);
        if (IsFolder(target)) return SiteLink.Found(target, null);
        if (joined.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            var stem = target[..^5];
            if (IsFile(stem + ".md")) return SiteLink.Found(stem + ".md", stem + ".md");
            if (RepoPath.Name(joined) == "index.html" && (IsFile(RepoPath.Join(RepoPath.Dir(stem), "README.md")!) || IsFile(RepoPath.Join(RepoPath.Dir(stem), "index.md")!)))
                return SiteLink.Found(RepoPath.Join(RepoPath.Dir(stem), "README.md"), IsFile(RepoPath.Join(RepoPath.Dir(stem), "README.md")!) ? RepoPath.Join(RepoPath.Dir(stem), "README.md") : RepoPath.Join(RepoPath.Dir(stem), "index.md"));
            if (_redirects.Contains(joined)) return SiteLink.Found(null, null);
            // The book's index.html is its first chapter (mdBook renders it twice) when no README.md/index.md gives one.
            if (joined == "index.html" && _chapters.Value.Count > 0) return SiteLink.Found(null, null);
            return SiteLink.Missing($"no chapter '{stem}.md' (rendered to '{RepoPath.Name(joined)}'), no redirect of that name in {ConfigPath} and no file '{target}'", target);
        }
        return SiteLink.Missing($"no chapter or file '{target}' in the book", target);
    }

    [GeneratedRegex(@"\{\{#include\s+(?<p>[^\s:}]+)")]
    private static partial Regex Include();

    /// <inheritdoc />
    public override IEnumerable<string> IncludedFiles(string page)
    {
        if (Document(page) is not { } document) yield break;
        foreach (var include in PageMarkup.Of(document).Includes.Where(i => i.Syntax == "mdbook"))
            if (RepoPath.Join(RepoPath.Dir(page), include.Target) is { } file && IsFile(file) && IsPageFile(file)) yield return file;
    }

    /// <inheritdoc />
    protected override PageAnchors BuildAnchors(string page, int depth)
    {
        var document = Document(page);
        if (document is null) return new PageAnchors();
        // mdBook gives headings and definition-list terms ids (its own definition lists, 0.5); the repository's preprocessors may link them.
        var anchors = StandardAnchors(document, new AnchorRules(SlugStyle.GitHub, HeadingCustomIds: true, DefinitionTerms: true, Footnotes: "footnote-"));
        if (depth < 4)
            foreach (var file in IncludedFiles(page))
                if (file != page) anchors.AddAll(BuildAnchors(file, depth + 1));
        return anchors;
    }
}
