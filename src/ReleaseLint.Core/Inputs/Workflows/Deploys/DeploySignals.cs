using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>What a step classifier may read besides the step (whose nodes know their file): its workflow and job, other files of the repository, local actions.</summary>
public sealed class SignalContext
{
    /// <summary>The workflow, or null inside a composite action.</summary>
    public WorkflowFile? Workflow { get; init; }
    /// <summary>The job, or null inside a composite action.</summary>
    public WorkflowJob? Job { get; init; }
    /// <summary>Reads a repository file (repository-relative path) for scripts that steps run; null when absent, outside the root or too large.</summary>
    public Func<string, SourceText?> ReadFile { get; init; } = _ => null;
    /// <summary>The local action in a folder (repository-relative, no <c>./</c>), or null.</summary>
    public Func<string, ActionFile?> FindAction { get; init; } = _ => null;
    /// <summary>Composite actions and scripts this step was reached through (to stop cycles and to say where).</summary>
    public IReadOnlyList<string> Via { get; init; } = [];
}

/// <summary>
/// Recognises steps that deploy or publish: known commands in <c>run:</c> blocks (and in the repository scripts they
/// run), known actions, and local composite actions. Each signal says where it goes (production, preview, staging,
/// a test registry, a draft) and whether the target moves (an app or site) or only grows (a package version).
/// </summary>
public static partial class DeploySignals
{
    /// <summary>Deepest chain of composite actions and scripts followed.</summary>
    public const int MaxDepth = 3;
    /// <summary>Largest script read.</summary>
    public const int MaxScriptBytes = 256 * 1024;
    /// <summary>Most logical lines of one run block or script examined.</summary>
    public const int MaxLines = 2000;

