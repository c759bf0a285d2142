using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>RL4006: the docs name a workflow by a display name that no workflow has.</summary>
public sealed partial class RL4006UnknownWorkflowName : MarkdownRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4006", "unknown-workflow-name",
        "Docs name a workflow that does not exist",
        "The docs name a workflow by a display name that no workflow's `name:` has (nor a workflow's file name). A mention is only a navigation path Actions → \"NAME\" (also ->, >), or a quoted or inline-code NAME directly followed or preceded by the word \"workflow\" (the \"Fly Deploy\" workflow, workflow `Fly Deploy`). Other quoted text in a sentence about workflows is not a mention, nor are sentences that read as generic examples or speak of another repository.",
        Severity.Warning, RuleCategory.Docs, ["docs", "workflows", "drift"])
    {
        Reads = RuleInputs.Markdown | RuleInputs.Workflows | RuleInputs.Actions | RuleInputs.Git, // Git: workflows of maintenance branches
        ReportsIn = RuleInputs.Markdown,
        Fix = new("write the suggested workflow display name", "unsafe"),
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    private const string Quoted = @"(?:""(?<n>[^""\n]{1,100})""|“(?<n>[^”\n]{1,100})”|`(?<n>[^`\n]{1,100})`)";

    [GeneratedRegex(@"(?<settings>Settings\**\s*(?:→|->|&gt;|>|›|»)\s*\**\s*)?\bActions\**\s*(?:→|->|&gt;|>|›|»)\s*\**\s*" + Quoted)]
    private static partial Regex Navigation();

    /// <summary>"`Checkout` workflow step": the name is a step's, a job's or a run's, not a workflow's.</summary>
    [GeneratedRegex(Quoted + @"\**\s+workflows?\b(?!\s+(?:steps?|jobs?|runs?|files?|commands?|syntax|triggers?|events?|templates?|definitions?|permissions?|inputs?|outputs?|logs?|status|badges?)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex NameThenWorkflow();

    /// <summary>Inline code that is a command line ("`make compose-down` workflow", "`pip` workflow"): a way of working, not a workflow's name.</summary>
    [GeneratedRegex(@"^(?:\./\S*|(?:make|npm|npx|pnpm|yarn|bun|deno|node|brew|python3?|pip|pip-tools|pipx|uv|uvx|poetry|conda|cargo|rustup|go|git|gh|docker|docker-compose|kubectl|helm|terraform|ansible|flyctl|fly|bash|sh|zsh|curl|wget|dotnet|mvn|gradle|sbt|gem|bundle|rake|just|task|tox|nox|hatch|pdm|rye|act)(?:\s.*)?)$|\s--?[A-Za-z]")]
    private static partial Regex CommandLike();

    /// <summary>The end of a list before a name: "`CI`, `Lint` and ".</summary>
    [GeneratedRegex(@"(?:,|\band|\bor|&)\s*\**\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ListBefore();

    /// <summary>Singular only: 'Workflows "read" a name' is not a workflow called "read".</summary>
    [GeneratedRegex(@"\bworkflow\s+\**" + Quoted, RegexOptions.IgnoreCase)]
    private static partial Regex WorkflowThenName();

    /// <summary>A workflow key or key path in inline code (<c>env:</c>, <c>on.push.tags</c>), not a display name.</summary>
    [GeneratedRegex(@":$|^[a-z_][a-z0-9_-]*(?:\.[a-z0-9_*-]+)+$")]
    private static partial Regex YamlKey();

    /// <summary>Words that show a page speaks of GitHub Actions workflows.</summary>
    [GeneratedRegex(@"GitHub\s+Actions?|Actions\s+tab|\.github/workflows|workflow_dispatch|workflow_run|workflow\s+runs?\b|Run\s+workflow|\bActions\s*(?:→|->|>|›|»)|github\.com/[^\s)]+/actions\b|\bCI\s+workflows?\b|\bGHA\b", RegexOptions.IgnoreCase)]
    private static partial Regex ActionsContext();

    /// <summary>Names that stand for any name in explanations.</summary>
    private static readonly FrozenSet<string> Placeholders = FrozenSet.Create(StringComparer.Ordinal, "NAME", "WORKFLOW", "X", "FOO", "BAR", "BAZ", "NAME_OF_WORKFLOW", "WORKFLOW_NAME");

    /// <summary>Event names: "the `push` workflow" speaks of a trigger, not of a workflow called push.</summary>
    private static readonly FrozenSet<string> Events = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "push", "pull_request", "pull_request_target", "schedule", "workflow_dispatch", "workflow_call", "workflow_run",
        "release", "issues", "issue_comment", "merge_group", "repository_dispatch", "deployment", "deployment_status",
        "discussion", "discussion_comment", "create", "delete", "fork", "gollum", "label", "milestone", "page_build",
        "registry_package", "status", "watch", "check_run", "check_suite", "pull_request_review", "pull_request_review_comment",
        "reusable", "scheduled", "manual", "nightly", "composite",
    ]);

    /// <inheritdoc />
    protected override void CheckDocument(RuleContext context, MarkdownDocument document)
    {
        if (WorkflowFacts.IsRecord(context.Workspace, document.Path)) return;
        var facts = WorkflowFacts.Of(context.Workspace);
        if (facts.WorkflowFiles.Count == 0) return; // nothing to compare with: the docs speak of other repositories' workflows
        var text = DocText.Of(context.Workspace, document);
        if (text.AddressesReadersRepository) return; // a guide for the reader's own repository: the names are the reader's
        var prose = text.Prose;
        if (!prose.Contains("ctions", StringComparison.Ordinal) && !prose.Contains("orkflow", StringComparison.OrdinalIgnoreCase)) return;
        // "workflow" is also an ordinary word (an approval workflow, a moderation workflow): quoted names next to it are
        // GitHub Actions workflows only on a page that speaks of GitHub Actions.
        var actionsPage = ActionsContext().IsMatch(prose);
        var seen = new HashSet<int>();
        foreach (Match m in Navigation().Matches(prose))
        {
            if (m.Groups["settings"].Success) continue; // Settings → Actions → "General" is a settings page
            Check(context, document, text, facts, m.Groups["n"], seen, navigation: true);
        }
        if (!actionsPage) return;
        foreach (Match m in NameThenWorkflow().Matches(prose))
        {
            // "standard `jest` workflows apply": one name before the plural means ways of working with a tool; a list
            // ("the `CI` and `Release` workflows") still names workflows.
            if (m.Value.TrimEnd().EndsWith("workflows", StringComparison.OrdinalIgnoreCase) &&
                !ListBefore().IsMatch(prose[Math.Max(0, m.Index - 12)..m.Index])) continue;
            Check(context, document, text, facts, m.Groups["n"], seen, navigation: false);
        }
        foreach (Match m in WorkflowThenName().Matches(prose)) Check(context, document, text, facts, m.Groups["n"], seen, navigation: false);
    }

    /// <summary>The name sharing the most words (two at least) with <paramref name="name"/>: "Main discussion summary" for "Discussion: publish deployment summary".</summary>
    private static string? SharesWords(IEnumerable<string> names, string name)
    {
        static HashSet<string> Words(string s) => Regex.Split(s.ToLowerInvariant(), @"[^\p{L}\p{N}]+").Where(w => w.Length >= 3).ToHashSet();
        var mine = Words(name);
        return names.Select(n => (Name: n, Shared: Words(n).Count(mine.Contains))).Where(t => t.Shared >= 2)
            .OrderByDescending(t => t.Shared).ThenBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Name).FirstOrDefault();
    }

    private static void Check(RuleContext context, MarkdownDocument document, DocText text, WorkflowFacts facts, Group nameGroup, HashSet<int> seen, bool navigation)
    {
        var name = nameGroup.Value.Trim();
        if (!seen.Add(nameGroup.Index)) return;
        if (name.Length < 2 || facts.IsKnownName(name)) return;
        // {ref}`language-update`: a MyST/Sphinx role, a cross-reference to a label, not a workflow's name.
        if (nameGroup.Index >= 2 && text.Prose[nameGroup.Index - 1] == '`' && text.Prose[nameGroup.Index - 2] == '}') return;
        // "the `test -> Run RSpec tests` workflow": a workflow and one of its jobs.
        var path = Regex.Split(name, @"\s*(?:->|→|›|»|>)\s*");
        if (path.Length > 1 && facts.IsKnownName(path[0])) return;
        if (name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)) return; // a file: RL4005
        if (name.StartsWith('-') || name.Contains('/') || name.Contains("${{", StringComparison.Ordinal) || name.IndexOfAny(['<', '{', '*', '$', '…']) >= 0 || name.Contains("...", StringComparison.Ordinal)) return;
        if (!navigation && Events.Contains(name)) return;
        if (Placeholders.Contains(name) || YamlKey().IsMatch(name)) return;
        if (!navigation && CommandLike().IsMatch(name)) return;
        if (name.Equals("Run workflow", StringComparison.OrdinalIgnoreCase) || name.Equals("workflow", StringComparison.OrdinalIgnoreCase)) return;
        var sentence = text.Sentence(nameGroup.Index);
        if (DocText.IsGeneric(sentence) || DocText.NamesOtherRepository(sentence, context.Workspace.GitHubRepository)) return;
        if (DocText.SaysAbsentThing(text.Block(nameGroup.Index)) || DocText.NamesOtherRepositoryInWords(sentence, context.Workspace.GitHubRepository)) return;
        if (facts.IsNameOnOtherBranch(context.Workspace, name)) return; // a workflow of a maintenance or release branch
        var location = document.Source.Span(nameGroup.Index, nameGroup.Length);
        var names = facts.DisplayNames.Order(StringComparer.Ordinal).ToList();
        var close = Suggestions.Closest(names, name, Math.Max(3, name.Length / 3))
                    ?? names.FirstOrDefault(n => n.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(n, StringComparison.OrdinalIgnoreCase))
                    ?? SharesWords(names, name);
        // A page about a maintenance branch may misspell a workflow that only that branch has ("Release Gems" for "Release Gem").
        var elsewhere = close is null ? Suggestions.Closest(facts.OtherBranchNames(context.Workspace).Order(StringComparer.Ordinal).ToList(), name, Math.Max(3, name.Length / 3)) : null;
        var hint = close is not null ? $"; did you mean '{close}'?"
            : elsewhere is not null ? $"; did you mean '{elsewhere}' (a workflow of another branch)?"
            : names.Count is > 0 and <= 6 ? $"; the workflows are named {string.Join(", ", names.Select(n => "'" + n + "'"))}"
            : "";
        context.At(location).Key("workflow-name", name).Fix(close is null ? null : Rename(document, nameGroup, name, close))
            .Report($"the docs name workflow '{name}', but no workflow has that name{hint}");
    }

    /// <summary>
    /// The fix that writes the suggested display name in place of the mention, unsafe: the suggestion is a guess (close in
    /// spelling, containing or contained, or sharing words; a name differing only in letter case is not reported). None
    /// when the source does not hold the name verbatim there, or when the new name holds a character that would end the
    /// quoting or read as markdown.
    /// </summary>
    private static IReadOnlyList<Fix>? Rename(MarkdownDocument document, Group nameGroup, string name, string close)
    {
        var source = document.Source;
        var offset = nameGroup.Index + (nameGroup.Value.Length - nameGroup.Value.TrimStart().Length);
        if (offset + name.Length > source.Text.Length || string.CompareOrdinal(source.Text, offset, name, 0, name.Length) != 0) return null;
        if (close.Length == 0 || close.IndexOfAny(['"', '`', '“', '”', '*', '_', '[', ']', '<', '>', '\\', '|', '\n', '\r']) >= 0) return null;
        return [Fix.WithEdits($"name the workflow '{close}'", FixSafety.Unsafe, TextEdit.Replace(source, offset, name.Length, close))];
    }
}
