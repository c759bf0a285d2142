using ReleaseLint.Inputs.Protection;
using ReleaseLint.Policy;

namespace ReleaseLint.Rules.Protection;

/// <summary>A branch that policy cares about, with what policy requires on it.</summary>
/// <param name="Name">The branch name.</param>
/// <param name="Role"><c>release</c> or <c>integration</c>.</param>
/// <param name="Policy">The protection policy requires.</param>
public sealed record PolicyBranch(string Name, string Role, BranchProtectionPolicy Policy)
{
    /// <summary>The <c>.releaselint.yml</c> key of the branch's protection policy (<c>protection.release</c>).</summary>
    public string ConfigKey => "protection." + Role;
    /// <summary>For messages: <c>release branch 'live'</c>.</summary>
    public string Describe() => $"{Role} branch '{Name}'";
    /// <summary>The statement of the operations guide that states the requirement (<c>docs.guide-phrases</c>).</summary>
    public string GuideStatement => Role == "release" ? "release-protection" : "integration-protection";
}

/// <summary>
/// Base of the RL2xxx rules: runs only when the repository has a protection source (otherwise the run summary says
/// how to provide one), and gives findings their place: the file and line of the setting that failed, or, for live
/// API data, the policy key or guide line with the API URL in the message.
/// </summary>
public abstract class ProtectionRule : Rule
{
    /// <inheritdoc />
    public sealed override void Check(RuleContext context)
    {
        var model = context.Workspace.Protection;
        if (!model.HasSource) return;
        Check(context, model);
    }

    /// <summary>Checks the protection model (only called when there is a source).</summary>
    protected abstract void Check(RuleContext context, ProtectionModel model);

    /// <summary>The release branch, then the integration branch (once if they are the same).</summary>
    protected static IReadOnlyList<PolicyBranch> PolicyBranches(ReleasePolicy policy)
    {
        var list = new List<PolicyBranch>();
        if (policy.HasReleaseBranch) list.Add(new(policy.ReleaseBranch, "release", policy.ReleaseProtection)); // branches.release: null: none to protect
        if (policy.IntegrationBranch != policy.ReleaseBranch) list.Add(new(policy.IntegrationBranch, "integration", policy.IntegrationProtection));
        return list;
    }

    /// <summary>
    /// Where a finding goes: <paramref name="location"/> when the setting is in a file, else the most specific
    /// configured <c>.releaselint.yml</c> key among <paramref name="configKeys"/>, else the guide line with
    /// <paramref name="guideStatement"/> (docs.guide-phrases), else the fallback location.
    /// </summary>
    protected static SourceLocation Where(RuleContext context, SourceLocation? location, string guideStatement, params string[] configKeys)
    {
        if (location is not null) return location;
        foreach (var key in configKeys)
            if (context.Policy.KeyLocations.TryGetValue(key, out var at)) return at;
        return context.Workspace.RequirementLocation(configKeys.Length > 0 ? configKeys[0] : "protection", guideStatement);
    }

    /// <summary>Where a finding about <paramref name="branch"/> goes when the setting at <paramref name="location"/> failed (<paramref name="policyKey"/>: the key under <c>protection.&lt;role&gt;</c>).</summary>
    protected static SourceLocation Where(RuleContext context, SourceLocation? location, PolicyBranch branch, string? policyKey = null) =>
        Where(context, location, branch.GuideStatement,
            policyKey is null ? [branch.ConfigKey, "protection", "branches." + branch.Role] : [branch.ConfigKey + "." + policyKey, branch.ConfigKey, "protection", "branches." + branch.Role]);

    /// <summary>For messages: <c>(ruleset 'x', .github/rulesets/x.json)</c>, or for live data <c>(classic branch protection, GET https://…)</c>.</summary>
    protected static string In(ProtectionLayer layer) => $"({layer.Name}, {layer.Origin.Describe()})";

    /// <summary>For messages: <c>ruleset 'a' (.github/rulesets/a.json) has no deletion rule</c>, or <c>none of ruleset 'a' (…), ruleset 'b' (…) has a deletion rule</c>.</summary>
    protected static string NoneOf(IReadOnlyList<ProtectionLayer> layers, string rule) =>
        layers.Count == 1 ? $"{layers[0].Describe()} has no {rule} rule" : $"none of {string.Join(", ", layers.Select(l => l.Describe()))} has a {rule} rule";

    /// <summary>The logical locations of a finding about a branch and a setting.</summary>
    protected static IReadOnlyList<LogicalLocation> Logical(string branch, string? setting = null) =>
        setting is null ? [new LogicalLocation("branch", branch)] : [new LogicalLocation("branch", branch), new LogicalLocation("setting", setting)];

    /// <summary>The other layers of a branch as related locations ("also protects this branch").</summary>
    protected static IReadOnlyList<RelatedLocation> Related(EffectiveProtection effective, ProtectionLayer? except) =>
        effective.Layers.Where(l => l != except && l.Location is not null)
            .Select(l => new RelatedLocation(l.Location!, $"{l.Name} also applies to '{effective.Branch}'")).ToList();

    /// <summary>Why a branch is not protected: the inactive ruleset, the saved "not protected" answer, or nothing at all; with the place to report it.</summary>
    protected static (string Why, SourceLocation? Location) WhyUnprotected(ProtectionModel model, EffectiveProtection effective)
    {
        var refName = "refs/heads/" + effective.Branch;
        if (effective.Inactive.FirstOrDefault() is { } inactive)
        {
            var mode = inactive.Enforcement.Value == RulesetEnforcement.Evaluate ? "evaluate" : "disabled";
            var effect = mode == "evaluate" ? "which only reports what its rules would block and enforces nothing" : "so its rules are off";
            return ($"{inactive.Describe()} targets it but its enforcement is '{mode}', {effect}; set \"enforcement\": \"active\"", inactive.Enforcement.Location);
        }
        if (model.IsLive)
        {
            var repo = $"{model.ApiBase}/repos/{model.Repository}";
            var classic = effective.NotProtected is { } np ? $"GET {repo}/branches/{effective.Branch}/protection answered '{np.Value}'" : "it has no classic protection";
            return ($"{classic} and GET {repo}/rules/branches/{effective.Branch} lists no active rule", null);
        }
        if (effective.NotProtected is { } evidence)
            return (evidence.Value == "protection is null"
                ? $"its protection is null in {evidence.Location?.Path} and no active ruleset targets '{refName}'"
                : $"{evidence.Location?.Path} holds GitHub's answer '{evidence.Value}' and no active ruleset targets '{refName}'", evidence.Location);
        return ($"no file in {ProtectionModel.ClassicFolder} or {ProtectionModel.SettingsFile} protects it and no active ruleset targets '{refName}'", null);
    }
}
