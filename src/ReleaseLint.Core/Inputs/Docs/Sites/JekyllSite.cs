using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs.Sites;

/// <summary>
/// A Jekyll site (<c>_config.yml</c> beside Jekyll's folders, or naming Jekyll settings): pages are the markdown files of
/// the site folder with front matter (any, with <c>jekyll-optional-front-matter</c> or <c>github-pages</c>), outside
/// <c>_</c>/<c>.</c> folders and <c>exclude</c>, plus the documents of output collections (<c>_docs</c>, <c>_posts</c>). A page's
/// URL comes from front-matter <c>permalink</c>, its collection's <c>permalink</c> template (<c>/:collection/:path/</c>,
/// posts <c>/:categories/:year/:month/:day/:title:output_ext</c>) or its path; links resolve against that URL (and from
/// the source file, as <c>jekyll-relative-links</c> does); <c>redirect_from</c> URLs exist with <c>jekyll-redirect-from</c>;
/// <c>{% link %}</c> names a source file. Ids are kramdown's (GFM input: GitHub's algorithm; <c>input: kramdown</c>: leading
/// non-letters dropped), <c>{#id}</c> and <c>{: #id}</c> attribute lists, footnotes <c>fn:x</c>.
/// </summary>
public sealed partial class JekyllSite : DocSite
{
    private readonly Dictionary<string, (bool Output, string? Permalink)> _collections = new(StringComparer.Ordinal);
    private readonly string _permalink;
    private readonly List<string> _exclude;
    private readonly HashSet<string> _plugins;
    private readonly bool _optionalFrontMatter;
    private readonly string _baseUrl;
    private readonly SlugStyle _slugs;
    private readonly Lazy<Dictionary<string, string>> _urls;

    private JekyllSite(Workspace workspace, string configPath, Dictionary<string, object> config) : base(workspace, configPath, RepoPath.Dir(configPath))
    {
        if (ConfigText.Get(config, "collections") is Dictionary<string, object> collections)
            foreach (var (name, value) in collections)
                _collections[name] = (ConfigText.Get(value, "output") is true || name == "posts", ConfigText.String(value, "permalink"));
        else if (ConfigText.Get(config, "collections") is List<object> list)
            foreach (var name in list.OfType<string>()) _collections[name] = (false, null);
        _collections.TryAdd("posts", (true, null));
        _permalink = (ConfigText.String(config, "permalink") ?? "date") switch
        {
            "date" => "/:categories/:year/:month/:day/:title:output_ext",
            "pretty" => "/:categories/:year/:month/:day/:title/",
            "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
            "none" => "/:categories/:title:output_ext",
            var custom => custom,
        };
        _exclude = ConfigText.Strings(config, "exclude").Select(e => e.Trim('/')).Where(e => e.Length > 0).ToList();
        _plugins = ConfigText.Strings(config, "plugins").Concat(ConfigText.Strings(config, "gems")).ToHashSet(StringComparer.Ordinal);
        _optionalFrontMatter = _plugins.Contains("jekyll-optional-front-matter") || _plugins.Contains("github-pages");
        _baseUrl = (ConfigText.String(config, "baseurl") ?? "").Trim('/');
        _slugs = ConfigText.String(config, "kramdown.input") is { } input && input.Equals("kramdown", StringComparison.OrdinalIgnoreCase) ? SlugStyle.Kramdown : SlugStyle.GitHub;
        _urls = new(BuildUrls);
    }

    /// <summary>The site of <paramref name="configPath"/>, or null when nothing shows it is Jekyll's.</summary>
    public static JekyllSite? TryCreate(Workspace workspace, string configPath)
    {
        var dir = RepoPath.Dir(configPath);
        var prefix = dir.Length == 0 ? "" : dir + "/";
        var folders = new[] { "_posts", "_layouts", "_includes", "_data", "_sass" }.Any(f => workspace.Files.ContainsDirectory(prefix + f));
        var config = YamlConfig(workspace, configPath);
        var keys = new[] { "collections", "plugins", "gems", "theme", "remote_theme", "markdown", "kramdown", "permalink", "defaults", "baseurl" }.Any(config.ContainsKey);
        return folders || keys ? new JekyllSite(workspace, configPath, config) : null;
    }

    /// <inheritdoc />
    public override string Kind => "Jekyll";

    private string? CollectionOf(string rel)
    {
        var first = rel.Split('/')[0];
        return first.StartsWith('_') && _collections.ContainsKey(first[1..]) ? first[1..] : null;
    }

