using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Policy;

/// <summary>What <see cref="TagFormat.Match"/> found in a name.</summary>
/// <param name="Success">True when the name matches the format (including real calendar dates and numbers ≥ 1).</param>
/// <param name="Date">The date the name carries (<c>{yyyy}{MM}{dd}</c> or <c>{date}</c>), when it has one and it is real.</param>
/// <param name="Number">The <c>{n}</c> value, when present.</param>
/// <param name="SemVer">The <c>{semver}</c> text, when present.</param>
/// <param name="Problem">Why a name with the right shape still fails (e.g. "2025-02-30 is not a real calendar date"); null otherwise.</param>
public sealed record TagMatch(bool Success, DateOnly? Date = null, int? Number = null, string? SemVer = null, string? Problem = null)
{
    /// <summary>A failed match without a specific reason.</summary>
    public static readonly TagMatch None = new(false);
}

/// <summary>
/// A name format of the release policy: release tags (<c>tags.format</c>, default <c>v{yyyy}.{MM}.{dd}[.{n}]</c>)
/// and release-candidate branches (<c>branches.release-candidate</c>, default <c>release/{date}[-{n}]</c>).
/// A format is literal text with placeholders <c>{yyyy}</c> <c>{MM}</c> <c>{dd}</c> (a real calendar date together),
/// <c>{date}</c> (<c>YYYY-MM-DD</c>, <c>YYYY.MM.DD</c> or <c>YYYYMMDD</c>), <c>{n}</c> (a number ≥ 1) and
/// <c>{semver}</c> (full SemVer 2.0 with pre-release and build metadata); <c>[…]</c> marks an optional part and
/// <c>\</c> escapes the next character. A format starting with <c>re:</c> is a .NET regular expression instead
/// (matched anywhere unless anchored); its named groups <c>yyyy</c>, <c>MM</c>, <c>dd</c>, <c>date</c> and <c>n</c>
/// are validated like the placeholders. The same format also yields the language of all names it accepts
/// (<see cref="Language"/>), compared exactly with workflow tag filters and ruleset patterns, and a GitHub
/// filter pattern that matches them (<see cref="ToFilterPattern"/>). Immutable and thread-safe.
/// </summary>
public sealed partial class TagFormat
{
    /// <summary>The full SemVer 2.0 grammar (semver.org), without anchors.</summary>
    public const string SemVerPattern =
        @"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-((0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?";

    private const string MonthPattern = "(0[1-9]|1[0-2])";
    private const string DayPattern = "(0[1-9]|[12][0-9]|3[01])";

    /// <summary>The placeholders a format may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["yyyy", "MM", "dd", "n", "semver", "date"];

    private readonly Regex _regex;
    private readonly Lazy<NameLanguage?> _language;
    private readonly List<Part> _parts;

    private TagFormat(string text, Regex regex, List<Part> parts, string languagePattern, string prefix, bool isRegex)
    {
        Text = text;
        _regex = regex;
        _parts = parts;
        LiteralPrefix = prefix;
        IsRegex = isRegex;
        var names = regex.GetGroupNames();
        HasDate = names.Contains("date") || names.Contains("yyyy");
        HasSemVer = names.Contains("semver");
        _language = new(() => NameLanguage.FromRegex(languagePattern, search: isRegex));
    }

    /// <summary>The default release tag format of the policy.</summary>
    public static TagFormat DefaultTags { get; } = Parse("v{yyyy}.{MM}.{dd}[.{n}]");

    /// <summary>The default release-candidate branch pattern of the policy.</summary>
    public static TagFormat DefaultReleaseCandidates { get; } = Parse("release/{date}[-{n}]");

    /// <summary>The format as configured.</summary>
    public string Text { get; }
    /// <summary>True for a <c>re:</c> format.</summary>
    public bool IsRegex { get; }
    /// <summary>True when names carry a date.</summary>
    public bool HasDate { get; }
    /// <summary>True when names carry a SemVer version.</summary>
    public bool HasSemVer { get; }
    /// <summary>The literal text every name starts with (<c>v</c>, <c>release/</c>); may be empty.</summary>
    public string LiteralPrefix { get; }

