using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs.Sites;

/// <summary>
/// A VitePress site (<c>.vitepress/config.*</c> in the site's folder): pages are the markdown files under <c>srcDir</c> (default
/// the site's folder) not matched by <c>srcExclude</c>, at routes made by <c>rewrites</c>; <c>index.md</c> is its folder's
/// page. Links may name the <c>.md</c> file, the <c>.html</c> page or the clean URL, relative to the file or the route, or
/// from the site root; files of <c>public/</c> are served at the root. Heading ids are VitePress's slugify
/// (punctuation to dashes, a leading digit prefixed with <c>_</c>), a <c>{#id}</c> wins; <c>&lt;!--@include: …--&gt;</c> brings
/// another file's headings into the page. A <c>rewrites</c> function or a custom slugify is not read: those parts are not judged.
/// </summary>
public sealed partial class VitePressSite : DocSite
{
    private readonly string _srcDir;
    private readonly List<Regex> _exclude;
    private readonly List<(Regex From, string To)> _rewrites = [];
    private readonly bool _rewriteFunction;
    private readonly bool _customSlugify;
    private readonly string _base;
    private readonly Lazy<Dictionary<string, string>> _routes;

    private VitePressSite(Workspace workspace, string configPath, string js) : base(workspace, configPath, RepoPath.Dir(RepoPath.Dir(configPath)))
    {
        var src = Regex.Match(js, @"\bsrcDir\s*:\s*['""`](?<v>[^'""`]*)['""`]", RegexOptions.None, TimeSpan.FromSeconds(1));
        _srcDir = (src.Success ? RepoPath.Join(Root, src.Groups["v"].Value) : null) ?? Root;
        var exclude = Regex.Match(js, @"\bsrcExclude\s*:\s*\[(?<v>[^\]]*)\]", RegexOptions.None, TimeSpan.FromSeconds(1));
        _exclude = (exclude.Success ? ConfigText.StringLiterals(exclude.Groups["v"].Value) : []).Append("**/node_modules/**").Select(ConfigText.GlobRegex).ToList();
        var rewrites = Regex.Match(js, @"\brewrites\s*:\s*(?<open>\{)", RegexOptions.None, TimeSpan.FromSeconds(1));
        if (rewrites.Success)
            foreach (var (from, to) in ConfigText.ObjectStrings(js, rewrites.Groups["open"].Index)) _rewrites.Add((RewritePattern(from), to));
        _rewriteFunction = Regex.IsMatch(js, @"\brewrites\s*(?:\(|:\s*(?:\(|function|[A-Za-z_$]))", RegexOptions.None, TimeSpan.FromSeconds(1));
        _customSlugify = Regex.IsMatch(js, @"\bslugify\s*[:(]", RegexOptions.None, TimeSpan.FromSeconds(1));
        var b = Regex.Match(js, @"\bbase\s*:\s*['""`](?<v>[^'""`]*)['""`]", RegexOptions.None, TimeSpan.FromSeconds(1));
        _base = b.Success ? b.Groups["v"].Value.Trim('/') : "";
        _routes = new(BuildRoutes);
    }

    /// <summary>The site of <paramref name="configPath"/> (a file in a <c>.vitepress</c> folder).</summary>
    public static VitePressSite TryCreate(Workspace workspace, string configPath) =>
        new(workspace, configPath, ConfigText.StripJsComments(ConfigSource(workspace, configPath)));

    /// <inheritdoc />
    public override string Kind => "VitePress";
    /// <inheritdoc />
    public override string SourceRoot => _srcDir;
    /// <inheritdoc />
    public override string? Caveat => _rewriteFunction ? "rewrites is a function; links by route are not judged" : _customSlugify ? "a custom slugify makes the heading ids; anchors are not judged" : null;

