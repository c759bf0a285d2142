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
            context.At(link.Location).Key("link", link.Url).Report(message + Hint(context.Workspace, target));
        }
    }

    /// <summary>True for a destination that is a template expression rather than a URL.</summary>
    internal static bool IsTemplate(string url) =>
        url.Contains("{{", StringComparison.Ordinal) || url.Contains("{%", StringComparison.Ordinal) || url.Contains("${", StringComparison.Ordinal) || url.Contains("<%", StringComparison.Ordinal);

    /// <summary>"did you mean" help for a missing path: same name in another case, a close sibling, or the same name elsewhere.</summary>
    internal static string Hint(Workspace workspace, string target)
    {
        var slash = target.LastIndexOf('/');
        var dir = slash < 0 ? "" : target[..slash];
        var name = target[(slash + 1)..];
        var siblings = workspace.Files.Files
            .Where(f => (f.LastIndexOf('/') < 0 ? "" : f[..f.LastIndexOf('/')]) == dir)
            .Select(f => f[(f.LastIndexOf('/') + 1)..])
            .ToList();
        var sameIgnoringCase = siblings.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase));
        if (sameIgnoringCase is not null) return $"; did you mean '{(dir.Length > 0 ? dir + "/" : "")}{sameIgnoringCase}'? (GitHub paths are case-sensitive)";
        var close = Suggestions.Closest(siblings, name, Math.Max(2, name.Length / 4));
        if (close is not null) return $"; did you mean '{(dir.Length > 0 ? dir + "/" : "")}{close}'?";
        var elsewhere = workspace.Files.Files.FirstOrDefault(f => f.EndsWith("/" + name, StringComparison.Ordinal) || f == name);
        return elsewhere is not null ? $"; a file of that name is at '{elsewhere}'" : "";
    }
}
