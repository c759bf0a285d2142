using System.Text.RegularExpressions;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Tests.Fixes;

/// <summary>
/// Compares the documents two YAML texts parse to, and checks that a fixed workflow differs from the original only
/// where the fixes were meant to change it, in the way they were meant to.
/// </summary>
public static partial class YamlTrees
{
    /// <summary>The paths (<c>jobs.build.steps[0].uses</c>) where the documents differ: changed scalars, added or removed keys and items.</summary>
    public static IReadOnlyList<string> Differences(YamlNode? a, YamlNode? b)
    {
        var list = new List<string>();
        Compare(a, b, "", list, 0);
        return list;
    }

    private static void Compare(YamlNode? a, YamlNode? b, string path, List<string> list, int depth)
    {
        if (depth > 200) throw new InvalidOperationException("too deep");
        switch (a, b)
        {
            case (YamlScalar x, YamlScalar y):
                if (x.Value != y.Value || x.Tag != y.Tag || (x.Style == YamlScalarStyle.Plain) != (y.Style == YamlScalarStyle.Plain) && (x.IsNull || y.IsNull)) list.Add(path);
                break;
            case (YamlMapping x, YamlMapping y):
                foreach (var key in x.Entries.Select(e => e.KeyText).Union(y.Entries.Select(e => e.KeyText)))
                    Compare(x[key], y[key], path.Length == 0 ? key : path + "." + key, list, depth + 1);
                break;
            case (YamlSequence x, YamlSequence y):
                for (var i = 0; i < Math.Max(x.Items.Count, y.Items.Count); i++)
                    Compare(i < x.Items.Count ? x.Items[i] : null, i < y.Items.Count ? y.Items[i] : null, $"{path}[{i}]", list, depth + 1);
                break;
            case (null, null):
                break;
            default:
                list.Add(path);
                break;
        }
    }

