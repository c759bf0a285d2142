using ReleaseLint.Inputs.Docs.Sites;
using ReleaseLint.Inputs.Files;

namespace ReleaseLint.Inputs.Docs;

/// <summary>How a markdown file is read.</summary>
public enum DocRole
{
    /// <summary>A page of its renderer (GitHub or a docs site).</summary>
    Page,
    /// <summary>Not a page of its own: a site includes it into <see cref="DocContext.HostPage"/>, where its links and ids are judged.</summary>
    Included,
    /// <summary>An input of the repository's tests (a fixture of a markdown parser or site generator), not documentation: not judged.</summary>
    TestData,
    /// <summary>Beside a site's configuration but neither rendered nor included by it, nor the folder's README: not judged.</summary>
    Unrendered,
}

/// <summary>Where a markdown file is rendered and read.</summary>
/// <param name="Renderer">The renderer that judges the file.</param>
/// <param name="HostPage">The page a reader sees: the file itself, or the page that includes it.</param>
/// <param name="Role">How the file is read.</param>
public sealed record DocContext(DocSite Renderer, string HostPage, DocRole Role)
{
    /// <summary>True when links of the file are judged.</summary>
    public bool Judged => Role is DocRole.Page or DocRole.Included;
    /// <summary>The source of a link written in <paramref name="file"/>.</summary>
    public LinkSource Source(string file) => new(HostPage, file);
}

/// <summary>
/// The model of where each markdown file of the repository is rendered: GitHub's blob view, or a documentation site
/// that the repository's own configuration describes (MkDocs, Sphinx with MyST, Docusaurus, VitePress, Hugo, Jekyll,
/// mdBook), detected from evidence in the repository only (see <see cref="SiteDetector"/>). A file that a site renders,
/// or includes into one of its pages, is judged by that site's rules; every other file by GitHub's. Computed once per
/// workspace; says in the run's notes which renderer judged which folder.
/// </summary>
public sealed class DocsModel : IWorkspaceFact<DocsModel>
{
    private static readonly IReadOnlyList<string> TestFolders = ["test", "tests", "__tests__", "testdata", "test-data", "test_data", "fixtures", "__fixtures__", "__snapshots__"];

    private readonly Workspace _workspace;
    private readonly Lazy<Dictionary<string, (DocSite Site, string Host)>> _included;
    private readonly List<Glob> _include;

    private DocsModel(Workspace workspace)
    {
        _workspace = workspace;
        GitHub = new GitHubSite(workspace);
        FrontMatterPages = new FrontMatterSite(workspace, GitHub);
        var (sites, notes) = SiteDetector.Detect(workspace);
        Sites = sites;
        DetectionNotes = notes;
        _include = workspace.Policy.DocsInclude.Select(g => new Glob(g)).ToList();
        _included = new(FindIncluded);
    }

    /// <summary>The model of <paramref name="workspace"/> (computed once).</summary>
    public static DocsModel Of(Workspace workspace) => workspace.Facts<DocsModel>();

    /// <inheritdoc />
    static DocsModel IWorkspaceFact<DocsModel>.Compute(Workspace workspace)
    {
        var model = new DocsModel(workspace);
        model.AddNotes();
        return model;
    }

    /// <summary>GitHub's blob view.</summary>
    public GitHubSite GitHub { get; }
    /// <summary>Pages with a site generator's front matter whose site is not described in the repository.</summary>
    public FrontMatterSite FrontMatterPages { get; }
    /// <summary>The documentation sites found in the repository, deepest source folder first.</summary>
    public IReadOnlyList<DocSite> Sites { get; }
    /// <summary>Sentences about configurations that were found but could not be read.</summary>
    public IReadOnlyList<string> DetectionNotes { get; }

    /// <summary>Where <paramref name="path"/> (a markdown file) is rendered and read.</summary>
    public DocContext ContextOf(string path)
    {
        if (IsTestData(path) && !_include.Any(g => g.IsMatch(path))) return new DocContext(GitHub, path, DocRole.TestData);
        // A file that a page includes is read there (a snippet may also sit among the pages, e.g. docs/snippets/).
        if (_included.Value.TryGetValue(path, out var host)) return new DocContext(host.Site, host.Host, DocRole.Included);
        foreach (var site in Sites)
            if (site.RendersPage(path)) return new DocContext(site, path, DocRole.Page);
        foreach (var site in Sites)
            if (site.UsesContent(path)) return new DocContext(site, path, DocRole.Included);
        if (IsUnrenderedBesideConfig(path)) return new DocContext(GitHub, path, DocRole.Unrendered);
        if (FrontMatterPages.RendersPage(path)) return new DocContext(FrontMatterPages, path, DocRole.Page);
        return new DocContext(GitHub, path, DocRole.Page);
    }

