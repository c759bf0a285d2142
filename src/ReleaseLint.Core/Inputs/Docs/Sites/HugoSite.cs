using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs.Sites;

/// <summary>
/// A Hugo site (<c>hugo.toml|yaml|json</c>, or <c>config.*</c> beside <c>content/</c> or <c>layouts/</c>): pages are the markdown
/// files of the content folders (<c>contentDir</c>, per-language <c>contentDir</c>, module mounts with target <c>content</c>),
/// except headless bundles (<c>build.render: never</c> cascaded from an <c>_index.md</c>). Without a link render hook Hugo writes
/// links as they are: they resolve against the page URL (<c>/section/page/</c>), with <c>static/</c> files at the root. A
/// render hook in the repository that calls <c>GetPage</c> resolves destinations as content paths (relative to the page or
/// the content root, case-insensitive, <c>x/</c>, <c>x/_index.md</c>, <c>x/index.md</c>), then page, section and global
/// (<c>assets/</c>) resources; destinations the hook compares with literal strings (<c>"g"</c>) are its own language and not
/// judged, as is every destination of a hook that does not call <c>GetPage</c> or comes from a theme or module outside the
/// repository. Ids: goldmark's (<c>autoHeadingIDType</c>), <c>{#id}</c> attributes, definition terms with
/// <c>autoDefinitionTermID</c>, and those of pages included with an <c>include</c> shortcode.
/// </summary>
public sealed partial class HugoSite : DocSite
{
    private enum HookMode { None, GetPage, Custom, Unknown }

    private readonly List<string> _contentDirs = [];
    private readonly List<string> _staticDirs = [];
    private readonly List<string> _assetDirs = [];
    private readonly HookMode _hook;
    private readonly HashSet<string> _hookLiterals = new(StringComparer.Ordinal);
    private readonly SlugStyle _slugs;
    private readonly bool _termIds;
    private readonly bool _blockAttributes;
    private readonly bool _uglyUrls;
    private readonly string _rssName;
    private readonly Dictionary<string, object> _config;
    private readonly Lazy<Dictionary<string, string>> _logical;
    private readonly Lazy<Dictionary<string, string>> _urls;
    private readonly Lazy<List<string>> _headless;

    private HugoSite(Workspace workspace, string configPath, string root, Dictionary<string, object> config) : base(workspace, configPath, root)
    {
        _config = config;
        var mounts = ConfigText.Tables(config, "module.mounts");
        foreach (var mount in mounts)
        {
            var source = ConfigText.String(mount, "source");
            var target = ConfigText.String(mount, "target");
            if (source is null || target is null || RepoPath.Join(Root, source) is not { } dir) continue;
            if (target == "content") _contentDirs.Add(dir);
            else if (target == "static" || target.StartsWith("static/", StringComparison.Ordinal)) _staticDirs.Add(dir);
            else if (target == "assets") _assetDirs.Add(dir);
        }
        if (ConfigText.Get(config, "languages") is Dictionary<string, object> languages)
            foreach (var language in languages.Values)
                if (ConfigText.String(language, "contentDir") is { } dir && RepoPath.Join(Root, dir) is { } joined) _contentDirs.Add(joined);
        if (_contentDirs.Count == 0 || !mounts.Any(m => ConfigText.String(m, "target") == "content"))
            _contentDirs.Add(RepoPath.Join(Root, ConfigText.String(config, "contentDir") ?? "content")!);
        if (!mounts.Any(m => ConfigText.String(m, "target") == "static")) _staticDirs.Add(RepoPath.Join(Root, ConfigText.String(config, "staticDir") ?? "static")!);
        if (!mounts.Any(m => ConfigText.String(m, "target") == "assets")) _assetDirs.Add(RepoPath.Join(Root, ConfigText.String(config, "assetDir") ?? "assets")!);
        _slugs = (ConfigText.String(config, "markup.goldmark.parser.autoHeadingIDType") ?? "github").ToLowerInvariant() switch
        {
            "github-ascii" => SlugStyle.HugoAscii,
            "blackfriday" => SlugStyle.Blackfriday,
            _ => SlugStyle.Hugo,
        };
        _termIds = ConfigText.Get(config, "markup.goldmark.parser.autoDefinitionTermID") is true;
        _blockAttributes = ConfigText.Get(config, "markup.goldmark.parser.attribute.block") is true;
        _uglyUrls = ConfigText.Get(config, "uglyURLs") is true;
        _rssName = ConfigText.String(config, "outputFormats.rss.baseName") ?? ConfigText.String(config, "outputFormats.RSS.baseName") ?? "index";

        var hooks = new[] { "layouts/_markup/render-link.html", "layouts/_default/_markup/render-link.html" }
            .Select(h => RepoPath.Join(Root, h)!).Where(IsFile).ToList();
        var theme = ConfigText.String(config, "theme");
        if (theme is not null && RepoPath.Join(Root, "themes/" + theme) is { } themeDir && IsFolder(themeDir))
            hooks.AddRange(new[] { "layouts/_markup/render-link.html", "layouts/_default/_markup/render-link.html" }.Select(h => themeDir + "/" + h).Where(IsFile));
        if (hooks.Count > 0)
        {
            var text = ConfigSource(workspace, hooks[0]);
            _hook = text.Contains("GetPage", StringComparison.Ordinal) ? HookMode.GetPage : HookMode.Custom;
            foreach (Match m in Regex.Matches(text, @"\beq\s+(?:\$\w+\.String|\.Destination|\$\w+)\s+""(?<v>[^""]*)""", RegexOptions.None, TimeSpan.FromSeconds(1)))
                _hookLiterals.Add(m.Groups["v"].Value);
        }
        else
        {
            var external = ConfigText.Tables(config, "module.imports").Count > 0 || theme is not null && !IsFolder(RepoPath.Join(Root, "themes/" + theme) ?? "");
            _hook = external ? HookMode.Unknown : HookMode.None;
        }
        _logical = new(BuildLogicalPaths);
        _urls = new(BuildUrls);
        _headless = new(FindHeadless);
    }

