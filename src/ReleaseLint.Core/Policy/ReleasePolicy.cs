using ReleaseLint.Inputs.Files;
using ReleaseLint.Patterns;

namespace ReleaseLint.Policy;

/// <summary>Protection that policy requires on one branch.</summary>
public sealed record BranchProtectionPolicy
{
    /// <summary>Required approving reviews.</summary>
    public int Approvals { get; init; }
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
/// The effective release policy: the default policy (<c>rules/default-policy.yml</c>, embedded: the live-branch
/// operations guide written as a configuration) with the repository's <c>.releaselint.yml</c> merged over it.
/// Immutable; shared by all rules. <c>new ReleasePolicy()</c> is the default policy.
/// </summary>
public sealed record ReleasePolicy
{
    /// <summary>The default policy (read once from the embedded <c>default-policy.yml</c>).</summary>
    public ReleasePolicy() : this(DefaultPolicy.Value) { }

    /// <summary>An empty policy (no branches, no lists): what the default policy file is applied to.</summary>
    private ReleasePolicy(bool empty)
    {
        _ = empty;
        IntegrationBranch = ReleaseBranch = Guide = "";
        TagFormat = null!; // the default policy file always sets both (LoadDefaults parses them)
        ReleaseCandidatePattern = null!;
        DeployWorkflows = DeployJobs = DeployIgnore = GuideDeployWorkflows = IntegrationWorkflows = AllowUnpinnedActions = GuideSections = DocsIgnore = DocsInclude = DiscussionPaths = DiscussionFields = Ignore = [];
        ReleaseProtection = IntegrationProtection = new BranchProtectionPolicy();
    }

    /// <summary>The policy with nothing set, for <see cref="PolicyLoader"/> to apply the default policy file to.</summary>
    internal static ReleasePolicy Empty() => new(empty: true);

    // The type initializer runs on first use of the default policy, not when ReleasePolicy is first touched.
    private static class DefaultPolicy
    {
        public static readonly ReleasePolicy Value = PolicyLoader.LoadDefaults();
    }