    /// <summary>
    /// The language of every name the format accepts (dates restricted to months 01–12 and days 01–31), for exact
    /// comparison with filters; null for a <c>re:</c> format using constructs the comparison does not support.
    /// </summary>
    public NameLanguage? Language => _language.Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TagFormat?> Cache = new(StringComparer.Ordinal);

    /// <summary>The parsed format for <paramref name="text"/>, shared across the process; null when it does not parse.</summary>
    public static TagFormat? Cached(string text) => Cache.GetOrAdd(text, t => TryParse(t, out var f, out _) ? f : null);

    /// <summary>Parses a format; throws <see cref="FormatException"/> with a message fit for users when it is invalid.</summary>
    public static TagFormat Parse(string text) =>
        TryParse(text, out var format, out var error) ? format : throw new FormatException(error);

    /// <summary>Parses a format; on failure <paramref name="error"/> says what is wrong (lower-case, quotes the offending part).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out TagFormat? format, [NotNullWhen(false)] out string? error)
    {
        format = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a format cannot be empty";
            return false;
        }
        if (text.StartsWith("re:", StringComparison.Ordinal))
        {
            var pattern = text[3..];
            Regex regex;
            try { regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchBudget); }
            catch (ArgumentException e)
            {
                error = $"'{text}' is not a valid regular expression: {e.Message}";
                return false;
            }
            format = new TagFormat(text, regex, [], pattern, RegexPrefix(pattern), isRegex: true);
            return true;
        }

        var parts = new List<Part>();
        var stack = new Stack<List<Part>>();
        var current = parts;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length > 0) current.Add(new Literal(literal.ToString()));
            literal.Clear();
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' when i + 1 < text.Length:
                    literal.Append(text[++i]);
                    break;
                case '{':
                {
                    var close = text.IndexOf('}', i);
                    if (close < 0)
                    {
                        error = $"'{text}' has '{{' without a closing '}}'";
                        return false;
                    }
                    var name = text[(i + 1)..close];
                    if (!Placeholders.Contains(name))
                    {
                        var hint = Suggestions.Closest(Placeholders, name, 2) is { } close2 ? $"; did you mean '{{{close2}}}'?" : "";
                        error = $"unknown placeholder '{{{name}}}' in '{text}'; use {{yyyy}} {{MM}} {{dd}} {{n}} {{semver}} or {{date}}{hint}";
                        return false;
                    }
                    if (!seen.Add(name))
                    {
                        error = $"placeholder '{{{name}}}' appears twice in '{text}'";
                        return false;
                    }
                    Flush();
                    current.Add(new Placeholder(name));
                    i = close;
                    break;
                }
                case '[':
                    Flush();
                    stack.Push(current);
                    current = [];
                    break;
                case ']':
                    if (stack.Count == 0)
                    {
                        error = $"'{text}' has ']' without an opening '['";
                        return false;
                    }
                    Flush();
                    var optional = new Optional(current);
                    current = stack.Pop();
                    current.Add(optional);
                    break;
                default:
                    literal.Append(c);
                    break;
            }
        }
        if (stack.Count > 0)
        {
            error = $"'{text}' has '[' without a closing ']'";
            return false;
        }
        Flush();
        if (seen.Contains("date") && (seen.Contains("yyyy") || seen.Contains("MM") || seen.Contains("dd")))
        {
            error = $"'{text}' mixes {{date}} with {{yyyy}}/{{MM}}/{{dd}}; use one or the other";
            return false;
        }
        if ((seen.Contains("dd") && !seen.Contains("MM")) || (seen.Contains("MM") && !seen.Contains("yyyy")))
        {
            error = $"'{text}' has a day or month without the year and month; a date needs {{yyyy}}, {{MM}} and {{dd}}";
            return false;
        }
        var regexText = "^" + ToRegex(parts, tight: false) + "$";
        var languageText = "^" + ToRegex(parts, tight: true) + "$";
        var prefix = parts.Count > 0 && parts[0] is Literal l ? l.Text : "";
        format = new TagFormat(text, new Regex(regexText, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture), parts, languageText, prefix, isRegex: false);
        return true;
    }

    /// <summary>
    /// How long one match of a <c>re:</c> format may take. A pattern that needs longer on a tag name (catastrophic
    /// backtracking such as <c>(a+)+$</c>) is given up on at its first time-out: see <see cref="TimedOutOn"/>.
    /// </summary>
    public static readonly TimeSpan MatchBudget = TimeSpan.FromMilliseconds(200);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TagMatch> _matches = new(StringComparer.Ordinal);
    private volatile string? _timedOutOn;

    /// <summary>
    /// The name on which a <c>re:</c> format ran out of its <see cref="MatchBudget"/>, or null. From then on the format is
    /// not run again (every match answers <see cref="TagMatch.None"/> at once), and its answers cannot be trusted: the
    /// checks that need it are skipped and the pattern is reported (RL0001 at <c>tags.format</c>).
    /// </summary>
    public string? TimedOutOn => _timedOutOn;

    /// <summary>Matches <paramref name="name"/> against the format, validating dates and numbers (each name is matched once, then remembered).</summary>
    public TagMatch Match(string name)
    {
        if (_timedOutOn is not null) return TagMatch.None;
        return _matches.TryGetValue(name, out var known) ? known : _matches.GetOrAdd(name, MatchOnce);
    }

    private TagMatch MatchOnce(string name)
    {
        Match m;
        try { m = _regex.Match(name); }
        catch (RegexMatchTimeoutException)
        {
            _timedOutOn ??= name;
            return TagMatch.None;
        }
        if (!m.Success) return TagMatch.None;
        DateOnly? date = null;
        int? number = null;
        string? semver = null;
        if (m.Groups["date"] is { Success: true } dateGroup)
        {
            var digits = dateGroup.Value.Replace("-", "").Replace(".", "");
            if (digits.Length != 8 || !int.TryParse(digits.AsSpan(0, 4), out var y) || !int.TryParse(digits.AsSpan(4, 2), out var mo) || !int.TryParse(digits.AsSpan(6, 2), out var d))
                return new TagMatch(false, Problem: $"'{dateGroup.Value}' is not a date");
            if (CheckDate(y, mo, d, dateGroup.Value, out var real) is { } problem) return new TagMatch(false, Problem: problem);
            date = real;
        }
        else if (m.Groups["yyyy"] is { Success: true } year)
        {
            var y = int.Parse(year.Value, CultureInfo.InvariantCulture);
            var mo = m.Groups["MM"] is { Success: true } month ? int.Parse(month.Value, CultureInfo.InvariantCulture) : 1;
            var d = m.Groups["dd"] is { Success: true } day ? int.Parse(day.Value, CultureInfo.InvariantCulture) : 1;
            var shown = year.Value + (m.Groups["MM"].Success ? "-" + m.Groups["MM"].Value : "") + (m.Groups["dd"].Success ? "-" + m.Groups["dd"].Value : "");
            if (CheckDate(y, mo, d, shown, out var real) is { } problem) return new TagMatch(false, Problem: problem);
            if (m.Groups["dd"].Success) date = real;
        }
        if (m.Groups["n"] is { Success: true } n)
        {
            if (!int.TryParse(n.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                return new TagMatch(false, Problem: $"the number '{n.Value}' must be 1 or more");
            if (n.Value.Length > 1 && n.Value[0] == '0')
                return new TagMatch(false, Problem: $"the number '{n.Value}' has a leading zero");
            number = value;
        }
        if (m.Groups["semver"] is { Success: true } sv) semver = sv.Value;
        return new TagMatch(true, date, number, semver);
    }

    /// <summary>
    /// True when <paramref name="name"/> looks like an attempt at this format even if it does not match: it starts with
    /// the format's literal prefix, followed by a digit when <paramref name="digitAfterPrefix"/> (<c>v1.2</c> for tags;
    /// any <c>release/…</c> for branches). A format without a literal prefix only looks for the digit.
    /// </summary>
    public bool LooksLikeAttempt(string name, bool digitAfterPrefix = true)
    {
        if (LiteralPrefix.Length == 0) return digitAfterPrefix && name.Length > 0 && char.IsAsciiDigit(name[0]);
        if (!name.StartsWith(LiteralPrefix, StringComparison.Ordinal)) return false;
        return !digitAfterPrefix || (name.Length > LiteralPrefix.Length && char.IsAsciiDigit(name[LiteralPrefix.Length]));
    }

    /// <summary>
    /// A GitHub filter pattern (<c>on.push.tags</c>) that matches every name of the format, as tight as filter syntax
    /// allows (optional parts become <c>*</c>): <c>v[0-9][0-9][0-9][0-9].[0-9][0-9].[0-9][0-9]*</c> for the default.
    /// </summary>
    public string ToFilterPattern()
    {
        if (IsRegex) return LiteralPrefix.Length > 0 ? EscapeFilter(LiteralPrefix) + "*" : "*";
        var sb = new StringBuilder();
        Append(_parts);
        return sb.ToString();

        void Append(List<Part> parts)
        {
            foreach (var part in parts)
            {
                switch (part)
                {
                    case Literal l: sb.Append(EscapeFilter(l.Text)); break;
                    case Placeholder { Name: "yyyy" }: sb.Append("[0-9][0-9][0-9][0-9]"); break;
                    case Placeholder { Name: "MM" or "dd" }: sb.Append("[0-9][0-9]"); break;
                    case Placeholder { Name: "n" }: sb.Append("[0-9]+"); break;
                    case Placeholder { Name: "semver" }: sb.Append("[0-9]+.[0-9]+.[0-9]+"); AppendStar(); break;
                    case Placeholder: AppendStar(); break; // {date}: three spellings
                    case Optional: AppendStar(); break;
                }
            }
        }
        void AppendStar()
        {
            if (sb.Length == 0 || sb[^1] != '*') sb.Append('*');
        }
    }

    /// <summary>
    /// A few names the format accepts, for messages and documentation: with and without each optional part,
    /// <c>2025-03-10</c> as the date, <c>2</c> as the number, and plain and pre-release versions.
    /// </summary>
    public IReadOnlyList<string> Examples()
    {
        if (IsRegex) return [];
        var results = new List<string>();
        foreach (var semver in HasSemVer ? new[] { "1.2.3", "1.2.3-rc.1", "1.2.3+build.5" } : [""])
            foreach (var withOptional in new[] { false, true })
                results.Add(Render(new DateOnly(2025, 3, 10), 2, semver, withOptional, "yyyy-MM-dd"));
        return results.Distinct().Where(e => Match(e).Success).ToList();
    }

    /// <summary>The name this format gives to <paramref name="date"/> and optional number (<c>v2025.03.10</c>, <c>v2025.03.10.2</c>).</summary>
    public string Render(DateOnly date, int? number = null, string? semver = null) =>
        IsRegex ? "" : Render(date, number ?? 0, semver ?? "1.0.0", number is not null, "yyyy-MM-dd");

    /// <summary>
    /// For a name that does not match: the well-formed name it probably meant (same date and number written the
    /// format's way: <c>v2025.3.7</c> → <c>v2025.03.07</c>), or null when none can be told.
    /// </summary>
    public string? Suggest(string name)
    {
        if (IsRegex || !HasDate) return null;
        var numbers = DigitRuns().Matches(name).Select(m => m.Value).ToList();
        if (numbers.Count == 1 && numbers[0].Length == 8) numbers = [numbers[0][..4], numbers[0][4..6], numbers[0][6..]];
        if (numbers.Count < 3 || numbers[0].Length != 4) return null;
        if (!int.TryParse(numbers[0], out var y) || !int.TryParse(numbers[1], out var m) || !int.TryParse(numbers[2], out var d)) return null;
        if (m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Clamp(y, 1, 9999), m)) return null;
        int? n = numbers.Count > 3 && int.TryParse(numbers[3], out var k) && k >= 1 ? k : null;
        var suggestion = Render(new DateOnly(y, m, d), n);
        return suggestion != name && Match(suggestion).Success ? suggestion : null;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private string Render(DateOnly date, int number, string semver, bool withOptional, string dateStyle)
    {
        var sb = new StringBuilder();
        Append(_parts, true);
        return sb.ToString();

        void Append(List<Part> parts, bool include)
        {
            if (!include) return;
            foreach (var part in parts)
            {
                switch (part)
                {
                    case Literal l: sb.Append(l.Text); break;
                    case Optional o: Append(o.Parts, withOptional); break;
                    case Placeholder p:
                        sb.Append(p.Name switch
                        {
                            "yyyy" => date.Year.ToString("0000", CultureInfo.InvariantCulture),
                            "MM" => date.Month.ToString("00", CultureInfo.InvariantCulture),
                            "dd" => date.Day.ToString("00", CultureInfo.InvariantCulture),
                            "date" => date.ToString(dateStyle, CultureInfo.InvariantCulture),
                            "n" => (withOptional ? number : 1).ToString(CultureInfo.InvariantCulture),
                            _ => semver,
                        });
                        break;
                }
            }
        }
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

    private static string ToRegex(List<Part> parts, bool tight)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            switch (part)
            {
                case Literal l: sb.Append(RegexText.Escape(l.Text)); break;
                case Optional o: sb.Append("(?:").Append(ToRegex(o.Parts, tight)).Append(")?"); break;
                case Placeholder p:
                    var body = p.Name switch
                    {
                        "yyyy" => "[0-9]{4}",
                        "MM" => tight ? MonthPattern : "[0-9]{2}",
                        "dd" => tight ? DayPattern : "[0-9]{2}",
                        "n" => tight ? "[1-9][0-9]*" : "[0-9]+",
                        "semver" => SemVerPattern,
                        _ => tight
                            ? $"([0-9]{{4}}-{MonthPattern}-{DayPattern}|[0-9]{{4}}\\.{MonthPattern}\\.{DayPattern}|[0-9]{{4}}{MonthPattern}{DayPattern})"
                            : "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}\\.[0-9]{2}\\.[0-9]{2}|[0-9]{8}",
                    };
                    sb.Append(tight ? "(" + body + ")" : $"(?<{p.Name}>{body})");
                    break;
            }
        }
        return sb.ToString();
    }

    private static string RegexPrefix(string pattern)
    {
        if (!pattern.StartsWith('^')) return "";
        var sb = new StringBuilder();
        for (var i = 1; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && !char.IsLetterOrDigit(pattern[i + 1])) { sb.Append(pattern[++i]); continue; }
            if (char.IsLetterOrDigit(c) || c is '-' or '_' or '/' or '@')
            {
                // a quantifier after a literal makes that literal optional: stop before it
                if (i + 1 < pattern.Length && pattern[i + 1] is '?' or '*' or '{') break;
                sb.Append(c);
                continue;
            }
            break;
        }
        return sb.ToString();
    }

    private static string EscapeFilter(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '*' or '?' or '+' or '[' or ']' or '!' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex DigitRuns();

    private abstract record Part;
    private sealed record Literal(string Text) : Part;
    private sealed record Placeholder(string Name) : Part;
    private sealed record Optional(List<Part> Parts) : Part;
}
