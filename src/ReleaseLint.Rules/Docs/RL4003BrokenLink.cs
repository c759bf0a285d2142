using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>RL4003: a relative link whose target does not exist.</summary>
public sealed class RL4003BrokenLink : MarkdownRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4003", "broken-link",
        "Link target does not exist",
        "A relative link or image in a markdown file whose target file or directory does not exist in the repository (a link to an existing directory is fine: GitHub shows it), a relative link that climbs above the root to something GitHub cannot show, or a link to this repository's own github.com blob/tree URL on its working branch naming a path that does not exist. Release docs that point at missing runbooks fail operators exactly when they need them. Links into .github/workflows/ are RL4005's.",
        Severity.Error, RuleCategory.Docs, ["docs", "links"])
    {
        Reads = RuleInputs.Markdown,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void CheckDocument(RuleContext context, MarkdownDocument document)
    {
        var sitePage = SiteDocs.IsSitePage(document);
        foreach (var link in document.Links)
        {
            if (IsTemplate(link.Url)) continue; // a template's expression ({{ .Website }}, ${url}), filled in before anyone reads it
            var resolved = LinkResolver.Resolve(context.Workspace, document, link);
            if (resolved is null) continue;
            var what = link.Kind == MarkdownLinkKind.Image ? "image" : "link";
            if (resolved.ClimbError is { } climb)
            {
                context.At(link.Location).Key("link", link.Url).Report($"{what} '{link.Url}' {climb}");
                continue;
            }
            if (resolved.Kind != LinkTargetKind.File || !resolved.Checkable || resolved.TargetPath is not { } target) continue;
            if (WorkflowFacts.IsUnderWorkflows(target)) continue; // RL4005 reports links into .github/workflows/ (one finding per problem)
            if (context.Workspace.PathExists(target)) continue;
            if (context.Workspace.Files.IsGitIgnored(target)) continue; // build output (pages a docs generator writes), not in git by design
            if (!resolved.ViaUrl && sitePage && SiteDocs.ResolvesOnSite(context.Workspace, document, link.Url.Split('#')[0].Split('?')[0])) continue;
            var shown = resolved.ViaUrl ? link.Url : link.Url.Split('#')[0];
            var written = shown.StartsWith("./", StringComparison.Ordinal) ? shown[2..] : shown.TrimStart('/');
            var message = written == target
                ? $"{what} target '{target}' does not exist"
                : $"{what} '{shown}' resolves to '{target}', which does not exist";
            var (hint, sibling, caseOnly) = Suggest(context.Workspace, target);
            context.At(link.Location).Key("link", link.Url).Fix(sibling is null ? null : Relink(document, link, target, sibling, caseOnly)).Report(message + hint);
        }
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
