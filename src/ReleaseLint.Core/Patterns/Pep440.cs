using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Patterns;

/// <summary>
/// PEP 440 public versions in every spelling the specification accepts as valid, and their normalized form
/// (packaging.python.org, "Version specifiers", Normalization): any case, <c>alpha</c>/<c>beta</c>/<c>c</c>/
/// <c>pre</c>/<c>preview</c> for <c>a</c>/<c>b</c>/<c>rc</c>, <c>rev</c>/<c>r</c>/<c>-N</c> for <c>.post</c>, a
/// <c>-</c>, <c>_</c> or <c>.</c> before and after each label, an implicit <c>0</c> after a label, and numbers with
/// leading zeros. <c>1.0.0.beta0</c>, <c>1.0-RC1</c>, <c>1.0-1</c> and <c>01.2</c> are valid and normalize to
/// <c>1.0.0b0</c>, <c>1.0rc1</c>, <c>1.0.post1</c> and <c>1.2</c>. Two spellings are not taken: the leading
/// <c>v</c> (in a tag format the prefix is literal text: <c>v{pep440}</c>) and local versions (<c>+local</c>, which
/// package indexes refuse, so no release carries one).
/// </summary>
public static partial class Pep440
{
    private const string Sep = "[-_.]";
    private const string Num = "[0-9]+";
    private const string PreLabel = "([Aa][Ll][Pp][Hh][Aa]|[Aa]|[Bb][Ee][Tt][Aa]|[Bb]|[Pp][Rr][Ee][Vv][Ii][Ee][Ww]|[Pp][Rr][Ee]|[Cc]|[Rr][Cc])";
    private const string PostLabel = "([Pp][Oo][Ss][Tt]|[Rr][Ee][Vv]|[Rr])";
    private const string DevLabel = "[Dd][Ee][Vv]";

    /// <summary>
    /// The language of valid spellings, without anchors, in the regular-expression subset that
    /// <see cref="NameLanguage.FromRegex"/> reads (plain groups, classes, <c>?</c> <c>*</c> <c>+</c>; no options).
    /// </summary>
    public const string Pattern =
        "(" + Num + "!)?" + Num + "(\\." + Num + ")*" +
        "(" + Sep + "?" + PreLabel + Sep + "?([0-9]+)?)?" +
        "(-" + Num + "|" + Sep + "?" + PostLabel + Sep + "?([0-9]+)?)?" +
        "(" + Sep + "?" + DevLabel + Sep + "?([0-9]+)?)?";

    /// <summary>True when <paramref name="version"/> is a PEP 440 public version in a valid spelling.</summary>
    public static bool IsValid(string version) => Parse(version) is not null;

    /// <summary>The normalized spelling of <paramref name="version"/> (<c>1.0.0.beta0</c> → <c>1.0.0b0</c>), or null when it is not valid.</summary>
    public static string? Normalize(string version) => Parse(version)?.ToString();

    /// <summary>
    /// Orders two valid versions as PEP 440 does (epoch, release with trailing zeros ignored, then dev &lt; pre &lt;
    /// final &lt; post); spellings of one version compare equal. Null when either is not valid.
    /// </summary>
    public static int? Compare(string a, string b) => Parse(a) is { } x && Parse(b) is { } y ? x.CompareTo(y) : null;

    /// <summary>A parsed version.</summary>
    private sealed record Version(long Epoch, IReadOnlyList<long> Release, string? PreLabel, long Pre, long? Post, long? Dev) : IComparable<Version>
    {
        public override string ToString()
        {
            var sb = new StringBuilder();
            if (Epoch != 0) sb.Append(Epoch.ToString(CultureInfo.InvariantCulture)).Append('!');
            sb.Append(string.Join('.', Release.Select(n => n.ToString(CultureInfo.InvariantCulture))));
            if (PreLabel is not null) sb.Append(PreLabel).Append(Pre.ToString(CultureInfo.InvariantCulture));
            if (Post is { } post) sb.Append(".post").Append(post.ToString(CultureInfo.InvariantCulture));
            if (Dev is { } dev) sb.Append(".dev").Append(dev.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        public int CompareTo(Version? other)
        {
            if (other is null) return 1;
            if (Epoch != other.Epoch) return Epoch.CompareTo(other.Epoch);
            for (var i = 0; i < Math.Max(Release.Count, other.Release.Count); i++)
            {
                var x = i < Release.Count ? Release[i] : 0;
                var y = i < other.Release.Count ? other.Release[i] : 0;
                if (x != y) return x.CompareTo(y);
            }
            var c = PreKey().CompareTo(other.PreKey());
            if (c != 0) return c;
            c = (Post ?? -1).CompareTo(other.Post ?? -1);
            if (c != 0) return c;
            return (Dev ?? long.MaxValue).CompareTo(other.Dev ?? long.MaxValue);
        }

        // a dev release of the final version sorts before its pre-releases; a final version after them
        private (int, long) PreKey() =>
            PreLabel is null ? (Post is null && Dev is not null ? (-1, 0) : (3, 0)) : (PreLabel switch { "a" => 0, "b" => 1, _ => 2 }, Pre);
    }

    private static Version? Parse(string text)
    {
        if (text.Length > 200) return null;
        Match m;
        try { m = Anchored().Match(text); }
        catch (RegexMatchTimeoutException) { return null; }
        if (!m.Success) return null;
        if (!TryNumber(m.Groups["epoch"], 0, out var epoch)) return null;
        var release = new List<long>();
        foreach (var part in m.Groups["release"].Value.Split('.'))
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) release.Add(n); else return null;
        string? preLabel = null;
        long pre = 0;
        if (m.Groups["prel"].Success)
        {
            preLabel = m.Groups["prel"].Value.ToLowerInvariant() switch { "alpha" or "a" => "a", "beta" or "b" => "b", _ => "rc" };
            if (!TryNumber(m.Groups["pren"], 0, out pre)) return null;
        }
        long? post = null;
        if (m.Groups["postn1"].Success || m.Groups["postl"].Success)
        {
            if (!TryNumber(m.Groups["postn1"].Success ? m.Groups["postn1"] : m.Groups["postn2"], 0, out var p)) return null;
            post = p;
        }
        long? dev = null;
        if (m.Groups["devl"].Success)
        {
            if (!TryNumber(m.Groups["devn"], 0, out var d)) return null;
            dev = d;
        }
        return new Version(epoch, release, preLabel, pre, post, dev);
    }

    private static bool TryNumber(Group g, long missing, out long value)
    {
        value = missing;
        return !g.Success || long.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)(?:[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?(?:-(?<postn1>[0-9]+)|[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?)?(?:[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Anchored();
}
