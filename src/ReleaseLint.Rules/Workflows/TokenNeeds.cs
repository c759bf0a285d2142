using System.Text.RegularExpressions;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>A scope a job needs, at <c>write</c> or <c>read</c>, and what needs it (<c>gh release create (step "Publish")</c>).</summary>
internal sealed record ScopeNeed(string Scope, bool Write, string Why);

/// <summary>The scopes a job needs from its token, or why they cannot be known.</summary>
internal sealed class JobNeeds
{
    public List<ScopeNeed> Items { get; } = [];
    /// <summary>Why the scopes cannot be known (names the step), or null.</summary>
    public string? Unknown { get; set; }
    /// <summary>A step that runs a task runner (<c>make</c>, <c>npm run</c>…) after a checkout that keeps the token: it may push out of sight.</summary>
    public string? OpaquePush { get; set; }
    public void Add(string scope, bool write, string why) => Items.Add(new ScopeNeed(scope, write, why));
}

/// <summary>
/// What a job <em>needs</em> from its <c>GITHUB_TOKEN</c>, for writing its <c>permissions:</c> (where <see cref="TokenScopes"/>
/// says what a step <em>could</em> use, for reporting unused scopes). A need is computed only from what the scan can see:
/// actions of the scope table (their inputs decide: a login with another credential needs nothing), and commands of
/// <c>run:</c> steps the table knows (<c>gh release create</c>, <c>git push</c> with the credentials a checkout keeps,
/// <c>docker login ghcr.io</c> with the token…), shell scripts of the repository read and scanned the same way. A step whose
/// use cannot be known (an action outside the table, a local action, a script the scan cannot read, a program handed the
/// token, an API client, a call of another repository's workflow) makes the whole job unknown: no permissions are written.
/// The default token never has <c>id-token</c>, so a program only gets it for an explicit OIDC request or a known OIDC action.
/// </summary>
internal static partial class TokenNeeds
{
    private const int MaxDepth = 3;
    private const int MaxScriptChars = 256 * 1024;

    /// <summary>The needs of <paramref name="job"/> of <paramref name="workflow"/>.</summary>
    public static JobNeeds For(Workspace workspace, WorkflowFile workflow, WorkflowJob job, int depth = 0)
    {
        var needs = new JobNeeds();
        if (job.Node is null) { needs.Unknown = $"job '{job.Id}' is not a mapping"; return needs; }
        if (job.IsReusableWorkflowCall) { Call(workspace, job, needs, depth); return needs; }
        if (job.Steps.Count == 0) { needs.Unknown = $"job '{job.Id}' has no steps the scan can read"; return needs; }
        foreach (var key in new[] { "container", "services" })
            if (job.Node[key] is { } node && ReferencesToken(node))
                needs.Add("packages", false, $"the job's {key} log in with the token");
        Steps(workspace, workflow, job, job.Steps, GitCredentials.None, needs, false, "", depth);
        return needs;
    }

    /// <summary>Adds the needs of <paramref name="steps"/> (a job's, or a local composite action's run from it) in order; returns the git credentials left after them.</summary>
    private static GitCredentials Steps(Workspace workspace, WorkflowFile workflow, WorkflowJob job, IReadOnlyList<WorkflowStep> steps, GitCredentials credentials, JobNeeds needs, bool handedToAll, string inAction, int depth)
    {
        foreach (var step in steps)
        {
            if (step.Action is { Kind: ActionReferenceKind.Repository } checkout && checkout.OwnerRepo.Equals("actions/checkout", StringComparison.OrdinalIgnoreCase))
            {
                credentials = string.Equals(step.WithInput("persist-credentials")?.Value, "false", StringComparison.OrdinalIgnoreCase) ? GitCredentials.None
                    : OtherCredential(step.WithInput("token")?.Value) || step.WithInput("ssh-key") is { Value.Length: > 0 } ? GitCredentials.Other
                    : GitCredentials.Token;
                continue;
            }
            credentials = Step(workspace, workflow, job, step, credentials, needs, handedToAll, inAction, depth);
            if (needs.Unknown is not null) break;
        }
        return credentials;
    }

    private enum GitCredentials { None, Token, Other }

