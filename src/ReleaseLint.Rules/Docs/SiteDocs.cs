using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>
/// Conventions of documentation-site generators (MkDocs, Sphinx/MyST, mdBook, VitePress, Docusaurus, Astro, Hugo,
/// Jekyll) for markdown files that are read on the generated site rather than on GitHub. A page of such a site links
/// other pages without the <c>.md</c> extension, with <c>.html</c>, with a trailing slash, or from the site root
/// (<c>/guide/features</c>); MyST links labels (<c>(wheel-caching)=</c>); some generators compute heading anchors their
/// own way (VitePress: <c>build.target</c> → <c>#build-target</c>), accepted only where the repository shows that
/// generator. RL4003 and RL4004 accept these for site pages only, and only when the page, label or heading exists, so a
/// link that is broken on the site too is still reported.
/// </summary>
internal static partial class SiteDocs
{
    private static readonly FrozenSet<string> SiteFolders =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "docs", "doc", "documentation", "website", "www", "site", "book", "content", "pages");

    [GeneratedRegex(@"\A---[ \t]*\r?\n")]
    private static partial Regex FrontMatterStart();

    /// <summary>
    /// True when <paramref name="document"/> is a page of a documentation site: under a docs folder (<c>docs/</c>,
    /// <c>doc/</c>, <c>website/</c>, <c>www/</c>, <c>content/</c>…) or starting with YAML front matter, and neither at
    /// the repository root nor under <c>.github/</c> (GitHub is where those are read).
    /// </summary>
    public static bool IsSitePage(MarkdownDocument document)
    {
        var path = document.Path;
        if (!path.Contains('/') || path.StartsWith(".github/", StringComparison.Ordinal)) return false;
        var segments = path.Split('/');
        if (segments[..^1].Any(SiteFolders.Contains)) return true;
        return FrontMatterStart().IsMatch(document.Source.Text);
    }

    /// <summary>
    /// True when the link <paramref name="written"/> (the destination as written, without query and fragment) from a
    /// site page reaches a page, label or generated output the site has, though no file has that exact path.
    /// </summary>
    public static bool ResolvesOnSite(Workspace workspace, MarkdownDocument document, string written) =>
        Resolve(workspace, document, written, out _);

    /// <summary>The markdown page a site link reaches, or null (also null for labels and generated output).</summary>
    public static string? PageFor(Workspace workspace, MarkdownDocument document, string written) =>
        Resolve(workspace, document, written, out var page) ? page : null;

    private static bool Resolve(Workspace workspace, MarkdownDocument document, string written, out string? page)
    {
        page = null;
        string decoded;
        try { decoded = Uri.UnescapeDataString(written.Trim()); }
        catch (UriFormatException) { decoded = written.Trim(); }
        if (decoded.Length == 0) return false;
        var last = decoded.TrimEnd('/');
        last = last[(last.LastIndexOf('/') + 1)..];
        var isHtml = last.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || last.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);
        var extensionless = !last.Contains('.') || decoded.EndsWith('/');
        var absolute = decoded.StartsWith('/');
        if (!isHtml && !extensionless && !absolute) return false;
        var stem = decoded.TrimEnd('/');
        if (isHtml) stem = stem[..stem.LastIndexOf('.')];
        var docDir = document.Path.Contains('/') ? document.Path[..document.Path.LastIndexOf('/')] : "";
        // Relative links resolve from the page; site-root links ("/guide/x") and links written from the site's root
        // resolve from whichever folder above the page is the site root (static files from its public/ folder).
        var roots = new List<string>();
        if (!absolute) roots.Add(docDir);
        for (var dir = docDir; ; dir = dir.Contains('/') ? dir[..dir.LastIndexOf('/')] : "")
        {
            if (!roots.Contains(dir)) roots.Add(dir);
            if (dir.Length == 0) break;
        }
        var relative = stem.TrimStart('/');
        foreach (var root in roots)
        {
            var basePath = LinkResolver.Normalize(root.Length == 0 ? relative : root + "/" + relative, out var climb);
            if (climb > 0) continue;
            if (!isHtml && !extensionless)
            {
                // A site-root link with an extension: the file itself, or a static file of the site's public/ folder.
                var inPublic = (root.Length == 0 ? "" : root + "/") + "public/" + relative;
                if (workspace.Files.Contains(basePath)) { page = Workspace.IsMarkdownPath(basePath) ? basePath : null; return true; }
                if (workspace.Files.Contains(inPublic)) return true;
                continue;
            }
            foreach (var candidate in Candidates(basePath))
            {
                if (!workspace.Files.Contains(candidate)) continue;
                page = candidate;
                return true;
            }
            if (basePath.Length > 0 && workspace.Files.ContainsDirectory(basePath) && decoded.EndsWith('/')) return true;
        }
        // MyST/Sphinx: "[text](label)" links a "(label)=" target of any page.
        if (extensionless && !relative.Contains('/') && workspace.Facts<MystLabels>().Labels.Contains(relative)) return true;
        // Output the site generates (API references, rendered pages): an .html link into a folder the repository does not have.
        if (isHtml)
        {
            var target = LinkResolver.Normalize(stem.StartsWith('/') ? relative : (docDir.Length == 0 ? relative : docDir + "/" + relative), out _);
            var parent = target.Contains('/') ? target[..target.LastIndexOf('/')] : "";
            if (parent.Length > 0 && !workspace.Files.ContainsDirectory(parent)) return true;
        }
        return false;
    }

    private static IEnumerable<string> Candidates(string basePath)
    {
        var prefix = basePath.Length == 0 ? "" : basePath + "/";
        if (basePath.Length > 0)
        {
            yield return basePath + ".md";
            yield return basePath + ".mdx";
            yield return basePath + ".markdown";
        }
        yield return prefix + "index.md";
        yield return prefix + "index.mdx";
        yield return prefix + "README.md";
        yield return prefix + "_index.md";
    }

    [GeneratedRegex(@"^\(([A-Za-z0-9_][\w.:-]*)\)=[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex MystLabel();

    /// <summary>The MyST labels (<c>(label)=</c>) of every linted document, collected once per run.</summary>
    private sealed class MystLabels : IWorkspaceFact<MystLabels>
    {
        private MystLabels(FrozenSet<string> labels) => Labels = labels;

        public FrozenSet<string> Labels { get; }

        static MystLabels IWorkspaceFact<MystLabels>.Compute(Workspace workspace)
        {
            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var doc in workspace.Markdown)
            {
                if (!doc.Source.Text.Contains(")=", StringComparison.Ordinal)) continue;
                foreach (Match m in MystLabel().Matches(doc.Source.Text)) labels.Add(m.Groups[1].Value);
            }
            return new MystLabels(labels.ToFrozenSet(StringComparer.Ordinal));
        }
    }

    /// <summary>A documentation generator whose heading anchors differ from GitHub's.</summary>
    public enum Generator
    {
        /// <summary>No evidence of one: GitHub's anchors only.</summary>
        None,
        /// <summary>MkDocs (<c>mkdocs.yml</c>): runs of spaces and dashes collapse to one dash.</summary>
        MkDocs,
        /// <summary>VitePress (a <c>.vitepress/</c> folder): punctuation turns into dashes, which collapse.</summary>
        VitePress,
    }

    /// <summary>
    /// The generator that renders <paramref name="document"/>, judged from evidence in the repository only: a
    /// <c>.vitepress/</c> folder in a folder above the page, or <c>mkdocs.yml</c> at the root or above the page. Without
    /// evidence the page is read on GitHub, and only GitHub's anchors count (a guide's <c>#fly-io</c> for a heading
    /// "Fly.io" is broken there, however a site generator might slug it).
    /// </summary>
    public static Generator GeneratorOf(Workspace workspace, MarkdownDocument document)
    {
        var dir = document.Path.Contains('/') ? document.Path[..document.Path.LastIndexOf('/')] : "";
        for (; ; dir = dir.Contains('/') ? dir[..dir.LastIndexOf('/')] : "")
        {
            var prefix = dir.Length == 0 ? "" : dir + "/";
            if (workspace.Files.ContainsDirectory(prefix + ".vitepress")) return Generator.VitePress;
            if (workspace.Files.Contains(prefix + "mkdocs.yml") || workspace.Files.Contains(prefix + "mkdocs.yaml")) return Generator.MkDocs;
            if (dir.Length == 0) return Generator.None;
        }
    }

    /// <summary>The anchor <paramref name="generator"/> gives <paramref name="headingText"/>, or null for <see cref="Generator.None"/>.</summary>
    public static string? SiteSlug(string headingText, Generator generator)
    {
        switch (generator)
        {
            case Generator.MkDocs:
                return Collapse(GitHubSlugger.Slug(headingText));
            case Generator.VitePress:
                var sb = new StringBuilder();
                foreach (var c in headingText.Normalize(NormalizationForm.FormD))
                {
                    if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
                    sb.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
                }
                return Collapse(sb.ToString());
            default:
                return null;
        }
    }

    /// <summary>True when <paramref name="fragment"/> is the anchor <paramref name="generator"/> gives one of the headings of <paramref name="target"/>.</summary>
    public static bool HasSiteAnchor(Workspace workspace, MarkdownDocument target, string fragment, Generator generator)
    {
        if (generator == Generator.None) return false;
        var anchors = workspace.Facts<(MarkdownDocument, Generator), SiteAnchors>((target, generator)).Anchors;
        return anchors.Contains(fragment) || anchors.Contains(fragment.ToLowerInvariant());
    }

    /// <summary>The anchors a generator gives the headings of a document, computed once per run.</summary>
    private sealed class SiteAnchors : IWorkspaceFact<(MarkdownDocument Document, Generator Generator), SiteAnchors>
    {
        private SiteAnchors(FrozenSet<string> anchors) => Anchors = anchors;

        public FrozenSet<string> Anchors { get; }

        static SiteAnchors IWorkspaceFact<(MarkdownDocument Document, Generator Generator), SiteAnchors>.Compute(Workspace workspace, (MarkdownDocument Document, Generator Generator) key) =>
            new(key.Document.Headings.Select(h => SiteSlug(h.Text, key.Generator)!).ToFrozenSet(StringComparer.Ordinal));
    }

    private static string Collapse(string slug)
    {
        var collapsed = Regex.Replace(slug, "-{2,}", "-").Trim('-');
        return collapsed;
    }
}
