using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>The write scopes a step could use with the job's <c>GITHUB_TOKEN</c>.</summary>
public sealed class ScopeUse
{
    private ScopeUse(bool any, IReadOnlySet<string> scopes, string why)
    {
        Any = any;
        Scopes = scopes;
        Why = why;
    }

    /// <summary>True when the step could use any scope (an API client, an unknown action, a script handed the token).</summary>
    public bool Any { get; }
    /// <summary>The write scopes it could use (when not <see cref="Any"/>).</summary>
    public IReadOnlySet<string> Scopes { get; }
    /// <summary>Why, for messages and tests ("runs 'git push'", "uses softprops/action-gh-release").</summary>
    public string Why { get; }

    /// <summary>No write scope.</summary>
    public static ScopeUse None { get; } = new(false, new HashSet<string>(), "");

    /// <summary>Could use every scope.</summary>
    public static ScopeUse All(string why) => new(true, new HashSet<string>(), why);

    /// <summary>Could use exactly these scopes.</summary>
    public static ScopeUse Of(string why, params string[] scopes) => new(false, new HashSet<string>(scopes, StringComparer.Ordinal), why);

    /// <summary>True when <paramref name="scope"/> could be used.</summary>
    public bool Covers(string scope) => Any || Scopes.Contains(scope);
}

