using System.Text.RegularExpressions;
using ReleaseLint.Fixes;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1010: secrets written to logs or files, all secrets handed over at once, or secrets given to untrusted code.</summary>
public sealed partial class RL1010SecretExposure : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1010", "secret-exposure",
        "Secret exposed",
        "A secret echoed or printed in a run: script (to the log, a workspace file, $GITHUB_ENV or the job summary) rather than piped into the command that needs it; toJSON(secrets) or secrets[…] with a computed name (every secret of the repository is sent to the runner); 'secrets: inherit' on a reusable-workflow call (the called workflow gets every secret, not the ones it needs); or a secret handed to a job that checks out and runs a pull request's code under pull_request_target or workflow_run. GitHub masks secrets in logs only as long as they are printed verbatim; encodings, files and untrusted code get them in clear.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "security", "secrets"], securitySeverity: 7.5)
    {
        Reads = RuleInputs.Workflows | RuleInputs.Actions,
        Fix = new("replace `secrets: inherit` by the secrets the called workflow reads (declared there as optional), or remove it", "safe; unsafe when a called job has an `environment:`"),
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override bool IncludesActions => true;

    [GeneratedRegex(@"(?:token|secret|password|passwd|credential|api[-_]?key|private[-_]?key)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();

    [GeneratedRegex(@"^\s*(?:sudo\s+)?(?:echo|printf|Write-Host|Write-Output|print)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PrintCommand();

    [GeneratedRegex(@"(?<![<>&0-9])(?:1|2)?>{1,2}\|?\s*(?<target>&\d|""[^""]*""|'[^']*'|[^\s;&|]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Redirect();

    [GeneratedRegex(@"\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))|\$env:(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ShellVariable();

    [GeneratedRegex(@"(?:^|/)(?:\.npmrc|\.yarnrc(?:\.yml)?|\.pypirc|\.netrc|_netrc|\.git-credentials|\.gem/credentials|credentials(?:\.json|\.toml)?|config\.json|auth\.json|\.dockercfg|id_[a-z0-9]+|known_hosts|[^/]+\.(?:pem|key|p12|pfx|jks|keystore|gpg|asc|kubeconfig)|kubeconfig|\.kube/config|\.ssh/[^/]+|\.aws/[^/]+|\.cargo/credentials(?:\.toml)?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CredentialFile();

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        if (workflow.Root is not null) CheckAllSecretsAccess(context, workflow.Root);
        foreach (var job in workflow.Jobs)
        {
            var secretEnv = SecretEnv(workflow.Env).Concat(SecretEnv(job.Env)).ToList();
            foreach (var step in job.Steps)
                if (step.Run is { } run)
                    CheckPrinted(context, run, [.. secretEnv, .. SecretEnv(step.Env)], WorkflowPlace.Of(job, step));
            if (job.SecretsInherit is { } inherit)
                CheckInherit(context, workflow, job, inherit);
        }
        CheckUntrustedJobs(context, workflow);
    }

    /// <inheritdoc />
    protected override void CheckAction(RuleContext context, ActionFile action)
    {
        if (action.Root is not null) CheckAllSecretsAccess(context, action.Root);
        foreach (var step in action.Steps)
            if (step.Run is { } run)
                CheckPrinted(context, run, SecretEnv(step.Env, secretInputs: true).ToList(), WorkflowPlace.Of(step), secretInputs: true);
    }

    /// <summary>Env entries whose value expands a secret: (variable name, secret name).</summary>
    private static IEnumerable<(string Variable, string Secret)> SecretEnv(YamlMapping? env, bool secretInputs = false)
    {
        if (env is null) yield break;
        foreach (var e in env.Entries)
            if (SecretsIn((e.Value as YamlScalar)?.Value, secretInputs).Select(x => x.Name).FirstOrDefault() is { } secret)
                yield return (e.KeyText, secret);
    }

    /// <summary>Secret references in a string: <c>secrets.X</c> and <c>github.token</c>, with the expression they are in.</summary>
    private static IEnumerable<(string Name, EmbeddedExpression Expression)> SecretsIn(string? text, bool secretInputs = false)
    {
        foreach (var e in ExpressionTemplate.Scan(text))
        {
            if (e.Node is null) continue;
            foreach (var n in e.Node.DescendantsAndSelf())
            {
                var path = n.ContextPath(preserveCase: true);
                if (path is null) continue;
                if (path.StartsWith("secrets.", StringComparison.OrdinalIgnoreCase)) { yield return (path, e); break; }
                if (path.Equals("github.token", StringComparison.OrdinalIgnoreCase)) { yield return (path, e); break; }
                // Composite actions have no secrets context: secrets arrive as inputs named like one.
                if (secretInputs && path.StartsWith("inputs.", StringComparison.OrdinalIgnoreCase) && SecretLikeName().IsMatch(path["inputs.".Length..])) { yield return (path, e); break; }
            }
        }
    }

    private static void CheckPrinted(RuleContext context, YamlScalar run, List<(string Variable, string Secret)> secretEnv, WorkflowPlace place, bool secretInputs = false)
    {
        var where = place.Describe();
        var value = run.Value;
        var lineStart = 0;
        foreach (var rawLine in value.Split('\n'))
        {
            var line = rawLine;
            var offsetInValue = lineStart;
            lineStart += rawLine.Length + 1;
            if (line.TrimStart().StartsWith('#') || line.Contains("::add-mask::", StringComparison.Ordinal)) continue;
            foreach (var (segment, segmentStart, piped) in Commands(line))
            {
                if (!PrintCommand().IsMatch(segment)) continue;
                // What a command substitution $(…) reads is its input, not what gets printed.
                var blanked = BlankSubstitutions(segment);
                var reference = FindSecret(blanked, secretEnv, secretInputs);
                if (reference is null) continue;
                var (needle, secret) = reference.Value;
                string? problem = null;
                var redirect = Redirect().Match(segment);
                if (redirect.Success)
                {
                    var target = redirect.Groups["target"].Value.Trim('"', '\'');
                    problem = Destination(target, redirect.Value.TrimStart().StartsWith("2", StringComparison.Ordinal) || target == "&2");
                }
                else if (!piped)
                    problem = "prints it to the job log, where GitHub masks only the exact value (not encoded or split forms)";
                if (problem is null) continue;
                var at = Locate(run, value, offsetInValue + segmentStart + blanked.IndexOf(needle, StringComparison.Ordinal), needle);
                context.At(at).In(place).Key(secret, problem[..Math.Min(20, problem.Length)])
                    .Report($"'{needle}' ({secret}) in {where} {problem}; pass the secret to the command that needs it through env: or stdin (echo \"$TOKEN\" | tool --password-stdin) and do not print it");
            }
        }
    }

    private static string BlankSubstitutions(string command)
    {
        var chars = command.ToCharArray();
        for (var i = 0; i + 1 < chars.Length; i++)
        {
            if (chars[i] != '$' || chars[i + 1] != '(') continue;
            var depth = 0;
            for (var j = i + 1; j < chars.Length; j++)
            {
                if (chars[j] == '(') depth++;
                else if (chars[j] == ')' && --depth == 0) break;
                chars[j] = ' ';
            }
        }
        return new string(chars);
    }

    private static string? Destination(string target, bool toStderr)
    {
        if (toStderr || target is "&2" or "/dev/stderr" or "/dev/stdout" or "&1") return "prints it to the job log, where GitHub masks only the exact value (not encoded or split forms)";
        if (target.Contains("GITHUB_ENV", StringComparison.Ordinal)) return "exports it through $GITHUB_ENV to every later step of the job, third-party actions included";
        if (target.Contains("GITHUB_STEP_SUMMARY", StringComparison.Ordinal)) return "writes it into the job summary, which everyone with read access sees";
        if (target.Contains("GITHUB_OUTPUT", StringComparison.Ordinal) || target.Contains("GITHUB_PATH", StringComparison.Ordinal) || target == "/dev/null") return null;
        if (target.StartsWith('~') || target.StartsWith('/') || target.StartsWith("$HOME", StringComparison.Ordinal) || target.StartsWith("${HOME}", StringComparison.Ordinal) ||
            target.Contains("RUNNER_TEMP", StringComparison.Ordinal) || target.StartsWith("$TMP", StringComparison.Ordinal) || CredentialFile().IsMatch(target)) return null;
        return $"writes it to '{target}' in the workspace, where later steps, caches and uploaded artifacts can pick it up";
    }

    /// <summary>The first secret reference in a command: a <c>${{ secrets.X }}</c> expression or a variable bound to one.</summary>
    private static (string Needle, string Secret)? FindSecret(string command, List<(string Variable, string Secret)> secretEnv, bool secretInputs)
    {
        foreach (var (name, expression) in SecretsIn(command, secretInputs))
            return (expression.Raw, name);
        foreach (Match m in ShellVariable().Matches(command))
        {
            var variable = m.Groups["name"].Value;
            foreach (var (envName, secret) in secretEnv)
                if (envName == variable) return (m.Value, secret);
        }
        return null;
    }

    /// <summary>The simple commands of a shell line: split on <c>&amp;&amp; || ;</c> and pipes (quotes respected), with whether output is piped on.</summary>
    private static IEnumerable<(string Text, int Start, bool Piped)> Commands(string line)
    {
        var parts = new List<(int Start, int End, char Separator)>();
        var start = 0;
        char quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '"' or '\'') { quote = c; continue; }
            if (c == '$' && i + 2 < line.Length && line[i + 1] == '{' && line[i + 2] == '{')
            {
                var close = line.IndexOf("}}", i, StringComparison.Ordinal);
                if (close > 0) { i = close + 1; continue; }
            }
            var two = i + 1 < line.Length ? line.Substring(i, 2) : "";
            if (two is "&&" or "||")
            {
                parts.Add((start, i, ';'));
                start = i + 2;
                i++;
            }
            else if (c == ';')
            {
                parts.Add((start, i, ';'));
                start = i + 1;
            }
            else if (c == '|' && (i == 0 || line[i - 1] != '>'))
            {
                parts.Add((start, i, '|'));
                start = i + 1;
            }
        }
        parts.Add((start, line.Length, ';'));
        foreach (var (s, e, sep) in parts)
            yield return (line[s..e], s, sep == '|');
    }

    private static SourceLocation Locate(YamlScalar run, string value, int index, string needle)
    {
        var occurrence = 0;
        for (var at = value.IndexOf(needle, StringComparison.Ordinal); at >= 0 && at < index; at = value.IndexOf(needle, at + 1, StringComparison.Ordinal))
            occurrence++;
        return run.LocateText(needle, occurrence);
    }

    private static void CheckAllSecretsAccess(RuleContext context, YamlNode root)
    {
        var stack = new Stack<YamlNode>();
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            switch (node)
            {
                case YamlMapping m:
                    foreach (var e in m.Entries) stack.Push(e.Value);
                    break;
                case YamlSequence q:
                    foreach (var i in q.Items) stack.Push(i);
                    break;
                case YamlScalar s when ExpressionTemplate.HasExpressions(s.Value):
                    foreach (var e in ExpressionTemplate.Scan(s.Value))
                    {
                        if (e.Node is null) continue;
                        foreach (var n in e.Node.DescendantsAndSelf())
                        {
                            if (n is CallNode call && call.Is("toJSON") && call.Arguments.Count == 1 && WorkflowConditions.Unwrap(call.Arguments[0]).ContextPath() == "secrets")
                            {
                                context.At(e.Locate(s)).Key("toJSON(secrets)", e.Raw)
                                    .Report($"'{e.Raw}' serialises every secret of the repository, and GitHub sends them all to the runner; name the secrets that are needed one by one (secrets.NAME)");
                                break;
                            }
                            if (n is IndexNode ix && WorkflowConditions.Unwrap(ix.Target).ContextPath() == "secrets" && ix.Index is not LiteralNode)
                            {
                                context.At(e.Locate(s)).Key("secrets[]", e.Raw)
                                    .Report($"'{e.Raw}' picks a secret by a computed name, so GitHub must send every secret of the repository to the runner; reference the needed secrets by name (secrets.NAME)");
                                break;
                            }
                        }
                    }
                    break;
            }
        }
    }

    private static void CheckInherit(RuleContext context, WorkflowFile workflow, WorkflowJob job, YamlScalar inherit)
    {
        var target = job.ReusableWorkflow;
        string detail;
        IReadOnlyList<Fix>? fixes = null;
        if (target is { Kind: ActionReferenceKind.Local } local && context.Workspace.Workflows.FirstOrDefault(w => w.Path == DeployDetection.LocalPath(local.Path)) is { } callee)
        {
            var (used, passesOn) = UsedSecrets(callee);
            detail = passesOn is not null
                ? $"{local.Path}, which {passesOn}; pass each workflow only the secrets it reads"
                : used.Count == 0
                ? $"{local.Path}, which reads no secret; remove 'secrets: inherit'"
                : $"{local.Path}, which reads only {string.Join(", ", used)}; pass just {(used.Count == 1 ? "that one" : "those")}: secrets: {{ {string.Join(", ", used.Select(u => $"{u}: ${{{{ secrets.{u} }}}}"))} }}";
            if (passesOn is null) fixes = InheritFix(workflow, job, callee, used);
        }
        else if (target is { Kind: ActionReferenceKind.Repository } remote)
            detail = $"{remote.OwnerRepo}'s workflow {remote.Path} (another repository); pass only the secrets it declares under 'secrets:'";
        else
            detail = $"'{job.Uses?.Value}'; pass only the secrets it declares under 'secrets:'";
        context.At(inherit).InJob(job).Key("inherit").Fix(fixes)
            .Report($"'secrets: inherit' in job '{job.Id}' hands every secret of the repository to {detail}");
    }

    /// <summary>
    /// Replaces <c>secrets: inherit</c> by the secrets the called workflow reads (or removes it when it reads none). A
    /// caller can pass only secrets the callee declares, so the ones it reads without declaring are declared under its
    /// <c>on.workflow_call.secrets</c> with <c>required: false</c> (inherited secrets were optional too). Unsafe when a
    /// job of the callee has an <c>environment:</c>: an environment secret of the same name would then be shadowed.
    /// </summary>
    private static IReadOnlyList<Fix>? InheritFix(WorkflowFile caller, WorkflowJob job, WorkflowFile callee, IReadOnlyList<string> used)
    {
        if (job.Node?.Find("secrets") is not { } entry) return null;
        if (used.Count == 0)
            return YamlText.DeleteEntry(caller.Source, entry) is { } delete
                ? [Fix.WithEdits($"remove 'secrets: inherit': {FileName(callee)} reads no secret", FixSafety.Safe, delete)]
                : null;
        var unit = YamlText.IndentUnit(caller.Root, caller.Source);
        var block = string.Join('\n', used.Select(u => $"{u}: ${{{{ secrets.{u} }}}}"));
        if (YamlText.ValueToBlock(caller.Source, entry, block, unit) is not { } pass) return null;
        var edits = pass.ToList();
        var declared = callee.Event("workflow_call")?.Config?["secrets"] as YamlMapping;
        var missing = used.Where(u => declared?.Find(u) is null).ToList();
        if (missing.Count > 0)
        {
            if (Declare(callee, missing) is not { } declare) return null;
            edits.Add(declare);
        }
        var environments = callee.Jobs.Any(j => j.Environment is not null);
        var what = $"pass only {string.Join(", ", used)}" + (missing.Count > 0 ? $" and declare {string.Join(", ", missing)} under on.workflow_call.secrets of {FileName(callee)}" : "");
        return [Fix.WithEdits(what + (environments ? " (unsafe: a job of the called workflow has an environment, whose secrets of the same names would be shadowed)" : ""),
            environments ? FixSafety.Unsafe : FixSafety.Safe, edits)];
    }

    private static string FileName(WorkflowFile workflow) => workflow.Path[(workflow.Path.LastIndexOf('/') + 1)..];

    /// <summary>An edit declaring <paramref name="names"/> as optional secrets of the callee's <c>workflow_call</c>; null when its <c>on:</c> is not a block mapping.</summary>
    private static TextEdit? Declare(WorkflowFile callee, IReadOnlyList<string> names)
    {
        var source = callee.Source;
        if (callee.OnEntry?.Value is not YamlMapping on || on.Find("workflow_call") is not { } call) return null;
        var unit = YamlText.IndentUnit(callee.Root, source);
        var entries = string.Join('\n', names.Select(n => $"{n}:\n  required: false"));
        return call.Value switch
        {
            YamlMapping settings when settings.Find("secrets") is { Value: YamlMapping secrets } => YamlText.Append(source, secrets, entries, unit),
            YamlMapping settings when settings.Find("secrets") is { } empty => YamlText.FillEmpty(source, empty, entries, unit),
            YamlMapping settings => YamlText.Append(source, settings, "secrets:\n" + string.Join('\n', entries.Split('\n').Select(l => "  " + l)), unit),
            _ => YamlText.FillEmpty(source, call, "secrets:\n" + string.Join('\n', entries.Split('\n').Select(l => "  " + l)), unit),
        };
    }

    /// <summary>
    /// The secrets a reusable workflow reads (<c>secrets.X</c> anywhere, and those it declares), and why that list is not
    /// the whole story when it is not (it hands secrets on with <c>secrets: inherit</c>, or reads one by a computed name).
    /// </summary>
    private static (IReadOnlyList<string> Used, string? PassesOn) UsedSecrets(WorkflowFile workflow)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        string? passesOn = workflow.Jobs.Any(j => j.SecretsInherit is not null) ? "hands its secrets on with 'secrets: inherit' itself" : null;
        if (workflow.Event("workflow_call")?.Config?["secrets"] is YamlMapping declared)
            foreach (var e in declared.Entries) names.Add(e.KeyText);
        var stack = new Stack<YamlNode>();
        if (workflow.Root is not null) stack.Push(workflow.Root);
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            switch (node)
            {
                case YamlMapping m: foreach (var e in m.Entries) stack.Push(e.Value); break;
                case YamlSequence q: foreach (var i in q.Items) stack.Push(i); break;
                case YamlScalar s:
                    foreach (var (name, _) in SecretsIn(s.Value))
                        if (name.StartsWith("secrets.", StringComparison.OrdinalIgnoreCase) && !name.Equals("secrets.GITHUB_TOKEN", StringComparison.OrdinalIgnoreCase))
                            names.Add(name["secrets.".Length..]);
                    foreach (var e in ExpressionTemplate.Scan(s.Value))
                        foreach (var n in e.Node?.DescendantsAndSelf() ?? [])
                            if (n is IndexNode ix && WorkflowConditions.Unwrap(ix.Target).ContextPath() == "secrets" && ix.Index is not LiteralNode ||
                                n is CallNode call && call.Arguments.Count == 1 && WorkflowConditions.Unwrap(call.Arguments[0]).ContextPath() == "secrets")
                                passesOn ??= $"reads secrets by a computed name ('{e.Raw}')";
                    break;
            }
        }
        return (names.ToList(), passesOn);
    }

    private static void CheckUntrustedJobs(RuleContext context, WorkflowFile workflow)
    {
        var triggers = UntrustedCode.PrivilegedTriggers(workflow);
        if (triggers.Count == 0) return;
        var names = string.Join("' and '", triggers.Select(t => t.Name));
        foreach (var job in workflow.Jobs)
        {
            if (UntrustedCode.IsSameRepositoryOnly(job)) continue;
            var checkoutIndex = job.Steps.ToList().FindIndex(s => UntrustedCode.Classify(s) is not null);
            if (checkoutIndex < 0) continue;
            var checkout = UntrustedCode.Classify(job.Steps[checkoutIndex])!;
            var reported = new HashSet<string>(StringComparer.Ordinal);
            void Report(YamlScalar scalar, string what)
            {
                foreach (var (name, expression) in SecretsIn(scalar.Value))
                {
                    if (name.Equals("secrets.GITHUB_TOKEN", StringComparison.OrdinalIgnoreCase) || name.Equals("github.token", StringComparison.OrdinalIgnoreCase)) continue;
                    if (!reported.Add(name + "|" + what)) continue;
                    context.At(expression.Locate(scalar)).InJob(job).Key(what, name).Related(checkout.Location, "the checkout of the pull request's code")
                        .Report($"secret '{name}' is given to {what} of job '{job.Id}', which runs the pull request's code (checked out by step {checkout.Step.Label}) under '{names}': whoever opens a pull request can read it; run untrusted code in a 'pull_request' workflow, which gets no secrets");
                }
            }
            if (job.Env is { } jobEnv)
                foreach (var e in jobEnv.Entries)
                    if (e.Value is YamlScalar s) Report(s, "the env");
            foreach (var step in job.Steps.Skip(checkoutIndex + 1))
            {
                var label = $"step {step.Label}";
                if (step.Env is { } env)
                    foreach (var e in env.Entries)
                        if (e.Value is YamlScalar s) Report(s, label);
                if (step.Run is { } run) Report(run, label);
                if (step.With is { } with)
                    foreach (var e in with.Entries)
                        if (e.Value is YamlScalar s) Report(s, label);
            }
        }
    }
}