    private static void Call(Workspace workspace, WorkflowJob job, JobNeeds needs, int depth)
    {
        if (Inputs.Workflows.Deploys.CallGraph.CalledPath(job) is not { } path) { needs.Unknown = $"job '{job.Id}' calls '{Short(job.Uses?.Value)}', a workflow of another repository"; return; }
        if (workspace.Workflows.FirstOrDefault(w => w.Path == path) is not { Root: not null } callee || callee.Jobs.Count == 0) { needs.Unknown = $"job '{job.Id}' calls {path}, which the scan cannot read"; return; }
        if (depth >= MaxDepth) { needs.Unknown = $"job '{job.Id}' calls {path} through more than {MaxDepth} levels of reusable workflows"; return; }
        foreach (var calleeJob in callee.Jobs)
        {
            if ((calleeJob.Permissions ?? callee.Permissions) is { } declared)
            {
                if (declared.Shorthand is not null) { needs.Unknown = $"job '{job.Id}' calls {path}, whose job '{calleeJob.Id}' asks for '{Short(declared.Shorthand.Value)}'"; return; }
                foreach (var (scope, level) in declared.Scopes)
                    if (level?.Value is "write" or "read" && TokenScopes.Purpose.ContainsKey(scope.Value))
                        needs.Add(scope.Value, level.Value == "write", $"{path} (job '{calleeJob.Id}')");
                continue;
            }
            var inner = For(workspace, callee, calleeJob, depth + 1);
            if (inner.Unknown is not null) { needs.Unknown = $"job '{job.Id}' calls {path}, where {inner.Unknown}"; return; }
            foreach (var n in inner.Items) needs.Add(n.Scope, n.Write, $"{path} (job '{calleeJob.Id}')");
            needs.OpaquePush ??= inner.OpaquePush;
        }
    }

    private static GitCredentials Step(Workspace workspace, WorkflowFile workflow, WorkflowJob job, WorkflowStep step, GitCredentials credentials, JobNeeds needs, bool handedToAll, string inAction, int depth)
    {
        var where = $"step {Short(step.Label)}{inAction}";
        if (step.Action is { } action)
        {
            if (action.Kind == ActionReferenceKind.Local) return LocalAction(workspace, workflow, job, step, action, credentials, needs, handedToAll, where, depth);
            if (action.Kind != ActionReferenceKind.Repository) { needs.Unknown = $"{where} of job '{job.Id}' uses '{Short(action.Raw)}', whose token use is unknown"; return credentials; }
            var full = action.Path.Length > 0 ? $"{action.OwnerRepo}/{action.Path}" : action.OwnerRepo;
            if (ActionNeeds(step, full, action.OwnerRepo) is not { } scopes)
            {
                needs.Unknown = $"{where} of job '{job.Id}' uses {Short(full)}, which is not in the scope table";
                return credentials;
            }
            // An action given another credential (a token secret) writes with it; only OIDC still comes from the job.
            var other = TokenInputs.Any(i => OtherCredential(step.WithInput(i)?.Value)) || OtherCredential((step.Env?["GITHUB_TOKEN"] as YamlScalar)?.Value);
            // An unnamed step is named by its action alone.
            var why = step.Id is null && step.Name is null ? Short(full) + (inAction.Length > 0 ? $" ({inAction.Trim()})" : "") : $"{Short(full)} ({where})";
            foreach (var (scope, write) in scopes)
                if (!other || scope == "id-token")
                    needs.Add(scope, write, why);
            return credentials;
        }
        if (step.Run is not { } run) return credentials;
        var handed = handedToAll || TokenScopes.HandsOverToken(workflow, job, step);
        var directory = step.Node.GetString("working-directory");
        if (directory is null && (job.Node?["defaults"] as YamlMapping)?["run"] is YamlMapping defaults) directory = defaults.GetString("working-directory");
        Script(workspace, run.Value, handed, credentials, where, job, needs, directory, 0);
        return credentials;
    }

