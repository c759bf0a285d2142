using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace ReleaseLint.Rules.Discussions;

/// <summary>Reading field values of deployment updates: placeholders, refs, release ids, URLs.</summary>
internal static partial class UpdateValues
{
    private static readonly FrozenSet<string> HtmlTags = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
    [
        "a", "b", "i", "u", "s", "br", "hr", "img", "code", "pre", "kbd", "sub", "sup", "span", "div", "p", "em", "strong",
        "del", "ins", "details", "summary", "ul", "ol", "li", "table", "tr", "td", "th", "picture", "source", "samp", "var", "mark",
    ]);

    [GeneratedRegex(@"<(?<inner>/?[^<>\n]+)>")]
    private static partial Regex AngleText();

    [GeneratedRegex(@"^(?:TBD|TBA|TODO|FIXME|XXX+|\?+|\.{3}|…|-|–|—|_+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FillerValue();

    /// <summary>The placeholder a value still holds (<c>&lt;sha or tag&gt;</c>, <c>TBD</c>), "" when the value is empty, null when it is filled in.</summary>
    public static string? Placeholder(string rawValue)
    {
        var plain = Inputs.Discussions.DeploymentUpdate.Unwrap(rawValue);
        if (plain.Length == 0) return "";
        if (FillerValue().IsMatch(plain)) return plain;
        foreach (Match m in AngleText().Matches(plain))
        {
            var inner = m.Groups["inner"].Value.Trim();
            if (inner.StartsWith('/') || inner.StartsWith('!')) continue;                          // closing tag, comment
            if (inner.Contains("://", StringComparison.Ordinal) || inner.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) continue; // autolink
            if (Regex.IsMatch(inner, @"^[^\s@]+@[^\s@]+$")) continue;                                // e-mail autolink
            var tag = Regex.Match(inner, @"^[A-Za-z][A-Za-z0-9-]*").Value;
            if (tag.Length > 0 && HtmlTags.Contains(tag) && (inner.Length == tag.Length || char.IsWhiteSpace(inner[tag.Length]) || inner.EndsWith('/'))) continue;
            return m.Value;
        }
        return null;
    }

    [GeneratedRegex(@"https?://[^\s)\]>""'`]+")]
    private static partial Regex Url();

    /// <summary>True when the value holds a URL (bare, autolink or markdown link).</summary>
    public static bool HasUrl(string value) => Url().IsMatch(value);

    [GeneratedRegex(@"[\p{L}]{2,}")]
    private static partial Regex Word();

    /// <summary>True when the value is a note: at least two words.</summary>
    public static bool IsNote(string value) => Word().Matches(value).Count >= 2;

    [GeneratedRegex(@"(?<![\w.])v\d+(?![\w.])")]
    private static partial Regex FlyRelease();

    /// <summary>True when the value names a Fly.io release like <c>v42</c>.</summary>
    public static bool HasFlyRelease(string value) => FlyRelease().IsMatch(value);

    /// <summary>A ref named in a deployed-commit value.</summary>
    /// <param name="Name">The SHA or tag as written.</param>
    /// <param name="Index">Offset in the value.</param>
    /// <param name="IsSha">True for a hexadecimal commit id.</param>
    public sealed record RefToken(string Name, int Index, bool IsSha);

    [GeneratedRegex(@"github\.com/(?<repo>[^/\s]+/[^/\s]+)/(?:commit|commits|tree)/(?<sha>[0-9a-fA-F]{7,40})\b|github\.com/(?<repo>[^/\s]+/[^/\s]+)/releases/tag/(?<tag>[^\s)\]#?]+)")]
    private static partial Regex RefUrl();

    [GeneratedRegex(@"(?<![\w./-])(?<sha>[0-9a-f]{7,40})(?![\w-])|(?<![\w./-])(?<tag>v\d[0-9A-Za-z.\-+]*[0-9A-Za-z])(?![\w-])")]
    private static partial Regex RefWord();

    [GeneratedRegex(@"`(?<code>[^`\s]+)`")]
    private static partial Regex CodeToken();

    [GeneratedRegex(@"^[0-9a-fA-F]{7,40}$")]
    private static partial Regex Hex();

    /// <summary>
    /// The commits and tags a deployed-commit value names: commit and release-tag URLs of this repository, single
    /// tokens in backticks, then bare SHAs (7–40 hex digits with a digit and a letter) and <c>v1…</c> tags.
    /// </summary>
    public static List<RefToken> Refs(string value, string? self)
    {
        var refs = new List<RefToken>();
        var taken = new List<(int, int)>();
        foreach (Match m in RefUrl().Matches(value))
        {
            taken.Add((m.Index, m.Index + m.Length));
            if (self is not null && !string.Equals(m.Groups["repo"].Value, self, StringComparison.OrdinalIgnoreCase)) continue;
            if (m.Groups["sha"].Success) refs.Add(new RefToken(m.Groups["sha"].Value, m.Groups["sha"].Index, true));
            else refs.Add(new RefToken(Uri.UnescapeDataString(m.Groups["tag"].Value), m.Groups["tag"].Index, false));
        }
        foreach (Match m in Url().Matches(value)) taken.Add((m.Index, m.Index + m.Length));
        foreach (Match m in CodeToken().Matches(value))
        {
            if (taken.Any(t => m.Index >= t.Item1 && m.Index < t.Item2)) continue;
            taken.Add((m.Index, m.Index + m.Length));
            var code = m.Groups["code"].Value.Trim();
            if (code.StartsWith('<') || code.Contains("://", StringComparison.Ordinal)) continue;
            refs.Add(new RefToken(code, m.Groups["code"].Index, Hex().IsMatch(code) && code.Any(char.IsDigit)));
        }
        foreach (Match m in RefWord().Matches(value))
        {
            if (taken.Any(t => m.Index >= t.Item1 && m.Index < t.Item2)) continue;
            if (m.Groups["sha"].Success)
            {
                if (!m.Value.Any(char.IsDigit) || !m.Value.Any(c => c is >= 'a' and <= 'f')) continue; // a number or a word, not a commit id
                refs.Add(new RefToken(m.Value, m.Index, true));
            }
            else refs.Add(new RefToken(m.Value, m.Index, false));
        }
        return refs.DistinctBy(r => r.Name).ToList();
    }

    [GeneratedRegex(@"^(?:n/?a|none|no|nope|nothing|not needed|not required|not applicable|no rollback\b.*|-|–|—|0|false)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex NoRollback();

    [GeneratedRegex(@"\broll(?:ed|ing)?[- ]?back\b|\brollback\b|\brevert(?:ed|ing)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex RollbackWords();

    /// <summary>True when a rollback-status value says a rollback happened.</summary>
    public static bool SaysRolledBack(string value)
    {
        var plain = Inputs.Discussions.DeploymentUpdate.Unwrap(value);
        if (plain.Length == 0 || Placeholder(value) is not null || NoRollback().IsMatch(plain)) return false;
        if (Regex.IsMatch(plain, @"^(?:n/?a|none|no)\b[ ,;:(—–-]", RegexOptions.IgnoreCase)) return false; // "n/a (healthy)", "none — all good"
        return RollbackWords().IsMatch(plain) || Regex.IsMatch(plain, @"^(?:yes|done|completed?|in progress)\b", RegexOptions.IgnoreCase);
    }

    /// <summary>True when <paramref name="text"/> speaks of a rollback or revert.</summary>
    public static bool SpeaksOfRollback(string text) => RollbackWords().IsMatch(text);
}
