using ReleaseLint.Inputs.Files;

namespace ReleaseLint.Policy;

/// <summary>Protection that policy requires on one branch.</summary>
public sealed record BranchProtectionPolicy
{
    /// <summary>Required approving reviews.</summary>
    public int Approvals { get; init; } = 1;
    /// <summary>Status-check contexts that must be required (empty: at least one, any).</summary>
    public IReadOnlyList<string> StatusChecks { get; init; } = [];
    /// <summary>Whether status checks must be strict (branch up to date before merging).</summary>
    public bool Strict { get; init; }
    /// <summary>Whether stale approvals must be dismissed on new commits.</summary>
    public bool DismissStaleReviews { get; init; }
    /// <summary>Whether code-owner review is required.</summary>
    public bool CodeOwnerReviews { get; init; }
    /// <summary>Whether rules must apply to admins (no bypass).</summary>
    public bool EnforceAdmins { get; init; }
    /// <summary>Whether status checks are required at all.</summary>
    public bool RequireStatusChecks { get; init; }
    /// <summary>Whether force pushes may be allowed.</summary>
    public bool AllowForcePushes { get; init; }
    /// <summary>Whether the branch may be deleted.</summary>
    public bool AllowDeletions { get; init; }
}

/// <summary>
/// The effective release policy: the defaults of the live-branch operations guide (POLICY.md) with the
/// repository's <c>.releaselint.yml</c> merged over them. Immutable; shared by all rules.
/// </summary>
public sealed record ReleasePolicy
{
    /// <summary>The integration branch (<c>main</c>).</summary>
    public string IntegrationBranch { get; init; } = "main";
    /// <summary>The release branch (<c>live</c>).</summary>
    public string ReleaseBranch { get; init; } = "live";
    /// <summary>The release-candidate branch pattern (<c>release/{date}[-{n}]</c>).</summary>
    public string ReleaseCandidatePattern { get; init; } = "release/{date}[-{n}]";
    /// <summary>The release tag format (<c>v{yyyy}.{MM}.{dd}[.{n}]</c>).</summary>
    public string TagFormat { get; init; } = "v{yyyy}.{MM}.{dd}[.{n}]";
    /// <summary>The parsed <see cref="TagFormat"/> (the default format when it does not parse; RL0001 reports that).</summary>
    public Policy.TagFormat TagFormatOrDefault => Policy.TagFormat.Cached(TagFormat) ?? Policy.TagFormat.DefaultTags;
    /// <summary>The parsed <see cref="ReleaseCandidatePattern"/> (the default pattern when it does not parse).</summary>
    public Policy.TagFormat CandidateFormatOrDefault => Policy.TagFormat.Cached(ReleaseCandidatePattern) ?? Policy.TagFormat.DefaultReleaseCandidates;
    /// <summary>Whether release tags must be annotated.</summary>
    public bool TagsAnnotated { get; init; } = true;
    /// <summary>Days a tag's name date may differ from its tagger date.</summary>
    public int TagDateToleranceDays { get; init; } = 1;
    /// <summary>Configured deploy workflows (paths).</summary>
    public IReadOnlyList<string> DeployWorkflows { get; init; } = [".github/workflows/fly-deploy.yml"];
    /// <summary>Workflows that must run on pushes to the integration branch and offer <c>workflow_dispatch</c>.</summary>
    public IReadOnlyList<string> IntegrationWorkflows { get; init; } = [".github/workflows/discussion-summary.yml"];
    /// <summary>Action owners (globs over <c>owner/repo</c>) that may use version tags.</summary>
    public IReadOnlyList<string> AllowUnpinnedActions { get; init; } = ["actions/*", "github/*"];
    /// <summary>Protection required on the release branch.</summary>
    public BranchProtectionPolicy ReleaseProtection { get; init; } = new()
    {
        Approvals = 1, DismissStaleReviews = true, RequireStatusChecks = true, EnforceAdmins = true,
    };
    /// <summary>Protection required on the integration branch (the guide asks for reviewed pull requests and no force pushes; deletion is left to GitHub, which never deletes the default branch).</summary>
    public BranchProtectionPolicy IntegrationProtection { get; init; } = new() { Approvals = 1, AllowDeletions = true };
    /// <summary>The release operations guide.</summary>
    public string Guide { get; init; } = "docs/communications/live-branch.md";
    /// <summary>Headings the guide must have.</summary>
    public IReadOnlyList<string> GuideSections { get; init; } =
        ["Purpose of the `live` branch", "Promotion workflow to Fly.io", "Rollback strategy", "Expectations for contributors"];
    /// <summary>Markdown files not linted (globs).</summary>
    public IReadOnlyList<string> DocsIgnore { get; init; } = [];
    /// <summary>Markdown files under test folders (test inputs, not judged by the link rules by default) that are judged all the same (globs).</summary>
    public IReadOnlyList<string> DocsInclude { get; init; } = [];
    /// <summary>Whether links that work on the repository's docs site but not on GitHub are reported (as notes) for pages that are also read on GitHub.</summary>
    public bool DocsGitHubCompat { get; init; }
    /// <summary>Discussion post paths (globs).</summary>
    public IReadOnlyList<string> DiscussionPaths { get; init; } = ["docs/discussions/**/*.md", ".github/discussions/**/*.md"];
    /// <summary>Fields of the deployment update template.</summary>
    public IReadOnlyList<string> DiscussionFields { get; init; } =
        ["Deployed commit/tag", "Fly.io release ID", "Validation", "Rollback status", "Runbook updates"];
    /// <summary>Discussion category of deployment posts, when configured.</summary>
    public string? DiscussionCategory { get; init; }
    /// <summary>Paths not linted at all (globs), in addition to <c>.gitignore</c>.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = ["node_modules/", "vendor/"];
    /// <summary>Severity overrides keyed by rule id or name.</summary>
    public IReadOnlyDictionary<string, Severity> RuleSeverities { get; init; } = new Dictionary<string, Severity>();
    /// <summary>The custom rules folder, when configured.</summary>
    public string? CustomRules { get; init; }
    /// <summary>Files larger than this are not linted.</summary>
    public long MaxFileBytes { get; init; } = 2 * 1024 * 1024;
    /// <summary>Deepest YAML nesting accepted.</summary>
    public int YamlMaxDepth { get; init; } = 128;
    /// <summary>Most nodes YAML aliases may add.</summary>
    public long YamlMaxAliasExpansion { get; init; } = 100_000;
    /// <summary>Per-rule time-out.</summary>
    public TimeSpan RuleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where each configured key is written (dotted key → location), for findings about requirements.</summary>
    public IReadOnlyDictionary<string, SourceLocation> KeyLocations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>The configuration file the policy was read from (repository-relative), or null for pure defaults.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The effective severity of <paramref name="rule"/>: a configured override by id or name, else its default.</summary>
    public Severity SeverityOf(RuleDescriptor rule)
    {
        foreach (var (key, severity) in RuleSeverities)
            if (rule.Matches(key)) return severity;
        return rule.DefaultSeverity;
    }

    /// <summary>Whether <c>owner/repo</c> may be referenced by a version tag.</summary>
    public bool IsUnpinnedAllowed(string ownerRepo) =>
        AllowUnpinnedActions.Any(g => Glob.Get(g.Contains('/') ? g : g + "/*").IsExactMatch(ownerRepo));
}
