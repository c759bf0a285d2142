using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs.Sites;

/// <summary>
/// An MkDocs site (<c>mkdocs.yml</c>): pages are the markdown files under <c>docs_dir</c> (default <c>docs</c>) not excluded by
/// <c>exclude_docs</c> (hidden files and <c>templates/</c> by default); <c>nav</c>/<c>not_in_nav</c> change menus, not what
/// is built. MkDocs rewrites a link whose target is a documentation file (relative to the source file); any other relative
/// link (raw HTML, a page URL such as <c>../advanced/transports</c>) stays as written and resolves against the page URL
/// (<c>/async/</c> with <c>use_directory_urls</c>). Heading ids come from the <c>toc</c> extension's slugify (Python-Markdown's
/// by default, <c>pymdownx.slugs</c> when configured); <c>attr_list</c> ids, footnotes (<c>fn:x</c>), <c>pymdownx.tabbed</c> ids
/// and the headings of <c>pymdownx.snippets</c> includes count; pages that use <c>:::</c> directives of a plugin
/// (mkdocstrings, mkdocs-click) or shortcodes expanded by <c>hooks:</c> get ids from code, which are not judged.
/// </summary>
public sealed class MkDocsSite : DocSite
{
    private readonly string _docsDir;
    private readonly bool _directoryUrls;
    private readonly GitIgnorePattern _exclude;
    private readonly AnchorRules _rules;
    private readonly bool _slugifyKnown;
    private readonly bool _snippets;
    private readonly List<string> _snippetBases = [];
    private readonly List<string> _autoAppend = [];
    private readonly List<string> _includeBases = [];
    private readonly bool _hooks;
    private readonly bool _directivePlugins;
    private readonly bool _macros;
    private readonly SlugStyle? _tabSlug;
    private readonly bool _tabCombine;
    private readonly HashSet<string> _redirects = new(StringComparer.Ordinal);
    private readonly string _urlPrefix;

    private MkDocsSite(Workspace workspace, string configPath, Dictionary<string, object> config) : base(workspace, configPath, RepoPath.Dir(configPath))
    {
        var docsDir = ConfigText.String(config, "docs_dir") ?? "docs";
        _docsDir = RepoPath.Join(Root, docsDir) ?? throw new FormatException($"docs_dir '{docsDir}' is outside the repository");
        _directoryUrls = ConfigText.Get(config, "use_directory_urls") is not false;
        var extensions = Named(ConfigText.Get(config, "markdown_extensions"));
        var plugins = Named(ConfigText.Get(config, "plugins"));
        // The exclude plugin (mkdocs-exclude) leaves files out too: its globs are relative to docs_dir.
        var excludedByPlugin = plugins.TryGetValue("exclude", out var excludePlugin) ? ConfigText.Strings(excludePlugin, "glob").Select(g => "/" + g.TrimStart('/')) : [];
        _exclude = new GitIgnorePattern([".*", "/templates/", .. (ConfigText.String(config, "exclude_docs") ?? "").Split('\n'), .. excludedByPlugin]);
        bool Has(string name) => extensions.ContainsKey(name) || extensions.ContainsKey("markdown.extensions." + name);
        var extra = Has("pymdownx.extra") || Has("extra");
        var style = SlugStyle.PythonMarkdown;
        _slugifyKnown = true;
        var toc = extensions.GetValueOrDefault("toc") ?? extensions.GetValueOrDefault("markdown.extensions.toc");
        if (ConfigText.Get(toc, "slugify") is { } slugify)
        {
            var text = Flatten(slugify);
            if (text.Contains("pymdownx.slugs.uslugify", StringComparison.Ordinal) || text.Contains("pymdownx.slugs.slugify", StringComparison.Ordinal)) style = SlugStyle.PymdownxUnicode;
            else if (!text.Contains("markdown.extensions.toc.slugify", StringComparison.Ordinal) || text.Contains("unicode", StringComparison.Ordinal)) _slugifyKnown = false;
        }
        _rules = new AnchorRules(style, AttributeLists: Has("attr_list") || extra, Footnotes: Has("footnotes") || extra ? "fn:" : null);
        if (extensions.TryGetValue("pymdownx.snippets", out var snippets))
        {
            _snippets = true;
            var bases = ConfigText.Strings(snippets, "base_path");
            foreach (var b in bases.Count == 0 ? ["."] : bases)
                if (RepoPath.Join(Root, b) is { } joined) _snippetBases.Add(joined);
            foreach (var a in ConfigText.Strings(snippets, "auto_append")) _autoAppend.Add(a);
        }
        if (extensions.TryGetValue("markdown_include.include", out var markdownInclude))
            _includeBases.Add(RepoPath.Join(Root, ConfigText.String(markdownInclude, "base_path") ?? ".") ?? Root);
        if (extensions.TryGetValue("pymdownx.tabbed", out var tabbed) && ConfigText.Get(tabbed, "slugify") is { } tabSlug)
        {
            _tabSlug = Flatten(tabSlug).Contains("slugs", StringComparison.Ordinal) ? SlugStyle.PymdownxUnicode : SlugStyle.PythonMarkdown;
            _tabCombine = ConfigText.Get(tabbed, "combine_header_slug") is true;
        }
        _hooks = ConfigText.Get(config, "hooks") is List<object> { Count: > 0 };
        _directivePlugins = plugins.Keys.Any(p => p.Contains("mkdocstrings", StringComparison.Ordinal) || p.Contains("click", StringComparison.Ordinal) || p.Contains("typer", StringComparison.Ordinal)) ||
                            extensions.Keys.Any(e => e.Contains("click", StringComparison.Ordinal) || e.Contains("typer", StringComparison.Ordinal) || e.Contains("mkautodoc", StringComparison.Ordinal) || e.Contains("mkdocstrings", StringComparison.Ordinal));
        _macros = plugins.ContainsKey("macros") || plugins.Keys.Any(p => p.Contains("macros", StringComparison.Ordinal) || p.Contains("jinja", StringComparison.Ordinal));
        if (plugins.TryGetValue("redirects", out var redirects) && ConfigText.Get(redirects, "redirect_maps") is Dictionary<string, object> maps)
            foreach (var key in maps.Keys) _redirects.Add(key);
        var siteUrl = ConfigText.String(config, "site_url") ?? "";
        _urlPrefix = Uri.TryCreate(siteUrl, UriKind.Absolute, out var uri) ? uri.AbsolutePath.Trim('/') : "";
    }

