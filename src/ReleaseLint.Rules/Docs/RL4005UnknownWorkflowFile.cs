using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>RL4005: the docs name a workflow file that does not exist.</summary>
public sealed partial class RL4005UnknownWorkflowFile : MarkdownRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4005", "unknown-workflow-file",
        "Docs name a workflow file that does not exist",
        "The docs name a workflow file that does not exist: a link into .github/workflows/ (relative, this repository's blob URL, or its actions/workflows/ page or badge), inline code holding a path under .github/workflows/, or inline code holding a bare file name such as `fly-deploy.yml` right next to the word \"workflow\" or \"GitHub Action\". A broken link into .github/workflows/ is reported here only, not also as RL4003. Sentences that read as generic examples or instructions for the reader's own repository are not mentions.",
        Severity.Error, RuleCategory.Docs, ["docs", "workflows", "drift"])
    {
        Reads = RuleInputs.Markdown | RuleInputs.Workflows | RuleInputs.Actions, // what the workflows name
        ReportsIn = RuleInputs.Markdown,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    [GeneratedRegex(@"^(?:\./|/)?(?<path>\.github/workflows/[^\s/`*?\[\]{}<>$]+\.ya?ml)$")]
    private static partial Regex WorkflowPath();

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml)$")]
    private static partial Regex BareFile();

    [GeneratedRegex(@"(?:\bworkflows?|\bGitHub\s+Actions?|\bActions\s+workflow)(?:\s+file)?\s*[(:,]?\s*(?:the\s+)?\**\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WorkflowBefore();

    [GeneratedRegex(@"^\**\s*\)?\s*(?:GitHub\s+)?(?:workflows?|Actions?\s+workflow)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WorkflowAfter();

    /// <inheritdoc />
    protected override void CheckDocument(RuleContext context, MarkdownDocument document)
    {
        if (WorkflowFacts.IsRecord(context.Workspace, document.Path)) return;
        var workspace = context.Workspace;
        var facts = WorkflowFacts.Of(workspace);
        var reported = new HashSet<(string, int)>();
        foreach (var link in document.Links)
        {
            var resolved = LinkResolver.Resolve(workspace, document, link);
            if (resolved is null) continue;
            string? target = null;
            if (resolved is { Kind: LinkTargetKind.File, Checkable: true, TargetPath: { } path } && WorkflowFacts.IsUnderWorkflows(path))
                target = path;
            else if (resolved is { Kind: LinkTargetKind.RepositoryPage, RepositoryPage: { } page, ClimbError: null } &&
                     page.StartsWith("actions/workflows/", StringComparison.Ordinal))
            {
                var file = page["actions/workflows/".Length..].Split('/')[0];
                if (file.Length > 0) target = ".github/workflows/" + file;
            }
            if (target is null || workspace.PathExists(target)) continue;
            if (!reported.Add((target, link.Location.Line))) continue;
            context.At(link.Location).Key("workflow-file", target)
                .Report($"link '{link.Url}' names workflow file '{target}', which does not exist{Hint(facts, target)}");
        }

        if (facts.WorkflowFiles.Count == 0) return; // docs of a repository without workflows talk about other repositories'
        var text = DocText.Of(context.Workspace, document);
        if (text.AddressesReadersRepository) return; // a guide for the reader's own repository: the names are the reader's
        foreach (var code in document.Code)
        {
            if (code.IsBlock) continue;
            var content = code.Content.Trim();
            string target;
            var start = document.Source.Offset(code.Location.Line, code.Location.Column);
            var end = document.Source.Offset(code.Location.EndLine, code.Location.EndColumn);
            var (sStart, sEnd) = text.SentenceAround(start, end);
            var sentence = text.Prose[sStart..sEnd];
            var full = WorkflowPath().Match(content);
            if (full.Success) target = full.Groups["path"].Value;
            else
            {
                var bare = BareFile().Match(content);
                if (!bare.Success) continue;
                var before = text.Prose[Math.Max(sStart, start - 60)..start];
                var after = text.Prose[end..Math.Min(sEnd, end + 40)];
                if (!WorkflowBefore().IsMatch(before) && !WorkflowAfter().IsMatch(after)) continue;
                target = ".github/workflows/" + bare.Groups["name"].Value;
                if (facts.CalledFiles.Contains(bare.Groups["name"].Value)) continue; // another repository's reusable workflow this one calls
                // A bare name of a file that exists elsewhere is about that file (a config the workflow reads).
                if (workspace.Files.Files.Any(f => f.EndsWith("/" + bare.Groups["name"].Value, StringComparison.Ordinal) || f == bare.Groups["name"].Value)) continue;
            }
            if (workspace.PathExists(target)) continue;
            if (IntroducesListing(document.Source.Text, end)) continue;
            if (DocText.IsGeneric(sentence) || DocText.NamesOtherRepository(sentence, workspace.GitHubRepository)) continue;
            if (DocText.SaysAbsentThing(text.Block(start)) || DocText.NamesOtherRepositoryInWords(sentence, workspace.GitHubRepository)) continue;
            if (!reported.Add((target, code.Location.Line))) continue;
            context.At(code.Location).Key("workflow-file", target)
                .Report($"'{content}' names workflow file '{target}', which does not exist{Hint(facts, target)}");
        }
    }

    /// <summary>"`.github/workflows/release.yml`:" followed by a code block shows a file to write, not one of this repository.</summary>
    private static bool IntroducesListing(string source, int end)
    {
        var i = end;
        while (i < source.Length && source[i] is ' ' or '*' or '_' or ')') i++;
        if (i >= source.Length || source[i] != ':') return false;
        i++;
        while (i < source.Length && source[i] is ' ' or '\t' or '\r' or '\n') i++;
        return source.AsSpan(i).StartsWith("```") || source.AsSpan(i).StartsWith("~~~");
    }

    // A linked name may have no extension at all ("ci-yml"): then the stem is the whole name (found by fuzzing).
    private static string Stem(string name) => name.LastIndexOf('.') is > 0 and var dot ? name[..dot] : name;

    private static string Hint(WorkflowFacts facts, string target)
    {
        var name = target[(target.LastIndexOf('/') + 1)..];
        var names = facts.WorkflowFiles.Select(f => f[(f.LastIndexOf('/') + 1)..]).ToList();
        var same = names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (same is not null) return $"; did you mean '.github/workflows/{same}'? (GitHub paths are case-sensitive)";
        var stem = Stem(name);
        var close = names.FirstOrDefault(n => Stem(n) == stem) // .yml vs .yaml
                    ?? Suggestions.Closest(names, name, Math.Max(3, name.Length / 3))
                    ?? names.FirstOrDefault(n => n.Contains(stem, StringComparison.OrdinalIgnoreCase));
        if (close is not null) return $"; did you mean '.github/workflows/{close}'?";
        if (names.Count == 0) return "; the repository has no workflows";
        return names.Count <= 6 ? $"; the workflows are {string.Join(", ", names.Select(n => "'" + n + "'"))}" : $"; see .github/workflows/ for the {names.Count} workflows";
    }
}
