using System.Text.RegularExpressions;
using ReleaseLint.Fixes;
using ReleaseLint.Inputs.Docs;
using ReleaseLint.Inputs.Docs.Sites;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>RL4004: a <c>#fragment</c> that matches no id of its target where the file is rendered.</summary>
public sealed partial class RL4004BrokenAnchor : MarkdownRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4004", "broken-anchor",
        "Link fragment matches no heading",
        "A '#fragment' in a link (to the same file or to another page of the repository) that matches no id of the target where the file is rendered. On GitHub: heading slugs computed as GitHub computes them (lower-case, punctuation removed, spaces to '-', '-1', '-2' for repeated headings), <a name> and id= anchors, footnotes, '#readme', each also with the 'user-content-' prefix. On the repository's docs site: that site's heading ids (MkDocs' toc slugify, VitePress's slugify, Docusaurus' github-slugger, Hugo's and Jekyll's ids, MyST heading anchors), custom ids ({#id}, attribute lists), definition terms, footnotes, and the headings of included files; ids that code makes (mkdocstrings, hooks, directives) are not judged.",
        Severity.Error, RuleCategory.Docs, ["docs", "links"])
    {
        Reads = RuleInputs.Markdown,
        Fix = new("link to the one anchor that differs only in case and punctuation, or the close \"did you mean\" anchor", "safe for the case and punctuation difference, unsafe for the close anchor"),
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    [GeneratedRegex(@"^L\d+(C\d+)?(-L\d+(C\d+)?)?$")]
    private static partial Regex LineAnchor();

    /// <inheritdoc />
    protected override void CheckDocument(RuleContext context, MarkdownDocument document)
    {
        var workspace = context.Workspace;
        if (DocLinks.Context(workspace, document) is not { } docContext) return;
        var site = docContext.Renderer;
        var model = DocsModel.Of(workspace);
        var source = docContext.Source(document.Path);
        foreach (var link in document.Links)
        {
            if (!DocLinks.IsRead(document, link)) continue;
            string destination;
            string? fragment;
            if (RL4003BrokenLink.IsTemplate(link.Url))
            {
                if (DocLinks.Template(site, link.Url) is not { } templated) continue;
                (destination, fragment) = templated;
            }
            else (destination, _, fragment) = RepoPath.SplitUrl(link.Url);
            // [term](## "tooltip"), #top, #L10 line anchors, #:~:text= text fragments (the browser finds the text): not ids.
            if (fragment is not { Length: > 0 } || fragment is "top" || fragment.StartsWith('#') || fragment.StartsWith(":~:", StringComparison.Ordinal) || LineAnchor().IsMatch(fragment)) continue;
            if (DocLinks.IsUrl(link.Url) || site is GitHubSite && !RL4003BrokenLink.IsTemplate(link.Url))
            {
                CheckOnGitHub(context, document, link, fragment, model.GitHub);
                continue;
            }
            if (site is SphinxSite && DocLinks.MarkedExternal(document, link)) continue;
            var target = site.Resolve(source, destination, link.Kind);
            if (target.Verdict != Verdict.Ok || target.Page is not { } page) continue;
            var verdict = site.CheckFragment(source, page, fragment);
            if (verdict == Verdict.Broken)
            {
                var inFile = page == docContext.HostPage ? (docContext.Role == DocRole.Included ? $"the including page '{page}'" : "this file") : $"'{page}'";
                var anchors = site.AnchorsOf(page);
                var full = context.ListingFull(document.Path); // not listed: no help, no fix (each compares with every anchor)
                context.At(FragmentLocation(document, link)).Key("anchor", link.Url).Fix(full ? null : Reanchor(document, link, anchors.Ids, fragment, Closest(anchors, fragment)))
                    .Report($"anchor '#{fragment}' matches no heading or anchor in {inFile} on the {site.Name} site{(full ? "" : Hint(anchors, fragment))}");
            }
            else if (verdict == Verdict.Ok && context.Policy.DocsGitHubCompat && docContext.Role == DocRole.Page && !RL4003BrokenLink.IsTemplate(link.Url))
            {
                var github = model.GitHub.Resolve(new LinkSource(document.Path, document.Path), destination, link.Kind);
                if (github is { Verdict: Verdict.Ok, Page: { } githubPage } && model.GitHub.CheckFragment(new LinkSource(document.Path, document.Path), githubPage, fragment) == Verdict.Broken)
                    context.At(FragmentLocation(document, link)).Key("anchor-github", link.Url).AtSeverity(Severity.Note).Report($"anchor '#{fragment}' works on the {site.Name} site but not when the file is read on GitHub (docs.github-compat)");
            }
        }
    }

    /// <summary>A link read on GitHub (or this repository's own URL, on any renderer): GitHub's anchors.</summary>
    private static void CheckOnGitHub(RuleContext context, MarkdownDocument document, MarkdownLink link, string fragment, GitHubSite github)
    {
        var workspace = context.Workspace;
        var resolved = LinkResolver.Resolve(workspace, document, link);
        if (resolved is null || resolved.Kind is not (LinkTargetKind.Fragment or LinkTargetKind.File) || !resolved.Checkable) return;
        // GitHub shows the source, not the rendering, of a markdown file linked with ?plain=1: only line anchors exist there.
        if (resolved.Query.Split('&').Contains("plain=1")) return;
        var target = resolved.Kind == LinkTargetKind.Fragment ? document : Target(workspace, resolved.TargetPath!);
        if (target is null) return;
        var from = new LinkSource(document.Path, document.Path);
        if (github.CheckFragment(from, target.Path, fragment) != Verdict.Broken) return;
        var anchors = github.AnchorsOf(target.Path);
        var full = context.ListingFull(document.Path); // not listed: no help, no fix (each compares with every anchor)
        var hint = full ? "" : Hint(anchors, fragment);
        if (hint.Length == 0 && target.Headings.Count == 0) hint = $"; '{target.Path}' has no headings";
        var inFile = ReferenceEquals(target, document) ? "this file" : $"'{target.Path}'";
        context.At(FragmentLocation(document, link)).Key("anchor", link.Url).Fix(full ? null : Reanchor(document, link, anchors.Ids, fragment, Closest(anchors, fragment)))
            .Report($"anchor '#{fragment}' matches no heading or anchor in {inFile}{hint}");
    }

    private static string Hint(PageAnchors anchors, string fragment) =>
        Closest(anchors, fragment) is { } close ? $"; did you mean '#{close}'?" : "";

    private static string? Closest(PageAnchors anchors, string fragment) =>
        Suggestions.Closest(anchors.Ids.Order(StringComparer.Ordinal).ToList(), fragment.ToLowerInvariant(), Math.Max(2, fragment.Length / 3));

    private static MarkdownDocument? Target(Workspace workspace, string path)
    {
        if (Workspace.IsMarkdownPath(path) && workspace.Files.Contains(path)) return workspace.GetMarkdown(path);
        if (workspace.Files.ContainsDirectory(path) || path.Length == 0)
        {
            var readme = (path.Length == 0 ? "" : path + "/") + "README.md";
            return workspace.Files.Contains(readme) ? workspace.GetMarkdown(readme) : null;
        }
        return null;
    }

    /// <summary>
    /// The fix that writes another anchor in place of the fragment: safe when exactly one anchor of the target is the same
    /// as the fragment once letter case and everything but letters and digits are set aside (<c>#Getting_Started</c>,
    /// <c>#step-1-setup</c> for <c>step-1--setup</c>: the same heading, written by another slug rule); unsafe for the merely
    /// close name of the "did you mean" (a guess: a renamed heading, a numbered duplicate). None when the source does not
    /// hold the destination verbatim where the link says, or the anchor would need escaping in a link.
    /// </summary>
    private static IReadOnlyList<Fix>? Reanchor(MarkdownDocument document, MarkdownLink link, IEnumerable<string> targetAnchors, string fragment, string? close)
    {
        var source = document.Source;
        var offset = source.Offset(link.Location.Line, link.Location.Column);
        if (offset < 0 || offset + link.Url.Length > source.Text.Length || string.CompareOrdinal(source.Text, offset, link.Url, 0, link.Url.Length) != 0) return null;
        var hash = link.Url.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0) return null;
        var key = Loose(fragment);
        var same = key.Length == 0 ? [] : targetAnchors.Where(a => Loose(a) == key).Take(2).ToList();
        var (anchor, safe) = same.Count == 1 ? (same[0], true) : same.Count == 0 && close is not null ? (close, false) : (null, false);
        if (anchor is null || anchor.Length == 0 || anchor.IndexOfAny([' ', '(', ')', '<', '>', '#', '?', '%', '\\', '[', ']', '\n', '\r', '"', '\'']) >= 0) return null;
        var edit = TextEdit.Replace(source, offset + hash + 1, link.Url.Length - hash - 1, anchor);
        return [Fix.WithEdits($"link to '#{anchor}'" + (safe ? "" : " (unsafe: a close name, not the same heading)"), safe ? FixSafety.Safe : FixSafety.Unsafe, edit)];
    }

    /// <summary>The letters and digits of an anchor, lower-case: what two spellings of the same heading's slug share.</summary>
    private static string Loose(string anchor) => string.Concat(anchor.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    /// <summary>Points at the <c>#</c> of the fragment inside the written destination when it can be found.</summary>
    private static SourceLocation FragmentLocation(MarkdownDocument document, MarkdownLink link)
    {
        var loc = link.Location;
        var source = document.Source;
        var start = source.Offset(loc.Line, loc.Column);
        var end = source.Offset(loc.EndLine, loc.EndColumn);
        var hash = end > start ? source.Text.IndexOf('#', start, end - start) : -1;
        return hash < 0 ? loc : source.Span(hash, end - hash);
    }
}