    /// <summary>The site of <paramref name="configPath"/>, or null when a <c>config.*</c> file is not Hugo's.</summary>
    public static HugoSite? TryCreate(Workspace workspace, string configPath)
    {
        var name = RepoPath.Name(configPath);
        var dir = RepoPath.Dir(configPath);
        var root = dir;
        if (RepoPath.Name(dir) == "_default" && RepoPath.Name(RepoPath.Dir(dir)) == "config") root = RepoPath.Dir(RepoPath.Dir(dir));
        var ext = RepoPath.Extension(name);
        if (ext is not (".toml" or ".yaml" or ".yml" or ".json")) return null;
        var text = ConfigSource(workspace, configPath);
        if (name.StartsWith("config.", StringComparison.Ordinal))
        {
            // config.* is a common name: Hugo only with Hugo's folders beside it and a Hugo key in it.
            var prefix = root.Length == 0 ? "" : root + "/";
            if (!workspace.Files.ContainsDirectory(prefix + "content") && !workspace.Files.ContainsDirectory(prefix + "layouts") && !workspace.Files.ContainsDirectory(prefix + "archetypes")) return null;
            if (!Regex.IsMatch(text, @"(?im)^\s*(?:baseURL|baseurl|languageCode|theme|contentDir)\s*[:=]", RegexOptions.None, TimeSpan.FromSeconds(1))) return null;
        }
        Dictionary<string, object>? config = ext switch
        {
            ".toml" => MiniToml.Parse(text),
            ".json" => null,
            _ => YamlConfig(workspace, configPath),
        };
        if (config is null) throw new FormatException(ext == ".json" ? "JSON configuration is not read" : "not TOML this tool reads");
        return new HugoSite(workspace, configPath, root, config);
    }

