using ReleaseLint.Inputs.Docs;
using ReleaseLint.Inputs.Docs.Sites;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>RL4003: a relative link whose target does not exist where the file is rendered.</summary>
public sealed class RL4003BrokenLink : MarkdownRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4003", "broken-link",
        "Link target does not exist",
        "A relative link or image in a markdown file whose target does not exist where the file is rendered: on GitHub, a file or directory of the repository (a link to an existing directory is fine: GitHub shows it), or a link that climbs above the root to something GitHub cannot show; on the repository's docs site (MkDocs, Sphinx with MyST, Docusaurus, VitePress, Hugo, Jekyll, mdBook, detected from its configuration), a page, route, label or file of that site. Also a link to this repository's own github.com blob/tree URL on its working branch naming a path that does not exist. Release docs that point at missing runbooks fail operators exactly when they need them. Links into .github/workflows/ are RL4005's; links nobody reads (bot-written blocks, unused reference definitions, placeholders, test inputs) are not judged.",
        Severity.Error, RuleCategory.Docs, ["docs", "links"])
    {
        Reads = RuleInputs.Markdown,
        Fix = new("link to the existing file whose name differs only in case, or the close sibling of the same kind", "safe for the case-only difference, unsafe for the sibling"),
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void CheckDocument(RuleContext context, MarkdownDocument document)
    {
        var workspace = context.Workspace;
        if (DocLinks.Context(workspace, document) is not { } docContext) return;
        var site = docContext.Renderer;
        var source = docContext.Source(document.Path);
        foreach (var link in document.Links)
        {
            if (!DocLinks.IsRead(document, link)) continue;
            var what = link.Kind == MarkdownLinkKind.Image ? "image" : "link";
            if (IsTemplate(link.Url))
            {
                // A template's expression ({{ .Website }}, ${url}) is filled in before anyone reads it, unless the site resolves it itself.
                if (DocLinks.Template(site, link.Url) is { } templated && site.Resolve(source, templated.Destination, link.Kind) is { Verdict: Verdict.Broken } broken)
                    context.At(link.Location).Key("link", link.Url).Report($"{what} '{templated.Destination}' reaches nothing on the {site.Name} site: {broken.Detail}");
                continue;
            }
            if (DocLinks.IsUrl(link.Url) || site is GitHubSite)
            {
                CheckOnGitHub(context, document, link, what, docContext);
                continue;
            }
            var (path, _, _) = RepoPath.SplitUrl(link.Url);
            if (path.Length == 0) continue;
            if (site is SphinxSite && DocLinks.MarkedExternal(document, link)) continue;
            if (WorkflowFacts.IsUnderWorkflows(RepoPath.Normalize(RepoPath.Dir(document.Path) + "/" + RepoPath.Decode(path), out _))) continue; // RL4005's
            var result = site.Resolve(source, path, link.Kind);
            if (result.Verdict == Verdict.Broken && result.Target is { } missing && (workspace.Files.IsGitIgnored(missing) || DocLinks.IsTemplateOutput(workspace, missing))) continue; // written by the docs build (ignored by git) or by rendering a template
            if (result.Verdict == Verdict.Broken)
            {
                var included = docContext.Role == DocRole.Included ? $" (included into '{docContext.HostPage}')" : "";
                context.At(link.Location).Key("link", link.Url).Report($"{what} '{Subject(document, link.Url)}' reaches nothing on the {site.Name} site{included}: {result.Detail}");
            }
            else if (result.Verdict == Verdict.Ok && context.Policy.DocsGitHubCompat && docContext.Role == DocRole.Page)
            {
                var github = DocsModel.Of(workspace).GitHub.Resolve(new LinkSource(document.Path, document.Path), path, link.Kind);
                if (github.Verdict == Verdict.Broken)
                    context.At(link.Location).Key("link-github", link.Url).AtSeverity(Severity.Note).Report($"{what} '{path}' works on the {site.Name} site but not when the file is read on GitHub, where it resolves to '{github.Target}' (docs.github-compat)");
            }
        }
    }

    /// <summary>The link as GitHub shows it: relative to the file (or this repository's own URL, on any renderer).</summary>
    private static void CheckOnGitHub(RuleContext context, MarkdownDocument document, MarkdownLink link, string what, DocContext docContext)
    {
        var workspace = context.Workspace;
        var resolved = LinkResolver.Resolve(workspace, document, link);
        if (resolved is null) return;
        if (resolved.ClimbError is { } climb)
        {
            if (docContext.Renderer is GitHubSite) context.At(link.Location).Key("link", link.Url).Report($"{what} '{link.Url}' {climb}");
            return;
        }
        if (resolved.Kind != LinkTargetKind.File || !resolved.Checkable || resolved.TargetPath is not { } target) return;
        if (WorkflowFacts.IsUnderWorkflows(target)) return; // RL4005 reports links into .github/workflows/ (one finding per problem)
        if (workspace.PathExists(target)) return;
        if (workspace.Files.IsGitIgnored(target)) return; // build output (pages a docs generator writes), not in git by design
        if (DocLinks.IsTemplateOutput(workspace, target)) return; // made by rendering the repository's template (main.tf from main.tf.jinja)
        if (!resolved.ViaUrl && DocsModel.Of(workspace).GeneratesHtml(target)) return; // a page a docs build of the repository writes
        var shown = resolved.ViaUrl ? link.Url : link.Url.Split('#')[0];
        var written = shown.StartsWith("./", StringComparison.Ordinal) ? shown[2..] : shown.TrimStart('/');
        var message = written == target
            ? $"{what} target '{target}' does not exist"
            : $"{what} '{shown}' resolves to '{target}', which does not exist";
        // Past the listing budget the finding is only counted: no help, no fix (each compares with every file of the folder).
        var (hint, sibling, caseOnly) = context.ListingFull(document.Path) ? ("", null, false) : Suggest(workspace, target);
        context.At(link.Location).Key("link", link.Url).Fix(sibling is null ? null : Relink(document, link, target, sibling, caseOnly)).Report(message + hint);
    }

    /// <summary>
    /// How a finding names the link (its subject): the path from the repository root when the link is written that way
    /// (<c>/docs/x</c>, or <c>x</c> in a root file), else the destination as written without its fragment.
    /// </summary>
    internal static string Subject(MarkdownDocument document, string url)
    {
        var shown = url.Split('#')[0];
        var written = shown.StartsWith("./", StringComparison.Ordinal) ? shown[2..] : shown.TrimStart('/');
        var decoded = RepoPath.Decode(RepoPath.SplitUrl(shown).Path);
        var target = decoded.StartsWith('/') ? RepoPath.Normalize(decoded, out _) : RepoPath.Normalize(RepoPath.Dir(document.Path) + "/" + decoded, out _);
        return written == target ? target : shown;
    }

    /// <summary>True for a destination that is a template expression rather than a URL.</summary>
    internal static bool IsTemplate(string url) =>
        url.Contains("{{", StringComparison.Ordinal) || url.Contains("{%", StringComparison.Ordinal) || url.Contains("${", StringComparison.Ordinal) || url.Contains("<%", StringComparison.Ordinal);

    /// <summary>
    /// The fix that writes <paramref name="sibling"/> in place of the link's file name: safe when only letter case differs
    /// (the same file, which GitHub's case-sensitive paths miss), else unsafe (a close name is a guess). None when the source
    /// does not hold the destination verbatim where the link says, or its last path segment is not the missing name.
    /// </summary>
    private static IReadOnlyList<Fix>? Relink(MarkdownDocument document, MarkdownLink link, string target, string sibling, bool caseOnly)
    {
        var source = document.Source;
        var offset = source.Offset(link.Location.Line, link.Location.Column);
        if (offset + link.Url.Length > source.Text.Length || string.CompareOrdinal(source.Text, offset, link.Url, 0, link.Url.Length) != 0) return null;
        var path = link.Url.Split('#')[0].Split('?')[0];
        var name = target[(target.LastIndexOf('/') + 1)..];
        if (!path.EndsWith(name, StringComparison.Ordinal) || (path.Length > name.Length && path[path.Length - name.Length - 1] != '/')) return null;
        if (sibling.IndexOfAny([' ', '(', ')', '<', '>', '#', '?', '%', '\\', '\n', '\r']) >= 0) return null;
        if (!caseOnly && !SameKind(name, sibling, link.Kind)) return null;
        var edit = TextEdit.Replace(source, offset + path.Length - name.Length, name.Length, sibling);
        return [Fix.WithEdits($"link to '{sibling}'", caseOnly ? FixSafety.Safe : FixSafety.Unsafe, edit)];
    }

    /// <summary>
    /// True when a close sibling is the same kind of file as the missing name: the same extension with a close stem
    /// (<c>rollback.md</c> for <c>rolback.md</c>), or the missing name without one and the sibling that name plus an
    /// extension (<c>bootstrap_cli.py</c> for <c>bootstrap_cli</c>; for an image, an image extension). A banner
    /// <c>opengraph-image.jpg</c> is never "fixed" into the <c>opengraph-image.tsx</c> that generates it.
    /// </summary>
    private static bool SameKind(string name, string sibling, MarkdownLinkKind kind)
    {
        var extension = Path.GetExtension(name);
        var other = Path.GetExtension(sibling);
        if (extension.Length > 0) return string.Equals(extension, other, StringComparison.OrdinalIgnoreCase);
        if (Path.GetFileNameWithoutExtension(sibling) != name || other.Length == 0) return false;
        return kind != MarkdownLinkKind.Image || other.ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".gif" or ".svg" or ".webp" or ".avif";
    }

    /// <summary>"did you mean" help for a missing path (see <see cref="Suggest"/>).</summary>
    internal static string Hint(Workspace workspace, string target) => Suggest(workspace, target).Hint;

    /// <summary>
    /// "did you mean" help for a missing path: same name in another case, a close sibling, or the same name elsewhere; with
    /// the sibling's file name when the help names one in the same folder (and whether only letter case differs).
    /// </summary>
    internal static (string Hint, string? Sibling, bool CaseOnly) Suggest(Workspace workspace, string target)
    {
        var slash = target.LastIndexOf('/');
        var dir = slash < 0 ? "" : target[..slash];
        var name = target[(slash + 1)..];
        var siblings = workspace.Files.Files
            .Where(f => (f.LastIndexOf('/') < 0 ? "" : f[..f.LastIndexOf('/')]) == dir)
            .Select(f => f[(f.LastIndexOf('/') + 1)..])
            .ToList();
        var sameIgnoringCase = siblings.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase));
        if (sameIgnoringCase is not null) return ($"; did you mean '{(dir.Length > 0 ? dir + "/" : "")}{sameIgnoringCase}'? (GitHub paths are case-sensitive)", sameIgnoringCase, true);
        var close = Suggestions.Closest(siblings, name, Math.Max(2, name.Length / 4));
        if (close is not null) return ($"; did you mean '{(dir.Length > 0 ? dir + "/" : "")}{close}'?", close, false);
        var elsewhere = workspace.Files.Files.FirstOrDefault(f => f.EndsWith("/" + name, StringComparison.Ordinal) || f == name);
        return (elsewhere is not null ? $"; a file of that name is at '{elsewhere}'" : "", null, false);
    }
}
