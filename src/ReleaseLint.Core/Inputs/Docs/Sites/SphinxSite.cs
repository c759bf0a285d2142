using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs.Sites;

/// <summary>
/// A Sphinx project that reads markdown with MyST (<c>conf.py</c> loading <c>myst_parser</c> or <c>myst_nb</c>): documents are
/// the <c>.md</c> and <c>.rst</c> files under the folder of <c>conf.py</c> not matched by <c>exclude_patterns</c>. A MyST link
/// <c>[text](target)</c> is a file, a document (path without suffix), or a cross-reference to any target of the project
/// (<c>(label)=</c>, <c>.. _label:</c>, <c>:name:</c>, glossary terms) or beyond it (documented Python objects,
/// intersphinx inventories), which cannot be judged from the repository. <c>#target</c> is a heading anchor of the page
/// (headings up to <c>myst_heading_anchors</c> levels deep) or any project target. Files brought in with
/// <c>{include}</c> are judged on the including document.
/// </summary>
public sealed partial class SphinxSite : DocSite
{
    private static readonly IReadOnlyList<string> DocSuffixes = [".md", ".rst", ".ipynb", ".txt", ".markdown"];
    private static readonly FrozenSet<string> Generated = FrozenSet.Create(StringComparer.Ordinal, "genindex", "modindex", "py-modindex", "search");
    private readonly List<Regex> _exclude;
    private readonly int _headingAnchors;
    private readonly bool _intersphinx;
    private readonly Lazy<HashSet<string>> _labels;

    private SphinxSite(Workspace workspace, string configPath, string conf) : base(workspace, configPath, RepoPath.Dir(configPath))
    {
        _exclude = (ConfigText.PythonAssignment(conf, "exclude_patterns") is { } patterns ? ConfigText.StringLiterals(patterns) : [])
            .Append("_build").Append("**/.*").Select(ConfigText.GlobRegex).ToList();
        _headingAnchors = int.TryParse(ConfigText.PythonAssignment(conf, "myst_heading_anchors"), out var depth) ? Math.Clamp(depth, 0, 6) : 0;
        _intersphinx = conf.Contains("intersphinx", StringComparison.Ordinal);
        _labels = new(CollectLabels);
    }

    /// <summary>The site of <paramref name="configPath"/>, or null when the Sphinx project does not read markdown.</summary>
    public static SphinxSite? TryCreate(Workspace workspace, string configPath)
    {
        var conf = ConfigSource(workspace, configPath);
        if (!conf.Contains("myst_parser", StringComparison.Ordinal) && !conf.Contains("myst_nb", StringComparison.Ordinal)) return null;
        return new SphinxSite(workspace, configPath, conf);
    }

    /// <inheritdoc />
    public override string Kind => "Sphinx+MyST";
    /// <inheritdoc />
    public override string? Caveat => "cross-references to targets outside the repository (documented Python objects, intersphinx) are not judged";

    private bool IsDocument(string path)
    {
        if (!RepoPath.IsUnder(path, Root)) return false;
        var ext = RepoPath.Extension(path);
        if (!DocSuffixes.Contains(ext)) return false;
        var rel = RepoPath.Relative(path, Root);
        return !_exclude.Any(r => r.IsMatch(rel));
    }

    /// <inheritdoc />
    public override bool RendersPage(string path) => IsPageFile(path) && IsDocument(path);

    [GeneratedRegex(@"^\.\.\s+_(?<label>[^:\n]+):\s*$", RegexOptions.Multiline)]
    private static partial Regex RstLabel();

