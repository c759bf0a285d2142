using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Patterns;

/// <summary>What <see cref="NameFormat.Match"/> found in a name.</summary>
/// <param name="Success">True when the name matches the format (including real calendar dates and numbers ≥ 1).</param>
/// <param name="Date">The date the name carries (<c>{yyyy}{MM}{dd}</c> or <c>{date}</c>), when it has one and it is real.</param>
/// <param name="Number">The <c>{n}</c> value, when present.</param>
/// <param name="SemVer">The <c>{semver}</c> text, when present.</param>
/// <param name="Problem">Why a name with the right shape still fails (e.g. "2025-02-30 is not a real calendar date"); null otherwise.</param>
public sealed record NameMatch(bool Success, DateOnly? Date = null, int? Number = null, string? SemVer = null, string? Problem = null)
{
    /// <summary>A failed match without a specific reason.</summary>
    public static readonly NameMatch None = new(false);

    /// <summary>The version the name carries (<c>{semver}</c>, or <c>{pep440}</c> in its normalized spelling: <c>1.0.0.beta0</c> gives <c>1.0.0b0</c>), when present.</summary>
    public string? Version { get; init; }
    /// <summary>The package the name is about (<c>{name}</c>), when present.</summary>
    public string? Package { get; init; }
}

/// <summary>
/// Matches names against a format: a regular expression compiled once from the format's parts (or the format's own
/// <c>re:</c> expression), whose captured values are then validated (a real calendar date, a number ≥ 1 without a
/// leading zero), so that a name of the right shape with a wrong value gets a reason. Immutable and thread-safe.
/// </summary>
internal sealed class FormatMatcher
{
    /// <summary>Time-out of one match: format expressions are linear, a <c>re:</c> expression is the user's.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Time-out of one match of a <c>re:</c> expression: a tag or branch name is short, so a pattern that needs longer
    /// backtracks catastrophically (<c>(a+)+$</c>); the caller gives up on the format (see <see cref="NameFormat.TryMatch"/>).
    /// </summary>
    public static readonly TimeSpan RegexMatchBudget = TimeSpan.FromMilliseconds(200);

    private readonly Regex _regex;

    private FormatMatcher(Regex regex)
    {
        _regex = regex;
        var names = regex.GetGroupNames();
        HasDate = names.Contains("date") || names.Contains("yyyy") || names.Contains("yy");
        HasSemVer = names.Contains("semver");
    }

    /// <summary>True when names carry a date.</summary>
    public bool HasDate { get; }
    /// <summary>True when names carry a SemVer version.</summary>
    public bool HasSemVer { get; }
    /// <summary>The compiled expression (also used to judge written examples of a <c>re:</c> format).</summary>
    public Regex Regex => _regex;

