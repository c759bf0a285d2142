using System.Globalization;
using System.Text.RegularExpressions;

namespace ReleaseLint.Inputs.Git;

/// <summary>
/// The version a tag name carries, read by shape rather than by the policy's format, for the history semantics that
/// need it whatever the format says: which tags are pre-releases (RL3003 judges final releases), which name a
/// retired branch rather than a release (<c>2.3.x</c>), and which release line a tag belongs to (a patch release of an
/// older line). The name splits into a family prefix (<c>v</c>, <c>tokio-util-</c>, <c>@astrojs/node@</c>), the
/// dotted numbers (<c>1.32.1</c>) and the rest (<c>-rc.1</c>, <c>b1</c>, <c>.dev0</c>, <c>.post1</c>).
/// </summary>
/// <param name="Family">The text before the version (the tag family: the package of a monorepo tag, or a <c>v</c>).</param>
/// <param name="Numbers">The dotted numbers of the version.</param>
/// <param name="Rest">What follows the numbers.</param>
public sealed partial record TagVersion(string Family, IReadOnlyList<long> Numbers, string Rest)
{
    /// <summary>
    /// Reads the version of <paramref name="name"/>: the first run of dotted numbers at the start of the name or right
    /// after a <c>-</c>, <c>_</c>, <c>@</c> or <c>/</c> (optionally after a <c>v</c>); null when there is none.
    /// </summary>
    public static TagVersion? Parse(string name)
    {
        if (name.Length > 200) return null;
        for (var i = 0; i < name.Length; i++)
        {
            // a version starts at the beginning or after a separator, optionally after a 'v'
            if (i > 0 && name[i - 1] is not ('-' or '_' or '@' or '/')) continue;
            var start = name[i] is 'v' or 'V' && i + 1 < name.Length && char.IsAsciiDigit(name[i + 1]) ? i + 1 : i;
            if (!char.IsAsciiDigit(name[start])) continue;
            var end = start;
            var numbers = new List<long>();
            while (true)
            {
                var from = end;
                while (end < name.Length && char.IsAsciiDigit(name[end])) end++;
                if (end - from > 18) return null;
                numbers.Add(long.Parse(name.AsSpan(from, end - from), NumberStyles.None, CultureInfo.InvariantCulture));
                if (end + 1 < name.Length && name[end] == '.' && char.IsAsciiDigit(name[end + 1])) { end++; continue; }
                break;
            }
            return new TagVersion(name[..start], numbers, name[end..]);
        }
        return null;
    }

    /// <summary>
    /// True for a pre-release: a SemVer pre-release part (<c>-rc.1</c>, <c>-0</c>, <c>-beta</c>, a nightly
    /// <c>-abc1234-nightly</c>) or a PEP 440 pre- or development release (<c>b1</c>, <c>rc2</c>, <c>.dev0</c>,
    /// <c>.beta0</c>). Build metadata (<c>+build.5</c>) and post-releases (<c>.post1</c>) are final releases.
    /// </summary>
    public bool IsPreRelease
    {
        get
        {
            if (Rest.Length == 0) return false;
            try { return PreRelease().IsMatch(Rest); }
            catch (RegexMatchTimeoutException) { return false; }
        }
    }

    /// <summary>
    /// True for a name such as <c>2.3.x</c> or <c>v1.x</c>: a release line (the name of its maintenance branch, kept as
    /// an archive tag when the branch is retired), never a release.
    /// </summary>
    public bool IsLine => Rest is ".x" or ".X" or ".*";

    /// <summary>The release line: the family and the first two numbers (<c>v</c>, <c>3.19</c>).</summary>
    public string Line => Family + "\0" + string.Join('.', Numbers.Take(2));

    /// <summary>Compares the numbers of two versions (missing numbers count as 0); the rest is not compared.</summary>
    public static int CompareNumbers(TagVersion a, TagVersion b)
    {
        for (var i = 0; i < Math.Max(a.Numbers.Count, b.Numbers.Count); i++)
        {
            var x = i < a.Numbers.Count ? a.Numbers[i] : 0;
            var y = i < b.Numbers.Count ? b.Numbers[i] : 0;
            if (x != y) return x.CompareTo(y);
        }
        return 0;
    }

    [GeneratedRegex(@"^(?:-(?!$)|[._]?(?:a|b|c|rc|alpha|beta|pre|preview|dev)(?:[._-]?[0-9]+)?(?:$|[._+-]))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PreRelease();
}
