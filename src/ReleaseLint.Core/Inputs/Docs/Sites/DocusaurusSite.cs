using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs.Sites;

/// <summary>
/// A Docusaurus site (<c>docusaurus.config.*</c>), read from the literal values of its configuration: docs instances
/// (preset <c>docs</c> and <c>plugin-content-docs</c>: <c>path</c>, <c>routeBasePath</c>), versions (<c>versions.json</c>,
/// <c>versioned_docs/version-X</c>: the first at the docs route, others under <c>/X/</c>, the current one under <c>/next/</c>),
/// the blog (<c>/blog/YYYY/MM/DD/name</c> or front-matter <c>slug</c>), <c>src/pages</c>, <c>static/</c> files served from
/// the root, and client redirects. A doc's route is its folder plus its front-matter <c>id</c> or <c>slug</c> (number
/// prefixes dropped, <c>index</c>/<c>README</c>/same-name-as-folder as the category index). A link to a <c>.md</c>/<c>.mdx</c>
/// file resolves from the file; any other link from the page's route. Heading ids are github-slugger's, <c>{#id}</c> wins;
/// the headings of imported partials count.
/// </summary>
public sealed partial class DocusaurusSite : DocSite
{
    private sealed record DocsInstance(string Id, string Dir, string Route);

    private readonly List<DocsInstance> _instances = [];
    private readonly List<(string Dir, string Route)> _blogs = [];
    private readonly List<string> _static = [];
    private readonly HashSet<string> _redirects = new(StringComparer.Ordinal);
    private readonly string _baseUrl;
    private readonly Lazy<Dictionary<string, string>> _routes;
    private readonly Lazy<Dictionary<string, string>> _routesIgnoringCase;
    private readonly Lazy<HashSet<string>> _pageFiles;

    private DocusaurusSite(Workspace workspace, string configPath, string js) : base(workspace, configPath, RepoPath.Dir(configPath))
    {
        _baseUrl = Regex.Match(js, @"\bbaseUrl\s*:\s*['""`](?<v>[^'""`]*)['""`]", RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } b ? b.Groups["v"].Value.Trim('/') : "";
        var presetDocsDisabled = Regex.IsMatch(js, @"\bdocs\s*:\s*false\b", RegexOptions.None, TimeSpan.FromSeconds(1));
        foreach (var open in InstanceObjects(js, "docs", "plugin-content-docs"))
        {
            var props = ConfigText.ObjectStrings(js, open);
            var keys = ConfigText.ObjectStructures(js, open).Select(s => s.Key).Concat(props.Keys).ToHashSet();
            if (!keys.Overlaps(["path", "routeBasePath", "sidebarPath", "editUrl", "include", "exclude", "lastVersion", "versions", "id", "remarkPlugins", "beforeDefaultRemarkPlugins"])) continue;
            AddInstance(props.GetValueOrDefault("id") ?? "default", props.GetValueOrDefault("path") ?? "docs", props.GetValueOrDefault("routeBasePath") ?? "docs");
        }
        if (_instances.Count == 0 && !presetDocsDisabled && IsFolder(RepoPath.Join(Root, "docs") ?? "docs")) AddInstance("default", "docs", "docs");
        foreach (var open in InstanceObjects(js, "blog", "plugin-content-blog"))
        {
            var props = ConfigText.ObjectStrings(js, open);
            if (RepoPath.Join(Root, props.GetValueOrDefault("path") ?? "blog") is { } dir) _blogs.Add((dir, (props.GetValueOrDefault("routeBasePath") ?? "blog").Trim('/')));
        }
        if (_blogs.Count == 0 && !Regex.IsMatch(js, @"\bblog\s*:\s*false\b", RegexOptions.None, TimeSpan.FromSeconds(1)) && RepoPath.Join(Root, "blog") is { } blog && IsFolder(blog)) _blogs.Add((blog, "blog"));
        var statics = Regex.Match(js, @"\bstaticDirectories\s*:\s*\[(?<v>[^\]]*)\]", RegexOptions.None, TimeSpan.FromSeconds(1));
        foreach (var s in statics.Success ? ConfigText.StringLiterals(statics.Groups["v"].Value) : ["static"])
            if (RepoPath.Join(Root, s) is { } dir) _static.Add(dir);
        foreach (Match m in Regex.Matches(js, @"\bfrom\s*:\s*(?:['""`](?<v>/[^'""`]*)['""`]|\[(?<list>[^\]]*)\])", RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            if (m.Groups["v"].Success) _redirects.Add(m.Groups["v"].Value.TrimEnd('/'));
            else foreach (var v in ConfigText.StringLiterals(m.Groups["list"].Value)) _redirects.Add(v.TrimEnd('/'));
        }
        _pageFiles = new(() => Workspace.Files.Files.Where(f => IsPageFile(f) && _instances.Any(i => RepoPath.IsUnder(f, i.Dir)) && !Excluded(f)).ToHashSet(StringComparer.Ordinal));
        _routes = new(BuildRoutes);
        _routesIgnoringCase = new(() =>
        {
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (route, file) in _routes.Value) map.TryAdd(route, file);
            return map;
        });
    }