    [GeneratedRegex(@"^[ \t]+:name:[ \t]*(?<name>\S[^\n]*?)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex RstName();

    private HashSet<string> CollectLabels()
    {
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Workspace.Files.Files)
        {
            if (!RepoPath.IsUnder(path, Root)) continue;
            var ext = RepoPath.Extension(path);
            if (ext is ".md" or ".markdown")
            {
                if (Document(path) is not { } doc) continue;
                var markup = PageMarkup.Of(doc);
                foreach (var t in markup.Targets) labels.Add(t);
                foreach (var (id, _) in markup.AttributeIds) labels.Add(id);
            }
            else if (ext is ".rst" or ".txt")
            {
                if (Workspace.Read(path, InputKind.Other, UnreadableReport.ByCaller).Text?.Text is not { } text) continue;
                foreach (Match m in RstLabel().Matches(text)) labels.Add(m.Groups["label"].Value.Trim());
                foreach (Match m in RstName().Matches(text)) labels.Add(m.Groups["name"].Value);
            }
        }
        return labels;
    }

    /// <inheritdoc />
    public override SiteLink Resolve(LinkSource from, string destination, MarkdownLinkKind kind)
    {
        if (destination.Length == 0) return SiteLink.Found(from.Page, from.Page);
        var decoded = RepoPath.Decode(destination).Trim('<', '>');
        var dirs = new[] { RepoPath.Dir(from.Page), RepoPath.Dir(from.File) }.Distinct().ToList();
        foreach (var dir in dirs)
        {
            var candidate = decoded.StartsWith('/') ? RepoPath.Join(Root, decoded.TrimStart('/')) : RepoPath.Join(dir, decoded);
            if (candidate is null) continue;
            if (IsFile(candidate)) return SiteLink.Found(candidate, IsPageFile(candidate) || candidate.EndsWith(".rst", StringComparison.OrdinalIgnoreCase) ? candidate : null);
            foreach (var suffix in DocSuffixes)
                if (IsFile(candidate + suffix) && IsDocument(candidate + suffix)) return SiteLink.Found(candidate + suffix, candidate + suffix);
            if (IsFolder(candidate) && kind != MarkdownLinkKind.Image) return SiteLink.Found(candidate, null);
        }
        if (kind is MarkdownLinkKind.Html) return SiteLink.Unjudged("raw HTML is copied as written");
        if (decoded.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || decoded.Contains(".html#", StringComparison.OrdinalIgnoreCase))
            return SiteLink.Unjudged("a link to built HTML, which Sphinx writes");
        if (_labels.Value.Contains(decoded) || Generated.Contains(decoded)) return SiteLink.Found(null, null);
        var ext = RepoPath.Extension(decoded);
        var pathLike = decoded.StartsWith("./", StringComparison.Ordinal) || decoded.StartsWith("../", StringComparison.Ordinal) ||
                       ext.Length is > 1 and <= 6 && ext[1..].All(char.IsAsciiLetterOrDigit) && !decoded.Contains(':') && !LooksLikeObject(decoded);
        if (kind == MarkdownLinkKind.Image || pathLike)
        {
            var target = RepoPath.Join(dirs[0], decoded) ?? decoded;
            return SiteLink.Missing($"no file or document '{target}' and no target '{decoded}' in the project", target);
        }
        return SiteLink.Unjudged("a cross-reference to a target not defined in the repository's files (a documented object or an intersphinx name)");
    }

    /// <summary>A dotted Python name (<c>package.module.Class</c>), not a file name.</summary>
    private static bool LooksLikeObject(string target) =>
        target.Count(c => c == '.') >= 2 || target.Split('.').Last() is { Length: > 0 } last && char.IsUpper(last[0]);

    /// <inheritdoc />
    public override Verdict CheckFragment(LinkSource from, string targetPage, string fragment)
    {
        var verdict = AnchorsOf(targetPage).Check(fragment);
        if (verdict != Verdict.Broken) return verdict;
        if (targetPage != from.Page) return verdict;
        // [text](#target) on the page itself: any target of the project, then beyond it.
        if (_labels.Value.Contains(fragment)) return Verdict.Ok;
        var slugLike = fragment.All(c => char.IsLower(c) || char.IsDigit(c) || c is '-' or '_');
        return slugLike && !_intersphinx ? Verdict.Broken : Verdict.NotJudged;
    }

    /// <inheritdoc />
    public override IEnumerable<string> IncludedFiles(string page)
    {
        if (Document(page) is not { } document) yield break;
        foreach (var include in PageMarkup.Of(document).Includes.Where(i => i.Syntax == "myst"))
        {
            var target = include.Target.StartsWith('/') ? RepoPath.Join(Root, include.Target.TrimStart('/')) : RepoPath.Join(RepoPath.Dir(page), include.Target);
            if (target is not null && IsFile(target) && IsPageFile(target)) yield return target;
        }
    }

    [GeneratedRegex(@"^\.\.[ \t]+include::[ \t]*(?<path>[^\s]+)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex RstInclude();

    [GeneratedRegex(@"^(?<title>[^\s][^\n]*)\r?\n(?<underline>([=\-`:'""~^_*+#<>.])\3{2,})[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex RstTitle();

    /// <inheritdoc />
    protected override PageAnchors BuildAnchors(string page, int depth)
    {
        var anchors = new PageAnchors();
        if (page.EndsWith(".rst", StringComparison.OrdinalIgnoreCase) || page.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            if (Workspace.Read(page, InputKind.Other, UnreadableReport.ByCaller).Text?.Text is { } text)
            {
                foreach (Match m in RstTitle().Matches(text)) anchors.Add(HeadingSlugger.Slug(m.Groups["title"].Value.Trim(), SlugStyle.Docutils));
                foreach (Match m in RstLabel().Matches(text)) { anchors.Add(m.Groups["label"].Value.Trim()); anchors.Add(HeadingSlugger.Slug(m.Groups["label"].Value, SlugStyle.Docutils)); }
                foreach (Match m in RstName().Matches(text)) anchors.Add(m.Groups["name"].Value);
                // ".. include:: ../README.md" (with ":parser: myst_parser.sphinx_"): the included file's sections become
                // sections of this page, with docutils ids ("## Using old images" -> #using-old-images).
                if (depth < 4)
                    foreach (Match m in RstInclude().Matches(text))
                    {
                        var target = m.Groups["path"].Value.Trim();
                        var file = target.StartsWith('/') ? RepoPath.Join(Root, target.TrimStart('/')) : RepoPath.Join(RepoPath.Dir(page), target);
                        if (file is null || file == page || !IsFile(file)) continue;
                        if (file.EndsWith(".rst", StringComparison.OrdinalIgnoreCase)) anchors.AddAll(BuildAnchors(file, depth + 1));
                        else if (Document(file) is { } included)
                        {
                            anchors.AddAll(StandardAnchors(included, new AnchorRules(SlugStyle.Docutils, AttributeLists: true, Footnotes: null)));
                            foreach (var t in PageMarkup.Of(included).Targets) anchors.Add(t);
                        }
                    }
            }
            anchors.Opaque(f => f.Contains('.') || f.Contains(':'), "objects documented by directives");
            return anchors;
        }
        var document = Document(page);
        if (document is null) return anchors;
        anchors.AddAll(StandardAnchors(document, new AnchorRules(SlugStyle.Myst, AttributeLists: true, MaxLevel: _headingAnchors, Footnotes: null)));
        var markup = PageMarkup.Of(document);
        foreach (var t in markup.Targets) anchors.Add(t);
        // Documented objects (py:class, autodoc) and glossary terms spelled differently get ids from directives.
        anchors.Opaque(f => f.Contains('.') || f.Contains(':') || f.Contains(' '), "ids made by directives");
        if (depth < 4)
            foreach (var file in IncludedFiles(page))
                if (file != page) anchors.AddAll(BuildAnchors(file, depth + 1));
        return anchors;
    }
}
