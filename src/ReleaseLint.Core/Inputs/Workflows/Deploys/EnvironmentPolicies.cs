using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>
/// Deployment-branch policies of environments, where a protection source shows them: the <c>environments:</c> list of
/// <c>.github/settings.yml</c> (the Probot settings format: <c>deployment_branch_policy</c> with
/// <c>protected_branches</c> or <c>custom_branch_policies</c>, a list of branch patterns). A job whose environment
/// allows only some branches cannot run its deploy on the others, whatever its triggers say.
/// </summary>
public sealed class EnvironmentPolicies
{
    private readonly Dictionary<string, (IReadOnlyList<string>? Patterns, bool ProtectedOnly)> _policies = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>No policies known.</summary>
    public static EnvironmentPolicies None { get; } = new();

    /// <summary>True when some environment has a branch policy.</summary>
    public bool Any => _policies.Count > 0;

    /// <summary>Reads the policies from the workspace's protection sources.</summary>
    public static EnvironmentPolicies Load(Workspace workspace)
    {
        var result = new EnvironmentPolicies();
        if (!workspace.Files.Contains(".github/settings.yml") || workspace.GetYaml(".github/settings.yml")?.Root is not YamlMapping root) return result;
        if (root["environments"] is not YamlSequence environments) return result;
        foreach (var item in environments.Items.OfType<YamlMapping>().Take(200))
        {
            if (item.GetString("name") is not { Length: > 0 } name || item["deployment_branch_policy"] is not YamlMapping policy) continue;
            var custom = policy["custom_branch_policies"];
            IReadOnlyList<string>? patterns = custom is YamlSequence list ? list.Items.OfType<YamlScalar>().Select(s => s.Value).ToList() : null;
            var protectedOnly = policy["protected_branches"] is YamlScalar p && p.AsBool() == true;
            if (patterns is null && !protectedOnly) continue;
            result._policies[name] = (patterns, protectedOnly);
        }
        return result;
    }

    /// <summary>
    /// Whether a run on <paramref name="branch"/> may use environment <paramref name="environment"/>: false when its
    /// policy lists branch patterns and none matches, or allows only protected branches and <paramref name="isProtected"/>
    /// says this one is not; true otherwise (no policy known).
    /// </summary>
    public Truth Allows(string environment, string branch, Func<string, bool> isProtected)
    {
        if (!_policies.TryGetValue(environment, out var policy)) return Truth.True;
        if (policy.Patterns is { } patterns) return patterns.Any(p => ReleaseLint.Patterns.FilterPattern.Parse(p).IsMatch(branch)) ? Truth.True : Truth.False;
        return isProtected(branch) ? Truth.True : Truth.False;
    }

    /// <summary>Branch patterns the policies name (to try as branches a run could come from).</summary>
    public IEnumerable<string> Patterns => _policies.Values.SelectMany(p => p.Patterns ?? []);

    /// <summary>For messages: the branches environment <paramref name="environment"/> allows, or null when it has no policy.</summary>
    public string? Describe(string environment) => _policies.TryGetValue(environment, out var p)
        ? p.Patterns is { } patterns ? string.Join(", ", patterns) : "protected branches"
        : null;
}