    /// <summary>The site of <paramref name="configPath"/>.</summary>
    public static DocusaurusSite TryCreate(Workspace workspace, string configPath) =>
        new(workspace, configPath, ConfigText.StripJsComments(ConfigSource(workspace, configPath)));

    /// <inheritdoc />
    public override string Kind => "Docusaurus";
    /// <inheritdoc />
    public override string SourceRoot => _instances.Count == 0 ? Root : CommonRoot(_instances.Select(i => i.Dir).Append(Root));
    /// <inheritdoc />
    public override string? Caveat => "routes made by plugins other than docs, blog and pages (generated API docs, custom pages) are not judged";

    private static string CommonRoot(IEnumerable<string> dirs)
    {
        var list = dirs.ToList();
        var common = list[0];
        foreach (var d in list.Skip(1))
            while (!RepoPath.IsUnder(d, common)) common = RepoPath.Dir(common);
        return common;
    }

    /// <summary>Offsets of the object literals that configure an instance: <c>key: {…}</c>, <c>['plugin', {…}]</c> or <c>['plugin', options]</c> with <c>options = {…}</c>.</summary>
    private static IEnumerable<int> InstanceObjects(string js, string presetKey, string plugin)
    {
        foreach (Match m in Regex.Matches(js, @"(?<![\w$.])" + presetKey + @"\s*:\s*\{", RegexOptions.None, TimeSpan.FromSeconds(1)))
            yield return m.Index + m.Length - 1;
        foreach (Match m in Regex.Matches(js, Regex.Escape(plugin) + @"['""]\s*,\s*(?:(?<obj>\{)|(?<var>[A-Za-z_$][\w$]*))", RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            if (m.Groups["obj"].Success) yield return m.Groups["obj"].Index;
            else
            {
                var def = Regex.Match(js, @"(?:const|let|var)\s+" + Regex.Escape(m.Groups["var"].Value) + @"\s*(?::[^=]+)?=\s*\{", RegexOptions.None, TimeSpan.FromSeconds(1));
                if (def.Success) yield return def.Index + def.Length - 1;
            }
        }
    }

    private void AddInstance(string id, string path, string route)
    {
        if (RepoPath.Join(Root, path) is not { } dir || _instances.Any(i => i.Dir == dir)) return;
        route = route.Trim('/');
        var prefix = id == "default" ? "" : id + "_";
        var versionsFile = RepoPath.Join(Root, prefix + "versions.json")!;
        var versions = new List<string>();
        if (IsFile(versionsFile) && Workspace.Read(versionsFile, InputKind.Other, UnreadableReport.ByCaller).Text?.Text is { } json)
            versions.AddRange(ConfigText.StringLiterals(json));
        _instances.Add(new DocsInstance(id, dir, versions.Count > 0 ? Join(route, "next") : route));
        for (var i = 0; i < versions.Count; i++)
            if (RepoPath.Join(Root, $"{prefix}versioned_docs/version-{versions[i]}") is { } vdir)
                _instances.Add(new DocsInstance(id, vdir, i == 0 ? route : Join(route, versions[i])));
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + "/" + b;

    private static bool Excluded(string path)
    {
        foreach (var segment in path.Split('/'))
            if (segment.StartsWith('_') || segment == "__tests__") return true;
        return false;
    }

    /// <inheritdoc />
    public override bool RendersPage(string path) =>
        _pageFiles.Value.Contains(path) || _blogs.Any(b => RepoPath.IsUnder(path, b.Dir) && IsPageFile(path) && !Excluded(RepoPath.Relative(path, b.Dir))) ||
        IsPageFile(path) && RepoPath.IsUnder(path, RepoPath.Join(Root, "src/pages")!) && !Excluded(RepoPath.Relative(path, Root + "/src/pages"));

    [GeneratedRegex(@"^\d+\s*[-_.]+\s*(?=[^-_.\s])")]
    private static partial Regex NumberPrefix();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})-?(?<name>.*)$")]
    private static partial Regex BlogDate();