    /// <summary>
    /// A local composite action: its steps, in the job's order (their checkouts change the git credentials), handed the
    /// token when the step passes it (an input or env holding it); any other local action is unknown.
    /// </summary>
    private static GitCredentials LocalAction(Workspace workspace, WorkflowFile workflow, WorkflowJob job, WorkflowStep step, ActionReference action, GitCredentials credentials, JobNeeds needs, bool handedToAll, string where, int depth)
    {
        var directory = Inputs.Workflows.DeployDetection.LocalPath(action.Path).TrimEnd('/');
        var file = workspace.Actions.FirstOrDefault(a => a.Path == directory + "/action.yml" || a.Path == directory + "/action.yaml" || directory.Length == 0 && a.Path is "action.yml" or "action.yaml");
        if (file is null || !file.IsComposite || depth >= MaxDepth)
        {
            needs.Unknown = $"{where} of job '{job.Id}' uses the local action {Short(action.Path)}, " + (file is null ? "which the scan cannot read" : !file.IsComposite ? $"a '{Short(file.Using)}' action whose token use is unknown" : "nested too deep");
            return credentials;
        }
        var handed = handedToAll || (step.With is { } with && with.Entries.Any(e => e.Value is YamlScalar v && TokenScopes.ReferencesToken(v.Value))) ||
                     (step.Env is { } env && env.Entries.Any(e => e.Value is YamlScalar v && TokenScopes.ReferencesToken(v.Value)));
        return Steps(workspace, workflow, job, file.Steps, credentials, needs, handed, $" in {Short(directory)}", depth + 1);
    }

    /// <summary>Scopes an action of the table needs (write or read), given its inputs; null for an action outside the table.</summary>
    private static IEnumerable<(string Scope, bool Write)>? ActionNeeds(WorkflowStep step, string full, string ownerRepo)
    {
        string? In(string name) => step.WithInput(name)?.Value;
        bool Set(string name) => In(name) is { Length: > 0 };
        bool True(string name) => string.Equals(In(name), "true", StringComparison.OrdinalIgnoreCase);
        (string, bool) W(string scope) => (scope, true);
        (string, bool) R(string scope) => (scope, false);
        switch (full.ToLowerInvariant())
        {
            case "docker/login-action": return TokenScopes.ReferencesToken(In("password")) ? [W("packages")] : [];
            case "pypa/gh-action-pypi-publish": return Set("password") ? [] : [W("id-token")];
            case "aws-actions/configure-aws-credentials": return Set("role-to-assume") && !Set("aws-access-key-id") ? [W("id-token")] : [];
            case "google-github-actions/auth": return Set("workload_identity_provider") ? [W("id-token")] : [];
            case "azure/login": return Set("creds") ? [] : [W("id-token")];
            case "codecov/codecov-action": return True("use_oidc") ? [W("id-token")] : [];
            case "actions/stale": return True("delete-branch") ? [W("issues"), W("pull-requests"), W("actions"), W("contents")] : [W("issues"), W("pull-requests"), W("actions")];
            case "actions/labeler": return [W("pull-requests")];
            case "actions/cache" or "actions/cache/save": return []; // the cache service takes the runtime token, not this one
            case "actions/configure-pages": return [W("pages")];
            case "github/codeql-action/init" or "github/codeql-action/analyze": return [W("security-events"), R("actions")];
            case "dorny/paths-filter" or "tj-actions/changed-files": return [R("pull-requests")];
            case "peter-evans/find-comment": return [R("issues"), R("pull-requests")];
            case "peter-evans/create-pull-request": return [W("contents"), W("pull-requests")];
            case "googleapis/release-please-action" or "google-github-actions/release-please-action": return [W("contents"), W("pull-requests"), W("issues")];
            case "goreleaser/goreleaser-action":
                // Only a release publishes ('build', 'check', a snapshot or a release that skips publishing do not); a
                // registry login and signing come from their own steps.
                var goArgs = (In("args") ?? "").Trim();
                var releases = (goArgs.Length == 0 || goArgs.StartsWith("release", StringComparison.Ordinal) || goArgs.StartsWith('-')) &&
                               !goArgs.Contains("--snapshot", StringComparison.Ordinal) && !goArgs.Contains("publish", StringComparison.Ordinal);
                return releases ? [W("contents")] : [];
            // Actions that use their own credentials (chat webhooks, cloud keys) or none.
            case "hmarr/debug-action" or "slackapi/slack-github-action" or "rtcamp/action-slack-notify" or "google-github-actions/setup-gcloud"
                or "re-actors/alls-green" or "pre-commit/action" or "erlef/setup-beam" or "coverallsapp/github-action": return [];
        }
        if (TokenScopes.KnownActions.TryGetValue(full, out var scopes) || TokenScopes.KnownActions.TryGetValue(ownerRepo, out scopes))
            return scopes.Select(W).ToList();
        if (ownerRepo.StartsWith("actions/setup-", StringComparison.OrdinalIgnoreCase)) return [];
        return null;
    }