    /// <inheritdoc />
    public override string Kind => "Hugo";
    /// <inheritdoc />
    public override string SourceRoot => _contentDirs.Count == 1 ? _contentDirs[0] : Root;
    /// <inheritdoc />
    public override string? Caveat => _hook switch
    {
        HookMode.Custom => "the link render hook defines its own link language (no GetPage); links that are not plain URLs of the site are not judged",
        HookMode.Unknown => "the link render hook comes from a theme or module outside the repository; links that resolve neither as URLs nor as content paths are not judged",
        _ => _hookLiterals.Count > 0 ? $"destinations the link render hook handles itself ({string.Join(", ", _hookLiterals.Select(l => "\"" + l + "\""))}) are not judged" : null,
    };

    private string? ContentDirOf(string path) => _contentDirs.FirstOrDefault(d => RepoPath.IsUnder(path, d));

    /// <inheritdoc />
    public override bool UsesContent(string path) => IsPageFile(path) && ContentDirOf(path) is not null;

    private List<string> FindHeadless()
    {
        var headless = new List<string>();
        foreach (var file in Workspace.Files.Files)
        {
            if (RepoPath.Name(file) != "_index.md" || ContentDirOf(file) is null || Document(file) is not { } doc) continue;
            var front = FrontMatter.Of(doc);
            if (ConfigText.String(front, "cascade.build.render") == "never" || ConfigText.Get(front, "cascade.build.render") is false || ConfigText.Get(front, "headless") is true ||
                ConfigText.Tables(front, "cascade").Any(c => ConfigText.String(c, "build.render") == "never"))
                headless.Add(RepoPath.Dir(file));
        }
        return headless;
    }

    /// <inheritdoc />
    public override bool RendersPage(string path)
    {
        if (!IsPageFile(path) || ContentDirOf(path) is null) return false;
        if (_headless.Value.Any(h => RepoPath.IsUnder(path, h))) return false;
        return Document(path) is not { } doc || ConfigText.Get(FrontMatter.Of(doc), "headless") is not true && ConfigText.String(FrontMatter.Of(doc), "build.render") != "never";
    }

    /// <summary>The logical path of a content file: <c>section/page</c> lower-cased, bundles by their folder.</summary>
    private string LogicalPath(string file)
    {
        var rel = RepoPath.Relative(file, ContentDirOf(file)!);
        var stem = RepoPath.Join(RepoPath.Dir(rel), RepoPath.Stem(rel)) ?? "";
        if (RepoPath.Name(stem) is "index" or "_index") stem = RepoPath.Dir(stem);
        return stem.ToLowerInvariant().Replace(' ', '-');
    }

    private Dictionary<string, string> BuildLogicalPaths()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Workspace.Files.Files.Where(f => IsPageFile(f) && ContentDirOf(f) is not null).Order(StringComparer.Ordinal))
            map.TryAdd(LogicalPath(file), file);
        return map;
    }

    private string UrlOf(string file)
    {
        if (Document(file) is { } doc && ConfigText.String(FrontMatter.Of(doc), "url") is { } url) return url.Trim('/');
        var logical = LogicalPath(file);
        if (Document(file) is { } d && ConfigText.String(FrontMatter.Of(d), "slug") is { } slug && RepoPath.Name(file) is not ("_index.md" or "index.md"))
            logical = RepoPath.Join(RepoPath.Dir(logical), slug) ?? logical;
        return _uglyUrls && RepoPath.Name(file) is not ("_index.md" or "index.md") && logical.Length > 0 ? logical + ".html" : logical;
    }

    private Dictionary<string, string> BuildUrls()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in _logical.Value.Values)
        {
            map.TryAdd(UrlOf(file), file);
            if (Document(file) is { } doc)
                foreach (var alias in ConfigText.Strings(FrontMatter.Of(doc), "aliases")) map.TryAdd(alias.Trim('/'), file);
        }
        return map;
    }

    /// <summary>Hugo's <c>GetPage</c> from <paramref name="from"/>: relative to the page's folder, then from the content root.</summary>
    private string? GetPage(string from, string path)
    {
        var clean = path.Trim();
        if (clean.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) clean = clean[..^3];
        clean = clean.TrimEnd('/');
        foreach (var suffix in new[] { "/_index", "/index" })
            if (clean.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) clean = clean[..^suffix.Length];
        if (clean is "_index" or "index") clean = "";
        clean = clean.ToLowerInvariant().Replace(' ', '-');
        var logical = _logical.Value;
        if (clean.StartsWith('/'))
            return logical.TryGetValue(RepoPath.Normalize(clean, out _), out var abs) ? abs : null;
        var fromLogical = ContentDirOf(from) is null ? "" : LogicalPath(from);
        var isBundle = RepoPath.Name(from) is "index.md" or "_index.md";
        var baseDir = isBundle ? fromLogical : RepoPath.Dir(fromLogical);
        if (RepoPath.Join(baseDir, clean) is { } rel && logical.TryGetValue(rel, out var file)) return file;
        if (RepoPath.Join(RepoPath.Dir(fromLogical), clean) is { } sibling && logical.TryGetValue(sibling, out file)) return file;
        return logical.TryGetValue(RepoPath.Normalize(clean, out _), out file) ? file : null;
    }

    /// <summary>A page resource, section resource or global resource named by <paramref name="path"/>.</summary>
    private string? Resource(string from, string path)
    {
        var clean = path.TrimStart('/');
        var dir = RepoPath.Dir(from);
        foreach (var candidate in new[] { RepoPath.Join(dir, clean) }.Concat(_assetDirs.Select(a => RepoPath.Join(a, clean))))
            if (candidate is not null && IsFile(candidate)) return candidate;
        return null;
    }

    private SiteLink FromUrl(string url)
    {
        var path = RepoPath.Normalize(url, out var climb);
        if (climb > 0) return SiteLink.Unjudged("climbs above the site root");
        foreach (var dir in _staticDirs)
            if (path.Length > 0 && RepoPath.Join(dir, path) is { } file && (IsFile(file) || IsFolder(file))) return SiteLink.Found(file, null);
        if (_urls.Value.TryGetValue(path, out var page)) return SiteLink.Found(page, page);
        if (path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && _urls.Value.TryGetValue(path[..^5], out page)) return SiteLink.Found(page, page);
        if (path.EndsWith("/index.html", StringComparison.OrdinalIgnoreCase) && _urls.Value.TryGetValue(path[..^11], out page)) return SiteLink.Found(page, page);
        // Output formats: the RSS feed of the home page, a section, or a page whose outputs name it, at index.xml (or
        // outputFormats.rss.baseName); the sitemap.
        var name = RepoPath.Name(path);
        var feedOf = RepoPath.Dir(path);
        if (name.Equals(_rssName + ".xml", StringComparison.OrdinalIgnoreCase) && (feedOf.Length == 0 ? HasRss(_urls.Value.GetValueOrDefault("")) : _urls.Value.TryGetValue(feedOf, out var feedPage) && HasRss(feedPage)))
            return SiteLink.Found(null, null);
        if (name == "sitemap.xml" && (feedOf.Length == 0 || _urls.Value.ContainsKey(feedOf))) return SiteLink.Found(null, null);
        foreach (var content in _contentDirs)
            if (path.Length > 0 && RepoPath.Join(content, path) is { } file && IsFile(file) && !IsPageFile(file)) return SiteLink.Found(file, null); // a bundle's resource, published beside its page
        return SiteLink.Missing($"no page or static file of the site at '/{path}'");
    }

    /// <summary>
    /// True when Hugo writes an RSS feed for <paramref name="page"/> (a content file; null for a home page without
    /// <c>_index.md</c>): the page's front-matter <c>outputs</c>, else the configuration's <c>outputs.KIND</c>, else Hugo's
    /// defaults (home, sections, taxonomies and terms have RSS; regular pages do not).
    /// </summary>
    private bool HasRss(string? page)
    {
        var kind = page is null ? "home" : RepoPath.Name(page) == "_index.md" ? (LogicalPath(page).Length == 0 ? "home" : "section") : "page";
        var outputs = page is not null && Document(page) is { } doc && ConfigText.Strings(FrontMatter.Of(doc), "outputs") is { Count: > 0 } own
            ? own
            : ConfigText.Strings(_config, "outputs." + kind);
        return outputs.Count > 0 ? outputs.Any(o => o.Equals("rss", StringComparison.OrdinalIgnoreCase)) : kind != "page";
    }

    /// <inheritdoc />
    public override SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind)
    {
        if (destination.Length == 0) return SiteLink.Found(from.Page, from.Page);
        if (_hookLiterals.Contains(destination)) return SiteLink.Unjudged("a destination the link render hook handles itself");
        var decoded = RepoPath.Decode(destination);
        if (kind is MarkdownLinkKind.Inline or MarkdownLinkKind.Reference && _hook is HookMode.GetPage or HookMode.Unknown or HookMode.None)
        {
            if (GetPage(from.File, decoded) is { } page) return SiteLink.Found(page, page);
            if (from.File != from.Page && GetPage(from.Page, decoded) is { } hostPage) return SiteLink.Found(hostPage, hostPage);
            if (Resource(from.File, decoded) is { } resource) return SiteLink.Found(resource, null);
        }
        // As a URL: from the site root, or relative to the page URL.
        var pageUrl = UrlOf(from.Page);
        var url = decoded.StartsWith('/') ? decoded : (pageUrl.EndsWith(".html", StringComparison.Ordinal) ? RepoPath.Dir(pageUrl) : pageUrl) + "/" + decoded;
        var byUrl = FromUrl(url);
        if (byUrl.Verdict != Verdict.Broken) return byUrl;
        if (kind == MarkdownLinkKind.Image && Resource(from.File, decoded) is { } image) return SiteLink.Found(image, null);
        if (IsFile(RepoPath.Join(RepoPath.Dir(from.File), decoded) ?? "")) return SiteLink.Found(RepoPath.Join(RepoPath.Dir(from.File), decoded), null);
        if (_hook is HookMode.Custom or HookMode.Unknown) return SiteLink.Unjudged("the link render hook's link language is not known");
        if (_hook == HookMode.GetPage && kind is MarkdownLinkKind.Inline or MarkdownLinkKind.Reference && !decoded.Contains("://", StringComparison.Ordinal))
        {
            var urlPath = RepoPath.Normalize(url, out _);
            return RepoPath.Extension(decoded) is { Length: > 0 } ext && !ext.Equals(".md", StringComparison.OrdinalIgnoreCase)
                ? SiteLink.Missing($"no resource '{decoded}' of the page or in {string.Join(" or ", _assetDirs.Select(d => d + "/"))}, and no page, feed or static file has the URL '/{urlPath}'")
                : SiteLink.Missing($"the render hook's GetPage finds no page '{decoded}' in {string.Join(" or ", _contentDirs.Select(d => d + "/"))} (from the page's section or the content root), and no page or static file has the URL '/{urlPath}'");
        }
        return byUrl;
    }

    [GeneratedRegex(@"\{\{[<%]-?\s*(?:ref|relref)\s+""(?<p>[^""]+)""\s*-?[>%]\}\}")]
    private static partial Regex RefShortcode();

    /// <summary>The destination of a <c>{{&lt; ref "path" &gt;}}</c> / <c>relref</c> shortcode link, or null.</summary>
    public static string? RefTarget(string url) => RefShortcode().Match(url) is { Success: true } m ? m.Groups["p"].Value : null;

    /// <inheritdoc />
    public override IEnumerable<string> IncludedFiles(string page)
    {
        if (Document(page) is not { } document) yield break;
        foreach (var include in PageMarkup.Of(document).Includes.Where(i => i.Syntax == "hugo"))
            if (GetPage(page, include.Target) is { } file) yield return file;
    }

    /// <inheritdoc />
    protected override PageAnchors BuildAnchors(string page, int depth)
    {
        var document = Document(page);
        if (document is null) return new PageAnchors();
        var anchors = StandardAnchors(document, new AnchorRules(_slugs, AttributeLists: _blockAttributes, HeadingCustomIds: true, DefinitionTerms: _termIds, Footnotes: "fn:"));
        var markup = PageMarkup.Of(document);
        // A shortcode called with {{% %}} returns markdown, whose headings and terms get ids; only include's output is read here.
        if (markup.Shortcodes.Any(s => s[0] == '%' && s[1..] is not ("include" or "ref" or "relref" or "param")))
            anchors.Opaque(_ => true, "ids made by a shortcode");
        // Included snippets share the page's counter of repeated ids: "options" of a snippet may be "options-1" on the page.
        if (markup.Includes.Any(i => i.Syntax == "hugo"))
            anchors.Opaque(f => System.Text.RegularExpressions.Regex.IsMatch(f, @"-\d+$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)) && anchors.Ids.Contains(f[..f.LastIndexOf('-')]), "ids renumbered across included snippets");
        if (depth < 4)
            foreach (var file in IncludedFiles(page))
                if (file != page) anchors.AddAll(BuildAnchors(file, depth + 1));
        return anchors;
    }
}
