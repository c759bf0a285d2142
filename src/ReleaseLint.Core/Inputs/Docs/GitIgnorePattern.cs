using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Inputs.Docs;

/// <summary>
/// A list of gitignore-style patterns as sites use them (MkDocs <c>exclude_docs</c>, <c>not_in_nav</c>): <c>*</c>,
/// <c>**</c>, <c>?</c>, a leading <c>/</c> anchors to the base, a trailing <c>/</c> matches folders, <c>!</c> re-includes;
/// a pattern without a slash matches a name at any depth. The last matching pattern decides.
/// </summary>
public sealed class GitIgnorePattern
{
    private readonly List<(Regex Pattern, bool Negated)> _patterns = [];

    /// <summary>Reads one pattern per line (blank lines and <c>#</c> comments skipped).</summary>
    public GitIgnorePattern(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var negated = line.StartsWith('!');
            if (negated) line = line[1..];
            var dirOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            var anchored = line.StartsWith('/') || line.TrimStart('/').Contains('/');
            line = line.TrimStart('/');
            if (line.Length == 0) continue;
            var sb = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (c == '*' && i + 1 < line.Length && line[i + 1] == '*')
                {
                    i++;
                    if (i + 1 < line.Length && line[i + 1] == '/') { i++; sb.Append("(?:.*/)?"); }
                    else sb.Append(".*");
                }
                else if (c == '*') sb.Append("[^/]*");
                else if (c == '?') sb.Append("[^/]");
                else sb.Append(Regex.Escape(c.ToString()));
            }
            sb.Append(dirOnly ? "/.*$" : "(?:/.*)?$");
            _patterns.Add((new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), negated));
        }
    }

    /// <summary>True when <paramref name="relativePath"/> (relative to the patterns' base) is matched.</summary>
    public bool IsMatch(string relativePath)
    {
        var matched = false;
        foreach (var (pattern, negated) in _patterns)
            if (pattern.IsMatch(relativePath)) matched = !negated;
        return matched;
    }
}