    private static readonly System.Collections.Immutable.ImmutableArray<string> TokenInputs = ["token", "github-token", "github_token", "repo-token", "repo_token", "personal_token", "GITHUB_TOKEN", "deploy_key", "ssh-key"];

    /// <summary>True when <paramref name="value"/> is a credential other than the job token (a secret, a variable).</summary>
    private static bool OtherCredential(string? value) =>
        value is { Length: > 0 } && value.Contains("${{", StringComparison.Ordinal) && !TokenScopes.ReferencesToken(value);

    private static bool ReferencesToken(YamlNode node)
    {
        var stack = new Stack<YamlNode>();
        stack.Push(node);
        for (var count = 0; stack.Count > 0 && count < 10_000; count++)
        {
            switch (stack.Pop())
            {
                case YamlScalar s when TokenScopes.ReferencesToken(s.Value): return true;
                case YamlMapping m: foreach (var e in m.Entries) stack.Push(e.Value); break;
                case YamlSequence q: foreach (var i in q.Items) stack.Push(i); break;
            }
        }
        return false;
    }

    // Programs that cannot use a token in their environment for anything.
    private static readonly System.Collections.Frozen.FrozenSet<string> Harmless = System.Collections.Frozen.FrozenSet.Create(StringComparer.Ordinal,
    [
        "echo", "printf", "cd", "pushd", "popd", "mkdir", "rm", "cp", "mv", "ls", "cat", "test", "[", "[[", "]", "]]", "true", "false",
        "exit", "export", "set", "unset", "shift", "read", "local", "declare", "grep", "egrep", "sed", "awk", "cut", "tr", "head",
        "tail", "jq", "yq", "sort", "uniq", "wc", "date", "sleep", "touch", "tee", "chmod", "basename", "dirname", "realpath",
        "tar", "zip", "unzip", "gzip", "gunzip", "sha256sum", "shasum", "md5sum", "base64", "envsubst", "printenv", "pwd",
        "return", ":", "ln", "find", "diff", "cmp", "sha512sum", "stat", "du", "df", "uname", "whoami", "which", "type",
    ]);

    private static readonly System.Collections.Frozen.FrozenSet<string> Keywords = System.Collections.Frozen.FrozenSet.Create(StringComparer.Ordinal,
    [
        "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "sudo", "time", "exec", "env", "nohup", "command", "builtin", "{", "}",
    ]);

    private static readonly System.Collections.Frozen.FrozenSet<string> TaskRunners = System.Collections.Frozen.FrozenSet.Create(StringComparer.Ordinal,
    [
        "make", "just", "task", "rake", "npm", "yarn", "pnpm", "bun", "npx", "nox", "tox", "invoke", "poe", "cargo", "go", "mvn", "gradle", "./gradlew", "dotnet", "hatch", "uv", "poetry", "python", "python3", "node", "ruby", "perl", "pwsh", "deno",
    ]);

    [GeneratedRegex(@"\$\{\{.*?\}\}", RegexOptions.Singleline)]
    private static partial Regex Expression();

    [GeneratedRegex(@"\$\{[^}\n]*\}")]
    private static partial Regex Braced();

    [GeneratedRegex(@"\$\((?<inner>[^()]*)\)|`(?<inner>[^`]*)`")]
    private static partial Regex Substitution();

    [GeneratedRegex(@"^\d*[<>]")]
    private static partial Regex Redirection();

