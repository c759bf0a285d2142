using ReleaseLint.Inputs.Docs.Sites;

namespace ReleaseLint.Inputs.Docs;

/// <summary>
/// Finds the documentation sites a repository describes, from evidence in the repository only: <c>mkdocs.yml</c>;
/// a Sphinx <c>conf.py</c> that loads MyST (<c>myst_parser</c>, <c>myst_nb</c>); <c>docusaurus.config.*</c>;
/// <c>.vitepress/config.*</c>; Hugo's <c>hugo.*</c> (or <c>config.*</c> beside <c>content/</c> or <c>layouts/</c>);
/// Jekyll's <c>_config.yml</c> beside Jekyll folders or naming Jekyll settings; mdBook's <c>book.toml</c>. Configurations
/// inside test folders or dependencies are test inputs, not sites. A configuration that cannot be read gives a note.
/// </summary>
public static class SiteDetector
{
    private const int MaxSites = 32;

    /// <summary>The sites of <paramref name="workspace"/>, deepest source folder first, and notes about configurations not read.</summary>
    public static (IReadOnlyList<DocSite> Sites, IReadOnlyList<string> Notes) Detect(Workspace workspace)
    {
        var sites = new List<DocSite>();
        var notes = new List<string>();
        foreach (var path in workspace.Files.Files)
        {
            if (sites.Count >= MaxSites) break;
            if (DocsModel.IsTestData(path) || path.Contains("node_modules/", StringComparison.Ordinal)) continue;
            var name = RepoPath.Name(path);
            var dir = RepoPath.Dir(path);
            try
            {
                DocSite? site = name switch
                {
                    _ when name.StartsWith("mkdocs", StringComparison.Ordinal) && !path.Contains("/includes/", StringComparison.Ordinal) && (name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal)) => MkDocsSite.TryCreate(workspace, path),
                    "conf.py" => SphinxSite.TryCreate(workspace, path),
                    _ when name.StartsWith("docusaurus.config.", StringComparison.Ordinal) => DocusaurusSite.TryCreate(workspace, path),
                    _ when name.StartsWith("config.", StringComparison.Ordinal) && RepoPath.Name(dir) == ".vitepress" => VitePressSite.TryCreate(workspace, path),
                    _ when name.StartsWith("hugo.", StringComparison.Ordinal) || name.StartsWith("config.", StringComparison.Ordinal) => HugoSite.TryCreate(workspace, path),
                    "_config.yml" or "_config.yaml" => JekyllSite.TryCreate(workspace, path),
                    "book.toml" => MdBookSite.TryCreate(workspace, path),
                    _ => null,
                };
                if (site is null) continue;
                // Several configurations of one site (MkDocs INHERIT variants): keep the most complete, the one that inherits.
                var same = sites.FindIndex(s => s.Kind == site.Kind && s.Root == site.Root && s.SourceRoot == site.SourceRoot);
                if (same < 0) sites.Add(site);
                else if (site is MkDocsSite { Inherits: true } && sites[same] is MkDocsSite { Inherits: false }) sites[same] = site;
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                notes.Add($"docs: '{path}' looks like a documentation site's configuration but could not be read ({e.Message}); its pages are judged as GitHub renders them");
            }
        }
        return (sites.OrderByDescending(s => s.SourceRoot.Length).ThenBy(s => s.ConfigPath, StringComparer.Ordinal).ToList(), notes);
    }
}