    /// <summary>The matcher of a parsed format.</summary>
    public static FormatMatcher For(IReadOnlyList<FormatPart> parts) =>
        new(new Regex("^" + Expression(parts) + "$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, MatchTimeout));

    /// <summary>The matcher of a <c>re:</c> format; null (with <paramref name="error"/>) when the expression is invalid.</summary>
    public static FormatMatcher? ForRegex(string text, string pattern, out string? error)
    {
        error = null;
        try { return new FormatMatcher(new Regex(pattern, RegexOptions.CultureInvariant, RegexMatchBudget)); }
        catch (ArgumentException e)
        {
            error = $"'{text}' is not a valid regular expression: {e.Message}";
            return null;
        }
    }

    /// <summary>Matches <paramref name="name"/>, validating dates and numbers (no match when the expression runs out of time).</summary>
    public NameMatch Match(string name) => TryMatch(name, out _);

    /// <summary>Matches <paramref name="name"/>; <paramref name="timedOut"/> tells a name that did not match from one the expression ran out of time on.</summary>
    public NameMatch TryMatch(string name, out bool timedOut)
    {
        timedOut = false;
        Match m;
        try { m = _regex.Match(name); }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return NameMatch.None;
        }
        if (!m.Success) return NameMatch.None;
        DateOnly? date = null;
        int? number = null;
        string? semver = null;
        if (m.Groups["date"] is { Success: true } dateGroup)
        {
            var digits = dateGroup.Value.Replace("-", "").Replace(".", "");
            if (digits.Length != 8 || !int.TryParse(digits.AsSpan(0, 4), out var y) || !int.TryParse(digits.AsSpan(4, 2), out var mo) || !int.TryParse(digits.AsSpan(6, 2), out var d))
                return new NameMatch(false, Problem: $"'{dateGroup.Value}' is not a date");
            if (CheckDate(y, mo, d, dateGroup.Value, out var real) is { } problem) return new NameMatch(false, Problem: problem);
            date = real;
        }
        else if (Group(m, "yyyy", "yy") is { } year)
        {
            var y = int.Parse(year.Value, CultureInfo.InvariantCulture) + (year.Value.Length == 2 ? 2000 : 0);
            var month = Group(m, "MM", "M");
            var day = Group(m, "dd", "d");
            // {M} and {d} are written without padding: "03" is not how the format writes March
            if (m.Groups["M"] is { Success: true, Length: 2 } unpaddedMonth && unpaddedMonth.Value[0] == '0')
                return new NameMatch(false, Problem: $"the month '{unpaddedMonth.Value}' has a leading zero");
            if (m.Groups["d"] is { Success: true, Length: 2 } unpaddedDay && unpaddedDay.Value[0] == '0')
                return new NameMatch(false, Problem: $"the day '{unpaddedDay.Value}' has a leading zero");
            var mo = month is not null ? int.Parse(month.Value, CultureInfo.InvariantCulture) : 1;
            var d = day is not null ? int.Parse(day.Value, CultureInfo.InvariantCulture) : 1;
            var shown = year.Value + (month is not null ? "-" + month.Value : "") + (day is not null ? "-" + day.Value : "");
            if (CheckDate(y, mo, d, shown, out var real) is { } problem) return new NameMatch(false, Problem: problem);
            if (day is not null) date = real;
        }
        if (m.Groups["n"] is { Success: true } n)
        {
            if (!int.TryParse(n.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                return new NameMatch(false, Problem: $"the number '{n.Value}' must be 1 or more");
            if (n.Value.Length > 1 && n.Value[0] == '0')
                return new NameMatch(false, Problem: $"the number '{n.Value}' has a leading zero");
            number = value;
        }
        foreach (var component in new[] { "major", "minor", "patch" })
            if (m.Groups[component] is { Success: true, Length: > 1 } c && c.Value[0] == '0')
                return new NameMatch(false, Problem: $"the {component} number '{c.Value}' has a leading zero");
        if (m.Groups["semver"] is { Success: true } sv) semver = sv.Value;
        var version = semver ?? (m.Groups["pep440"] is { Success: true } pep ? Pep440.Normalize(pep.Value) ?? pep.Value : null);
        return new NameMatch(true, date, number, semver) { Version = version, Package = m.Groups["name"] is { Success: true } p ? p.Value : null };
    }

    /// <summary>The first of the named groups that took part in the match, or null.</summary>
    private static Group? Group(Match m, params string[] names)
    {
        foreach (var name in names)
            if (m.Groups[name] is { Success: true } g) return g;
        return null;
    }

    private static string? CheckDate(int y, int m, int d, string shown, out DateOnly date)
    {
        date = default;
        if (y < 1) return $"'{shown}' is not a real calendar date (year {y})";
        if (m < 1 || m > 12) return $"'{shown}' is not a real calendar date (month {m:00} does not exist)";
        var days = DateTime.DaysInMonth(y, m);
        if (d < 1 || d > days)
            return $"'{shown}' is not a real calendar date ({CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(m)} {y} has {days} days)";
        date = new DateOnly(y, m, d);
        return null;
    }

    /// <summary>
    /// The expression of <paramref name="parts"/>: the loose, capturing form (<paramref name="exact"/> false) that
    /// matching validates afterwards, or the exact, non-capturing form whose language is the valid names.
    /// </summary>
    public static string Expression(IReadOnlyList<FormatPart> parts, bool exact = false)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            switch (part)
            {
                case LiteralPart l: sb.Append(RegexText.Escape(l.Text)); break;
                case OptionalPart o: sb.Append("(?:").Append(Expression(o.Parts, exact)).Append(")?"); break;
                case PlaceholderPart { Placeholder: var p }:
                    sb.Append(exact ? "(" + p.LanguagePattern + ")" : $"(?<{p.Name}>{p.MatchPattern})");
                    break;
            }
        }
        return sb.ToString();
    }
}
