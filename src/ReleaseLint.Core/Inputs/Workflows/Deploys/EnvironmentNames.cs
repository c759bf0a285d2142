using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>What a job's <c>environment:</c> name says about it.</summary>
public enum EnvironmentKind
{
    /// <summary>No environment.</summary>
    None,
    /// <summary>A production-like name (<c>production</c>, <c>release</c>, <c>pypi</c>, <c>ice-prod-frontend</c>…).</summary>
    Production,
    /// <summary>A staging, preview or test name (<c>staging</c>, <c>ice-pr-${{ … }}-frontend</c>, <c>uv-test-publish</c>).</summary>
    NonProduction,
    /// <summary>A name computed at run time that names nothing either way (<c>${{ inputs.environment }}</c>).</summary>
    Dynamic,
    /// <summary>Another name (<c>automations</c>, <c>release-gate</c>, <c>version</c>): an environment for secrets or approvals, not a deploy target.</summary>
    Other,
}

/// <summary>
/// Classifies environment names. Presence alone says little: repositories use environments for bot secrets
/// (<c>automations</c>), approval gates (<c>release-gate</c>) and signing keys as well as for deploys, so only a name
/// from the production list counts as a deploy target, and a staging or test word makes it a non-production one.
/// </summary>
public static partial class EnvironmentNames
{
    private static readonly System.Collections.Frozen.FrozenSet<string> ProductionWords = System.Collections.Frozen.FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "production", "prod", "prd", "live", "release", "releases", "pypi", "npm", "npmjs", "crates", "cratesio", "rubygems", "nuget",
        "deploy", "deployment", "deployments", "publish", "publishing", "netlify", "vercel", "pages", "cd"
    ]);

    private static readonly System.Collections.Frozen.FrozenSet<string> OtherWords = System.Collections.Frozen.FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "gate", "approval", "approvals", "approve", "automation", "automations", "bot", "bots", "version", "versions", "ci", "signing", "secrets"
    ]);

    [GeneratedRegex("[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>The kind of the environment named <paramref name="name"/> (as written, possibly with expressions).</summary>
    public static EnvironmentKind Classify(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return EnvironmentKind.None;
        if (DeploySignals.NonProduction(name) is not null) return EnvironmentKind.NonProduction;
        if (name.Contains("${{", StringComparison.Ordinal)) return EnvironmentKind.Dynamic;
        var words = Word().Matches(name).Select(m => m.Value).ToList();
        if (words.Any(OtherWords.Contains)) return EnvironmentKind.Other;
        return words.Any(ProductionWords.Contains) ? EnvironmentKind.Production : EnvironmentKind.Other;
    }

    /// <summary>The kind of <paramref name="job"/>'s environment, with its name node.</summary>
    public static (EnvironmentKind Kind, YamlScalar? Name) Of(WorkflowJob job) => job.EnvironmentName is { } n ? (Classify(n.Value), n) : (EnvironmentKind.None, null);
}