    [GeneratedRegex(@"^(?<owner>[^/@]+)/(?<rest>[^@]+)@(?<ref>[0-9a-f]{40})$")]
    private static partial Regex Pinned();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|process\.env\.(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableUse();

    /// <summary>
    /// Asserts that <paramref name="after"/> (a fixed workflow or action) parses to <paramref name="before"/>'s document
    /// except for what the fixes of RL1004 (a <c>uses:</c> pinned to a SHA of the same action), RL1006 (a step's
    /// <c>env:</c> gains variables holding expressions, its script uses them in their place) RL1005 (a new <c>permissions: { contents: read }</c>, a <c>write</c> lowered), RL1008 (a new job <c>concurrency:</c> that does not cancel) and RL1010 (<c>secrets:</c>
    /// of a reusable call, <c>on.workflow_call.secrets</c> of the callee) change.
    /// </summary>
    public static void AssertOnlyFixedNodesDiffer(string path, string before, string after)
    {
        var a = YamlFile.Parse(new SourceText(path, before));
        var b = YamlFile.Parse(new SourceText(path, after));
        if (a.Error is not null) return;
        Assert.True(b.Error is null, $"{path}: no longer parses: {b.Error?.Message}\n{after}");
        foreach (var difference in Differences(a.Root, b.Root))
        {
            var ok = Explain(a.Root, b.Root, difference);
            Assert.True(ok, $"{path}: '{difference}' changed, which no fix should change\n--- before\n{before}\n--- after\n{after}");
        }
    }

    private static bool Explain(YamlNode? before, YamlNode? after, string path)
    {
        var old = Find(before, path);
        var now = Find(after, path);
        if (path.EndsWith(".uses", StringComparison.Ordinal) && old is YamlScalar u && now is YamlScalar p)
        {
            var reference = ActionReference.Parse(u.Value);
            var pinned = Pinned().Match(p.Value.Trim());
            return pinned.Success && ActionReference.Parse(p.Value).OwnerRepo == reference.OwnerRepo && ActionReference.Parse(p.Value).Path == reference.Path;
        }
        if (Regex.IsMatch(path, @"\.env(\.[A-Za-z_][A-Za-z0-9_]*)?$"))
        {
            // A new variable (or a new env: block) whose values are expressions.
            var values = now is YamlMapping m ? m.Entries.Select(e => e.Value).ToList() : [now!];
            return old is null || old is YamlMapping ? values.All(v => v is YamlScalar s && s.Value.TrimStart().StartsWith("${{", StringComparison.Ordinal)) : false;
        }
        if ((path.EndsWith(".run", StringComparison.Ordinal) || path.EndsWith(".with.script", StringComparison.Ordinal)) && old is YamlScalar r && now is YamlScalar n)
        {
            // Every variable the new script uses that the old one did not must be in the step's env: with an expression the old script had.
            var stepPath = path.EndsWith(".run", StringComparison.Ordinal) ? path[..^".run".Length] : path[..^".with.script".Length];
            var env = Find(after, stepPath + ".env") as YamlMapping;
            var introduced = VariableUse().Matches(n.Value).Select(m => m.Groups["name"].Value).Except(VariableUse().Matches(r.Value).Select(m => m.Groups["name"].Value)).Distinct().ToList();
            return introduced.Count > 0 && introduced.All(v => env?[v] is YamlScalar value && r.Value.Contains(value.Value.Trim(), StringComparison.Ordinal) ||
                                                              Find(after, "env." + v) is not null || Find(after, JobOf(stepPath) + ".env." + v) is not null ||
                                                              r.Value.Contains("env." + v, StringComparison.Ordinal))
                && n.Value.Split("${{").Length < r.Value.Split("${{").Length;
        }
        if (Regex.IsMatch(path, @"^jobs\.[^.]+\.secrets(\.[A-Za-z0-9_-]+)?$"))
            return old is YamlScalar { Value: "inherit" } || old is null && now is YamlScalar s && s.Value == "${{ secrets." + path[(path.LastIndexOf('.') + 1)..] + " }}";
        if (old is null && Regex.IsMatch(path, @"^(jobs\.[^.]+\.)?permissions(\.contents)?$"))
            // RL1005: a new 'permissions: { contents: read }', or the scopes the steps need.
            return (now is YamlMapping { Entries.Count: 1 } pm && pm["contents"] is YamlScalar { Value: "read" } || now is YamlScalar { Value: "read" }) || IsScopeBlock(now);
        if (old is YamlScalar { Value: "write-all" } && Regex.IsMatch(path, @"^(jobs\.[^.]+\.)?permissions$"))
            // RL1005: 'write-all' replaced by the scopes the steps need.
            return IsScopeBlock(now);
        if (Regex.IsMatch(path, @"^(jobs\.[^.]+\.)?permissions\.[a-z-]+$"))
            // RL1005: an unused write lowered.
            return old is YamlScalar { Value: "write" } && now is YamlScalar { Value: "read" or "none" };
        if (Regex.IsMatch(path, @"^jobs\.[^.]+\.concurrency(\.group|\.cancel-in-progress)?$"))
            // RL1008: a new job-level group that does not cancel a running deploy.
            return old is null && (now is YamlMapping cm ? cm["cancel-in-progress"] is YamlScalar { Value: "false" } && cm["group"] is YamlScalar : now is YamlScalar);
        if (Regex.IsMatch(path, @"^on\.workflow_call(\.secrets(\.[A-Za-z0-9_-]+)?)?$"))
            return old is null || YamlText(old) == "";
        return false;
    }

    /// <summary>A block of known scopes at 'read' or 'write' that sets 'contents' (what RL1005 writes for the steps' needs).</summary>
    private static bool IsScopeBlock(YamlNode? node) =>
        node is YamlMapping { Entries.Count: > 0 } m && m["contents"] is YamlScalar { Value: "read" or "write" } &&
        m.Entries.All(e => e.KeyText is "actions" or "attestations" or "artifact-metadata" or "checks" or "contents" or "deployments" or "discussions" or "id-token" or "issues" or "packages" or "pages" or "pull-requests" or "repository-projects" or "security-events" or "statuses" or "code-quality"
            && e.Value is YamlScalar { Value: "read" or "write" } v && (e.KeyText != "id-token" || v.Value == "write"));

    // jobs.build.steps[2] → jobs.build (an action's runs.steps[0] has no job: a path that finds nothing).
    private static string JobOf(string stepPath) => stepPath.LastIndexOf(".steps[", StringComparison.Ordinal) is > 0 and var i ? stepPath[..i] : "-";

    private static string YamlText(YamlNode node) => (node as YamlScalar)?.Value ?? "<collection>";

    private static YamlNode? Find(YamlNode? root, string path)
    {
        var node = root;
        foreach (Match part in Regex.Matches(path, @"[^.\[\]]+|\[\d+\]"))
        {
            if (node is null) return null;
            node = part.Value.StartsWith('[')
                ? node is YamlSequence q && int.Parse(part.Value[1..^1], System.Globalization.CultureInfo.InvariantCulture) is var i && i < q.Items.Count ? q.Items[i] : null
                : (node as YamlMapping)?[part.Value];
        }
        return node;
    }
}