    /// <summary><c>flyctl deploy</c> or <c>fly deploy</c> as a command (also <c>~/.fly/bin/flyctl deploy</c>, <c>flyctl -a app deploy</c>).</summary>
    [GeneratedRegex(@"(?<![\w.-])(?:[\w~$./{}-]*/)?(?:flyctl|fly)(?:\.exe)?[""']?(?:\s+-{1,2}[\w-]+(?:[= ](?!deploy\b)[^\s;&|]+)?)*\s+deploy\b[^\n;&|]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    public static partial Regex FlyDeploy();

    private sealed record CommandRule(Regex Pattern, string Kind, bool Mutable, Func<Match, string, (DeployTarget Target, string? Why)?> Judge);

    private static readonly Regex DryRun = new(@"(?:^|\s)--dry-run\b|(?:^|\s)--dryrun\b|(?:^|\s)-n\s*$", RegexOptions.CultureInvariant);

    private static (DeployTarget, string?)? ByWords(Match m, string line) => NonProduction(line) is { } w ? w : (DeployTarget.Production, null);

    private static (DeployTarget, string?)? Unless(Match m, string line, Regex skip) => skip.IsMatch(line) ? null : ByWords(m, line);

    private static readonly IReadOnlyList<CommandRule> Commands =
    [
        new(FlyDeploy(), "fly", true, ByWords),
        new(new(@"(?<![\w/.-])(?:npx\s+(?:--yes\s+|-y\s+)?|pnpm\s+(?:dlx|exec)\s+|yarn\s+(?:dlx\s+)?|bunx\s+)?vercel(?:@[\w.^~-]+)?(?<args>(?:\s+[^\s;&|]+)*)", RegexOptions.CultureInvariant), "vercel", true, Vercel),
        new(new(@"(?<![\w/.-])(?:npx\s+(?:--yes\s+|-y\s+)?|pnpm\s+(?:dlx|exec)\s+)?(?:netlify|netlify-cli)(?:@[\w.^~-]+)?\s+deploy\b(?<args>[^\n;&|]*)", RegexOptions.CultureInvariant), "netlify", true, Netlify),
        new(new(@"\bkubectl\b[^\n;&|]*?\s(?:apply|replace|set\s+image|rollout\s+restart|create\s+deployment|patch)\b", RegexOptions.CultureInvariant), "kubernetes", true, ByWords),
        new(new(@"\bhelm(?:file)?\b[^\n;&|]*?\s(?:upgrade|install|sync|apply)\b", RegexOptions.CultureInvariant), "kubernetes", true, (m, l) => Unless(m, l, DryRun)),
        new(new(@"\bhelm\s+push\b", RegexOptions.CultureInvariant), "helm", false, ByWords),
        new(new(@"\bgcloud\b[^\n;&|]*?\s(?:run|app|functions)\s+(?:services\s+update|deploy)\b", RegexOptions.CultureInvariant), "cloud", true, ByWords),
        new(new(@"\baws\s+(?:ecs\s+(?:update-service|deploy)|cloudformation\s+(?:deploy|create-stack|update-stack)|lambda\s+update-function-code|elasticbeanstalk\s+update-environment|amplify\s+start-deployment|deploy\s+create-deployment)\b", RegexOptions.CultureInvariant), "cloud", true, ByWords),
        new(new(@"\baws\s+s3\s+(?:sync|cp)\s+(?![""']?s3://)[^\n;&|]*\s[""']?s3://", RegexOptions.CultureInvariant), "cloud", true, (m, l) => Unless(m, l, DryRun)),
        new(new(@"\b(?:sst|serverless|sls|cdk)\s+deploy\b|\bpulumi\s+up\b|\bterraform\s+apply\b|\bwrangler\s+(?:deploy|publish|pages\s+(?:deploy|publish))\b|\bfirebase\s+deploy\b|\bsurge\s+\S", RegexOptions.CultureInvariant), "cloud", true, ByWords),
        new(new(@"\bsupabase\s+(?:db\s+push|functions\s+deploy)\b", RegexOptions.CultureInvariant), "cloud", true, (m, l) => Unless(m, l, DryRun)),
        // A task-runner target that applies infrastructure (make production terraform-app-apply, task k8s-deploy).
        new(new(@"\b(?:make|just|task)\b[^\n;&|]*?\s[\w-]*(?:terraform|tf|helm|k8s|kube|aks|eks|gke)[\w-]*-(?:apply|deploy|upgrade|install)\b", RegexOptions.CultureInvariant), "cloud", true, ByWords),
        new(new(@"\btwine\s+upload\b|\b(?:uv|poetry|flit|hatch|pdm)\s+publish\b|\bmaturin\s+(?:publish|upload)\b", RegexOptions.CultureInvariant), "pypi", false, (m, l) => Unless(m, l, DryRun)),
        new(new(@"\b(?:npm|pnpm|bun)\s+publish\b|\byarn\s+(?:npm\s+)?publish\b|\bchangeset\s+publish\b|\blerna\s+publish\b|\bnx\s+release\s+publish\b", RegexOptions.CultureInvariant), "npm", false, (m, l) => Unless(m, l, DryRun)),
        new(new(@"\bpkg-pr-new\s+publish\b", RegexOptions.CultureInvariant), "npm", false, (_, _) => (DeployTarget.Preview, "pkg.pr.new preview packages")),
        new(new(@"\bcargo\s+(?:\+\S+\s+)?(?:publish|workspaces\s+publish)\b", RegexOptions.CultureInvariant), "crates", false, (m, l) => Unless(m, l, DryRun)),
        new(new(@"\bgem\s+push\b|\b(?:dotnet\s+)?nuget\s+push\b|\bmvn\b[^\n;&|]*\sdeploy\b|\bgradlew?\b[^\n;&|]*\spublish\w*\b", RegexOptions.CultureInvariant), "package", false, (m, l) => Unless(m, l, DryRun)),
        new(new(@"\b(?:docker|podman|buildah)\s+(?:image\s+)?push\b|\bdocker\s+(?:buildx\s+)?(?:build|bake)\b[^\n;&|]*\s--push\b|\bdocker\s+buildx\s+imagetools\s+create\b(?![^\n;&|]*--dry-run)|\bdocker\s+manifest\s+push\b|\bcrane\s+(?:push|copy|cp|tag|append)\b|\bskopeo\s+copy\b[^\n;&|]*\sdocker://|\boras\s+push\b", RegexOptions.CultureInvariant), "container", true, ByWords),
        new(new(@"\bmkdocs\s+gh-deploy\b|\bmike\s+(?:deploy|set-default|alias|delete)\b[^\n;&|]*(?:\s--push\b|\s-p\b)|\bghp-import\b[^\n;&|]*(?:\s--push\b|\s-p\b)|\bgh-pages\s+(?:-d|--dist)\b", RegexOptions.CultureInvariant), "pages", true, (_, _) => (DeployTarget.Production, null)), // names after these are doc versions and branches, not targets
        new(new(@"\bgh\s+release\s+(?:create|upload)\b", RegexOptions.CultureInvariant), "release", false, (m, l) => Regex.IsMatch(l, @"(?:^|\s)(?:--draft|-d)(?:\s|$|=true)") ? (DeployTarget.Draft, "a draft release") : ByWords(m, l)),
        new(new(@"\bgh\s+release\s+edit\b[^\n;&|]*--draft=false\b|\bhub\s+release\s+create\b", RegexOptions.CultureInvariant), "release", false, ByWords),
        new(new(@"\bgoreleaser\b(?:\s+release)?\b(?![^\n;&|]*(?:--snapshot|--skip[=-]publish|--skip=\S*publish))(?=[^\n;&|]*\brelease\b|\s*$)", RegexOptions.CultureInvariant), "release", false, ByWords),
        new(new(@"\bsemantic-release\b(?![^\n;&|]*--dry-run)|\brelease-it\b(?![^\n;&|]*--dry-run)", RegexOptions.CultureInvariant), "release", false, ByWords),
    ];

    [GeneratedRegex(@"(?:^|[\s;&|(])(?:curl|wget|http|https|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\s", RegexOptions.CultureInvariant)]
    private static partial Regex HttpCall();

    [GeneratedRegex(@"slack|discord|telegram|teams|mattermost|notif|chat|webhook\.site|status|codecov|coveralls|sonar|sentry|ping|health|smoke|api\.github\.com|GITHUB_TOKEN|github\.token", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NotADeployCall();

    [GeneratedRegex(@"\bgit\s+(?:-c\s+\S+\s+|-C\s+\S+\s+)*push\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitPush();

    [GeneratedRegex(@"\bgh\s+pr\s+create\b", RegexOptions.CultureInvariant)]
    private static partial Regex PullRequestCreate();

    [GeneratedRegex(@"\bgh\s+pr\s+merge\b", RegexOptions.CultureInvariant)]
    private static partial Regex PullRequestMerge();

    [GeneratedRegex(@"(?:^|[\s;&|(])(?:(?:npm|pnpm|bun)\s+run(?:-script)?|yarn(?:\s+run)?|make|nox\s+(?:-\w+\s+)*-s|just|task|rake|invoke|mage|\./gradlew|gradle)\s+(?<task>[\w:./-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex TaskRun();

    [GeneratedRegex(@"^(?:(?:bash|sh|zsh|python3?|node|pwsh|ruby|perl|uv\s+run|poetry\s+run)\s+)?(?<path>\.{0,2}/?[\w.-]+(?:/[\w.-]+)*)(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptCall();

    [GeneratedRegex(@"(?<=^|\s)--?[A-Za-z][\w-]*", RegexOptions.CultureInvariant)]
    private static partial Regex FlagName();

    [GeneratedRegex(@"\$\{\{.*?\}\}|\$\{?\w+\}?|/dev/null|\S+\.(?:ya?ml|json)(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex NotAName();

    [GeneratedRegex(@"[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(?:secrets|vars)\.(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    private static readonly System.Collections.Frozen.FrozenDictionary<string, DeployTarget> NonProductionWords = new Dictionary<string, DeployTarget>(StringComparer.OrdinalIgnoreCase)
    {
        ["dev"] = DeployTarget.Staging, ["devel"] = DeployTarget.Staging, ["develop"] = DeployTarget.Staging, ["development"] = DeployTarget.Staging,
        ["staging"] = DeployTarget.Staging, ["stage"] = DeployTarget.Staging, ["stg"] = DeployTarget.Staging, ["qa"] = DeployTarget.Staging,
        ["uat"] = DeployTarget.Staging, ["sandbox"] = DeployTarget.Staging, ["ephemeral"] = DeployTarget.Staging,
        ["preview"] = DeployTarget.Preview, ["previews"] = DeployTarget.Preview, ["review"] = DeployTarget.Preview, ["pr"] = DeployTarget.Preview,
        ["test"] = DeployTarget.Test, ["tests"] = DeployTarget.Test, ["testing"] = DeployTarget.Test, ["testpypi"] = DeployTarget.Test, ["tst"] = DeployTarget.Test,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The non-production target a name points at (<c>fly.development.toml</c>, <c>--namespace=staging</c>,
    /// <c>test.pypi.org</c>, <c>app-dev</c>), judged by its words with flag names, expressions, variables and config-file
    /// extensions left out; null when nothing says it is not production.
    /// </summary>
    public static (DeployTarget Target, string Why)? NonProduction(string text)
    {
        // Names of secrets and variables say where a value points (secrets.STAGING_DB_URL), the rest of an expression does not.
        // When one of them names production (PRODUCTION_DB_URL next to CI_QA_NOTIFICATION_URL), they say nothing against it.
        var names = SecretName().Matches(text).Select(m => m.Groups["name"].Value.Replace('_', ' ')).ToList();
        if (!names.Any(n => Regex.IsMatch(n, @"\b(?:PROD|PRODUCTION|LIVE|PRD)\b", RegexOptions.IgnoreCase)))
            text = text + " " + string.Join(" ", names);
        var cleaned = NotAName().Replace(FlagName().Replace(text, " "), m => m.Value.EndsWith(".yml", StringComparison.Ordinal) || m.Value.EndsWith(".yaml", StringComparison.Ordinal) || m.Value.EndsWith(".json", StringComparison.Ordinal) ? m.Value[..m.Value.LastIndexOf('.')] : " ");
        foreach (Match w in Word().Matches(cleaned))
            if (NonProductionWords.TryGetValue(w.Value, out var target))
                return (target, $"'{w.Value}' names a {Describe(target)} target");
        return null;
    }

    /// <summary>For messages: "staging", "preview", "test".</summary>
    public static string Describe(DeployTarget target) => target switch
    {
        DeployTarget.Preview => "preview",
        DeployTarget.Staging => "staging or development",
        DeployTarget.Test => "test",
        DeployTarget.Draft => "draft",
        _ => "production",
    };

    private static readonly System.Collections.Frozen.FrozenSet<string> VercelOtherCommands = System.Collections.Frozen.FrozenSet.Create(StringComparer.Ordinal,
    [
        "alias", "bisect", "build", "certs", "dev", "dns", "domains", "env", "git", "help", "init", "inspect", "link", "list", "ls", "login",
        "logout", "logs", "project", "projects", "pull", "remove", "rm", "secrets", "switch", "team", "teams", "whoami", "integration", "cache", "blob"
    ]);

    private static (DeployTarget, string?)? Vercel(Match m, string line)
    {
        // 'vercel', 'vercel deploy', 'vercel --prod' deploy; 'vercel pull', 'vercel build', 'vercel env' do not.
        var args = Regex.Replace(m.Groups["args"].Value, @"\$\{\{.*?\}\}", " ");
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(a => !a.StartsWith('-')).ToList();
        if (words.Any(VercelOtherCommands.Contains)) return null;
        if (words.Contains("promote") || words.Contains("rollback") || words.Contains("redeploy")) return (DeployTarget.Production, null);
        return ProdFlag(line);
    }

    private static (DeployTarget, string?)? Netlify(Match m, string line) => ProdFlag(line);

    private static (DeployTarget, string?)? ProdFlag(string line)
    {
        var outside = Regex.Replace(line, @"\$\{\{.*?\}\}", " ");
        if (Regex.IsMatch(outside, @"(?:^|\s)--prod(?:uction)?\b")) return NonProduction(line) is { } w ? w : (DeployTarget.Production, null);
        if (ProdExpressions(line).Count > 0) return (DeployTarget.Production, null); // decided per run by the expression (see the condition)
        return (DeployTarget.Preview, "no --prod: a preview deploy");
    }

    private static List<ExpressionNode> ProdExpressions(string line) =>
        ExpressionTemplate.Scan(line).Where(e => e.Node is not null && e.Node.DescendantsAndSelf().OfType<LiteralNode>().Any(l => l.StringValue?.Contains("--prod", StringComparison.Ordinal) == true))
            .Select(e => e.Node!).ToList();

    /// <summary>Every deploy signal of <paramref name="step"/> (empty when it deploys nothing).</summary>
    public static IReadOnlyList<DeploySignal> ForStep(WorkflowStep step, SignalContext context)
    {
        var signals = new List<DeploySignal>();
        if (step.Run is { } run) FromRun(step, run, run.Value, context, signals, null);
        else if (step.Action is { } action) FromAction(step, action, context, signals);
        return signals;
    }

    /// <summary>The logical lines of a shell script: continuation lines joined, comments and echo lines left out; each with the physical line it starts on (1-based, within the text).</summary>
    public static IEnumerable<(string Line, string First, int LineNumber)> LogicalLines(string text)
    {
        var lines = text.Split('\n');
        var count = 0;
        for (var i = 0; i < lines.Length && count < MaxLines; i++)
        {
            var start = i;
            var first = lines[i].TrimEnd('\r');
            var joined = first;
            while (joined.EndsWith('\\') && i + 1 < lines.Length)
            {
                i++;
                joined = joined[..^1] + " " + lines[i].TrimEnd('\r').Trim();
            }
            var trimmed = joined.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith("echo ", StringComparison.Ordinal) || trimmed.StartsWith("printf ", StringComparison.Ordinal)
                || trimmed.StartsWith("REM ", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("::", StringComparison.Ordinal) || trimmed.StartsWith("Write-Host", StringComparison.OrdinalIgnoreCase)) continue;
            count++;
            yield return (trimmed, first.Trim().TrimEnd('\\').TrimEnd(), start + 1);
        }
    }

    private static void FromRun(WorkflowStep step, YamlScalar evidence, string text, SignalContext context, List<DeploySignal> signals, SourceText? script)
    {
        var stepText = step.Run?.Value ?? "";
        var proposes = PullRequestCreate().IsMatch(stepText) || stepText.Contains("create-pull-request", StringComparison.Ordinal);
        foreach (var (line, first, number) in LogicalLines(text))
        {
            SourceLocation Where(string needle) => script is not null
                ? script.At(number, Math.Max(1, script.Line(number).IndexOf(first, StringComparison.Ordinal) + 1), first.Length)
                : evidence.LocateText(first);
            var found = false;
            foreach (var rule in Commands)
            {
                var m = rule.Pattern.Match(line);
                if (!m.Success) continue;
                if (rule.Judge(m, line) is not { } judged) continue;
                if (rule.Kind == "kubernetes" && judged.Target == DeployTarget.Production && ThrowawayCluster(context.Job) is { } cluster)
                    judged = (DeployTarget.Test, $"the job deploys to a throwaway cluster ({cluster})");
                var shown = Shorten(m.Value.Trim());
                SignalCondition? condition = judged.Target == DeployTarget.Production ? TargetInCommand(line) : null;
                if (rule.Kind == "container" && ContainerPushTags(line, step, context) is { } pushed) condition = Both(condition, pushed);
                if (rule.Kind is "vercel" or "netlify" && ProdExpressions(line) is { Count: > 0 } exprs && !Regex.IsMatch(Regex.Replace(line, @"\$\{\{.*?\}\}", " "), @"(?:^|\s)--prod(?:uction)?\b"))
                {
                    condition = new SignalCondition($"'--prod' only when {string.Join(" ", exprs.Select(e => "${{ … }}"))} gives it",
                        ctx => exprs.Select(e => ExpressionEvaluator.Evaluate(e, ctx)).Select(v => v.AsString() is { } s ? (s.Contains("--prod", StringComparison.Ordinal) ? Truth.True : Truth.False) : Truth.Unknown)
                            .Aggregate(Truth.False, (a, b) => a == Truth.True || b == Truth.True ? Truth.True : a == Truth.Unknown || b == Truth.Unknown ? Truth.Unknown : Truth.False));
                }
                signals.Add(new DeploySignal
                {
                    Kind = rule.Kind,
                    Target = judged.Target,
                    NotProductionBecause = judged.Why,
                    What = $"runs '{shown}'",
                    Location = Where(first),
                    Command = Regex.Replace(m.Value, @"\s+", " ").Trim(),
                    CommandLine = line,
                    Mutable = rule.Mutable,
                    Condition = condition,
                    Step = step,
                    Evidence = evidence,
                    Via = context.Via,
                });
                found = true;
            }
            if (found) continue;

            // A deploy webhook: an HTTP call with a secret in a step or job that says it deploys.
            if (HttpCall().IsMatch(line) && SaysDeploy(step, context) && HasSecret(step, line, context) && !NotADeployCall().IsMatch(line) && !NotADeployCall().IsMatch(step.Name ?? ""))
            {
                signals.Add(Signal(step, evidence, context, "webhook", DeployTarget.Production, $"calls a deploy hook ('{Shorten(line)}')", Where(first), true, SignalStrength.Strong));
                continue;
            }
            if (GitPush().IsMatch(line) && !proposes)
                signals.Add(Signal(step, evidence, context, "push", DeployTarget.Production, $"runs '{Shorten(GitPush().Match(line).Value)}'", Where(first), true, SignalStrength.Weak));
            else if (PullRequestMerge().IsMatch(line))
                signals.Add(Signal(step, evidence, context, "merge", DeployTarget.Production, $"runs '{Shorten(PullRequestMerge().Match(line).Value)}'", Where(first), false, SignalStrength.Weak));
            else if (TaskRun().Match(line) is { Success: true } task && IsDeployName(task.Groups["task"].Value))
            {
                var target = NonProduction(task.Groups["task"].Value);
                signals.Add(Signal(step, evidence, context, "task", target?.Target ?? DeployTarget.Production, $"runs '{Shorten(task.Value.Trim())}'", Where(first), true, SignalStrength.Weak) with { NotProductionBecause = target?.Why });
            }
            else if (script is null && ScriptCall().Match(line) is { Success: true } call && FollowScript(step, evidence, call.Groups["path"].Value, context, signals, Where(first)))
            {
            }
        }
    }

    [GeneratedRegex(@"\bkind\s+create\s+cluster\b|\bminikube\s+start\b|\bk3d\s+cluster\s+create\b|\bk3s\b.*\binstall\b", RegexOptions.CultureInvariant)]
    private static partial Regex ClusterCreate();

    /// <summary>The throwaway cluster the job creates (kind, minikube, k3d), or null: Kubernetes deploys there are tests.</summary>
    public static string? ThrowawayCluster(WorkflowJob? job)
    {
        if (job is null) return null;
        foreach (var step in job.Steps)
        {
            if (step.Action is { Kind: ActionReferenceKind.Repository } a && Regex.IsMatch(a.OwnerRepo, @"kind|minikube|k3d|k3s", RegexOptions.IgnoreCase))
                return a.OwnerRepo;
            if (step.Run?.Value is { } run && ClusterCreate().Match(run) is { Success: true } m) return m.Value;
        }
        return null;
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ShellVariableName();

    /// <summary>
    /// A command whose target comes from expressions or variables (<c>make ${{ env.DEPLOY_ENV }} terraform-apply</c>,
    /// <c>flyctl deploy --app $APP</c>) deploys production in a run unless what it resolves to there names a staging,
    /// preview or test target. Branch names are not taken as targets (a dispatch on a branch named dev still deploys
    /// where the command says).
    /// </summary>
    private static SignalCondition? TargetInCommand(string line)
    {
        if (!line.Contains('$', StringComparison.Ordinal)) return null;
        var template = ShellVariableName().Replace(line, v => "${{ env." + v.Groups["name"].Value + " }}");
        return new SignalCondition("the target the command names", ctx =>
        {
            var (text, _) = ExpressionEvaluator.InterpolateKnown(template, new WithoutRefs(ctx));
            return NonProduction(text) is null ? Truth.True : Truth.False;
        });
    }

    /// <summary>A context that hides the run's branch, so a branch name is never read as a deploy target.</summary>
    private sealed class WithoutRefs(IExpressionContext inner) : IExpressionContext
    {
        public ExprValue Lookup(string path) => path is "github.ref" or "github.ref_name" or "github.head_ref" or "github.base_ref" or "github.event.workflow_run.head_branch" or "github.event.ref"
            ? ExprValue.Unknown : inner.Lookup(path);
    }

    [GeneratedRegex(@"branch|head_ref|ref_name|\bsha\b|_sha\b|\bsha_|commit|pull|\bpr\b|pr_number|run_id|run_number|event\.number", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BranchishName();

    [GeneratedRegex(@"\b(?:latest|stable|edge|nightly|main|master|production|prod)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MovingTagWord();

    /// <summary>
    /// True when every image tag in <paramref name="tags"/> is named after the run's own branch, commit or pull request
    /// (<c>app:builder-${{ env.GIT_BRANCH }}</c>, <c>app:${GITHUB_SHA}</c>), directly or through an environment variable
    /// written earlier in the job.
    /// </summary>
    public static bool BranchSpecific(string tags, WorkflowJob? job, WorkflowFile? workflow)
    {
        var list = tags.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(t => t.Length > 0).ToList();
        if (list.Count == 0) return false;
        return list.All(tag => Branchish(TagPart(tag), job, workflow, 0));
    }

    private static string TagPart(string image)
    {
        // The tag is after the last ':' outside ${{ }} and after the last '/'.
        var outside = Regex.Replace(image, @"\$\{\{.*?\}\}", m => new string('e', m.Length));
        var colon = outside.LastIndexOf(':');
        return colon > outside.LastIndexOf('/') && colon >= 0 ? image[(colon + 1)..] : image;
    }

    private static bool Branchish(string text, WorkflowJob? job, WorkflowFile? workflow, int depth)
    {
        if (MovingTagWord().IsMatch(Regex.Replace(text, @"\$\{\{.*?\}\}|\$\{?\w+\}?", " "))) return false;
        var names = new List<string>();
        foreach (var e in ExpressionTemplate.Scan(text)) names.Add(e.Node?.ContextPath() ?? e.Text);
        foreach (Match v in ShellVariableName().Matches(Regex.Replace(text, @"\$\{\{.*?\}\}", " "))) names.Add("env." + v.Groups["name"].Value);
        if (names.Count == 0) return false;
        foreach (var name in names)
        {
            if (BranchishName().IsMatch(name)) continue;
            if (depth < 2 && name.StartsWith("env.", StringComparison.OrdinalIgnoreCase) && EnvText(name[4..], job, workflow) is { } written && Branchish(written, job, workflow, depth + 1)) continue;
            return false;
        }
        return true;
    }

    private static string? EnvText(string name, WorkflowJob? job, WorkflowFile? workflow)
    {
        if (job is not null && EnvFlow.WrittenText(name, job.Steps) is { } written) return written;
        foreach (var map in new[] { job?.Env, workflow?.Env })
            if (map?.Entries.FirstOrDefault(e => string.Equals(e.KeyText, name, StringComparison.OrdinalIgnoreCase))?.Value is YamlScalar s) return s.Value;
        return null;
    }

    /// <summary>A production push only on the default branch and tags, for pushes whose tags all name the run's own branch or commit.</summary>
    private static SignalCondition OnDefaultBranchOrTag() => new("tags named after the run's branch or commit", ctx =>
    {
        var reference = ctx.Lookup("github.ref").AsString();
        var defaultBranch = ctx.Lookup("github.event.repository.default_branch").AsString();
        if (reference is null || defaultBranch is null) return Truth.Unknown;
        return reference == "refs/heads/" + defaultBranch || reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? Truth.True : Truth.False;
    });

    /// <summary>For a <c>docker push</c>: the images it pushes are all branch- or commit-named (including <c>--all-tags</c> of images the job built), so it publishes production images only on the default branch.</summary>
    private static SignalCondition? ContainerPushTags(string line, WorkflowStep step, SignalContext context)
    {
        if (Regex.IsMatch(line, @"\s--all-tags\b|\s-a\b"))
        {
            var built = new List<string>();
            foreach (var earlier in (context.Job?.Steps ?? []).Where(s => s.Index < step.Index))
            {
                if (earlier.WithInput("tags") is { } t && earlier.Action is { Kind: ActionReferenceKind.Repository }) built.Add(t.Value);
                if (earlier.Run?.Value is { } r) built.AddRange(Regex.Matches(r, @"(?:docker\s+(?:buildx\s+)?build\b[^\n]*?|docker\s+tag\s+\S+)\s(?:-t\s+|--tag[ =])?(?<image>\S+:\S+)").Select(m => m.Groups["image"].Value));
            }
            return built.Count > 0 && built.All(b => BranchSpecific(b, context.Job, context.Workflow)) ? OnDefaultBranchOrTag() : null;
        }
        var images = Regex.Matches(line, @"\bpush\s+(?<image>[^\s;&|]+:[^\s;&|]+)").Select(m => m.Groups["image"].Value.Trim('"', '\'')).ToList();
        return images.Count > 0 && images.All(i => BranchSpecific(i, context.Job, context.Workflow)) ? OnDefaultBranchOrTag() : null;
    }

    private static bool FollowScript(WorkflowStep step, YamlScalar evidence, string path, SignalContext context, List<DeploySignal> signals, SourceLocation at)
    {
        if (!path.Contains('/') && !path.Contains('.')) return false; // a command on PATH, not a file of the repository
        var workingDirectory = step.Node.GetString("working-directory");
        var normalized = Normalize(workingDirectory is null || path.StartsWith('/') ? path : workingDirectory.TrimEnd('/') + "/" + path);
        if (normalized is null || context.Via.Count >= MaxDepth || context.Via.Contains(normalized)) return false;
        if (context.ReadFile(normalized) is not { } text || text.Text.Length > MaxScriptBytes) return IsDeployName(path) && AddWeak();
        var inner = new List<DeploySignal>();
        FromRun(step, evidence, text.Text, new SignalContext
        {
            Workflow = context.Workflow, Job = context.Job, ReadFile = context.ReadFile, FindAction = context.FindAction,
            Via = [.. context.Via, normalized],
        }, inner, text);
        foreach (var s in inner.Where(s => s.Strength == SignalStrength.Strong))
            signals.Add(s with { What = $"runs {normalized}, which {s.What}" , Via = context.Via });
        if (inner.Any(s => s.Strength == SignalStrength.Strong)) return true;
        return IsDeployName(path) && AddWeak();

        bool AddWeak()
        {
            signals.Add(Signal(step, evidence, context, "script", NonProduction(path)?.Target ?? DeployTarget.Production, $"runs '{Shorten(path)}'", at, true, SignalStrength.Weak));
            return true;
        }
    }

    private static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count == 0) return null; parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    private static readonly System.Collections.Frozen.FrozenSet<string> DeployWords = System.Collections.Frozen.FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [ "deploy", "deployment", "publish", "release", "ship", "upload", "push"
    ]);

    private static bool IsDeployName(string name) => Word().Matches(name).Any(w => DeployWords.Contains(w.Value));

    private static bool SaysDeploy(WorkflowStep step, SignalContext context)
    {
        static bool Deploy(string? s) => s is not null && Regex.IsMatch(s, @"deploy", RegexOptions.IgnoreCase);
        return Deploy(step.Name) || Deploy(step.Id) || Deploy(context.Job?.Id) || Deploy(context.Job?.Name);
    }

    private static bool HasSecret(WorkflowStep step, string line, SignalContext context)
    {
        if (line.Contains("secrets.", StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var env in new[] { step.Env, context.Job?.Env, context.Workflow?.Env })
        {
            if (env is null) continue;
            foreach (var e in env.Entries)
                if (e.Value is YamlScalar v && v.Value.Contains("secrets.", StringComparison.OrdinalIgnoreCase) && line.Contains("$" + e.KeyText, StringComparison.Ordinal)
                    || e.Value is YamlScalar v2 && v2.Value.Contains("secrets.", StringComparison.OrdinalIgnoreCase) && line.Contains("${" + e.KeyText, StringComparison.Ordinal))
                    return true;
        }
        return false;
    }

    private static string Shorten(string text)
    {
        text = Regex.Replace(text, @"\s+", " ").Trim();
        return text.Length <= 90 ? text : text[..87] + "...";
    }

    private static DeploySignal Signal(WorkflowStep step, YamlScalar evidence, SignalContext context, string kind, DeployTarget target, string what, SourceLocation at, bool mutable, SignalStrength strength) => new()
    {
        Kind = kind,
        Target = target,
        What = what,
        Location = at,
        Mutable = mutable,
        Strength = strength,
        Step = step,
        Evidence = evidence,
        Via = context.Via,
    };

    private static void FromAction(WorkflowStep step, ActionReference action, SignalContext context, List<DeploySignal> signals)
    {
        var uses = step.Uses!;
        var at = uses.LocateText(uses.Value.Trim());
        if (action.Kind == ActionReferenceKind.Local)
        {
            var path = Normalize(action.Path);
            if (path is null || context.Via.Count >= MaxDepth || context.Via.Contains("./" + path) || context.Via.Contains("$/" + path) || context.FindAction(path) is not { } local || !local.IsComposite) return;
            var inner = new SignalContext
            {
                Workflow = null, Job = context.Job, ReadFile = context.ReadFile, FindAction = context.FindAction,
                Via = [.. context.Via, (action.SelfRepository ? "$/" : "./") + path],
            };
            // What the call passes says where the action deploys (secrets.STAGING_…, environment: staging).
            var passed = string.Join(" ", (step.With?.Entries ?? []).Select(e => (e.Value as YamlScalar)?.Value ?? ""));
            var callTarget = NonProduction(passed);
            foreach (var s in local.Steps)
            {
                var innerIf = s.If is null ? null : WorkflowConditions.Parse(s.If);
                foreach (var signal in ForStep(s, inner))
                {
                    var own = signal.Condition;
                    SignalCondition? condition = innerIf is null && own is null ? null : new SignalCondition(
                        innerIf is null ? own!.Describe : $"'if: {Shorten(s.If!.Value)}' in {path}",
                        ctx =>
                        {
                            var bound = new StepContext(new CompositeContext(ctx, step, local), local.Steps, s, []);
                            var t = innerIf is null ? Truth.True : ExpressionEvaluator.Condition(innerIf, bound);
                            return And(t, own?.Evaluate(bound) ?? Truth.True);
                        });
                    // A step the call's own inputs switch off (production: false) deploys nothing through this call.
                    if (condition is not null && condition.Evaluate(UnknownContext.Instance) == Truth.False) continue;
                    var result = signal with { Step = step, Evidence = uses, Condition = condition };
                    if (callTarget is { } t2 && result.Target == DeployTarget.Production)
                        result = result with { Target = t2.Target, NotProductionBecause = $"the call passes {t2.Why}" };
                    signals.Add(result);
                }
            }
            return;
        }
        if (action.Kind != ActionReferenceKind.Repository) return;
        var name = action.Path.Length > 0 ? $"{action.OwnerRepo}/{action.Path}" : action.OwnerRepo;
        var lower = name.ToLowerInvariant();
        DeploySignal Make(string kind, DeployTarget target, bool mutable, string? why = null, SignalCondition? condition = null, string? detail = null) => new()
        {
            Kind = kind, Target = target, NotProductionBecause = why, What = $"uses {name}{detail}", Location = at, Mutable = mutable,
            Condition = condition, Step = step, Evidence = uses, Via = context.Via,
        };
        string Input(string key) => step.WithInput(key)?.Value ?? "";
        bool IsTrue(string key) => step.WithInput(key) is { } v && v.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);

        switch (lower)
        {
            case var _ when action.Owner.Equals("superfly", StringComparison.OrdinalIgnoreCase):
            {
                if (action.Repo.Equals("flyctl-actions", StringComparison.OrdinalIgnoreCase) && action.Path.Length == 0)
                {
                    var args = Input("args");
                    if (Regex.IsMatch(args, @"(^|\s)deploy\b"))
                        signals.Add(Make("fly", NonProduction(args)?.Target ?? DeployTarget.Production, true, NonProduction(args)?.Why, detail: $" with 'args: {Shorten(args)}'") with { Command = "flyctl " + args.Trim(), Evidence = step.WithInput("args")! });
                    return;
                }
                if (lower.Contains("setup")) return;
                if (lower.Contains("review-app") || lower.Contains("pr-review")) signals.Add(Make("fly", DeployTarget.Preview, true, "a pull-request review app"));
                else if (lower.Contains("deploy")) signals.Add(Make("fly", DeployTarget.Production, true));
                return;
            }
            case "amondnet/vercel-action":
            {
                var args = Input("vercel-args");
                signals.Add(Regex.IsMatch(args, @"--prod\b") ? Make("vercel", DeployTarget.Production, true) : Make("vercel", DeployTarget.Preview, true, "no --prod in vercel-args: a preview deploy"));
                return;
            }
            case "nwtgck/actions-netlify":
            {
                var input = step.WithInput("production-deploy");
                if (input is null || input.Value.Trim() == "false") signals.Add(Make("netlify", DeployTarget.Preview, true, "production-deploy is not set: a preview deploy"));
                else signals.Add(Make("netlify", DeployTarget.Production, true, condition: BooleanInput(input, "production-deploy")));
                return;
            }
            case "netlify/actions/cli":
            {
                var args = Input("args");
                if (!Regex.IsMatch(args, @"\bdeploy\b")) return;
                var judged = ProdFlag(args);
                signals.Add(Make("netlify", judged!.Value.Item1, true, judged.Value.Item2));
                return;
            }
            case "cloudflare/wrangler-action":
            {
                var command = Input("command");
                if (command.Length > 0 && !Regex.IsMatch(command, @"\b(deploy|publish)\b")) return;
                var environment = Input("environment") + " " + command;
                signals.Add(NonProduction(environment) is { } w ? Make("cloud", w.Target, true, w.Why) : Make("cloud", DeployTarget.Production, true));
                return;
            }
            case "cloudflare/pages-action":
            {
                var branch = Input("branch");
                signals.Add(branch.Length > 0 && NonProduction(branch) is { } w ? Make("pages", w.Target, true, w.Why) : Make("pages", DeployTarget.Production, true));
                return;
            }
            case "firebaseextended/action-hosting-deploy":
            {
                var channel = Input("channelId");
                signals.Add(channel.Trim() == "live" ? Make("pages", DeployTarget.Production, true) : Make("pages", DeployTarget.Preview, true, "a preview channel (channelId is not 'live')"));
                return;
            }
            case "actions/deploy-pages" or "peaceiris/actions-gh-pages" or "jamesives/github-pages-deploy-action" or "crazy-max/ghaction-github-pages":
            {
                // Publishing into a folder named after the release (destination_dir: ${{ tag }}) adds a version; the site itself is not replaced.
                var folder = Input("destination_dir") + Input("target-folder") + Input("target_dir");
                var versioned = Regex.IsMatch(folder, @"\$\{\{[^}]*(?:tag|version|ref_name|release)[^}]*\}\}", RegexOptions.IgnoreCase);
                signals.Add(Make("pages", DeployTarget.Production, !versioned));
                return;
            }
            case "google-github-actions/deploy-cloudrun" or "google-github-actions/deploy-appengine" or "google-github-actions/deploy-cloud-functions"
                or "aws-actions/amazon-ecs-deploy-task-definition" or "aws-actions/aws-cloudformation-github-deploy" or "azure/webapps-deploy"
                or "azure/functions-action" or "azure/k8s-deploy" or "azure/container-apps-deploy-action" or "azure/static-web-apps-deploy":
            {
                var words = string.Join(" ", (step.With?.Entries ?? []).Where(e => e.KeyText is "service" or "slot-name" or "app-name" or "namespace" or "environment" or "cluster" or "deployment_environment" or "containerAppName")
                    .Select(e => (e.Value as YamlScalar)?.Value ?? ""));
                signals.Add(NonProduction(words) is { } w ? Make("cloud", w.Target, true, w.Why) : Make("cloud", DeployTarget.Production, true));
                return;
            }
            case "pypa/gh-action-pypi-publish":
            {
                var url = Input("repository-url") + Input("repository_url");
                signals.Add(NonProduction(url) is { } w ? Make("pypi", w.Target, false, w.Why) : Make("pypi", DeployTarget.Production, false));
                return;
            }
            case "js-devtools/npm-publish":
                signals.Add(Make("npm", DeployTarget.Production, false));
                return;
            case "changesets/action/publish":
                signals.Add(Make("npm", DeployTarget.Production, false));
                return;
            case "changesets/action":
                if (Input("publish").Trim().Length > 0) signals.Add(Make("npm", DeployTarget.Production, false, detail: $" with 'publish: {Shorten(Input("publish"))}'"));
                return;
            case "rust-lang/crates-io-auth-action":
                signals.Add(Make("crates", DeployTarget.Production, false, detail: " (a crates.io publish token)"));
                return;
            case "helm/chart-releaser-action":
                signals.Add(Make("helm", DeployTarget.Production, true));
                return;
            case "goreleaser/goreleaser-action":
            {
                if (IsTrue("install-only")) return;
                var args = Input("args");
                if (!Regex.IsMatch(args, @"\brelease\b") || Regex.IsMatch(args, @"--snapshot|--skip[=-]publish|--skip=\S*publish")) return;
                signals.Add(Make("release", DeployTarget.Production, false, detail: $" with 'args: {Shorten(args)}'"));
                return;
            }
            case "cycjimmy/semantic-release-action":
                if (!IsTrue("dry_run")) signals.Add(Make("release", DeployTarget.Production, false));
                return;
            case "softprops/action-gh-release" or "ncipollo/release-action" or "actions/create-release" or "svenstaro/upload-release-action" or "marvinpinto/action-automatic-releases":
            {
                var draft = step.WithInput("draft");
                if (draft is not null && draft.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)) signals.Add(Make("release", DeployTarget.Draft, false, "a draft release"));
                else signals.Add(Make("release", DeployTarget.Production, false));
                return;
            }
            case "actions/upload-release-asset":
            {
                var draftRelease = context.Workflow?.Jobs.SelectMany(j => j.Steps).Any(s => s.UsesAction("actions/create-release") && s.WithInput("draft")?.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) == true) == true;
                signals.Add(draftRelease ? Make("release", DeployTarget.Draft, false, "uploads to a draft release") : Make("release", DeployTarget.Production, false));
                return;
            }
            case "docker/build-push-action" or "depot/build-push-action" or "useblacksmith/build-push-action" or "docker/bake-action" or "redhat-actions/push-to-registry" or "redhat-actions/buildah-build":
            {
                if (lower == "redhat-actions/buildah-build") return;
                if (lower == "redhat-actions/push-to-registry") { signals.Add(Make("container", DeployTarget.Production, true)); return; }
                var push = step.WithInput("push");
                var outputs = Input("outputs");
                var pushesByOutput = Regex.IsMatch(outputs, @"push=true|type=registry");
                if (push is null || push.Value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) || push.Value.Trim().Length == 0)
                {
                    if (!pushesByOutput) return;
                    // A push by digest moves no tag (a later job names the manifest), so runs cannot overwrite each other.
                    signals.Add(Make("container", DeployTarget.Production, !outputs.Contains("push-by-digest=true", StringComparison.Ordinal), detail: " (outputs: push=true)"));
                    return;
                }
                var tags = ContainerTags.Condition(step, context)
                    ?? (BranchSpecific(Input("tags"), context.Job, context.Workflow) ? OnDefaultBranchOrTag() : null);
                var pushCondition = push.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ? null : BooleanInput(push, "push");
                var condition = Both(pushCondition, tags);
                var words = NonProduction(Input("tags"));
                // Tags that all name the commit (app:${{ github.sha }}, app:main-${{ github.sha }}) are written once per build:
                // a racing run cannot overwrite them, so the push only adds.
                var moves = !CommitTagsOnly(Input("tags"));
                signals.Add(words is { } w ? Make("container", w.Target, moves, w.Why) : Make("container", DeployTarget.Production, moves, condition: condition, detail: pushCondition is null ? " with 'push: true'" : $" with 'push: {Shorten(push.Value)}'"));
                return;
            }
        }
    }

    [GeneratedRegex(@"\$\{\{\s*github\.(?:sha|event\.pull_request\.head\.sha|event\.after)\s*\}\}|\$\{?GITHUB_SHA\b", RegexOptions.CultureInvariant)]
    private static partial Regex CommitReference();

    /// <summary>Whether every tag of a <c>tags:</c> input (lines or commas) holds the commit SHA.</summary>
    private static bool CommitTagsOnly(string tags)
    {
        var list = tags.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return list.Length is > 0 and <= 64 && list.All(t => CommitReference().IsMatch(t));
    }

    private static SignalCondition? Both(SignalCondition? a, SignalCondition? b) =>
        a is null ? b : b is null ? a : new SignalCondition($"{a.Describe} and {b.Describe}", ctx => And(a.Evaluate(ctx), b.Evaluate(ctx)));

    /// <summary>Three-valued and.</summary>
    public static Truth And(Truth a, Truth b) => a == Truth.False || b == Truth.False ? Truth.False : a == Truth.True && b == Truth.True ? Truth.True : Truth.Unknown;

    /// <summary>Three-valued or.</summary>
    public static Truth Or(Truth a, Truth b) => a == Truth.True || b == Truth.True ? Truth.True : a == Truth.False && b == Truth.False ? Truth.False : Truth.Unknown;

    private static SignalCondition BooleanInput(YamlScalar input, string key) =>
        new($"'{key}: {Shorten(input.Value)}'", ctx => ExpressionEvaluator.Value(input.Value, ctx) switch
        {
            { Kind: ValueKind.String } s => s.Text!.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ? Truth.True : s.Text.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) || s.Text.Trim().Length == 0 ? Truth.False : Truth.Unknown,
            var v => v.Truthiness,
        });
}
