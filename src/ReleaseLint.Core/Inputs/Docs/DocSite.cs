using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs;

/// <summary>What a renderer makes of a link or fragment.</summary>
public enum Verdict
{
    /// <summary>It reaches something where the page is rendered.</summary>
    Ok,
    /// <summary>It reaches nothing: a finding.</summary>
    Broken,
    /// <summary>It cannot be judged from the repository (another site's pages, ids made by code, a link language of the repository's own): no finding.</summary>
    NotJudged,
}

/// <summary>Where a link is written: the page the reader sees (<paramref name="Page"/>) and the file that holds the text (<paramref name="File"/>, a snippet included into the page, or the page itself).</summary>
/// <param name="Page">The rendered page (the including page for an included file).</param>
/// <param name="File">The file the link is written in.</param>
public sealed record LinkSource(string Page, string File);

/// <summary>A link resolved by a renderer.</summary>
/// <param name="Verdict">The outcome.</param>
/// <param name="Target">The repository path reached (a page, a file or a folder), when known.</param>
/// <param name="Page">The markdown page whose anchors judge the link's fragment; null when the target is not a page (or not judgeable).</param>
/// <param name="Detail">For <see cref="Verdict.Broken"/>: what was looked for; for <see cref="Verdict.NotJudged"/>: why not.</param>
public sealed record SiteLink(Verdict Verdict, string? Target = null, string? Page = null, string? Detail = null)
{
    /// <summary>Reaches <paramref name="target"/>; <paramref name="page"/> holds the anchors.</summary>
    public static SiteLink Found(string? target, string? page) => new(Verdict.Ok, target, page);
    /// <summary>Reaches nothing; <paramref name="detail"/> says what was looked for.</summary>
    public static SiteLink Missing(string detail, string? target = null) => new(Verdict.Broken, target, null, detail);
    /// <summary>Cannot be judged; <paramref name="why"/>.</summary>
    public static SiteLink Unjudged(string why) => new(Verdict.NotJudged, null, null, why);
}

/// <summary>The ids of a rendered page, and the fragments that cannot be judged on it (ids made by code).</summary>
public sealed class PageAnchors
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<Func<string, bool>> _opaque = [];

    /// <summary>The ids.</summary>
    public IReadOnlyCollection<string> Ids => _ids;
    /// <summary>Why some fragments are not judged on this page (for notes), or null.</summary>
    public string? OpaqueReason { get; private set; }

    /// <summary>Adds an id.</summary>
    public void Add(string id)
    {
        if (id.Length > 0) _ids.Add(id);
    }

    /// <summary>Adds every id of <paramref name="other"/> (an included page).</summary>
    public void AddAll(PageAnchors other)
    {
        foreach (var id in other._ids) _ids.Add(id);
        _opaque.AddRange(other._opaque);
        OpaqueReason ??= other.OpaqueReason;
    }

    /// <summary>Fragments for which <paramref name="test"/> is true are not judged on this page.</summary>
    public void Opaque(Func<string, bool> test, string reason)
    {
        _opaque.Add(test);
        OpaqueReason ??= reason;
    }

    /// <summary>Judges <paramref name="fragment"/> (decoded, without <c>#</c>). Ids are matched as written, then lower-cased (browsers match exactly; renderers lower-case generated ids).</summary>
    public Verdict Check(string fragment)
    {
        if (_ids.Contains(fragment) || _ids.Contains(fragment.ToLowerInvariant())) return Verdict.Ok;
        return _opaque.Any(t => t(fragment)) ? Verdict.NotJudged : Verdict.Broken;
    }
}

/// <summary>What a page's headings look like to a renderer.</summary>
/// <param name="Style">The slug algorithm.</param>
/// <param name="AttributeLists">Whether <c>{#id}</c> / <c>{: #id}</c> / <c>{ id="x" }</c> set ids (on headings they replace the generated id).</param>
/// <param name="HeadingCustomIds">Whether a trailing <c>{#id}</c> on a heading sets its id (Docusaurus, VitePress) even without general attribute lists.</param>
/// <param name="DefinitionTerms">Whether definition-list terms get ids like headings, in the same sequence (Hugo's <c>autoDefinitionTermID</c>).</param>
/// <param name="MaxLevel">Deepest heading level that gets an id (MyST's <c>myst_heading_anchors</c>); 6 for all.</param>
/// <param name="Footnotes">The footnote id style: <c>fn:</c> (Python-Markdown), <c>fn-</c> (GitHub, remark), or null.</param>
public sealed record AnchorRules(SlugStyle Style, bool AttributeLists = false, bool HeadingCustomIds = false, bool DefinitionTerms = false, int MaxLevel = 6, string? Footnotes = null);

