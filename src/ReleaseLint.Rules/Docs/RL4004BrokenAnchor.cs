using System.Text.RegularExpressions;
using ReleaseLint.Fixes;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>RL4004: a <c>#fragment</c> that matches no heading or anchor of its target.</summary>
public sealed partial class RL4004BrokenAnchor : MarkdownRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4004", "broken-anchor",
        "Link fragment matches no heading",
        "A '#fragment' in a link (to the same file or to another markdown file of the repository) that matches no heading slug or explicit anchor of the target. Slugs are computed exactly as GitHub computes them: lower-case, punctuation removed, spaces to '-', '-1', '-2' for repeated headings; explicit anchors are <a name>, id= attributes and {#id}.",
        Severity.Error, RuleCategory.Docs, ["docs", "links"])
    {
        Reads = RuleInputs.Markdown,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    [GeneratedRegex(@"^L\d+(C\d+)?(-L\d+(C\d+)?)?$")]
    private static partial Regex LineAnchor();

    /// <inheritdoc />
    protected override void CheckDocument(RuleContext context, MarkdownDocument document)
    {
        var sitePage = SiteDocs.IsSitePage(document);
        var generator = sitePage ? SiteDocs.GeneratorOf(context.Workspace, document) : SiteDocs.Generator.None;
        var suggested = new Dictionary<(string, string), string?>();
        var suggestionsLeft = 1_000;
        foreach (var link in document.Links)
        {
            if (RL4003BrokenLink.IsTemplate(link.Url)) continue;
            var resolved = LinkResolver.Resolve(context.Workspace, document, link);
            if (resolved?.Fragment is not { Length: > 0 } fragment) continue;
            if (fragment is "top" || LineAnchor().IsMatch(fragment)) continue;
            if (resolved.Kind is not (LinkTargetKind.Fragment or LinkTargetKind.File) || !resolved.Checkable) continue;
            // GitHub shows the source, not the rendering, of a markdown file linked with ?plain=1: only line anchors exist there.
            if (resolved.Query.Split('&').Contains("plain=1")) continue;
            var target = resolved.Kind == LinkTargetKind.Fragment ? document : Target(context.Workspace, resolved.TargetPath!, out _);
            if (target is null && sitePage && !context.Workspace.PathExists(resolved.TargetPath!) &&
                SiteDocs.PageFor(context.Workspace, document, link.Url.Split('#')[0].Split('?')[0]) is { } page)
                target = context.Workspace.GetMarkdown(page);
            if (target is null) continue;
            if (target.HasAnchor(fragment)) continue;
            if (SiteDocs.HasSiteAnchor(context.Workspace, target, fragment, generator)) continue;
            if (resolved.TargetPath is not null && fragment == "readme") continue; // GitHub's anchor for a rendered README
            // A suggestion costs a pass over the target's anchors: remembered per fragment, and a budget per document.
            var key = (target.Path, fragment);
            if (!suggested.TryGetValue(key, out var close) && suggestionsLeft-- > 0)
                suggested[key] = close = Suggestions.Closest(target.Anchors, fragment.ToLowerInvariant(), Math.Max(2, fragment.Length / 3));
            var hint = close is not null ? $"; did you mean '#{close}'?" : target.Headings.Count == 0 ? $"; '{target.Path}' has no headings" : "";
            var inFile = ReferenceEquals(target, document) ? "this file" : $"'{target.Path}'";
            var location = FragmentLocation(document, link);
            context.At(location).Key("anchor", link.Url).Fix(Reanchor(document, link, target, fragment, close)).Report($"anchor '#{fragment}' matches no heading or anchor in {inFile}{hint}");
        }
    }

    private static MarkdownDocument? Target(Workspace workspace, string path, out bool isDirectory)
    {
        isDirectory = false;
        if (Workspace.IsMarkdownPath(path) && workspace.Files.Contains(path)) return workspace.GetMarkdown(path);
        if (workspace.Files.ContainsDirectory(path))
        {
            isDirectory = true;
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
    private static IReadOnlyList<Fix>? Reanchor(MarkdownDocument document, MarkdownLink link, MarkdownDocument target, string fragment, string? close)
    {
        var source = document.Source;
        var offset = source.Offset(link.Location.Line, link.Location.Column);
        if (offset < 0 || offset + link.Url.Length > source.Text.Length || string.CompareOrdinal(source.Text, offset, link.Url, 0, link.Url.Length) != 0) return null;
        var hash = link.Url.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0) return null;
        var key = Loose(fragment);
        var same = key.Length == 0 ? [] : target.Anchors.Where(a => Loose(a) == key).Take(2).ToList();
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