    private static Regex RewritePattern(string from)
    {
        var pattern = Regex.Replace(Regex.Escape(from), @":(?<name>\w+)(?<star>\\\*)?", m => m.Groups["star"].Success ? $"(?<{m.Groups["name"].Value}>.*)" : $"(?<{m.Groups["name"].Value}>[^/]+)");
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private string Rewrite(string rel)
    {
        foreach (var (from, to) in _rewrites)
        {
            var m = from.Match(rel);
            if (!m.Success) continue;
            return Regex.Replace(to, @":(?<name>\w+)\*?", p => m.Groups[p.Groups["name"].Value].Success ? m.Groups[p.Groups["name"].Value].Value : p.Value);
        }
        return rel;
    }

    /// <inheritdoc />
    public override bool RendersPage(string path)
    {
        if (!RepoPath.IsUnder(path, _srcDir) || !path.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return false;
        var rel = RepoPath.Relative(path, _srcDir);
        if (rel.StartsWith(".vitepress/", StringComparison.Ordinal) || rel.StartsWith("public/", StringComparison.Ordinal)) return false;
        return !_exclude.Any(r => r.IsMatch(rel));
    }

    private Dictionary<string, string> BuildRoutes()
    {
        var routes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Workspace.Files.Files.Where(RendersPage).Order(StringComparer.Ordinal))
        {
            var rel = Rewrite(RepoPath.Relative(file, _srcDir));
            var stem = rel.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? rel[..^3] : rel;
            if (stem == "index") stem = "";
            else if (stem.EndsWith("/index", StringComparison.Ordinal)) stem = stem[..^6];
            routes.TryAdd(stem, file);
        }
        return routes;
    }

    private string RouteOf(string page)
    {
        var rel = Rewrite(RepoPath.Relative(page, _srcDir));
        return rel.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? rel[..^3] : rel;
    }

    private static string StripIndex(string route) => route == "index" ? "" : route.EndsWith("/index", StringComparison.Ordinal) ? route[..^6] : route;

    private SiteLink FromRoute(string route)
    {
        route = RepoPath.Normalize(route, out var climb);
        if (climb > 0) return SiteLink.Unjudged("climbs above the site root");
        if (_base.Length > 0 && RepoPath.IsUnder(route, _base)) route = RepoPath.Relative(route, _base);
        var publicFile = RepoPath.Join(_srcDir, "public/" + route);
        if (route.Length > 0 && publicFile is not null && IsFile(publicFile)) return SiteLink.Found(publicFile, null);
        var stem = route;
        foreach (var ext in new[] { ".html", ".md" })
            if (stem.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) stem = stem[..^ext.Length];
        if (stem == "index") stem = "";
        else if (stem.EndsWith("/index", StringComparison.Ordinal)) stem = stem[..^6];
        if (_routes.Value.TryGetValue(stem, out var page)) return SiteLink.Found(page, page);
        // Dynamic routes: packages/[pkg].md with a paths loader makes a page per value, which only running the loader knows.
        foreach (var (pattern, dynamicPage) in _routes.Value.Where(r => r.Key.Contains('[')))
            if (Regex.IsMatch(stem, "^" + Regex.Replace(Regex.Escape(pattern), @"\\\[[^\]]+\]", "[^/]+") + "$", RegexOptions.None, TimeSpan.FromSeconds(1)))
                return SiteLink.Unjudged($"a dynamic route of '{dynamicPage}'");
        if (_rewriteFunction) return SiteLink.Unjudged("rewrites is a function");
        var file = RepoPath.Join(_srcDir, route);
        if (route.Length > 0 && file is not null && (IsFile(file) || IsFolder(file))) return SiteLink.Found(file, null);
        // The path a page has in the source folder is not its URL when rewrites move it: say where it is served.
        foreach (var source in new[] { stem + ".md", stem + "/index.md" })
            if (RepoPath.Join(_srcDir, source) is { } moved && IsFile(moved) && RendersPage(moved) && RouteOf(moved) is var served && served != source[..^3])
                return SiteLink.Missing($"no page of the site at '/{route}': rewrites serve '{moved}' at '/{StripIndex(served)}'");
        return SiteLink.Missing($"no page of the site at '/{route}' and no file '{publicFile}'");
    }

    /// <inheritdoc />
    public override SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind)
    {
        if (destination.Length == 0) return SiteLink.Found(from.Page, from.Page);
        var decoded = RepoPath.Decode(destination);
        if (decoded.StartsWith('/')) return FromRoute(decoded.TrimStart('/'));
        if (decoded.StartsWith("@/", StringComparison.Ordinal)) decoded = "/" + decoded[2..];
        // Relative to the source file: the file itself, or the page it names without .md / with .html / as a folder.
        foreach (var dir in new[] { RepoPath.Dir(from.File), RepoPath.Dir(from.Page) }.Distinct())
        {
            if (RepoPath.Join(dir, decoded) is not { } target) continue;
            if (IsFile(target)) return SiteLink.Found(target, RendersPage(target) ? target : null);
            var stem = target.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? target[..^5] : target;
            foreach (var candidate in new[] { stem + ".md", stem + "/index.md" })
                if (IsFile(candidate)) return SiteLink.Found(candidate, RendersPage(candidate) ? candidate : null);
        }
        if (kind == MarkdownLinkKind.Image) return SiteLink.Missing($"'{RepoPath.Join(RepoPath.Dir(from.File), decoded)}' does not exist");
        // Relative to the page's route (rewritten).
        var route = RouteOf(from.Page);
        return FromRoute(RepoPath.Dir(route) + "/" + decoded);
    }

    /// <inheritdoc />
    public override IEnumerable<string> IncludedFiles(string page)
    {
        if (Document(page) is not { } document) yield break;
        foreach (var include in PageMarkup.Of(document).Includes.Where(i => i.Syntax == "vitepress"))
        {
            var target = include.Target.StartsWith("@/", StringComparison.Ordinal) ? RepoPath.Join(_srcDir, include.Target[2..]) : RepoPath.Join(RepoPath.Dir(page), include.Target);
            if (target is not null && IsFile(target)) yield return target;
        }
    }

    /// <inheritdoc />
    protected override PageAnchors BuildAnchors(string page, int depth)
    {
        var document = Document(page);
        if (document is null) return new PageAnchors();
        var anchors = StandardAnchors(document, new AnchorRules(SlugStyle.VitePress, AttributeLists: true, HeadingCustomIds: true));
        if (_customSlugify) anchors.Opaque(_ => true, "custom slugify");
        if (depth < 4)
            foreach (var file in IncludedFiles(page))
                if (file != page) anchors.AddAll(BuildAnchors(file, depth + 1));
        return anchors;
    }
}