    /// <summary>
    /// The simple commands of a shell script as word lists: command substitutions are commands of their own, quotes are
    /// kept together (and removed), comments and here-document bodies are skipped; <c>;</c>, <c>&amp;</c>, <c>|</c>, parentheses and
    /// line breaks separate commands (<c>2&gt;&amp;1</c> does not). A tokenizer for finding programs, not a shell.
    /// </summary>
    internal static List<List<string>> Commands(string text)
    {
        var pieces = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            var changed = false;
            text = Substitution().Replace(text, m => { pieces.Add(m.Groups["inner"].Value); changed = true; return " X "; });
            if (!changed) break;
        }
        pieces.Add(text);
        var commands = new List<List<string>>();
        foreach (var piece in pieces) Split(piece, commands);
        return commands;
    }

    private static void Split(string text, List<List<string>> commands)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        char quote = '\0';
        string? heredoc = null;
        void EndWord()
        {
            if (inWord) words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }
        void EndCommand()
        {
            EndWord();
            if (words.Count > 0) commands.Add(words);
            words = [];
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else if (c == '\\' && quote == '"' && i + 1 < text.Length) word.Append(text[++i]);
                else word.Append(c);
                continue;
            }
            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    inWord = true;
                    break;
                case '\\' when i + 1 < text.Length:
                    if (text[i + 1] != '\n') { word.Append(text[i + 1]); inWord = true; }
                    i++;
                    break;
                case '#' when !inWord:
                    while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                    break;
                case '\n':
                    if (inWord) HeredocWord(word.ToString(), ref heredoc);
                    EndCommand();
                    if (heredoc is { Length: > 0 } delimiter)
                    {
                        // Skip the here-document's body: the lines up to its delimiter.
                        while (i + 1 < text.Length)
                        {
                            var end = text.IndexOf('\n', i + 1);
                            var line = text[(i + 1)..(end < 0 ? text.Length : end)].Trim();
                            i = end < 0 ? text.Length : end;
                            if (line == delimiter) break;
                        }
                    }
                    heredoc = null;
                    break;
                case ';' or '(' or ')':
                    EndCommand();
                    break;
                case '|' or '&' when !(c == '&' && (word.Length > 0 && word[^1] is '>' or '<' || i + 1 < text.Length && text[i + 1] == '>')):
                    EndCommand();
                    break;
                case ' ' or '\t' or '\r':
                    if (inWord) HeredocWord(word.ToString(), ref heredoc);
                    EndWord();
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        EndCommand();
    }

    /// <summary>Notes the delimiter of a here-document: <c>&lt;&lt;EOF</c>, <c>&lt;&lt;-'EOF'</c>, or the word after a bare <c>&lt;&lt;</c> (a here-string <c>&lt;&lt;&lt;</c> is none).</summary>
    private static void HeredocWord(string word, ref string? heredoc)
    {
        if (word.StartsWith("<<<", StringComparison.Ordinal)) return;
        if (word.StartsWith("<<", StringComparison.Ordinal)) heredoc ??= word.TrimStart('<', '-');
        else if (heredoc == "") heredoc = word;
    }

    [GeneratedRegex(@"\bmike\s+(?:deploy|set-default|alias|delete|retitle)\b[^\n]*(?:\s--push\b|\s-p\b)|\bmkdocs\s+gh-deploy\b|\bghp-import\b[^\n]*(?:\s--push\b|\s-p\b)|\bgh-pages\s+(?:-d|--dist)\b|\bcr\s+(?:upload|index)\b")]
    private static partial Regex PagesPush();

    [GeneratedRegex(@"\b(?:npm|pnpm|yarn|bun)\s+(?:npm\s+)?publish\b|\b(?:uv|poetry|hatch|flit|maturin|twine|cargo|gem|dotnet\s+nuget)\s+(?:publish|upload|push)\b")]
    private static partial Regex Publish();

    [GeneratedRegex(@"ACTIONS_ID_TOKEN_REQUEST|\bcosign\s+(?:sign|attest)\b(?![^\n]*--key\b)|\s--provenance\b")]
    private static partial Regex Oidc();

    /// <summary>Adds the needs of a shell script (a <c>run:</c> or a script file it runs) to <paramref name="needs"/>.</summary>
    private static void Script(Workspace workspace, string script, bool handed, GitCredentials credentials, string where, WorkflowJob job, JobNeeds needs, string? directory, int depth)
    {
        if (script.Length > MaxScriptChars) { needs.Unknown = $"{where} of job '{job.Id}' runs a script too long to scan"; return; }
        var text = Braced().Replace(Expression().Replace(script, "\u0001"), "$V").Replace("\u0001", "${{…}}", StringComparison.Ordinal);
        var pushes = handed || credentials == GitCredentials.Token;
        foreach (var words in Commands(text))
        {
            var i = 0;
            while (i < words.Count && (Keywords.Contains(words[i]) || Regex.IsMatch(words[i], "^[A-Za-z_][A-Za-z0-9_]*=", RegexOptions.None, TimeSpan.FromSeconds(1)))) i++;
            if (i >= words.Count) continue;
            var program = words[i];
            var args = words.Skip(i + 1).Where(w => !Redirection().IsMatch(w)).ToList();
            var segment = string.Join(' ', words.Skip(i));
            if (program.Length == 0 || program[0] is '-' or '<' or '>' || char.IsDigit(program[0])) continue;
            if (program is "for" or "case" or "esac" or "function" or "select" or "in" || program.EndsWith(')')) continue;
            if (Oidc().IsMatch(segment)) needs.Add("id-token", true, $"{Short(program)} requests an OIDC token ({where})");
            switch (program)
            {
                case "gh":
                    if (!handed) continue; // gh writes only with a token it is given (another one when it is a secret)
                    if (Gh(args) is not { } gh) { needs.Unknown = $"{where} of job '{job.Id}' runs 'gh {Short(string.Join(' ', args.Take(2)))}', which may use any scope"; return; }
                    if (gh.Scope is not null) needs.Add(gh.Scope, gh.Write, $"gh {Short(string.Join(' ', args.Take(2)))} ({where})");
                    if (gh.Also is not null) needs.Add(gh.Also, true, $"gh {Short(string.Join(' ', args.Take(2)))} ({where})");
                    continue;
                case "git":
                    var sub = Subcommand(args);
                    if (sub == "push" && pushes) needs.Add("contents", true, $"git push ({where})");
                    continue;
                case "docker":
                    if (handed && args.FirstOrDefault() == "login" && segment.Contains("ghcr.io", StringComparison.OrdinalIgnoreCase))
                        needs.Add("packages", true, $"docker login ghcr.io ({where})");
                    continue;
            }
            if (PagesPush().IsMatch(segment)) { if (pushes) needs.Add("contents", true, $"{Short(program)} pushes a Pages branch ({where})"); continue; }
            if (Publish().IsMatch(segment)) { if (handed) needs.Add("packages", true, $"{Short(program)} publishes with the token ({where})"); continue; }
            if (TokenScopes.CallsApi(segment))
            {
                if (handed) { needs.Unknown = $"{where} of job '{job.Id}' runs '{Short(program)}', which calls the GitHub API with the token"; return; }
                continue;
            }
            if (ScriptPath(program, args) is { } path)
            {
                if (!pushes || program is "source" or "." && path.EndsWith("/bin/activate", StringComparison.Ordinal)) continue; // a virtualenv made by the job
                var file = Resolve(path, directory);
                if (depth >= 2 || file is null || !workspace.Files.Contains(file) || workspace.Read(file, InputKind.Other, UnreadableReport.ByCaller).Text is not { } source || source.Text.Length > MaxScriptChars)
                {
                    needs.Unknown = $"{where} of job '{job.Id}' runs {Short(path)}, which the scan cannot read";
                    return;
                }
                if (IsShell(file, source.Text, program)) Script(workspace, source.Text, handed, credentials, $"{file} in {where}", job, needs, directory, depth + 1);
                else if (handed) { needs.Unknown = $"{where} of job '{job.Id}' hands the token to {Short(file)}"; return; }
                else if (Regex.IsMatch(source.Text, @"\bgit\b[^\n]{0,200}\bpush\b|[""']push[""']", RegexOptions.None, TimeSpan.FromSeconds(1)))
                    needs.Add("contents", true, $"{Short(file)} pushes ({where})");
                if (needs.Unknown is not null) return;
                continue;
            }
            if (Harmless.Contains(program)) continue;
            if (handed) { needs.Unknown = $"{where} of job '{job.Id}' hands the token to '{Short(program)}', whose use of it is unknown"; return; }
            if (pushes && TaskRunners.Contains(program)) needs.OpaquePush ??= $"{where} of job '{job.Id}' runs '{Short(program)}' after actions/checkout, which keeps the token for git";
        }
    }

    private static string? Subcommand(List<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-c" or "-C") { i++; continue; }
            if (args[i].StartsWith('-')) continue;
            return args[i];
        }
        return null;
    }

    /// <summary>What a gh command needs: a scope (null: nothing), its level, and a second write scope; null when it may use any.</summary>
    private static (string? Scope, bool Write, string? Also)? Gh(List<string> args)
    {
        var words = args.Where(a => !a.StartsWith('-')).ToList();
        var (noun, verb) = (words.ElementAtOrDefault(0) ?? "", words.ElementAtOrDefault(1) ?? "");
        return (noun, verb) switch
        {
            ("release", "create" or "upload" or "edit" or "delete" or "delete-asset") => ("contents", true, null),
            ("release", "view" or "list" or "download" or "verify" or "verify-asset") => (null, false, null),
            ("pr", "merge") => ("pull-requests", true, "contents"),
            ("pr", "create" or "comment" or "edit" or "review" or "close" or "reopen" or "ready" or "lock" or "unlock") => ("pull-requests", true, null),
            ("pr", "view" or "list" or "diff" or "checks" or "status") => ("pull-requests", false, null),
            ("issue", "create" or "comment" or "edit" or "close" or "reopen" or "lock" or "unlock" or "delete" or "transfer" or "pin" or "unpin") => ("issues", true, null),
            ("issue", "view" or "list" or "status") => ("issues", false, null),
            ("label", "create" or "edit" or "delete" or "clone") => ("issues", true, null),
            ("label", "list") => ("issues", false, null),
            ("workflow", "run" or "enable" or "disable") => ("actions", true, null),
            ("workflow", "view" or "list") => ("actions", false, null),
            ("run", "cancel" or "rerun" or "delete") => ("actions", true, null),
            ("run", "view" or "list" or "watch" or "download") => ("actions", false, null),
            ("cache", "delete") => ("actions", true, null),
            ("cache", "list") => ("actions", false, null),
            ("auth", "status" or "setup-git") => (null, false, null),
            _ => null,
        };
    }

    /// <summary>The repository file a command runs as a script (<c>./x.sh</c>, <c>bash x.sh</c>, <c>python tools/x.py</c>), or null.</summary>
    private static string? ScriptPath(string program, List<string> args)
    {
        if (program.Any(char.IsWhiteSpace)) return null;
        if (program.StartsWith("./", StringComparison.Ordinal) || program.StartsWith("../", StringComparison.Ordinal) ||
            (program.Contains('/') && !program.StartsWith('/') && !program.StartsWith('$') && !program.StartsWith('~')))
            return program is "./gradlew" or "./mvnw" ? null : program;
        if (program is "bash" or "sh" or "zsh" or "source" or "." or "python" or "python3" or "node" or "ruby" or "perl" or "pwsh")
        {
            var first = args.FirstOrDefault(a => !a.StartsWith('-'));
            if (first is null || args.Any(a => a is "-c" or "-m" or "-e")) return null;
            return first;
        }
        return null;
    }

    private static string? Resolve(string path, string? directory)
    {
        if (path.Contains('$') || path.Contains('*') || path.StartsWith('/')) return null;
        var joined = directory is { Length: > 0 } d && !d.Contains('$') ? d.TrimEnd('/') + "/" + path : path;
        var parts = new List<string>();
        foreach (var part in joined.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count == 0) return null; parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    private static bool IsShell(string file, string text, string program) =>
        program is "bash" or "sh" or "zsh" or "source" or "." || file.EndsWith(".sh", StringComparison.Ordinal) || file.EndsWith(".bash", StringComparison.Ordinal) ||
        (text.StartsWith("#!", StringComparison.Ordinal) && text.AsSpan(0, Math.Min(text.Length, 80)).ToString().Split('\n')[0] is var shebang && (shebang.EndsWith("sh", StringComparison.Ordinal) || shebang.Contains("bash", StringComparison.Ordinal)));

    /// <summary>Input text made fit for a message and a YAML comment: one line, no control characters, at most 60 characters.</summary>
    public static string Short(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var clean = new string(text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c).ToArray()).Trim();
        return clean.Length <= 60 ? clean : clean[..57] + "...";
    }
}
