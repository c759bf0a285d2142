using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows;

/// <summary>
/// GitHub Actions filter patterns (<c>on.push.branches</c>, <c>tags</c>, <c>paths</c>): <c>*</c> matches any characters
/// except <c>/</c>, <c>**</c> any characters, <c>?</c> makes the preceding character optional, <c>+</c> repeats it,
/// <c>[…]</c> is a character class, and a leading <c>!</c> in a list negates (the last matching pattern wins).
/// </summary>
public static class FilterPattern
{
    private static readonly ConcurrentDictionary<string, Regex?> Cache = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="pattern"/> (without <c>!</c>) matches all of <paramref name="value"/>.</summary>
    public static bool IsMatch(string pattern, string value)
    {
        var regex = Cache.GetOrAdd(pattern, Compile);
        return regex?.IsMatch(value) ?? pattern == value;
    }

    /// <summary>
    /// Applies a filter list as GitHub does: patterns are read in order, a match includes the value and a matching
    /// <c>!pattern</c> excludes it again; the value passes when the last matching pattern is positive.
    /// </summary>
    public static bool Passes(IEnumerable<string> patterns, string value)
    {
        var included = false;
        foreach (var raw in patterns)
        {
            var negated = raw.StartsWith('!');
            var pattern = negated ? raw[1..] : raw;
            if (IsMatch(pattern, value)) included = !negated;
        }
        return included;
    }

    /// <summary>
    /// Whether a push or pull request on <paramref name="name"/> passes an event's filters: the <c>branches</c> list
    /// (see <see cref="Passes(IEnumerable{string}, string)"/>), else the <c>branches-ignore</c> list, else everything passes.
    /// </summary>
    public static bool Passes(IReadOnlyList<YamlScalar>? include, IReadOnlyList<YamlScalar>? ignore, string name)
    {
        if (include is not null) return Passes(include.Select(p => p.Value), name);
        if (ignore is not null) return !ignore.Any(p => !p.Value.StartsWith('!') && IsMatch(p.Value, name));
        return true;
    }

    /// <summary>True when <paramref name="pattern"/> could match a name other than <paramref name="only"/> (it has wildcards or names something else); negated patterns never do.</summary>
    public static bool CanMatchOtherThan(string pattern, string only)
    {
        if (pattern.StartsWith('!')) return false;
        if (pattern.IndexOfAny(['*', '?', '+', '[', '\\']) < 0) return !string.Equals(pattern, only, StringComparison.Ordinal);
        // A wildcard pattern matches something else unless it can only spell 'only'. Probe a few variants.
        string[] probes = [only + "-x", "x" + only, only + "/x", "feature/x", "main", "x"];
        return probes.Any(p => p != only && IsMatch(pattern, p));
    }

    private static Regex? Compile(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    sb.Append(".*");
                    i++;
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?' or '+' when i > 0:
                    sb.Append(c);
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0) { sb.Append(@"\["); break; }
                    sb.Append('[').Append(pattern[(i + 1)..close].Replace(@"\", @"\\")).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        try
        {
            return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>When workflows run for a branch.</summary>
public static class WorkflowTriggers
{
    /// <summary>Events whose runs report checks on a pull request into a branch.</summary>
    public static readonly IReadOnlyList<string> PullRequestEvents = ["pull_request", "pull_request_target", "merge_group"];

    /// <summary>
    /// True when <paramref name="workflow"/> runs for pull requests into <paramref name="branch"/> (<c>pull_request</c>,
    /// <c>pull_request_target</c>, <c>merge_group</c>) or, with <paramref name="includePush"/>, for pushes to it,
    /// honouring <c>branches</c> / <c>branches-ignore</c> filters (a push filtered to tags only does not count).
    /// </summary>
    public static bool RunsFor(WorkflowFile workflow, string branch, bool includePush = true)
    {
        foreach (var e in workflow.Events)
        {
            if (PullRequestEvents.Contains(e.Name))
            {
                if (BranchesPass(e, branch)) return true;
            }
            else if (includePush && e.Name == "push")
            {
                if (e.Branches is null && e.BranchesIgnore is null && (e.Tags is not null || e.TagsIgnore is not null)) continue;
                if (BranchesPass(e, branch)) return true;
            }
        }
        return false;
    }

    private static bool BranchesPass(WorkflowEvent e, string branch)
    {
        if (e.Branches is { } branches) return FilterPattern.Passes(branches.Select(b => b.Value), branch);
        if (e.BranchesIgnore is { } ignore) return !ignore.Any(b => FilterPattern.IsMatch(b.Value, branch));
        return true;
    }
}