    private Dictionary<string, string> BuildRoutes()
    {
        var routes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instance in _instances)
        {
            foreach (var file in _pageFiles.Value.Where(f => RepoPath.IsUnder(f, instance.Dir)).Order(StringComparer.Ordinal))
            {
                if (_instances.Any(other => other != instance && other.Dir.Length > instance.Dir.Length && RepoPath.IsUnder(file, other.Dir))) continue;
                var rel = RepoPath.Relative(file, instance.Dir);
                var dir = string.Join('/', RepoPath.Dir(rel).Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => NumberPrefix().Replace(s, "")));
                var stem = NumberPrefix().Replace(RepoPath.Stem(rel), "");
                var front = Document(file) is { } doc ? FrontMatter.Of(doc) : new Dictionary<string, object>();
                var id = ConfigText.String(front, "id") ?? stem;
                string slug;
                if (ConfigText.String(front, "slug") is { } s) slug = s.StartsWith('/') ? s.Trim('/') : Join(dir, s.Trim('/'));
                else if (ConfigText.String(front, "id") is null && (stem.Equals("index", StringComparison.OrdinalIgnoreCase) || stem.Equals("readme", StringComparison.OrdinalIgnoreCase) || stem == RepoPath.Name(dir))) slug = dir;
                else slug = Join(dir, id);
                routes.TryAdd("/" + Join(instance.Route, slug).Trim('/'), file);
            }
        }
        foreach (var (dir, route) in _blogs)
        {
            routes.TryAdd("/" + route, "");
            foreach (var file in Workspace.Files.Files.Where(f => RepoPath.IsUnder(f, dir) && IsPageFile(f)))
            {
                var rel = RepoPath.Relative(file, dir);
                if (Excluded(rel)) continue;
                var name = RepoPath.Stem(rel) is "index" ? RepoPath.Name(RepoPath.Dir(rel)) : RepoPath.Stem(rel);
                var front = Document(file) is { } doc ? FrontMatter.Of(doc) : new Dictionary<string, object>();
                var m = BlogDate().Match(name);
                var slug = ConfigText.String(front, "slug") is { } s ? s.Trim('/') : m.Success ? $"{m.Groups["y"]}/{m.Groups["m"]}/{m.Groups["d"]}/{m.Groups["name"]}" : name;
                routes.TryAdd("/" + Join(route, slug), file);
            }
        }
        var pages = RepoPath.Join(Root, "src/pages")!;
        foreach (var file in Workspace.Files.Files.Where(f => RepoPath.IsUnder(f, pages)))
        {
            var rel = RepoPath.Relative(file, pages);
            if (Excluded(rel)) continue;
            var ext = RepoPath.Extension(rel);
            if (ext is not (".md" or ".mdx" or ".js" or ".jsx" or ".ts" or ".tsx")) continue;
            var stem = Join(RepoPath.Dir(rel), RepoPath.Stem(rel));
            if (RepoPath.Stem(rel) == "index") stem = RepoPath.Dir(rel);
            routes.TryAdd("/" + stem, IsPageFile(file) ? file : "");
        }
        return routes;
    }

    /// <summary>The route of a page, or null.</summary>
    private string? RouteOf(string page) => _routes.Value.FirstOrDefault(r => r.Value == page).Key;

    /// <summary>True for the extension of a file a site serves as it is (an image, a video, a download), not a route.</summary>
    private static bool IsAsset(string extension) =>
        extension.ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".gif" or ".svg" or ".webp" or ".avif" or ".ico" or ".mp4" or ".webm" or ".pdf" or ".zip" or ".gz" or ".css";

    private SiteLink FromRoute(string path, string written, MarkdownLinkKind kind = MarkdownLinkKind.Inline)
    {
        var route = "/" + RepoPath.Normalize(path, out var climb);
        if (climb > 0) return SiteLink.Unjudged("climbs above the site root");
        if (_baseUrl.Length > 0 && (route + "/").StartsWith("/" + _baseUrl + "/", StringComparison.Ordinal)) route = "/" + route[(_baseUrl.Length + 1)..].TrimStart('/');
        route = route.Length > 1 ? route.TrimEnd('/') : route;
        if (route.EndsWith(".html", StringComparison.OrdinalIgnoreCase)) route = route[..^5];
        if (route == "/" || route.Length == 0) return SiteLink.Found(null, null);
        if (_routes.Value.TryGetValue(route, out var file) || _routesIgnoringCase.Value.TryGetValue(route, out file))
            return SiteLink.Found(file.Length == 0 ? null : file, file.Length == 0 ? null : file);
        foreach (var dir in _static)
            if (RepoPath.Join(dir, route.TrimStart('/')) is { } f && (IsFile(f) || IsFolder(f))) return SiteLink.Found(f, null);
        if (_redirects.Contains(route)) return SiteLink.Found(null, null);
        // An image or asset from the site root is a file of a static folder: plugins make pages, not such files.
        if ((kind == MarkdownLinkKind.Image || IsAsset(RepoPath.Extension(route))) && _static.Count > 0)
            return SiteLink.Missing($"no file '{route.TrimStart('/')}' in {string.Join(" or ", _static.Select(d => d + "/"))} (static files are served from the site root)", RepoPath.Join(_static[0], route.TrimStart('/')));
        foreach (var (_, blog) in _blogs)
            if (route.StartsWith("/" + blog + "/tags", StringComparison.Ordinal) || route.StartsWith("/" + blog + "/authors", StringComparison.Ordinal) ||
                route.StartsWith("/" + blog + "/page/", StringComparison.Ordinal) || route == "/" + blog + "/archive")
                return SiteLink.Found(null, null);
        if (!_instances.Any(i => route == "/" + i.Route || route.StartsWith("/" + i.Route + "/", StringComparison.Ordinal) || i.Route.Length == 0) &&
            !_blogs.Any(b => route.StartsWith("/" + b.Route + "/", StringComparison.Ordinal)))
            return SiteLink.Unjudged($"'{route}' is not a route of the docs, blog or pages of the site (another plugin's route)");
        if (_instances.Any(i => i.Route.Length == 0) && !_instances.Any(i => i.Route.Length > 0 && route.StartsWith("/" + i.Route + "/", StringComparison.Ordinal)) &&
            route.Count(c => c == '/') == 1 && !_routes.Value.Keys.Any(k => k.StartsWith(route + "/", StringComparison.Ordinal)) && !_routesIgnoringCase.Value.Keys.Any(k => k.StartsWith(route + "/", StringComparison.OrdinalIgnoreCase)))
            return SiteLink.Unjudged($"'{route}' is not a route of the docs, blog or pages of the site (another plugin's route)");
        return SiteLink.Missing($"no page of the site has the route '{route}'");
    }

    /// <inheritdoc />
    public override SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind)
    {
        if (destination.Length == 0) return SiteLink.Found(from.Page, from.Page);
        var decoded = RepoPath.Decode(destination);
        if (decoded.StartsWith("pathname://", StringComparison.Ordinal)) return SiteLink.Unjudged("a pathname:// link leaves the router");
        if (decoded.StartsWith("@site/", StringComparison.Ordinal))
        {
            var file = RepoPath.Join(Root, decoded["@site/".Length..]);
            return file is not null && (IsFile(file) || IsFolder(file)) ? SiteLink.Found(file, IsPageFile(file) ? file : null) : SiteLink.Missing($"'{file}' does not exist", file);
        }
        var ext = RepoPath.Extension(decoded);
        if (!decoded.StartsWith('/') || ext is ".md" or ".mdx")
        {
            // A file path, relative to the markdown source (or to a docs root).
            var roots = new[] { RepoPath.Dir(from.File), RepoPath.Dir(from.Page) }.Concat(_instances.Select(i => i.Dir)).Distinct();
            foreach (var root in roots)
                if ((decoded.StartsWith('/') ? RepoPath.Join(root, decoded.TrimStart('/')) : RepoPath.Join(root, decoded)) is { } file && IsFile(file))
                    return SiteLink.Found(file, IsPageFile(file) ? file : null);
            if (ext is ".md" or ".mdx") return SiteLink.Missing($"'{RepoPath.Join(RepoPath.Dir(from.File), decoded)}' does not exist", RepoPath.Join(RepoPath.Dir(from.File), decoded));
            if (kind == MarkdownLinkKind.Image && !decoded.StartsWith('/')) return SiteLink.Missing($"'{RepoPath.Join(RepoPath.Dir(from.File), decoded)}' does not exist");
        }
        if (decoded.StartsWith('/')) return FromRoute(decoded, destination, kind);
        // A URL relative to the page's route.
        var pageRoute = RouteOf(from.Page);
        if (pageRoute is null) return SiteLink.Unjudged("the page's route is not known");
        return FromRoute(RepoPath.Dir(pageRoute) + "/" + decoded, destination);
    }

    /// <inheritdoc />
    public override IEnumerable<string> IncludedFiles(string page)
    {
        if (Document(page) is not { } document) yield break;
        foreach (var include in PageMarkup.Of(document).Includes.Where(i => i.Syntax == "mdx"))
        {
            var target = include.Target.StartsWith("@site/", StringComparison.Ordinal) ? RepoPath.Join(Root, include.Target[6..]) : RepoPath.Join(RepoPath.Dir(page), include.Target);
            if (target is not null && IsFile(target)) yield return target;
        }
    }

    /// <inheritdoc />
    protected override PageAnchors BuildAnchors(string page, int depth)
    {
        var document = Document(page);
        if (document is null) return new PageAnchors();
        var anchors = StandardAnchors(document, new AnchorRules(SlugStyle.GitHub, HeadingCustomIds: true, Footnotes: "user-content-fn-"));
        if (depth < 4)
            foreach (var file in IncludedFiles(page))
                if (file != page) anchors.AddAll(BuildAnchors(file, depth + 1));
        return anchors;
    }
}