    /// <summary>The site of <paramref name="configPath"/>.</summary>
    public static MkDocsSite? TryCreate(Workspace workspace, string configPath)
    {
        var config = YamlConfig(workspace, configPath);
        if (!config.ContainsKey("site_name") && !config.ContainsKey("INHERIT")) return null; // a fragment (a nav file), not a site's configuration
        var inherits = config.ContainsKey("INHERIT");
        // INHERIT: a parent configuration whose keys this one overrides.
        for (var depth = 0; depth < 4 && ConfigText.String(config, "INHERIT") is { } parent; depth++)
        {
            var parentPath = RepoPath.Join(RepoPath.Dir(configPath), parent);
            if (parentPath is null || !workspace.Files.Contains(parentPath)) break;
            var merged = YamlConfig(workspace, parentPath);
            var grandparent = ConfigText.String(merged, "INHERIT");
            config.Remove("INHERIT");
            merged.Remove("INHERIT");
            DeepMerge(merged, config);
            if (grandparent is not null) merged["INHERIT"] = RepoPath.Relative(RepoPath.Join(RepoPath.Dir(parentPath), grandparent) ?? grandparent, RepoPath.Dir(configPath));
            config = merged;
        }
        return new MkDocsSite(workspace, configPath, config) { Inherits = inherits };
    }

    /// <summary>True when the configuration inherits another (<c>INHERIT</c>): the complete one of a family of configurations.</summary>
    public bool Inherits { get; private init; }

    /// <summary>MkDocs' INHERIT merge: the child's keys win, mappings are merged key by key, lists are replaced.</summary>
    private static void DeepMerge(Dictionary<string, object> parent, Dictionary<string, object> child)
    {
        foreach (var (key, value) in child)
        {
            if (value is Dictionary<string, object> c && parent.TryGetValue(key, out var p) && p is Dictionary<string, object> pm) DeepMerge(pm, c);
            else parent[key] = value;
        }
    }

    /// <inheritdoc />
    public override string Kind => "MkDocs";
    /// <inheritdoc />
    public override string SourceRoot => _docsDir;
    /// <inheritdoc />
    public override string? Caveat => _slugifyKnown ? null : "the toc extension uses a slugify function this tool does not know; heading anchors are not judged";

