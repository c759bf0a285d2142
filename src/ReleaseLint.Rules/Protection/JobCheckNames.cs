using System.Text;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Protection;

/// <summary>A check name a job reports: a literal name, or a pattern when part of it is only known at run time.</summary>
/// <param name="Display">For messages: the name, with <c>*</c> for unknown parts.</param>
/// <param name="Pattern">Matches every name the job can report.</param>
/// <param name="Job">The job.</param>
/// <param name="Workflow">Its workflow.</param>
public sealed record JobCheckName(string Display, Regex Pattern, WorkflowJob Job, WorkflowFile Workflow);

/// <summary>
/// The check-run names GitHub gives a workflow's jobs: the job's <c>name:</c> (expressions expanded for each matrix
/// combination), else its id; a matrix job without a matrix expression in its name gets <c>name (v1, v2)</c>; a job
/// calling a reusable workflow reports <c>name / called-job</c>. Parts that depend on run-time values become wildcards.
/// </summary>
public static partial class JobCheckNames
{
    private const int MaxCombinations = 256;

    /// <summary>Every check name the jobs of <paramref name="workflow"/> can report.</summary>
    public static IEnumerable<JobCheckName> Of(WorkflowFile workflow)
    {
        foreach (var job in workflow.Jobs)
            foreach (var name in Of(job))
                yield return new JobCheckName(name.Display, name.Pattern, job, workflow);
    }

    private static IEnumerable<(string Display, Regex Pattern)> Of(WorkflowJob job)
    {
        var baseName = job.Name ?? job.Id;
        var matrixNode = job.Strategy?["matrix"];
        var combos = matrixNode is null ? null : Expand(matrixNode);
        var names = new List<string>();
        var hasExpression = baseName.Contains("${{", StringComparison.Ordinal);
        if (matrixNode is null) names.Add(baseName);
        else if (combos is null) names.Add(hasExpression ? baseName : baseName + " (${{ matrix }})");
        else if (combos.Count == 0) names.Add(baseName);
        else
            foreach (var combo in combos)
                names.Add(hasExpression ? Substitute(baseName, combo) : $"{baseName} ({string.Join(", ", combo.Select(kv => kv.Value))})");
        foreach (var name in names.Distinct())
        {
            var full = job.Uses is not null ? name + " / ${{ called }}" : name;
            yield return (Expression().Replace(full, "*"), new Regex("^" + string.Join(".*", Expression().Split(full).Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant));
        }
    }

    private static string Substitute(string name, IReadOnlyList<KeyValuePair<string, string>> combo) =>
        MatrixExpression().Replace(name, m =>
        {
            var key = m.Groups[1].Value;
            foreach (var kv in combo)
                if (kv.Key == key) return kv.Value;
            return m.Value;
        });

    /// <summary>The matrix combinations (key/value pairs in key order), or null when the matrix is computed at run time.</summary>
    private static List<List<KeyValuePair<string, string>>>? Expand(YamlNode node)
    {
        if (node is not YamlMapping matrix) return null;
        var combos = new List<List<KeyValuePair<string, string>>> { new() };
        var keys = new List<string>();
        foreach (var entry in matrix.Entries)
        {
            var key = entry.KeyText;
            if (key is "include" or "exclude") continue;
            if (entry.Value is not YamlSequence values) return null;
            var scalars = values.Items.OfType<YamlScalar>().Select(s => s.Value).ToList();
            if (scalars.Count != values.Items.Count || scalars.Any(s => s.Contains("${{", StringComparison.Ordinal))) return null;
            keys.Add(key);
            combos = combos.SelectMany(c => scalars.Select(v => new List<KeyValuePair<string, string>>(c) { new(key, v) })).Take(MaxCombinations).ToList();
        }
        if (keys.Count == 0) combos.Clear();
        if (matrix["exclude"] is YamlSequence exclude)
            foreach (var ex in exclude.Items.OfType<YamlMapping>())
            {
                var pairs = Pairs(ex);
                if (pairs is null) return null;
                combos.RemoveAll(c => pairs.All(p => c.Any(kv => kv.Key == p.Key && kv.Value == p.Value)));
            }
        if (matrix["include"] is YamlSequence include)
            foreach (var inc in include.Items)
            {
                if (inc is not YamlMapping map) return null;
                var pairs = Pairs(map);
                if (pairs is null) return null;
                var original = pairs.Where(p => keys.Contains(p.Key)).ToList();
                var extra = pairs.Where(p => !keys.Contains(p.Key)).ToList();
                var matched = combos.Where(c => original.All(p => c.Any(kv => kv.Key == p.Key && kv.Value == p.Value))).ToList();
                if (matched.Count > 0 && original.Count > 0 || matched.Count > 0 && keys.Count > 0 && original.Count == 0)
                {
                    foreach (var c in matched)
                        foreach (var p in extra)
                            if (!c.Any(kv => kv.Key == p.Key)) c.Add(p);
                }
                else combos.Add(pairs);
            }
        return combos;
    }

    private static List<KeyValuePair<string, string>>? Pairs(YamlMapping map)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var e in map.Entries)
        {
            if (e.Value is not YamlScalar s || s.Value.Contains("${{", StringComparison.Ordinal)) return null;
            list.Add(new(e.KeyText, s.Value));
        }
        return list;
    }

    [GeneratedRegex(@"\$\{\{.*?\}\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}")]
    private static partial Regex MatrixExpression();
}