    /// <summary>The integration branch (<c>main</c>).</summary>
    public string IntegrationBranch { get; init; }
    /// <summary>The release branch (<c>live</c>).</summary>
    public string ReleaseBranch { get; init; }
    /// <summary>The release-candidate branch pattern (<c>release/{date}[-{n}]</c>), parsed when the policy is loaded (a pattern that does not parse is RL0001 and the default is used).</summary>
    public NameFormat ReleaseCandidatePattern { get; init; }
    /// <summary>
    /// The release tag families (<c>tags.format</c>: one format such as <c>v{yyyy}.{MM}.{dd}[.{n}]</c>, or a list), parsed
    /// when the policy is loaded (a format that does not parse is RL0001 and is left out; with none left, the default is used).
    /// </summary>
    public TagScheme TagFormat { get; init; }
    /// <summary>
    /// False when <c>branches.release</c> is <c>null</c>: no branch mirrors production (releases are tagged on candidate
    /// branches that are deleted afterwards), so the checks that judge a release branch (RL3003, RL3005, RL3006's order,
    /// RL3007, release-branch protection, RL1002's branch triggers) have none to judge. <see cref="ReleaseBranch"/> then
    /// keeps its default name, which nothing uses.
    /// </summary>
    public bool HasReleaseBranch { get; init; } = true;
    /// <summary>
    /// False when <c>branches.release-candidate</c> is <c>null</c>: the process has no release-candidate branches, so no
    /// branch is judged by RL3004 and no merge counts as a candidate merge.
    /// </summary>
    public bool HasReleaseCandidates { get; init; } = true;
    /// <summary>
    /// Maintenance branches (<c>branches.maintenance</c>, GitHub filter globs such as <c>release-*</c>, <c>*.x</c>,
    /// <c>v[0-9]*</c>): older release lines whose tags and commits are legitimate (RL3003, RL3005), and which are not
    /// release-candidate branches (RL3004).
    /// </summary>
    public IReadOnlyList<string> MaintenanceBranches { get; init; } = [];
    /// <summary>
    /// <c>tags.since</c>: a tag name or a date (<c>YYYY-MM-DD</c>) before which history is not judged (tags older than
    /// it, commits dated before it); null judges all history.
    /// </summary>
    public string? TagsSince { get; init; }
    /// <summary><c>tags.ignore</c>: tag names (GitHub filter globs) that are never release tags (archive tags such as <c>2.3.x</c>).</summary>
    public IReadOnlyList<string> TagsIgnore { get; init; } = [];
    /// <summary>Whether release tags must be annotated.</summary>
    public bool TagsAnnotated { get; init; }
    /// <summary>Days a tag's name date may differ from its tagger date.</summary>
    public int TagDateToleranceDays { get; init; }
    /// <summary>Workflows named as deploy workflows (<c>deploy.workflows</c>: paths, file names or globs); deploy jobs are found without it.</summary>
    public IReadOnlyList<string> DeployWorkflows { get; init; }
    /// <summary>Jobs named as deploy jobs (<c>deploy.jobs</c>: <c>workflow.yml:job</c> globs); a workflow named here counts only the jobs named.</summary>
    public IReadOnlyList<string> DeployJobs { get; init; }
    /// <summary>Jobs that are not deploy jobs whatever they do (<c>deploy.ignore</c>: <c>workflow.yml:job</c> globs, <c>workflow.yml</c> for all its jobs).</summary>
    public IReadOnlyList<string> DeployIgnore { get; init; }
    /// <summary>Workflows that must run on pushes to the integration branch and offer <c>workflow_dispatch</c>.</summary>
    public IReadOnlyList<string> IntegrationWorkflows { get; init; }
    /// <summary>Action owners (globs over <c>owner/repo</c>) that may use version tags.</summary>
    public IReadOnlyList<string> AllowUnpinnedActions { get; init; }
    /// <summary>Protection required on the release branch.</summary>
    public BranchProtectionPolicy ReleaseProtection { get; init; }
    /// <summary>Protection required on the integration branch (the guide asks for reviewed pull requests and no force pushes; deletion is left to GitHub, which never deletes the default branch).</summary>
    public BranchProtectionPolicy IntegrationProtection { get; init; }
    /// <summary>The release operations guide; null when <c>docs.guide</c> is <c>null</c> (the repository has none, and no rule asks for one).</summary>
    public string? Guide { get; init; }
    /// <summary>
    /// The deploy workflows of the guide's own setup (<c>docs.guide-deploy-workflows</c>, by default the seed's
    /// <c>.github/workflows/fly-deploy.yml</c>): when one exists, the release process is in use and the guide is asked for (RL4001).
    /// </summary>
    public IReadOnlyList<string> GuideDeployWorkflows { get; init; }
    /// <summary>Headings the guide must have.</summary>
    public IReadOnlyList<string> GuideSections { get; init; }
    /// <summary>
    /// Where the guide states each requirement (<c>docs.guide-phrases</c>): statement name (<c>tagging</c>) → a phrase of
    /// the guide (<c>Tag the release commit</c>). Findings about a requirement that <c>.releaselint.yml</c> does not set
    /// point at the first line of the guide holding the phrase.
    /// </summary>
    public IReadOnlyDictionary<string, string> GuidePhrases { get; init; } = new Dictionary<string, string>();
    /// <summary>Markdown files not linted (globs).</summary>
    public IReadOnlyList<string> DocsIgnore { get; init; }
    /// <summary>Markdown files under test folders (test inputs, not judged by the link rules by default) that are judged all the same (globs).</summary>
    public IReadOnlyList<string> DocsInclude { get; init; }
    /// <summary>Whether links that work on the repository's docs site but not on GitHub are reported (as notes) for pages that are also read on GitHub.</summary>
    public bool DocsGitHubCompat { get; init; }
    /// <summary>Discussion post paths (globs).</summary>
    public IReadOnlyList<string> DiscussionPaths { get; init; }
    /// <summary>Fields of the deployment update template.</summary>
    public IReadOnlyList<string> DiscussionFields { get; init; }
    /// <summary>Discussion category of deployment posts, when configured.</summary>
    public string? DiscussionCategory { get; init; }
    /// <summary>Paths not linted at all (globs), in addition to <c>.gitignore</c>.</summary>
    public IReadOnlyList<string> Ignore { get; init; }
    /// <summary>Severity overrides keyed by rule id or name.</summary>
    public IReadOnlyDictionary<string, Severity> RuleSeverities { get; init; } = new Dictionary<string, Severity>();
    /// <summary>The custom rules folder, when configured.</summary>
    public string? CustomRules { get; init; }
    /// <summary>Files larger than this are not linted.</summary>
    public long MaxFileBytes { get; init; }
    /// <summary>Deepest YAML nesting accepted.</summary>
    public int YamlMaxDepth { get; init; }
    /// <summary>Most nodes YAML aliases may add.</summary>
    public long YamlMaxAliasExpansion { get; init; }
    /// <summary>Per-rule time-out.</summary>
    public TimeSpan RuleTimeout { get; init; }

    /// <summary>Where each configured key is written (dotted key → location), for findings about requirements.</summary>
    public IReadOnlyDictionary<string, SourceLocation> KeyLocations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>
    /// The configuration file the policy was read from, or null for pure defaults: repository-relative, or, for a
    /// <c>--config</c> file outside the repository, the path as given on the command line (see <see cref="ConfigFile"/>).
    /// </summary>
    public string? ConfigPath { get; init; }

    /// <summary>
    /// The absolute path of a <c>--config</c> file outside the linted repository; null when the configuration is inside
    /// it (or there is none). Findings located in it carry <see cref="ConfigPath"/>, which is not relative to the root, so
    /// SARIF gives them a base of their own.
    /// </summary>
    public string? ConfigFile { get; init; }

    /// <summary>The date <c>tags.since</c> names when it is a date (<c>YYYY-MM-DD</c>, a real calendar date); null for a tag name.</summary>
    public static DateOnly? SinceDate(string since) =>
        since.Length == 10 && since[4] == '-' && since[7] == '-' &&
        DateOnly.TryParseExact(since, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The effective severity of <paramref name="rule"/>: a configured override by id or name, else its default.</summary>
    public Severity SeverityOf(RuleDescriptor rule)
    {
        foreach (var (key, severity) in RuleSeverities)
            if (rule.Matches(key)) return severity;
        return rule.DefaultSeverity;
    }
}
