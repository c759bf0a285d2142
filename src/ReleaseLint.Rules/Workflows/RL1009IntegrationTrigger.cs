using System.Text.RegularExpressions;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1009: a workflow that policy or the docs say runs on merges to the integration branch does not.</summary>
public sealed partial class RL1009IntegrationTrigger : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1009", "integration-trigger",
        "Integration workflow does not run as documented",
        "A workflow that policy (workflows.integration, by default .github/workflows/discussion-summary.yml) or the docs say runs on merges to the integration branch does not trigger on push to that branch, or lacks the workflow_dispatch entry that policy or the docs promise for re-running it. A doc sentence counts when it names the workflow file and says that merges, pushes or commits to the integration branch trigger or run it; a paragraph that speaks of workflow_dispatch or 'Run workflow' promises the manual entry for the workflows it names (by file or display name).",
        Severity.Error, RuleCategory.Workflows, ["workflows", "release-policy", "docs"])
    {
        Reads = RuleInputs.Workflows | RuleInputs.Markdown, // the docs that promise a workflow runs on merges
        ReportsIn = RuleInputs.Workflows,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    private sealed class Requirement(WorkflowFile workflow)
    {
        public WorkflowFile Workflow { get; } = workflow;
        public (string Why, RelatedLocation? Where)? Push { get; set; }
        public (string Why, RelatedLocation? Where)? Dispatch { get; set; }
    }

    [GeneratedRegex(@"(?:^|[\s(\[`'""/])(?:\.github/workflows/)?(?<file>[\w.-]+\.ya?ml)\b", RegexOptions.CultureInvariant)]
    private static partial Regex WorkflowFileMention();

    [GeneratedRegex(@"\b(?:trigger(?:s|ed)?|runs?|ran|fires?|starts?|kicks?\s+off|invokes?)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TriggerWord();

    [GeneratedRegex(@"\bworkflow_dispatch\b|\bRun workflow\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DispatchPromise();

    [GeneratedRegex(@"^\s*(?:[-*+]\s|\d+[.)]\s|\|)", RegexOptions.CultureInvariant)]
    private static partial Regex ListItemOrRow();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z*_\[`""])", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var workspace = context.Workspace;
        var policy = context.Policy;
        var branch = policy.IntegrationBranch;
        var byPath = workspace.Workflows.ToDictionary(w => w.Path, StringComparer.Ordinal);
        var requirements = new Dictionary<string, Requirement>(StringComparer.Ordinal);
        Requirement For(WorkflowFile wf) => requirements.TryGetValue(wf.Path, out var r) ? r : requirements[wf.Path] = new Requirement(wf);

        var configured = policy.KeyLocations.TryGetValue("workflows.integration", out var key) ? new RelatedLocation(key, "policy: workflows.integration") : null;
        foreach (var path in policy.IntegrationWorkflows)
        {
            var normalized = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path.TrimStart('/');
            if (!byPath.TryGetValue(normalized, out var wf)) continue;
            var policyName = configured is null ? "the release policy (workflows.integration, by default discussion-summary.yml)" : $"the policy (workflows.integration in {configured.Location.Path})";
            For(wf).Push = ($"{policyName} says it runs on merges to '{branch}'", configured);
            For(wf).Dispatch = ($"{policyName} asks for a 'Run workflow' (workflow_dispatch) entry to re-run it by hand", configured);
        }

        var mentionPattern = MergePhrase(branch);
        // Only the raw text is scanned, so the documents are read, not parsed. A claim names a workflow file
        // (".yml"/".yaml") or promises its "Run workflow" entry: a document with neither is skipped at once.
        foreach (var path in workspace.MarkdownPaths)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (workspace.ReadText(path, InputKind.Markdown) is not { } source) continue;
            var raw = source.Text;
            if (!raw.Contains(".yml", StringComparison.Ordinal) && !raw.Contains(".yaml", StringComparison.Ordinal) &&
                !raw.Contains("workflow_dispatch", StringComparison.Ordinal) && !raw.Contains("un workflow", StringComparison.OrdinalIgnoreCase)) continue;
            var doc = (Source: source, Path: path);
            foreach (var (text, offset) in Paragraphs(doc.Source))
            {
                // A sentence names a workflow by file only with ".yml"/".yaml" in it; skip the rest cheaply.
                var namesAFile = text.Contains(".yml", StringComparison.Ordinal) || text.Contains(".yaml", StringComparison.Ordinal);
                var promisesDispatch = (text.Contains("workflow_dispatch", StringComparison.Ordinal) || text.Contains("un workflow", StringComparison.OrdinalIgnoreCase))
                    && DispatchPromise().IsMatch(text);
                if (!namesAFile && !promisesDispatch) continue;
                foreach (var (sentence, start) in Sentences(text))
                {
                    var named = Named(sentence, byPath, includeDisplayNames: false);
                    if (named.Count == 0 || !mentionPattern.IsMatch(sentence) || !TriggerWord().IsMatch(sentence)) continue;
                    var at = Locate(doc.Source, offset + start, sentence);
                    foreach (var wf in named)
                        For(wf).Push ??= ($"{at.Path}:{at.Line} says merges to '{branch}' trigger it", new RelatedLocation(at, "the docs say merges to the integration branch run it"));
                }
                if (!promisesDispatch) continue;
                var dispatchAt = Locate(doc.Source, offset + DispatchPromise().Match(text).Index, DispatchPromise().Match(text).Value);
                foreach (var wf in Named(text, byPath, includeDisplayNames: true))
                    For(wf).Dispatch ??= ($"{dispatchAt.Path}:{dispatchAt.Line} promises a 'Run workflow' (workflow_dispatch) entry to re-run it by hand", new RelatedLocation(dispatchAt, "the docs promise workflow_dispatch"));
            }
        }

        foreach (var requirement in requirements.Values.OrderBy(r => r.Workflow.Path, StringComparer.Ordinal))
            context.Isolate(requirement.Workflow.Path, () => CheckWorkflow(context, requirement, branch));
    }

    private static void CheckWorkflow(RuleContext context, Requirement requirement, string branch)
    {
        var wf = requirement.Workflow;
        var source = wf.Source;
        var name = wf.Path[(wf.Path.LastIndexOf('/') + 1)..];
        var onLocation = wf.OnEntry?.Key.Location ?? (wf.Root?.Entries.FirstOrDefault()?.Key.Location) ?? source.At(1, 1);
        if (requirement.Push is { } push)
        {
            var related = push.Where is { } r ? new[] { r } : [];
            var ev = wf.Event("push");
            if (ev is null)
            {
                context.At(onLocation).Related(related).Key("push:missing")
                    .Report($"'{name}' does not run on push to '{branch}', but {push.Why}; add 'push: {{ branches: [{branch}] }}' under 'on:'");
            }
            else if ((ev.Branches is null && ev.BranchesIgnore is null && (ev.Tags ?? ev.TagsIgnore) is not null) || !ev.BranchesPass(branch))
            {
                var filterKey = ev.Config?.Find(ev.Branches is not null ? "branches" : ev.BranchesIgnore is not null ? "branches-ignore" : "tags")?.Key ?? ev.NameNode;
                var filter = ev.Branches ?? ev.BranchesIgnore ?? ev.Tags ?? ev.TagsIgnore ?? [];
                var written = string.Join(", ", filter.Select(f => f.Value));
                context.At(filterKey).Related(related).Key("push:filter", written)
                    .Report($"'{name}' runs on push only to [{written}] ({filterKey.AsString()} filter), not to '{branch}', but {push.Why}; add '{branch}' to 'branches:'");
            }
        }
        if (requirement.Dispatch is { } dispatch && wf.Event("workflow_dispatch") is null)
        {
            context.At(onLocation).Related(dispatch.Where is { } r ? [r] : []).Key("workflow_dispatch:missing")
                .Report($"'{name}' has no 'workflow_dispatch' trigger, but {dispatch.Why}; add 'workflow_dispatch:' under 'on:'");
        }
    }

    private static Regex MergePhrase(string branch) => new(
        @"\b(?:merge[sd]?|merging|push(?:es|ed)?|commits?|landing|lands?)\b[^.]{0,80}?\b(?:into|to|on|onto)\s+(?:the\s+)?[`'""*]*" + Regex.Escape(branch) + @"[`'""*]*(?![\w/-])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static List<WorkflowFile> Named(string text, Dictionary<string, WorkflowFile> byPath, bool includeDisplayNames)
    {
        var found = new List<WorkflowFile>();
        foreach (Match m in WorkflowFileMention().Matches(text))
        {
            var file = m.Groups["file"].Value;
            if (byPath.TryGetValue(".github/workflows/" + file, out var wf) && !found.Contains(wf)) found.Add(wf);
        }
        if (includeDisplayNames)
            foreach (var wf in byPath.Values)
                if (wf.Name is { Length: >= 4 } display && text.Contains(display, StringComparison.Ordinal) && !found.Contains(wf)) found.Add(wf);
        return found;
    }

    /// <summary>Paragraphs of a markdown text outside fenced code blocks, with their offsets (lines joined by '\n').</summary>
    private static IEnumerable<(string Text, int Offset)> Paragraphs(SourceText source)
    {
        var lines = new List<string>();
        var start = -1;
        var inFence = false;
        for (var line = 1; line <= source.LineCount; line++)
        {
            var text = source.Line(line);
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                if (lines.Count > 0) yield return (string.Join('\n', lines), start);
                lines.Clear();
                inFence = !inFence;
                continue;
            }
            if (inFence) continue;
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                if (lines.Count > 0) yield return (string.Join('\n', lines), start);
                lines.Clear();
                continue;
            }
            // Each list item and table row is a unit of its own.
            if (lines.Count > 0 && ListItemOrRow().IsMatch(text))
            {
                yield return (string.Join('\n', lines), start);
                lines.Clear();
            }
            if (lines.Count == 0) start = source.LineStart(line);
            lines.Add(text);
        }
        if (lines.Count > 0) yield return (string.Join('\n', lines), start);
    }

    private static IEnumerable<(string Text, int Start)> Sentences(string paragraph)
    {
        var last = 0;
        foreach (Match m in SentenceBreak().Matches(paragraph))
        {
            yield return (paragraph[last..m.Index], last);
            last = m.Index + m.Length;
        }
        yield return (paragraph[last..], last);
    }

    private static SourceLocation Locate(SourceText source, int offset, string text)
    {
        // Paragraph offsets assume '\n' line ends; re-anchor on the text itself where possible.
        var firstLine = text.Split('\n')[0].TrimStart();
        var probe = source.Text.IndexOf(firstLine, Math.Max(0, offset - 2), StringComparison.Ordinal);
        var at = probe >= 0 ? probe : Math.Min(offset, source.Text.Length);
        var (line, column) = source.Position(at);
        return source.At(line, column, Math.Min(firstLine.Length, source.Line(line).Length - column + 1));
    }
}
