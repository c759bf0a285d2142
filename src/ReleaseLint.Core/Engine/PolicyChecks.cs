using System.Text.RegularExpressions;

namespace ReleaseLint.Engine;

/// <summary>
/// Configuration problems that only the run can see (RL0001): keys of <c>rules:</c> that name no rule of this run, and
/// a <c>tags.format</c> regular expression that ran out of its time budget on a tag.
/// </summary>
internal static partial class PolicyChecks
{
    [GeneratedRegex(@"^RL\d{4}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BuiltInId();

    /// <summary>
    /// RL0001 for each <c>rules:</c> key that is neither the id nor the name of a rule of the run, with a did-you-mean.
    /// When the repository's custom rules are not loaded (switched off, or failed to compile), a key that could name one
    /// of them is left alone: only keys that look like built-in ids or names are judged.
    /// </summary>
    public static IEnumerable<Finding> UnknownRules(Workspace workspace, IReadOnlyList<RuleDescriptor> known, bool customRulesMissing)
    {
        var policy = workspace.Policy;
        var severity = policy.SeverityOf(EngineRules.InvalidConfig);
        if (severity == Severity.Off) yield break;
        var words = known.SelectMany(d => new[] { d.Id, d.Name }).ToList();
        foreach (var key in policy.RuleSeverities.Keys.Order(StringComparer.Ordinal))
        {
            if (known.Any(d => d.Matches(key))) continue;
            var close = Closest(words, key, Math.Clamp(key.Length / 4, 1, 3)) ?? Closest(known.Select(d => d.Id), key.ToUpperInvariant(), 2);
            if (customRulesMissing && !BuiltInId().IsMatch(key) && close is null) continue;
            var hint = close is not null ? $"; did you mean '{close}'?" : "; 'releaselint rules' lists the ids and names";
            var at = policy.KeyLocations.TryGetValue("rules." + key, out var location) ? location
                : policy.ConfigPath is { } config ? SourceLocation.At(config, 1) : workspace.FallbackLocation();
            yield return new Finding(EngineRules.InvalidConfig, severity, $"'rules.{key}' names no rule (neither a rule id nor a rule name){hint}", at)
            {
                FingerprintKey = "unknown-rule|" + key,
            };
        }
    }

    /// <summary>The closest candidate counting a swap of two neighbours as one edit (RL1040 is a typo of RL1004, not of RL1010).</summary>
    private static string? Closest(IEnumerable<string> candidates, string value, int maxDistance)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            if (Math.Abs(c.Length - value.Length) > maxDistance || c.Length > 64 || value.Length > 64) continue;
            var d = Distance(c.ToLowerInvariant(), value.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return bestDistance <= maxDistance ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    /// <summary>RL0001 at <c>tags.format</c> when its regular expression ran out of time on a tag (the tag checks of <paramref name="rules"/> were skipped).</summary>
    public static Finding? TagFormatTimeout(Workspace workspace, IReadOnlyList<Rule> rules)
    {
        var format = workspace.Policy.TagFormat;
        if (workspace.History.TagFormatTimedOutOn is not { } name) return null;
        var severity = workspace.Policy.SeverityOf(EngineRules.InvalidConfig);
        if (severity == Severity.Off) return null;
        var shown = name.Length > 60 ? name[..60] + "…" : name;
        // The rules that need the tags, by what they declare.
        var tagRules = rules.Select(r => r.Descriptor).Where(d => d.History.HasFlag(HistoryNeeds.Tags)).Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
        var skipped = tagRules.Count == 0 ? "" : $" ({string.Join(", ", tagRules)})";
        // only a re: family can run out of time; with several, the one that does on this tag
        var family = format.Families.Where(f => f.IsRegex).FirstOrDefault(f => { f.TryMatch(name, out var t); return t; })
            ?? format.Families.FirstOrDefault(f => f.IsRegex) ?? format.Families[0];
        return new Finding(EngineRules.InvalidConfig, severity,
            $"'tags.format': the regular expression '{(family.IsRegex ? family.Text[3..] : family.Text)}' took longer than {Patterns.NameFormat.MatchBudget.TotalMilliseconds:0} ms to match the tag '{shown}' " +
            $"(catastrophic backtracking: nested or overlapping repetitions such as '(a+)+'); the tag checks{skipped} were skipped. " +
            "Rewrite it without nested repetitions",
            workspace.RequirementLocation("tags.format"))
        {
            FingerprintKey = "tags.format-timeout|" + format.Text,
            LogicalLocations = [new LogicalLocation("tag", name)],
        };
    }
}