/// <summary>
/// A renderer of markdown files: GitHub's blob view, or a documentation site described by the repository's own
/// configuration. It says which files it renders as pages, what a link written on one of its pages reaches, and which
/// ids a page has, each by its own rules (slugs, includes, cross-reference syntax, routes).
/// </summary>
public abstract partial class DocSite
{
    private readonly ConcurrentDictionary<string, PageAnchors> _anchors = new(StringComparer.Ordinal);

    /// <summary>Creates a site read from <paramref name="configPath"/> in the folder <paramref name="root"/>.</summary>
    protected DocSite(Workspace workspace, string configPath, string root)
    {
        Workspace = workspace;
        ConfigPath = configPath;
        Root = root;
    }

    /// <summary>The repository.</summary>
    public Workspace Workspace { get; }
    /// <summary>The renderer's name (<c>MkDocs</c>, <c>GitHub</c>…).</summary>
    public abstract string Kind { get; }
    /// <summary>The configuration file that describes the site ("" for GitHub).</summary>
    public string ConfigPath { get; }
    /// <summary>The folder of the configuration ("" for the root).</summary>
    public string Root { get; }
    /// <summary>The folder whose markdown files are pages.</summary>
    public virtual string SourceRoot => Root;
    /// <summary>"Kind (config)".</summary>
    public string Name => ConfigPath.Length == 0 ? Kind : $"{Kind} ({ConfigPath})";
    /// <summary>A sentence for the run's notes about what this site leaves unjudged, or null.</summary>
    public virtual string? Caveat => null;

    /// <summary>True when the site renders <paramref name="path"/> (a markdown file) as a page of its own.</summary>
    public abstract bool RendersPage(string path);