    private static Dictionary<string, object?> Named(object? list)
    {
        var named = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (list is Dictionary<string, object> map)
        {
            foreach (var (k, v) in map) named[k] = v; // plugins: and markdown_extensions: may be mappings
            return named;
        }
        if (list is not List<object> items) return named;
        foreach (var item in items)
        {
            if (item is string s) named[s] = null;
            else if (item is Dictionary<string, object> d)
                foreach (var (k, v) in d) named[k] = v;
        }
        return named;
    }

    private static string Flatten(object? value) => value switch
    {
        string s => s,
        Dictionary<string, object> d => string.Join(" ", d.Select(kv => kv.Key + " " + Flatten(kv.Value))),
        List<object> l => string.Join(" ", l.Select(Flatten)),
        _ => value?.ToString() ?? "",
    };

    /// <inheritdoc />
    public override bool RendersPage(string path)
    {
        if (!RepoPath.IsUnder(path, _docsDir) || !path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase)) return false;
        return !_exclude.IsMatch(RepoPath.Relative(path, _docsDir));
    }

    /// <summary>The URL path of a page (no leading slash): <c>a/b/</c>, or <c>a/b.html</c> without directory URLs.</summary>
    private string PageUrl(string page)
    {
        var rel = RepoPath.Relative(page, _docsDir);
        var dir = RepoPath.Dir(rel);
        var stem = RepoPath.Stem(rel);
        var prefix = dir.Length == 0 ? "" : dir + "/";
        if (stem.Equals("index", StringComparison.OrdinalIgnoreCase) || stem.Equals("README", StringComparison.OrdinalIgnoreCase)) return prefix;
        return _directoryUrls ? prefix + stem + "/" : prefix + stem + ".html";
    }

    /// <summary>The file a site URL path (relative to the site root, decoded) reaches: a page or a file of <c>docs_dir</c>.</summary>
    private SiteLink FromUrl(string url, string written)
    {
        var path = RepoPath.Normalize(url, out var climb);
        if (climb > 0) return SiteLink.Unjudged("climbs above the site root");
        if (_urlPrefix.Length > 0 && RepoPath.IsUnder(path, _urlPrefix)) path = RepoPath.Relative(path, _urlPrefix);
        var inDocs = path.Length == 0 ? _docsDir : RepoPath.Join(_docsDir, path)!;
        if (path.Length > 0 && IsFile(inDocs)) return SiteLink.Found(inDocs, RendersPage(inDocs) ? inDocs : null);
        var stem = path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? path[..^5] : path;
        var candidates = new List<string>();
        if (stem.Length > 0 && !stem.EndsWith("/index", StringComparison.Ordinal) && stem != "index") candidates.Add(stem + ".md");
        var folder = stem == "index" ? "" : stem.EndsWith("/index", StringComparison.Ordinal) ? stem[..^6] : stem;
        candidates.Add(folder.Length == 0 ? "index.md" : folder + "/index.md");
        candidates.Add(folder.Length == 0 ? "README.md" : folder + "/README.md");
        foreach (var candidate in candidates)
        {
            var file = RepoPath.Join(_docsDir, candidate)!;
            if (IsFile(file) && RendersPage(file)) return SiteLink.Found(file, file);
            if (_redirects.Contains(candidate)) return SiteLink.Found(null, null);
        }
        // A file name (logo.png) is looked for as a file only: naming page candidates (logo.png.md) would mislead.
        if (stem == path && RepoPath.Extension(path) is { Length: > 1 and <= 5 } ext && ext[1..].All(char.IsAsciiLetter)) return SiteLink.Missing($"no file of the site at '/{path}' ('{inDocs}' does not exist)");
        return SiteLink.Missing($"no page or file of the site at '/{path}' (looked for {string.Join(", ", candidates.Take(2).Select(c => "'" + RepoPath.Join(_docsDir, c) + "'"))})");
    }

    /// <inheritdoc />
    public override SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind)
    {
        if (destination.Length == 0) return SiteLink.Found(from.Page, from.Page);
        var decoded = RepoPath.Decode(destination);
        if (decoded.StartsWith('/')) return FromUrl(decoded, destination);
        if (kind != MarkdownLinkKind.Html)
        {
            // A documentation file, relative to the markdown source (an included file's text is part of the including page).
            foreach (var dir in new[] { RepoPath.Dir(from.Page), RepoPath.Dir(from.File) }.Distinct())
            {
                if (RepoPath.Join(dir, decoded) is not { } file) continue;
                if (IsFile(file) && RepoPath.IsUnder(file, _docsDir) && !_exclude.IsMatch(RepoPath.Relative(file, _docsDir)))
                    return SiteLink.Found(file, RendersPage(file) ? file : null);
            }
            if (IsPageFile(decoded))
            {
                var target = RepoPath.Join(RepoPath.Dir(from.Page), decoded);
                if (target is null) return SiteLink.Unjudged("climbs above the repository root");
                if (IsFile(target))
                    return SiteLink.Missing($"'{target}' is not a documentation file of the site (outside docs_dir '{_docsDir}' or excluded), so MkDocs leaves the link as written and it reaches nothing on the site", target);
                return SiteLink.Missing($"'{target}' does not exist", target);
            }
        }
        // Not a documentation file: the browser resolves the link against the page URL.
        var pageUrl = PageUrl(from.Page);
        var urlDir = pageUrl.EndsWith('/') ? pageUrl.TrimEnd('/') : RepoPath.Dir(pageUrl);
        var joined = RepoPath.Normalize(urlDir + "/" + decoded, out var climb);
        if (climb > 0) return SiteLink.Unjudged("climbs above the site root");
        return FromUrl(joined, destination);
    }

    /// <inheritdoc />
    public override IEnumerable<string> IncludedFiles(string page)
    {
        if (Document(page) is not { } document) yield break;
        var includes = PageMarkup.Of(document).Includes;
        if (_snippets)
            foreach (var include in includes.Where(i => i.Syntax == "snippets").Select(i => i.Target).Concat(_autoAppend))
                if (Snippet(include, page) is { } file) yield return file;
        // markdown-include's {!path!}, relative to its base_path (the directory MkDocs runs from).
        foreach (var include in includes.Where(i => i.Syntax == "markdown-include"))
            foreach (var b in _includeBases)
                if (RepoPath.Join(b, include.Target) is { } file && IsFile(file)) { yield return file; break; }
    }

    private string? Snippet(string written, string page)
    {
        var name = written.Split(':')[0].Trim();
        if (name.Length == 0 || name.Contains("://", StringComparison.Ordinal)) return null;
        foreach (var b in _snippetBases.Append(RepoPath.Dir(page)))
            if (RepoPath.Join(b, name) is { } file && IsFile(file)) return file;
        return null;
    }

    /// <inheritdoc />
    protected override PageAnchors BuildAnchors(string page, int depth)
    {
        var document = Document(page);
        if (document is null) return new PageAnchors();
        var anchors = StandardAnchors(document, _rules);
        var markup = PageMarkup.Of(document);
        if (!_slugifyKnown) anchors.Opaque(_ => true, "headings slugged by an unknown function");
        if (_tabSlug is { } tabStyle) AddTabs(document, anchors, tabStyle);
        if (_directivePlugins && markup.AutodocObjects.Count > 0)
            anchors.Opaque(_ => true, "ids made by ::: directives");
        if (_hooks && markup.CommentShortcodeWords.Count > 0)
            anchors.Opaque(f => markup.CommentShortcodeWords.Contains(f.TrimStart('+')), "ids made by hooks from comment shortcodes");
        if (_hooks && markup.Prose.Contains("{{", StringComparison.Ordinal))
            anchors.Opaque(_ => true, "text that a hook puts in place of a {{ placeholder }}");
        if (_macros && (document.Source.Text.Contains("{{", StringComparison.Ordinal) || document.Source.Text.Contains("{%", StringComparison.Ordinal)))
            anchors.Opaque(_ => true, "text made by the macros plugin");
        if (depth < 4)
            foreach (var file in IncludedFiles(page))
                if (file != page) anchors.AddAll(BuildAnchors(file, depth + 1));
        return anchors;
    }

    private void AddTabs(MarkdownDocument document, PageAnchors anchors, SlugStyle style)
    {
        string? header = null;
        var headings = document.Headings.Select(h => (Line: h.Location.Line, h.Text)).ToList();
        var lines = document.Source.Text.Split('\n');
        var h = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            while (h < headings.Count && headings[h].Line <= i + 1) header = HeadingSlugger.Slug(HeadingId(headings[h++].Text, _rules).Text, _rules.Style);
            var line = lines[i].TrimStart();
            if (!line.StartsWith("===", StringComparison.Ordinal)) continue;
            var q = line.IndexOf('"');
            var e = line.LastIndexOf('"');
            if (q < 0 || e <= q) continue;
            var tab = HeadingSlugger.Slug(line[(q + 1)..e], style);
            anchors.Add(tab);
            if (_tabCombine && header is not null) anchors.Add(header + "-" + tab);
        }
    }
}
