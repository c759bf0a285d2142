namespace ReleaseLint.Engine;

/// <summary>
/// A budget on what one rule may report in one file: a file built to trigger a finding on each of its 100,000 lines
/// would otherwise make a report nobody reads (and a SARIF upload GitHub refuses). The first
/// <see cref="PerRuleAndFile"/> findings of a rule in a file are kept, in file order; the rest become one finding of
/// the same rule and severity that says how many were left out.
/// </summary>
public static class FindingBudget
{
    /// <summary>The most findings one rule reports in one file.</summary>
    public const int PerRuleAndFile = 100;

    /// <summary>Applies the budget; the order of <paramref name="findings"/> is kept for what is kept.</summary>
    public static List<Finding> Apply(List<Finding> findings)
    {
        var counts = new Dictionary<(string Rule, string Path), int>();
        foreach (var f in findings)
        {
            var key = (f.Rule.Id, f.Location.Path);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        if (counts.Values.All(c => c <= PerRuleAndFile)) return findings;

        var over = counts.Where(c => c.Value > PerRuleAndFile).Select(c => c.Key).ToHashSet();
        var kept = findings.Where(f => !over.Contains((f.Rule.Id, f.Location.Path))).ToList();
        foreach (var group in findings.Where(f => over.Contains((f.Rule.Id, f.Location.Path))).GroupBy(f => (f.Rule.Id, f.Location.Path)))
        {
            var ordered = group.OrderBy(f => f.Location.Line).ThenBy(f => f.Location.Column).ToList();
            kept.AddRange(ordered.Take(PerRuleAndFile));
            var first = ordered[PerRuleAndFile];
            var rest = ordered.Count - PerRuleAndFile;
            var distinct = ordered.Skip(PerRuleAndFile).Select(f => f.Message).Distinct(StringComparer.Ordinal).Count();
            var like = distinct == 1 ? $" (all: {Shorten(first.Message)})" : "";
            kept.Add(new Finding(first.Rule, ordered.Max(f => f.Severity),
                $"{rest:N0} more {first.Rule.Id} findings in this file are not listed{like}: a rule reports at most {PerRuleAndFile} per file; fix the ones above and run again",
                first.Location)
            {
                FingerprintKey = "more|" + first.Rule.Id,
            });
        }
        return kept;
    }

    private static string Shorten(string message) => message.Length > 160 ? message[..160] + "…" : message;
}