    /// <summary>Resolves <paramref name="destination"/> (a relative or site-root path without query and fragment; "" for a fragment-only link) written in <paramref name="from"/>.</summary>
    public abstract SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind);

    /// <summary>Judges <paramref name="fragment"/> on <paramref name="targetPage"/> for a link written in <paramref name="from"/>.</summary>
    public virtual Verdict CheckFragment(LinkSource from, string targetPage, string fragment) => AnchorsOf(targetPage).Check(fragment);

    /// <summary>The ids of <paramref name="page"/> as this site renders it (computed once).</summary>
    public PageAnchors AnchorsOf(string page) => _anchors.GetOrAdd(page, p => BuildAnchors(p, 0));

    /// <summary>Computes the ids of <paramref name="page"/>; <paramref name="depth"/> counts include levels.</summary>
    protected abstract PageAnchors BuildAnchors(string page, int depth);

    /// <summary>
    /// True when the site uses <paramref name="path"/> as content without rendering it as a page of its own (Hugo's headless
    /// bundles and snippets, read by shortcodes): its links are judged by the site's rules from its own place.
    /// </summary>
    public virtual bool UsesContent(string path) => false;

    /// <summary>The files (repository paths) that <paramref name="page"/> includes, by the syntaxes this site reads.</summary>
    public virtual IEnumerable<string> IncludedFiles(string page) => [];

    /// <summary>The text of a configuration file; throws <see cref="FormatException"/> when it cannot be read (the detector turns that into a note).</summary>
    protected static string ConfigSource(Workspace workspace, string path)
    {
        var read = workspace.Read(path, InputKind.Other, UnreadableReport.ByCaller);
        return read.Text?.Text ?? throw new FormatException(read.Failure?.Message ?? "unreadable");
    }

    /// <summary>A YAML configuration file as plain data; throws <see cref="FormatException"/> when it is not a YAML mapping.</summary>
    protected static Dictionary<string, object> YamlConfig(Workspace workspace, string path)
    {
        var text = ConfigSource(workspace, path);
        var yaml = Yaml.YamlFile.Parse(new SourceText(path, text), new Yaml.YamlLimits(64, 10_000));
        if (yaml.Error is { } error) throw new FormatException(error.Message);
        return ConfigText.FromYaml(yaml.Root) as Dictionary<string, object> ?? throw new FormatException("not a YAML mapping");
    }

    /// <summary>True for a file of the tree (any type).</summary>
    protected bool IsFile(string path) => Workspace.Files.Contains(path);

    /// <summary>True for a folder of the tree.</summary>
    protected bool IsFolder(string path) => Workspace.Files.ContainsDirectory(path);

    /// <summary>True for a markdown page file (<c>.md</c>, <c>.markdown</c>, <c>.mdx</c>).</summary>
    public static bool IsPageFile(string path) =>
        path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".mdx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The parsed page, or null.</summary>
    protected MarkdownDocument? Document(string path) => Workspace.GetMarkdown(path);

    [GeneratedRegex(@"^(?<text>.*?)\s*\{(?<body>[^{}]*(?:#|\bid\s*=)[^{}]*)\}\s*$")]
    private static partial Regex TrailingAttributes();

    [GeneratedRegex(@"(?:^|\s)#(?<id>[^\s}""'=]+)|(?:^|\s)id\s*=\s*(?:""(?<id>[^""]*)""|'(?<id>[^']*)'|(?<id>[^\s}""']+))")]
    private static partial Regex IdToken();

    /// <summary>Splits a heading's text into its text and a custom id written as a trailing attribute list, when <paramref name="rules"/> reads one.</summary>
    public static (string Text, string? Id) HeadingId(string text, AnchorRules rules)
    {
        if (!rules.AttributeLists && !rules.HeadingCustomIds) return (text, null);
        var m = TrailingAttributes().Match(text);
        if (!m.Success) return (text, null);
        var body = m.Groups["body"].Value.TrimStart(':');
        if (!rules.AttributeLists)
        {
            // {#id} only (Docusaurus, VitePress): the whole braces hold one id.
            var only = body.Trim();
            return only.StartsWith('#') && !only.Contains(' ') ? (m.Groups["text"].Value, only[1..]) : (text, null);
        }
        string? id = null;
        foreach (Match t in IdToken().Matches(body)) id = t.Groups["id"].Value;
        return (m.Groups["text"].Value, id);
    }

    /// <summary>
    /// The ids of <paramref name="document"/> by <paramref name="rules"/>: headings (and definition terms) in order with
    /// the site's slugs, custom ids, attribute-list ids, HTML ids and footnotes. Includes are the caller's.
    /// </summary>
    protected static PageAnchors StandardAnchors(MarkdownDocument document, AnchorRules rules)
    {
        var anchors = new PageAnchors();
        var markup = PageMarkup.Of(document);
        var slugger = new HeadingSlugger(rules.Style);
        // Headings and definition terms share one sequence of ids (one uniqueness counter).
        var items = document.Headings.Select(h => (Offset: document.Source.Offset(h.Location.Line, h.Location.Column), Text: h.Text, Level: h.Level, Term: false)).ToList();
        if (rules.DefinitionTerms) items.AddRange(markup.DefinitionTerms.Select(t => (Offset: t.Offset, Text: t.Text, Level: 6, Term: true)));
        foreach (var item in items.OrderBy(i => i.Offset))
        {
            var (text, id) = item.Term ? (item.Text, null) : HeadingId(item.Text, rules);
            if (id is not null)
            {
                anchors.Add(id);
                slugger.Reserve(id);
                continue;
            }
            if (item.Level > rules.MaxLevel) continue;
            anchors.Add(slugger.Next(text));
        }
        foreach (var explicitId in document.ExplicitAnchors) anchors.Add(explicitId);
        if (rules.AttributeLists)
            foreach (var (id, _) in markup.AttributeIds) anchors.Add(id);
        if (rules.Footnotes is { } fn)
            foreach (var label in markup.Footnotes)
            {
                anchors.Add(fn + label);
                anchors.Add(fn.Replace("fn", "fnref", StringComparison.Ordinal) + label);
            }
        return anchors;
    }
}
