using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>RL4007: the docs name a secret or variable that no workflow reads.</summary>
public sealed partial class RL4007UnknownSecretOrVariable : MarkdownRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4007", "unknown-secret-or-variable",
        "Docs name a secret or variable that no workflow reads",
        "The docs name a secret or repository variable that no workflow reads as secrets.X or vars.X. A mention is `secrets.X` / `vars.X` written in the text or inline code, or an UPPER_SNAKE name that the sentence calls a secret, variable or configuration right next to it (the `CODEX_API_KEY` secret, secret `NPM_TOKEN`, the `DOCS_DISCUSSION_CATEGORY_ID` repository configuration). Environment variables, Dependabot and Codespaces secrets, generic examples and other repositories' settings are not mentions; when a workflow reads secrets in a way that cannot be listed (secrets[expr], toJSON(secrets), secrets: inherit to another repository) secret mentions are not judged.",
        Severity.Warning, RuleCategory.Docs, ["docs", "workflows", "secrets", "drift"])
    {
        Reads = RuleInputs.Markdown | RuleInputs.Workflows | RuleInputs.Actions,
        ReportsIn = RuleInputs.Markdown,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    private const string Upper = @"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+";

    [GeneratedRegex(@"\b(?<ctx>secrets|vars)\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\b")]
    private static partial Regex Explicit();

    /// <summary><c>`NAME` [repository|organization|Actions|GitHub|environment] secret|variable|configuration</c></summary>
    [GeneratedRegex(@"(?<![\w.])`?\**(?<name>(?-i:" + Upper + @"))\**`?\**\s+(?:(?<qual>repository|repo|organi[sz]ation|org|actions|github|environment|env|shell|system|build|dependabot|codespaces?)\s+)?(?<kind>secrets?|variables?|vars?|configuration(?:\s+variables?)?|config\s+var(?:iable)?s?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NameThenKind();

    /// <summary><c>[repository] secret|variable [named|called] `NAME`</c></summary>
    [GeneratedRegex(@"(?<qual>\b\w+\s+)?\b(?<kind>secrets?|variables?|vars?)\s+(?:(?:named|called)\s+)?\**`?(?<name>(?-i:" + Upper + @"))`?(?![\w.])", RegexOptions.IgnoreCase)]
    private static partial Regex KindThenName();

    [GeneratedRegex(@"\b(?:dependabot|codespaces?|environment\s+variables?|env\s+vars?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OtherSecretStores();

    /// <inheritdoc />
    protected override void CheckDocument(RuleContext context, MarkdownDocument document)
    {
        if (WorkflowFacts.IsRecord(context.Workspace, document.Path)) return;
        var facts = WorkflowFacts.Of(context.Workspace);
        if (facts.WorkflowFiles.Count == 0) return; // nothing to compare with
        var text = DocText.Of(context.Workspace, document);
        var prose = text.Prose;
        var seen = new HashSet<int>();
        foreach (Match m in Explicit().Matches(prose))
            Check(context, document, text, facts, m.Groups["name"], m.Groups["ctx"].Value == "vars" ? Kind.Variable : Kind.Secret, seen, explicitRead: true);
        foreach (Match m in NameThenKind().Matches(prose))
        {
            var qual = m.Groups["qual"].Value.ToLowerInvariant();
            var kindWord = m.Groups["kind"].Value.ToLowerInvariant();
            if (qual is "env" or "shell" or "system" or "build" or "dependabot" or "codespace" or "codespaces") continue;
            if (qual == "environment" && kindWord.StartsWith("var", StringComparison.Ordinal)) continue;
            var kind = kindWord.StartsWith("secret", StringComparison.Ordinal) ? Kind.Secret : Kind.Variable;
            if (kind == Kind.Variable && kindWord.StartsWith("var", StringComparison.Ordinal) && !GitHubQualifier(qual) && !GitHubContext().IsMatch(text.Sentence(m.Index))) continue;
            Check(context, document, text, facts, m.Groups["name"], kind, seen, explicitRead: false);
        }
        foreach (Match m in KindThenName().Matches(prose))
        {
            var qual = m.Groups["qual"].Value.Trim().ToLowerInvariant();
            if (qual is "environment" or "env" or "shell" or "system" or "build" or "dependabot" or "codespaces" or "codespace") continue;
            var kind = m.Groups["kind"].Value.StartsWith("secret", StringComparison.OrdinalIgnoreCase) ? Kind.Secret : Kind.Variable;
            if (kind == Kind.Variable && !GitHubQualifier(qual) && !GitHubContext().IsMatch(text.Sentence(m.Index))) continue;
            Check(context, document, text, facts, m.Groups["name"], kind, seen, explicitRead: false);
        }
    }

    private enum Kind { Secret, Variable }

    /// <summary>Names that stand for any name in explanations (<c>secrets.NAME</c>, <c>YOUR_TOKEN</c>, <c>MY_SECRET</c>).</summary>
    private static bool IsPlaceholder(string name) =>
        name is "NAME" or "X" or "Y" or "FOO" or "BAR" or "BAZ" or "KEY" or "VALUE" or "SECRET" or "VAR" or "VARIABLE" or "TOKEN" or
            "SECRET_NAME" or "VARIABLE_NAME" or "VAR_NAME" or "NAME_OF_SECRET" ||
        name.StartsWith("YOUR_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("MY_", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("SOME_", StringComparison.OrdinalIgnoreCase) || name.Contains("EXAMPLE", StringComparison.OrdinalIgnoreCase);

    /// <summary>"variable" alone is ambiguous (shell, build): it counts only when GitHub's settings are meant.</summary>
    private static bool GitHubQualifier(string qual) => qual is "repository" or "repo" or "organization" or "organisation" or "org" or "actions" or "github";

    [GeneratedRegex(@"(?:repository|repo|organi[sz]ation|settings|github|actions|workflows?|vars)", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubContext();

    private static void Check(RuleContext context, MarkdownDocument document, DocText text, WorkflowFacts facts, Group nameGroup, Kind kind, HashSet<int> seen, bool explicitRead)
    {
        if (!seen.Add(nameGroup.Index)) return;
        var name = nameGroup.Value;
        if (facts.ReadsSecret(name) || facts.Vars.Contains(name)) return;
        if (kind == Kind.Secret && facts.SecretsOpaque) return;
        if (kind == Kind.Variable && (facts.VarsOpaque || facts.SecretsOpaque && !explicitRead)) return;
        if (IsPlaceholder(name)) return;
        var sentence = text.Sentence(nameGroup.Index);
        if (DocText.IsGeneric(sentence) || DocText.NamesOtherRepository(sentence, context.Workspace.GitHubRepository)) return;
        if (!explicitRead && OtherSecretStores().IsMatch(sentence)) return;
        var location = document.Source.Span(nameGroup.Index, nameGroup.Length);
        var what = kind == Kind.Secret ? "secret" : "variable";
        var known = facts.Secrets.Concat(facts.Vars).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var close = Suggestions.Closest(known, name, Math.Max(2, name.Length / 4));
        var hint = close is not null ? $"; did you mean '{close}'?"
            : known.Count == 0 ? "; no workflow reads any secret or variable"
            : "";
        var expected = kind == Kind.Secret ? $"secrets.{name}" : $"vars.{name}";
        context.At(location).Key("secret", name).Report($"the docs name {what} '{name}', but no workflow reads {expected}{hint}");
    }
}
