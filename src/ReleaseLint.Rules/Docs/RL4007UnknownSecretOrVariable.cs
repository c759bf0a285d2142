using System.Collections.Frozen;
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

    /// <summary><c>secrets.NAME</c> / <c>vars.NAME</c>, not part of a file name (<c>github-secrets.png</c>) or path.</summary>
    [GeneratedRegex(@"(?<![\w/.-])(?<ctx>secrets|vars)\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\b(?![./-]\w)(?!\.(?:png|jpe?g|gif|svg|webp|ya?ml|json|md|txt|toml|py|js|ts|sh|env|example)\b)")]
    private static partial Regex Explicit();

    /// <summary><c>`NAME` [repository|organization|Actions|GitHub|environment] secret|variable|configuration</c></summary>
    [GeneratedRegex(@"(?<![\w.])`?\**(?<name>(?-i:" + Upper + @"))\**`?\**\s+(?:(?<qual>repository|repo|organi[sz]ation|org|actions|github|environment|env|shell|system|build|dependabot|codespaces?)\s+)?(?<kind>secrets?|variables?|vars?|configuration(?:\s+variables?)?|config\s+var(?:iable)?s?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NameThenKind();

    /// <summary><c>[repository] secret|variable [named|called] `NAME`</c></summary>
    [GeneratedRegex(@"(?<qual>\b\w+\s+)?\b(?<kind>secrets?|variables?|vars?)\s+(?:(?:named|called)\s+)?\**`?(?<name>(?-i:" + Upper + @"))`?(?![\w.])", RegexOptions.IgnoreCase)]
    private static partial Regex KindThenName();

    [GeneratedRegex(@"\b(?:dependabot|codespaces?|environment\s+variables?|env\s+vars?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OtherSecretStores();

    /// <summary>Secret stores of other platforms: "surfaced to Fly.io as the `X` secret", "a Kubernetes secret".</summary>
    [GeneratedRegex(@"\b(?:fly\.io|flyctl|fly\s+secrets|kubernetes|k8s|kubectl|vault|secrets?\s+manager|parameter\s+store|ssm|key\s*vault|heroku|vercel|netlify|doppler|1password|sops|terraform)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PlatformSecretStores();

    /// <summary>Words that put a paragraph in CI: GitHub's settings, workflows, jobs, pipelines, deploys and releases.</summary>
    [GeneratedRegex(@"\b(?:repository|repo|organi[sz]ation|settings|github|actions?|workflows?|jobs?|CI|pipelines?|deploy\w*|releas\w*|publish\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CiContext();

    /// <summary>True when <paramref name="offset"/> sits inside a <c>${{ … }}</c> expression.</summary>
    private static bool InExpression(string prose, int offset)
    {
        var open = prose.LastIndexOf("${{", offset, Math.Min(offset + 1, 200), StringComparison.Ordinal);
        if (open < 0) return false;
        var close = prose.IndexOf("}}", open, StringComparison.Ordinal);
        return close < 0 || close > offset;
    }

    /// <inheritdoc />
    protected override void CheckDocument(RuleContext context, MarkdownDocument document)
    {
        if (WorkflowFacts.IsRecord(context.Workspace, document.Path)) return;
        var facts = WorkflowFacts.Of(context.Workspace);
        if (facts.WorkflowFiles.Count == 0) return; // nothing to compare with
        var text = DocText.Of(context.Workspace, document);
        if (text.AddressesReadersRepository) return; // a guide for the reader's own repository: the names are the reader's
        var prose = text.Prose;
        var seen = new HashSet<int>();
        foreach (Match m in Explicit().Matches(prose))
        {
            var after = m.Index + m.Length;
            if (after < prose.Length && prose[after] == '(') continue; // secrets.get(): a method call of some API, not a context read
            // A lower-case name (vars.refresh_done, a Postgres GUC) is GitHub's only when the text says so: ${{ }} or a sentence
            // about repositories, settings or workflows (the mention itself does not count).
            var name = m.Groups["name"].Value;
            if (!name.Any(char.IsUpper) && !InExpression(prose, m.Index) &&
                !GitHubContext().IsMatch(text.Sentence(m.Index).Replace(m.Value, "", StringComparison.Ordinal))) continue;
            Check(context, document, text, facts, m.Groups["name"], m.Groups["ctx"].Value == "vars" ? Kind.Variable : Kind.Secret, seen, explicitRead: true);
        }
        foreach (Match m in NameThenKind().Matches(prose))
        {
            var qual = m.Groups["qual"].Value.ToLowerInvariant();
            var kindWord = m.Groups["kind"].Value.ToLowerInvariant();
            if (qual is "env" or "shell" or "system" or "build" or "dependabot" or "codespace" or "codespaces") continue;
            if (qual == "environment" && kindWord.StartsWith("var", StringComparison.Ordinal)) continue;
            var kind = kindWord.StartsWith("secret", StringComparison.Ordinal) ? Kind.Secret : Kind.Variable;
            // "variable" and "configuration" alone are ambiguous (shell, build, the application's settings): they count only when GitHub's settings are meant.
            if (kind == Kind.Variable && !GitHubQualifier(qual) && !GitHubContext().IsMatch(text.Sentence(m.Index))) continue;
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

    private static readonly FrozenSet<string> FileExtensions = FrozenSet.Create(StringComparer.Ordinal,
        "ts", "js", "mjs", "cjs", "tsx", "jsx", "py", "rb", "go", "rs", "java", "kt", "cs", "php", "sh", "json", "yml", "yaml", "toml",
        "ini", "cfg", "conf", "env", "txt", "md", "png", "jpg", "jpeg", "gif", "svg", "pdf", "enc", "gpg", "age", "example", "sample", "dist", "tf", "tfvars");

    /// <summary>Names that stand for any name in explanations (<c>secrets.NAME</c>, <c>YOUR_TOKEN</c>, <c>MY_SECRET</c>).</summary>
    private static bool IsPlaceholder(string name) =>
        name is "NAME" or "X" or "Y" or "FOO" or "BAR" or "BAZ" or "KEY" or "VALUE" or "SECRET" or "VAR" or "VARIABLE" or "TOKEN" or
            "SECRET_NAME" or "VARIABLE_NAME" or "VAR_NAME" or "NAME_OF_SECRET" ||
        name.StartsWith("YOUR_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("MY_", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("SOME_", StringComparison.OrdinalIgnoreCase) || name.Contains("EXAMPLE", StringComparison.OrdinalIgnoreCase);

    /// <summary>"variable" alone is ambiguous (shell, build): it counts only when GitHub's settings are meant.</summary>
    private static bool GitHubQualifier(string qual) => qual is "repository" or "repo" or "organization" or "organisation" or "org" or "actions" or "github";

    [GeneratedRegex(@"\b(?:repositor(?:y|ies)|repos?|organi[sz]ations?|settings|github|actions|workflows?|vars)\b", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubContext();

    private static void Check(RuleContext context, MarkdownDocument document, DocText text, WorkflowFacts facts, Group nameGroup, Kind kind, HashSet<int> seen, bool explicitRead)
    {
        if (!seen.Add(nameGroup.Index)) return;
        var name = nameGroup.Value;
        if (facts.ReadsSecret(name) || facts.Vars.Contains(name)) return;
        if (kind == Kind.Secret && facts.SecretsOpaque) return;
        if (kind == Kind.Variable && (facts.VarsOpaque || facts.SecretsOpaque && !explicitRead)) return;
        if (IsPlaceholder(name)) return;
        if (explicitRead && FileExtensions.Contains(name)) return; // secrets.ts, vars.json: a file, not a context read
        var sentence = text.Sentence(nameGroup.Index);
        if (DocText.IsGeneric(sentence) || DocText.NamesOtherRepository(sentence, context.Workspace.GitHubRepository)) return;
        if (!explicitRead && OtherSecretStores().IsMatch(sentence)) return;
        // "the `DEBUG_KEY` secret" in a paragraph that never speaks of CI is the application's own secret (read from its
        // environment at start-up), not a repository secret.
        if (!explicitRead && !CiContext().IsMatch(text.Block(nameGroup.Index))) return;
        // A secret of another platform (Fly.io, Kubernetes, Vault, Terraform-managed) unless the sentence also speaks of GitHub's settings.
        if (!explicitRead && PlatformSecretStores().IsMatch(sentence) && !GitHubContext().IsMatch(sentence)) return;
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
