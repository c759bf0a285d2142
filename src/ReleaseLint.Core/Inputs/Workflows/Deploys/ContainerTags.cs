using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>
/// Which image tags a push gets in a run, for pushes whose tags come from <c>docker/metadata-action</c>: on a branch
/// other than the default one, <c>type=ref,event=branch</c>, <c>type=sha</c> and <c>type=ref,event=pr</c> give only
/// that branch's, commit's or pull request's own tag (a preview image), while <c>type=raw</c> (e.g. <c>latest</c>),
/// version tags and <c>flavor: latest=true</c> publish under names users pull. A push is a production publish in a run
/// only when some tag of the second kind is enabled there.
/// </summary>
public static partial class ContainerTags
{
    [GeneratedRegex(@"steps\.(?<id>[\w-]+)\.outputs\.tags", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StepTags();

    /// <summary>The condition under which the push of <paramref name="step"/> publishes production tags; null when its tags are not from a metadata step of the job.</summary>
    public static SignalCondition? Condition(WorkflowStep step, SignalContext context)
    {
        var tags = step.WithInput("tags")?.Value ?? "";
        if (StepTags().Match(tags) is not { Success: true } m) return null;
        var steps = context.Job?.Steps ?? [];
        var meta = steps.FirstOrDefault(s => s.Id == m.Groups["id"].Value && s.UsesAction("docker/metadata-action"));
        if (meta is null) return null;
        var rules = Parse(meta.WithInput("tags")?.Value);
        var latestAlways = Regex.IsMatch(meta.WithInput("flavor")?.Value ?? "", @"latest\s*=\s*true", RegexOptions.IgnoreCase);
        if (latestAlways) return null;
        return new SignalCondition("the tags docker/metadata-action gives", ctx => Publishes(rules, ctx));
    }

    /// <summary>One line of a metadata-action <c>tags:</c> input.</summary>
    /// <param name="Type">raw, ref, semver, pep440, match, sha, edge, schedule.</param>
    /// <param name="Attributes">The line's attributes (event, value, enable, pattern…), lower-case keys.</param>
    public sealed record TagRule(string Type, IReadOnlyDictionary<string, string> Attributes);

    /// <summary>Parses the lines of a metadata-action <c>tags:</c> input.</summary>
    public static IReadOnlyList<TagRule> Parse(string? tags)
    {
        var rules = new List<TagRule>();
        if (string.IsNullOrWhiteSpace(tags)) return [new TagRule("ref", new Dictionary<string, string> { ["event"] = "branch" }), new TagRule("ref", new Dictionary<string, string> { ["event"] = "tag" }), new TagRule("ref", new Dictionary<string, string> { ["event"] = "pr" })];
        foreach (var raw in tags.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Take(100))
        {
            var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            // Attributes are comma-separated key=value pairs; a value may hold commas inside ${{ }}.
            foreach (var part in SplitAttributes(raw))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) { attributes.TryAdd("value", part.Trim()); continue; }
                attributes[part[..eq].Trim()] = part[(eq + 1)..].Trim();
            }
            var type = attributes.TryGetValue("type", out var t) ? t.ToLowerInvariant() : "raw";
            rules.Add(new TagRule(type, attributes));
        }
        return rules;
    }

    private static IEnumerable<string> SplitAttributes(string line)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (i + 2 < line.Length && line[i] == '$' && line[i + 1] == '{' && line[i + 2] == '{') depth++;
            else if (depth > 0 && line[i] == '}' && i + 1 < line.Length && line[i + 1] == '}') { depth--; i++; }
            else if (depth == 0 && line[i] == ',') { yield return line[start..i]; start = i + 1; }
        }
        yield return line[start..];
    }

    /// <summary>Whether the rules give some production tag in the run <paramref name="context"/> describes.</summary>
    public static Truth Publishes(IReadOnlyList<TagRule> rules, IExpressionContext context)
    {
        var reference = context.Lookup("github.ref").AsString();
        var defaultBranch = context.Lookup("github.event.repository.default_branch").AsString();
        var eventName = context.Lookup("github.event_name").AsString();
        var isTag = reference?.StartsWith("refs/tags/", StringComparison.Ordinal);
        var isBranch = reference?.StartsWith("refs/heads/", StringComparison.Ordinal);
        var isDefault = reference is null || defaultBranch is null ? (bool?)null : reference == "refs/heads/" + defaultBranch;
        var result = Truth.False;
        foreach (var rule in rules)
        {
            var enabled = Enabled(rule, context, isDefault);
            if (enabled == Truth.False) continue;
            Truth produces;
            switch (rule.Type)
            {
                case "ref" or "sha":
                    produces = Truth.False; // the run's own branch, commit or pull request: a preview tag
                    if (rule.Type == "ref" && rule.Attributes.TryGetValue("event", out var ev) && ev.Equals("tag", StringComparison.OrdinalIgnoreCase))
                        produces = isTag is null ? Truth.Unknown : isTag.Value ? Truth.True : Truth.False;
                    break;
                case "semver" or "pep440" or "match":
                    produces = rule.Attributes.ContainsKey("value") ? Truth.True : isTag is null ? Truth.Unknown : isTag.Value ? Truth.True : Truth.False;
                    break;
                case "edge":
                    var edgeBranch = rule.Attributes.TryGetValue("branch", out var b) ? b : defaultBranch;
                    produces = reference is null || edgeBranch is null ? Truth.Unknown : reference == "refs/heads/" + edgeBranch ? Truth.True : Truth.False;
                    break;
                case "schedule":
                    produces = eventName is null ? Truth.Unknown : eventName == "schedule" ? Truth.True : Truth.False;
                    break;
                default: // raw
                    var value = rule.Attributes.TryGetValue("value", out var v) ? v : "";
                    produces = value.Contains("{{branch}}", StringComparison.Ordinal) || value.Contains("{{sha}}", StringComparison.Ordinal) || value.Contains("pr-", StringComparison.Ordinal) ? Truth.False : Truth.True;
                    if (isBranch == false && isTag == false && value.Contains("{{", StringComparison.Ordinal)) produces = Truth.Unknown;
                    break;
            }
            result = DeploySignals.Or(result, DeploySignals.And(enabled, produces));
            if (result == Truth.True) return result;
        }
        return result;
    }

    private static Truth Enabled(TagRule rule, IExpressionContext context, bool? isDefault)
    {
        if (!rule.Attributes.TryGetValue("enable", out var enable)) return Truth.True;
        enable = enable.Trim();
        if (enable == "{{is_default_branch}}") return isDefault is null ? Truth.Unknown : isDefault.Value ? Truth.True : Truth.False;
        if (enable.Equals("true", StringComparison.OrdinalIgnoreCase)) return Truth.True;
        if (enable.Equals("false", StringComparison.OrdinalIgnoreCase)) return Truth.False;
        if (ExpressionEvaluator.Interpolate(enable, context) is { } s)
            return s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ? Truth.True : s.Trim() == "{{is_default_branch}}" ? (isDefault is null ? Truth.Unknown : isDefault.Value ? Truth.True : Truth.False) : Truth.False;
        return Truth.Unknown;
    }
}
