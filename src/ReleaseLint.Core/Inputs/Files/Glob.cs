using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Inputs.Files;

/// <summary>
/// A path glob as <c>.gitignore</c> and <c>.releaselint.yml</c> write them: <c>*</c> (within a segment),
/// <c>**</c> (any number of segments), <c>?</c>, <c>[abc]</c>, <c>[!a-z]</c>. Paths use <c>/</c>.
/// </summary>
public sealed class Glob
{
    private readonly Regex _regex;

    /// <summary>Compiles <paramref name="pattern"/>. A pattern without <c>/</c> (other than a trailing one) matches a name at any depth.</summary>
    public Glob(string pattern)
    {
        Pattern = pattern;
        var p = pattern.Trim();
        DirectoryOnly = p.EndsWith('/');
        p = p.TrimEnd('/');
        var anchored = p.Contains('/');
        p = p.TrimStart('/');
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        var body = Translate(p);
        // A match on a directory also covers everything below it.
        _regex = new Regex((anchored ? "^" : "^(?:.*/)?") + body + "(?:/.*)?$", RegexOptions.CultureInvariant);
        _exact = new Regex((anchored ? "^" : "^(?:.*/)?") + body + "$", RegexOptions.CultureInvariant);
    }

    private readonly Regex _exact;

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }
    /// <summary>True when the pattern ends in <c>/</c> (matches directories only).</summary>
    public bool DirectoryOnly { get; }

    /// <summary>True when <paramref name="path"/> or one of its parent directories matches.</summary>
    public bool IsMatch(string path) => _regex.IsMatch(path);

    /// <summary>True when <paramref name="path"/> itself matches (not only a parent).</summary>
    public bool IsExactMatch(string path) => _exact.IsMatch(path);

    internal static string Translate(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    var atStart = i == 0 || glob[i - 1] == '/';
                    var atEnd = i + 2 >= glob.Length || glob[i + 2] == '/';
                    if (atStart && atEnd)
                    {
                        if (i + 2 < glob.Length) { sb.Append("(?:.*/)?"); i += 2; } // "**/"
                        else { sb.Append(".*"); i += 1; }                            // trailing "**"
                    }
                    else
                    {
                        sb.Append("[^/]*");
                        i += 1;
                    }
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = glob.IndexOf(']', i + 2);
                    if (close < 0) { sb.Append(@"\["); break; }
                    var set = glob[(i + 1)..close];
                    if (set.StartsWith('!')) set = "^" + set[1..];
                    sb.Append('[').Append(set.Replace(@"\", @"\\")).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    sb.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return sb.ToString();
    }
}
