using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows;

/// <summary>
/// GitHub's filter-pattern syntax for <c>branches</c>, <c>tags</c> and <c>paths</c> filters: <c>*</c> matches
/// anything but <c>/</c>, <c>**</c> anything, <c>?</c> makes the previous character optional, <c>+</c> repeats it,
/// <c>[…]</c> is a character class, <c>\</c> escapes, and a leading <c>!</c> excludes what earlier patterns included.
/// </summary>
public static class FilterPattern
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="name"/> matches the single pattern <paramref name="pattern"/> (a leading <c>!</c> ignored).</summary>
    public static bool IsMatch(string pattern, string name) => ToRegex(pattern.StartsWith('!') ? pattern[1..] : pattern).IsMatch(name);

    /// <summary>
    /// Whether a push or pull request on <paramref name="name"/> passes a filter: the include list evaluated in
    /// order (later <c>!</c> patterns exclude, later plain patterns include again), or the ignore list. No filter
    /// passes everything.
    /// </summary>
    public static bool Passes(IReadOnlyList<YamlScalar>? include, IReadOnlyList<YamlScalar>? ignore, string name)
    {
        if (include is not null)
        {
            var matched = false;
            foreach (var p in include)
            {
                var negated = p.Value.StartsWith('!');
                if (IsMatch(p.Value, name)) matched = !negated;
            }
            return matched;
        }
        if (ignore is not null) return !ignore.Any(p => !p.Value.StartsWith('!') && IsMatch(p.Value, name));
        return true;
    }

    /// <summary>True when <paramref name="pattern"/> could match a name other than <paramref name="only"/> (it has wildcards or names something else).</summary>
    public static bool CanMatchOtherThan(string pattern, string only)
    {
        if (pattern.StartsWith('!')) return false;
        if (pattern.IndexOfAny(['*', '?', '+', '[', '\\']) < 0) return !string.Equals(pattern, only, StringComparison.Ordinal);
        // A wildcard pattern: it matches something else unless it can only spell 'only'. Probe a few variants.
        string[] probes = [only + "-x", "x" + only, only + "/x", "feature/x", "main", "x"];
        return probes.Any(p => p != only && IsMatch(pattern, p));
    }

    /// <summary>The pattern as an anchored regular expression.</summary>
    public static Regex ToRegex(string pattern) => Cache.GetOrAdd(pattern, p =>
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            switch (c)
            {
                case '*' when i + 1 < p.Length && p[i + 1] == '*':
                    sb.Append(".*");
                    i++;
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append('?');
                    break;
                case '+':
                    sb.Append('+');
                    break;
                case '[':
                {
                    var close = p.IndexOf(']', i + 1);
                    if (close < 0) { sb.Append(@"\["); break; }
                    sb.Append('[').Append(p[(i + 1)..close].Replace("\\", "\\\\")).Append(']');
                    i = close;
                    break;
                }
                case '\\' when i + 1 < p.Length:
                    sb.Append(Regex.Escape(p[i + 1].ToString()));
                    i++;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        sb.Append('$');
        try
        {
            return new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        catch (ArgumentException)
        {
            return new Regex("^" + Regex.Escape(p) + "$", RegexOptions.CultureInvariant);
        }
    });
}