    /// <inheritdoc />
    public override bool RendersPage(string path)
    {
        if (!RepoPath.IsUnder(path, Root) || !IsPageFile(path) || path.EndsWith(".mdx", StringComparison.OrdinalIgnoreCase)) return false;
        var rel = RepoPath.Relative(path, Root);
        if (_exclude.Any(e => rel == e || rel.StartsWith(e + "/", StringComparison.Ordinal) || e.Contains('*') && (ConfigText.GlobRegex(e).IsMatch(rel) || ConfigText.GlobRegex(e).IsMatch(RepoPath.Name(rel))))) return false;
        var collection = CollectionOf(rel);
        if (collection is not null) return _collections[collection].Output;
        if (rel.Split('/').Any(s => s.Length > 0 && s[0] is '_' or '.' or '#' or '~') || rel.StartsWith("node_modules/", StringComparison.Ordinal) || rel.StartsWith("vendor/", StringComparison.Ordinal)) return false;
        return _optionalFrontMatter || Document(path) is { } doc && PageMarkup.Of(doc).HasFrontMatter;
    }

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})-(?<title>.+)$")]
    private static partial Regex PostName();

    /// <summary>The URL path (no leading slash; a trailing slash for pretty URLs) of a page.</summary>
    private string UrlOf(string page)
    {
        var rel = RepoPath.Relative(page, Root);
        var front = Document(page) is { } doc ? FrontMatter.Of(doc) : new Dictionary<string, object>();
        if (ConfigText.String(front, "permalink") is { } permalink) return permalink.TrimStart('/');
        var collection = CollectionOf(rel);
        var stem = RepoPath.Stem(rel);
        if (collection is null)
        {
            var path = RepoPath.Join(RepoPath.Dir(rel), stem) ?? stem;
            if (stem == "index") return RepoPath.Dir(rel) is { Length: > 0 } d ? d + "/" : "";
            return _permalink.EndsWith('/') && !_permalink.Contains(":year", StringComparison.Ordinal) ? path + "/" : path + ".html";
        }
        var inCollection = RepoPath.Relative(rel, "_" + collection);
        var template = _collections[collection].Permalink ?? (collection == "posts" ? _permalink : "/:collection/:path:output_ext");
        var post = PostName().Match(RepoPath.Stem(inCollection));
        var title = ConfigText.String(front, "slug") ?? (post.Success ? post.Groups["title"].Value : RepoPath.Stem(inCollection));
        var categories = ConfigText.Strings(front, "categories").Concat(ConfigText.Strings(front, "category")).ToList();
        var url = template
            .Replace(":collection", collection, StringComparison.Ordinal)
            .Replace(":path", RepoPath.Join(RepoPath.Dir(inCollection), RepoPath.Stem(inCollection)) ?? "", StringComparison.Ordinal)
            .Replace(":categories", string.Join('/', categories).ToLowerInvariant(), StringComparison.Ordinal)
            .Replace(":year", post.Success ? post.Groups["y"].Value : "", StringComparison.Ordinal)
            .Replace(":month", post.Success ? post.Groups["m"].Value : "", StringComparison.Ordinal)
            .Replace(":day", post.Success ? post.Groups["d"].Value : "", StringComparison.Ordinal)
            .Replace(":name", RepoPath.Stem(inCollection), StringComparison.Ordinal)
            .Replace(":title", title, StringComparison.Ordinal)
            .Replace(":output_ext", ".html", StringComparison.Ordinal);
        return RepoPath.Normalize(url, out _) + (url.EndsWith('/') ? "/" : "");
    }

    private Dictionary<string, string> BuildUrls()
    {
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        var redirects = _plugins.Contains("jekyll-redirect-from") || _plugins.Contains("github-pages");
        foreach (var file in Workspace.Files.Files.Where(RendersPage).Order(StringComparer.Ordinal))
        {
            urls.TryAdd(UrlOf(file).TrimEnd('/'), file);
            if (redirects && Document(file) is { } doc)
                foreach (var from in ConfigText.Strings(FrontMatter.Of(doc), "redirect_from")) urls.TryAdd(StripIndex(from), file);
        }
        // HTML pages with front matter are pages too (their permalink or path).
        foreach (var file in Workspace.Files.Files.Where(f => RepoPath.IsUnder(f, Root) && f.EndsWith(".html", StringComparison.OrdinalIgnoreCase)))
        {
            var rel = RepoPath.Relative(file, Root);
            if (rel.Split('/').Any(s => s.Length > 0 && s[0] is '_' or '.')) continue;
            if (Workspace.Read(file, InputKind.Other, UnreadableReport.ByCaller).Text?.Text is not { } text || !text.StartsWith("---", StringComparison.Ordinal)) continue;
            var front = FrontMatter.Parse(text);
            urls.TryAdd(ConfigText.String(front, "permalink") is { } permalink ? StripIndex(permalink) : StripIndex(rel), file);
            if (redirects)
                foreach (var from in ConfigText.Strings(front, "redirect_from")) urls.TryAdd(StripIndex(from), file);
        }
        return urls;
    }

    private static string StripIndex(string url)
    {
        var u = url.Trim('/');
        if (u.EndsWith("index.html", StringComparison.Ordinal)) u = u[..^"index.html".Length].TrimEnd('/');
        return u;
    }

    private SiteLink FromUrl(string url)
    {
        var path = RepoPath.Normalize(url, out var climb);
        if (climb > 0) return SiteLink.Unjudged("climbs above the site root");
        if (_baseUrl.Length > 0 && RepoPath.IsUnder(path, _baseUrl)) path = RepoPath.Relative(path, _baseUrl);
        var urls = _urls.Value;
        foreach (var candidate in new[] { path, path.EndsWith("index.html", StringComparison.Ordinal) ? RepoPath.Dir(path) : path, path + ".html", path.EndsWith(".html", StringComparison.Ordinal) ? path[..^5] : path })
            if (urls.TryGetValue(candidate, out var page)) return SiteLink.Found(page, IsPageFile(page) ? page : null);
        var file = RepoPath.Join(Root, path);
        if (file is not null && path.Length > 0 && (IsFile(file) || IsFolder(file))) return SiteLink.Found(file, null);
        if (path.Length == 0) return SiteLink.Found(null, null);
        if (path is "feed.xml" or "sitemap.xml" or "robots.txt" || path.StartsWith("feed/", StringComparison.Ordinal)) return SiteLink.Found(null, null);
        return SiteLink.Missing($"no page or file of the site at '/{path}'");
    }

    [GeneratedRegex(@"^\{%-?\s*(?<tag>link|post_url)\s+(?<p>[^\s%]+)\s*-?%\}$")]
    private static partial Regex LinkTag();

    /// <inheritdoc />
    public override SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind)
    {
        if (destination.Length == 0) return SiteLink.Found(from.Page, from.Page);
        var tag = LinkTag().Match(destination.Trim());
        if (tag.Success)
        {
            var name = tag.Groups["p"].Value;
            if (name.Contains("{{", StringComparison.Ordinal)) return SiteLink.Unjudged("a Liquid expression");
            if (tag.Groups["tag"].Value == "link")
                return RepoPath.Join(Root, name) is { } f && IsFile(f) ? SiteLink.Found(f, IsPageFile(f) ? f : null) : SiteLink.Missing($"'{{% link %}}' names '{RepoPath.Join(Root, name)}', which does not exist (the site build fails)");
            var post = Workspace.Files.Files.FirstOrDefault(f => RepoPath.IsUnder(f, RepoPath.Join(Root, "_posts")!) && RepoPath.Stem(f) == RepoPath.Name(name));
            return post is not null ? SiteLink.Found(post, post) : SiteLink.Missing($"'{{% post_url %}}' names no post '{name}' (the site build fails)");
        }
        var decoded = RepoPath.Decode(destination);
        if (decoded.StartsWith('/')) return FromUrl(decoded);
        foreach (var dir in new[] { RepoPath.Dir(from.File), RepoPath.Dir(from.Page) }.Distinct())
            if (RepoPath.Join(dir, decoded) is { } file && IsFile(file)) return SiteLink.Found(file, RendersPage(file) ? file : null);
        var pageUrl = UrlOf(from.Page);
        var baseDir = pageUrl.EndsWith('/') ? pageUrl.TrimEnd('/') : RepoPath.Dir(pageUrl);
        return FromUrl(baseDir + "/" + decoded);
    }

    /// <inheritdoc />
    public override IEnumerable<string> IncludedFiles(string page)
    {
        if (Document(page) is not { } document) yield break;
        foreach (var include in PageMarkup.Of(document).Includes.Where(i => i.Syntax == "jekyll"))
            if (RepoPath.Join(RepoPath.Dir(page), include.Target) is { } file && IsFile(file) && IsPageFile(file)) yield return file;
    }

    /// <inheritdoc />
    protected override PageAnchors BuildAnchors(string page, int depth)
    {
        var document = Document(page);
        if (document is null) return new PageAnchors();
        var anchors = StandardAnchors(document, new AnchorRules(_slugs, AttributeLists: true, Footnotes: "fn:"));
        if (depth < 4)
            foreach (var file in IncludedFiles(page))
                if (file != page) anchors.AddAll(BuildAnchors(file, depth + 1));
        return anchors;
    }
}