/// <summary>
/// The scope table of the <c>GITHUB_TOKEN</c>: which write scope each kind of step needs. <c>contents: write</c>
/// only for pushes, tags and releases; <c>packages: write</c> for pushing images or packages to GitHub Packages;
/// <c>id-token: write</c> only for OIDC (cloud logins, trusted publishing, signing, attestations);
/// <c>pages: write</c> for Pages deployments; <c>issues</c>/<c>pull-requests</c>/<c>discussions: write</c> for
/// comments, labels and posts; <c>actions: write</c> for dispatching, cancelling or re-running workflows;
/// <c>security-events: write</c> for uploading code-scanning results; <c>checks</c>/<c>statuses: write</c> for
/// reporting results. A step that talks to the API in general (<c>gh api</c>, <c>actions/github-script</c>, a
/// script given the token) or an action not in the table could use any scope.
/// </summary>
public static partial class TokenScopes
{
    /// <summary>Actions whose token use is known: owner/repo (or owner/repo/path) → write scopes. Empty: none.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> KnownActions = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["actions/checkout"] = [],
        ["actions/cache"] = ["actions"], // overwriting or deleting cache entries
        ["actions/cache/restore"] = [],
        ["actions/cache/save"] = ["actions"],
        ["actions/upload-artifact"] = [],
        ["actions/download-artifact"] = [],
        ["actions/upload-pages-artifact"] = [],
        ["actions/dependency-review-action"] = [],
        ["actions/configure-pages"] = ["pages"],
        ["actions/deploy-pages"] = ["pages", "id-token"],
        ["actions/create-release"] = ["contents"],
        ["actions/upload-release-asset"] = ["contents"],
        ["actions/stale"] = ["issues", "pull-requests", "actions", "contents"], // its state cache; delete-branch
        ["actions/labeler"] = ["pull-requests", "issues"],
        ["actions/first-interaction"] = ["issues", "pull-requests"],
        ["actions/attest-build-provenance"] = ["id-token", "attestations", "artifact-metadata"],
        ["actions/attest"] = ["id-token", "attestations", "artifact-metadata"],
        ["actions/attest-sbom"] = ["id-token", "attestations", "artifact-metadata"],
        ["actions/delete-package-versions"] = ["packages"],
        ["actions/publish-action"] = ["contents", "packages", "id-token"],
        ["actions/publish-immutable-action"] = ["contents", "packages", "id-token", "attestations"],
        ["github/codeql-action/init"] = ["security-events"],
        ["github/codeql-action/analyze"] = ["security-events"],
        ["github/codeql-action/autobuild"] = [],
        ["github/codeql-action/upload-sarif"] = ["security-events"],
        ["docker/login-action"] = ["packages"], // only when it logs in with the job token (see For)
        ["docker/build-push-action"] = [], // pushes with the credentials a login step stored
        ["docker/bake-action"] = [],
        ["depot/build-push-action"] = [],
        ["depot/setup-action"] = [],
        ["docker/setup-buildx-action"] = [],
        ["docker/setup-qemu-action"] = [],
        ["docker/metadata-action"] = [],
        ["superfly/flyctl-actions/setup-flyctl"] = [],
        ["softprops/action-gh-release"] = ["contents"],
        ["ncipollo/release-action"] = ["contents"],
        ["svenstaro/upload-release-action"] = ["contents"],
        ["peter-evans/create-pull-request"] = ["contents", "pull-requests"],
        ["peter-evans/create-or-update-comment"] = ["issues", "pull-requests"],
        ["peter-evans/find-comment"] = [],
        ["marocchino/sticky-pull-request-comment"] = ["pull-requests", "issues"],
        ["thollander/actions-comment-pull-request"] = ["pull-requests", "issues"],
        ["stefanzweifel/git-auto-commit-action"] = ["contents"],
        ["EndBug/add-and-commit"] = ["contents"],
        ["ad-m/github-push-action"] = ["contents"],
        ["googleapis/release-please-action"] = ["contents", "pull-requests", "issues"],
        ["google-github-actions/release-please-action"] = ["contents", "pull-requests", "issues"],
        ["changesets/action"] = ["contents", "pull-requests"],
        ["JamesIves/github-pages-deploy-action"] = ["contents"],
        ["peaceiris/actions-gh-pages"] = ["contents"],
        ["aws-actions/configure-aws-credentials"] = ["id-token"],
        ["google-github-actions/auth"] = ["id-token"],
        ["azure/login"] = ["id-token"],
        ["pypa/gh-action-pypi-publish"] = ["id-token"],
        ["rust-lang/crates-io-auth-action"] = ["id-token"],
        ["codecov/codecov-action"] = ["id-token"],
        ["sigstore/cosign-installer"] = [],
        ["Swatinem/rust-cache"] = [],
        ["dtolnay/rust-toolchain"] = [],
        ["pnpm/action-setup"] = [],
        ["astral-sh/setup-uv"] = [],
        ["oven-sh/setup-bun"] = [],
        ["denoland/setup-deno"] = [],
        ["ruby/setup-ruby"] = [],
        ["hashicorp/setup-terraform"] = [],
        ["taiki-e/install-action"] = [],
        ["jdx/mise-action"] = [],
        ["Homebrew/actions/setup-homebrew"] = [],
        ["goreleaser/goreleaser-action"] = ["contents", "packages", "id-token", "attestations"],
        ["dorny/paths-filter"] = [],
        ["tj-actions/changed-files"] = [],
    };

    /// <summary>What each write scope is for, for messages.</summary>
    public static readonly IReadOnlyDictionary<string, string> Purpose = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["actions"] = "dispatching, cancelling or re-running workflows",
        ["artifact-metadata"] = "recording artifact metadata",
        ["attestations"] = "writing artifact attestations",
        ["checks"] = "creating check runs",
        ["code-quality"] = "uploading code-quality results",
        ["contents"] = "pushing commits or tags and creating releases",
        ["deployments"] = "creating deployments and deployment statuses",
        ["discussions"] = "posting to discussions",
        ["id-token"] = "requesting OIDC tokens (cloud logins, trusted publishing, keyless signing)",
        ["issues"] = "commenting on or labelling issues",
        ["packages"] = "pushing images or packages to GitHub Packages",
        ["pages"] = "deploying GitHub Pages",
        ["pull-requests"] = "commenting on, labelling or merging pull requests",
        ["repository-projects"] = "changing classic projects",
        ["security-events"] = "uploading code-scanning results",
        ["statuses"] = "setting commit statuses",
    };

    private static readonly IReadOnlyList<(Regex Pattern, string[] Scopes, string What)> Commands =
    [
        (GitPush(), ["contents"], "git push"),
        (new Regex(@"\bgh\s+release\b", RegexOptions.CultureInvariant), ["contents"], "gh release"),
        (new Regex(@"\bmike\s+(?:deploy|set-default|alias|delete|retitle)\b[^\n]*(?:\s--push\b|\s-p\b)|\bmkdocs\s+gh-deploy\b|\bghp-import\b[^\n]*(?:\s--push\b|\s-p\b)|\bgh-pages\s+(?:-d|--dist)\b|\bcr\s+(?:upload|index)\b", RegexOptions.CultureInvariant), ["contents"], "push to a Pages branch"),
        (new Regex(@"\bgh\s+pr\s+(?:create|merge|edit|comment|review|close|reopen|ready|lock|unlock)\b", RegexOptions.CultureInvariant), ["pull-requests", "contents", "issues"], "gh pr"),
        (new Regex(@"\bgh\s+(?:issue|label)\b", RegexOptions.CultureInvariant), ["issues", "pull-requests"], "gh issue"),
        (new Regex(@"\bgh\s+(?:workflow|run|cache)\b", RegexOptions.CultureInvariant), ["actions"], "gh workflow/run/cache"),
        (new Regex(@"\bgh\s+attestation\b", RegexOptions.CultureInvariant), ["attestations", "id-token"], "gh attestation"),
        (new Regex(@"\bdocker\s+(?:image\s+)?push\b|\bdocker\s+(?:buildx\s+)?(?:build|bake)\b[^\n]*--push\b|\bdocker\s+login\s+[^\n]*ghcr\.io|\bdocker\s+manifest\s+push\b|\bcrane\s+(?:push|copy|cp)\b|\bskopeo\s+copy\b|\boras\s+push\b|\bhelm\s+push\b", RegexOptions.CultureInvariant), ["packages"], "push to a registry"),
        (new Regex(@"\b(?:npm|pnpm|yarn|bun)\s+(?:npm\s+)?publish\b|\bchangeset\s+publish\b|\bnpx\s+(?:-y\s+)?(?:lerna|changeset)\s+publish\b", RegexOptions.CultureInvariant), ["packages", "id-token"], "publish a package"),
        (new Regex(@"\b(?:uv|poetry|hatch|flit|maturin|twine|cargo|gem|dotnet\s+nuget)\s+(?:publish|upload|push)\b", RegexOptions.CultureInvariant), ["packages", "id-token"], "publish a package"),
        (new Regex(@"ACTIONS_ID_TOKEN_REQUEST|\bcosign\s+(?:sign|attest)\b|\bsigstore\b|--provenance\b", RegexOptions.CultureInvariant), ["id-token"], "request an OIDC token"),
        (new Regex(@"\b(?:gh\s+api|gh\s+repo|gh\s+secret|gh\s+variable|gh\s+project|semantic-release|release-it|goreleaser|changelogithub|octokit|hub\s+)|api\.github\.com|GITHUB_API_URL|GITHUB_GRAPHQL_URL|graphql", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase), [], "call the GitHub API"),
    ];

    /// <summary>True when <paramref name="text"/> calls the GitHub API in general (<c>gh api</c>, <c>semantic-release</c>, <c>curl</c> to <c>api.github.com</c>…), which could use any scope.</summary>
    public static bool CallsApi(string text) => Commands[^1].Pattern.IsMatch(text);

    /// <summary>True when <paramref name="text"/> requests an OIDC token on purpose (<c>ACTIONS_ID_TOKEN_REQUEST_*</c>, keyless <c>cosign</c>, <c>--provenance</c>).</summary>
    public static bool RequestsOidc(string text) => Commands[^2].Pattern.IsMatch(text);

    [GeneratedRegex(@"\bgit\s+(?:-c\s+\S+\s+)*push\b|\bgit\s+tag\b[^\n]*&&[^\n]*\bpush\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitPush();

    /// <summary>The write scopes <paramref name="step"/> of <paramref name="job"/> could use.</summary>
    public static ScopeUse For(WorkflowFile workflow, WorkflowJob job, WorkflowStep step)
    {
        if (step.Action is { } action)
        {
            if (action.Kind == ActionReferenceKind.Local) return ScopeUse.All($"uses the local action {action.Path}");
            if (action.Kind != ActionReferenceKind.Repository) return ScopeUse.All($"uses '{action.Raw}'");
            var full = action.Path.Length > 0 ? $"{action.OwnerRepo}/{action.Path}" : action.OwnerRepo;
            if (full.Equals("docker/login-action", StringComparison.OrdinalIgnoreCase))
                return ReferencesToken(step.WithInput("password")?.Value) ? ScopeUse.Of($"uses {full} with the job token", "packages") : ScopeUse.Of($"uses {full} with another credential");
            if (KnownActions.TryGetValue(full, out var scopes) || KnownActions.TryGetValue(action.OwnerRepo, out scopes))
                return ScopeUse.Of($"uses {full}", scopes);
            if (action.Owner.Equals("actions", StringComparison.OrdinalIgnoreCase) && action.Repo.StartsWith("setup-", StringComparison.OrdinalIgnoreCase))
                return ScopeUse.Of($"uses {full}");
            return ScopeUse.All($"uses {full}, which may call the API with the token");
        }
        if (step.Run is not { } run) return ScopeUse.None;
        var text = run.Value;
        if (HandsOverToken(workflow, job, step))
            return ScopeUse.All("gets the token");
        // The OIDC request token is in every step's environment when id-token: write is granted, so any program may use it.
        var found = new HashSet<string>(StringComparer.Ordinal) { "id-token" };
        var whats = new List<string> { "a program that may request an OIDC token" };
        foreach (var (pattern, scopes, what) in Commands)
        {
            if (!pattern.IsMatch(text)) continue;
            if (scopes.Length == 0) return ScopeUse.All($"runs '{what}'");
            found.UnionWith(scopes);
            whats.Add(what);
        }
        return ScopeUse.Of("runs " + string.Join(", ", whats.Distinct()), [.. found]);
    }

    /// <summary>True when the step is handed the token: <c>${{ secrets.GITHUB_TOKEN }}</c> or <c>${{ github.token }}</c> in its run, env or inputs, or a token variable in the job or workflow env.</summary>
    public static bool HandsOverToken(WorkflowFile workflow, WorkflowJob job, WorkflowStep step)
    {
        if (ReferencesToken(step.Run?.Value) || ReferencesToken(step.Node)) return true;
        foreach (var env in new[] { job.Env, workflow.Env })
        {
            if (env is null) continue;
            foreach (var e in env.Entries)
                if (ReferencesToken((e.Value as YamlScalar)?.Value)) return true; // every step of the job sees it
        }
        return false;
    }

    private static bool ReferencesToken(YamlNode node)
    {
        var stack = new Stack<YamlNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case YamlScalar s when ReferencesToken(s.Value): return true;
                case YamlMapping m: foreach (var e in m.Entries) stack.Push(e.Value); break;
                case YamlSequence q: foreach (var i in q.Items) stack.Push(i); break;
            }
        }
        return false;
    }

    /// <summary>True when the text expands <c>secrets.GITHUB_TOKEN</c> or <c>github.token</c>.</summary>
    public static bool ReferencesToken(string? text)
    {
        foreach (var e in ExpressionTemplate.Scan(text))
        {
            if (e.Node is null)
            {
                if (e.Text.Contains("GITHUB_TOKEN", StringComparison.OrdinalIgnoreCase) || e.Text.Contains("github.token", StringComparison.OrdinalIgnoreCase)) return true;
                continue;
            }
            if (e.Node.DescendantsAndSelf().Any(n => n.ContextPath() is "secrets.github_token" or "github.token")) return true;
        }
        return false;
    }
}