    /// <summary>
    /// True when <paramref name="target"/> (a missing <c>.html</c> path a GitHub-rendered file links) is a page that a book of
    /// the repository writes (<c>ch01-00-intro.html</c> of an mdBook chapter, <c>BOOK/index.html</c>): the file is read
    /// beside that output, not on GitHub.
    /// </summary>
    public bool GeneratesHtml(string target)
    {
        if (!target.EndsWith(".html", StringComparison.OrdinalIgnoreCase)) return false;
        var name = RepoPath.Name(target);
        foreach (var book in Sites.OfType<MdBookSite>())
        {
            if (name == "index.html" ? book.Root.Length > 0 && RepoPath.Name(RepoPath.Dir(target)) == book.BookFolder : book.WritesHtml(name)) return true;
        }
        return false;
    }

    /// <summary>
    /// True for markdown under a test folder (<c>test/</c>, <c>tests/</c>, <c>__tests__/</c>, <c>testdata/</c>,
    /// <c>fixtures/</c>…): inputs of parsers, formatters and site generators under test, whose links are fake on
    /// purpose. A README or CONTRIBUTING file there is documentation.
    /// </summary>
    public static bool IsTestData(string path)
    {
        var name = RepoPath.Stem(path);
        if (name.Equals("README", StringComparison.OrdinalIgnoreCase) || name.Equals("CONTRIBUTING", StringComparison.OrdinalIgnoreCase)) return false;
        var folders = path.Split('/')[..^1];
        return folders.Any(f => TestFolders.Contains(f, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A markdown file directly in the folder of a site's configuration (not the repository root) that the site neither
    /// renders nor includes, other than the folder's README: material of the site's build (manuscripts, exports), not a
    /// page anyone reads.
    /// </summary>
    private bool IsUnrenderedBesideConfig(string path)
    {
        var dir = RepoPath.Dir(path);
        if (dir.Length == 0) return false;
        var stem = RepoPath.Stem(path);
        if (stem.Equals("README", StringComparison.OrdinalIgnoreCase) || stem.Equals("CONTRIBUTING", StringComparison.OrdinalIgnoreCase) || stem.Equals("LICENSE", StringComparison.OrdinalIgnoreCase)) return false;
        return Sites.Any(s => s.Root == dir && s.SourceRoot != s.Root);
    }

    private Dictionary<string, (DocSite, string)> FindIncluded()
    {
        var included = new Dictionary<string, (DocSite, string)>(StringComparer.Ordinal);
        foreach (var site in Sites)
        {
            foreach (var page in _workspace.Files.Files.Where(DocSite.IsPageFile).Order(StringComparer.Ordinal))
            {
                if (!site.RendersPage(page)) continue;
                foreach (var file in site.IncludedFiles(page))
                    if (file != page) included.TryAdd(file, (site, page));
            }
        }
        return included;
    }

    private void AddNotes()
    {
        foreach (var detection in DetectionNotes) _workspace.AddNote(detection);
        var markdown = _workspace.MarkdownPaths;
        if (Sites.Count == 0 && !markdown.Any(p => FrontMatterPages.RendersPage(p))) return;
        var counts = new Dictionary<DocSite, int>();
        var included = 0;
        var testData = new List<string>();
        var unrendered = new List<string>();
        foreach (var path in markdown)
        {
            var context = ContextOf(path);
            switch (context.Role)
            {
                case DocRole.TestData: testData.Add(path); continue;
                case DocRole.Unrendered: unrendered.Add(path); continue;
                case DocRole.Included: included++; break;
            }
            counts[context.Renderer] = counts.GetValueOrDefault(context.Renderer) + 1;
        }
        var parts = Sites.Select(s => $"{s.Name} renders {Plural(counts.GetValueOrDefault(s), "markdown file")} under {(s.SourceRoot.Length == 0 ? "the root" : s.SourceRoot + "/")}")
            .Append($"GitHub renders {Plural(counts.GetValueOrDefault(GitHub), "other markdown file")}");
        if (counts.GetValueOrDefault(FrontMatterPages) > 0)
            parts = parts.Append($"{Plural(counts[FrontMatterPages], "file")} with a site generator's front matter but no site configuration in the repository are judged only where their links reach files");
        var note = "docs: links and anchors are judged where each file is rendered: " + string.Join("; ", parts);
        if (included > 0) note += $"; {Plural(included, "file")} included into site pages judged on the including page";
        _workspace.AddNote(note);
        foreach (var site in Sites)
            if (site.Caveat is { } caveat) _workspace.AddNote($"docs: {site.Name}: {caveat}");
        if (testData.Count > 0)
            _workspace.AddNote($"docs: {Plural(testData.Count, "markdown file")} under test folders ({Sample(testData)}) are test inputs and were not judged by the link rules; docs.include brings them back");
        if (unrendered.Count > 0)
            _workspace.AddNote($"docs: {Plural(unrendered.Count, "markdown file")} beside a site configuration that the site does not render ({Sample(unrendered)}) were not judged");
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Sample(List<string> paths)
    {
        var folders = paths.Select(RepoPath.Dir).Distinct().Take(3).ToList();
        return string.Join(", ", folders.Select(f => f + "/")) + (paths.Select(RepoPath.Dir).Distinct().Count() > 3 ? ", …" : "");
    }
}
