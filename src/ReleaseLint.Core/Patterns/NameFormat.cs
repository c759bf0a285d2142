using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Patterns;

/// <summary>
/// A name format of the release policy, parsed once when the policy is loaded: a release tag family (<c>tags.format</c>,
/// default <c>v{yyyy}.{MM}.{dd}[.{n}]</c>; see <see cref="TagScheme"/> for several) or release-candidate branches
/// (<c>branches.release-candidate</c>, default <c>release/{date}[-{n}]</c>). A format is literal text with placeholders:
/// date parts <c>{yyyy}</c> <c>{yy}</c> <c>{MM}</c> <c>{M}</c> <c>{dd}</c> <c>{d}</c> (a real calendar date together, padded
/// or not), <c>{date}</c> (<c>YYYY-MM-DD</c>, <c>YYYY.MM.DD</c> or <c>YYYYMMDD</c>), <c>{n}</c> (a number ≥ 1),
/// <c>{major}</c> <c>{minor}</c> <c>{patch}</c> (numbers ≥ 0), <c>{semver}</c> (full SemVer 2.0 with pre-release and build
/// metadata), <c>{pep440}</c> (a PEP 440 public version in any valid spelling) and <c>{name}</c> (a package name); <c>[…]</c> marks
/// an optional part and <c>\</c> escapes the next character. A format starting with <c>re:</c> is a .NET regular
/// expression instead (matched anywhere unless anchored); its named groups with placeholder names are validated like
/// the placeholders.
/// <para>
/// One model serves every use: matching names (<see cref="Match"/>), rendering examples (<see cref="Examples"/>,
/// <see cref="Render"/>, <see cref="Suggest"/>), judging names written in docs (<see cref="AcceptsWrittenExample"/>),
/// and meeting GitHub filters (<see cref="Language"/>, <see cref="ToFilterPattern"/>). Immutable and thread-safe.
/// </para>
/// </summary>
public sealed class NameFormat
{
    private readonly IReadOnlyList<FormatPart>? _parts;
    private readonly FormatMatcher _matcher;
    private readonly WrittenExamples _written;
    private readonly Lazy<NameLanguage?> _language;
    private readonly string _stem;
    private readonly Regex? _namedStem;
    private readonly Regex? _namedStemDigit;

    private NameFormat(string text, IReadOnlyList<FormatPart>? parts, string? regexPattern, FormatMatcher matcher)
    {
        Text = text;
        _parts = parts;
        _matcher = matcher;
        LiteralPrefix = parts is not null ? parts.Count > 0 && parts[0] is LiteralPart l ? l.Text : "" : RegexPrefix(regexPattern!);
        _written = parts is not null ? WrittenExamples.For(parts) : WrittenExamples.ForRegex(matcher.Regex);
        _language = new(() => FormatLanguage.Of(parts, regexPattern));
        // What a name starts with when it is meant for this format: the literal prefix, and package names ({name}) with
        // the text around them (@astrojs/{name}@ of @astrojs/{name}@{semver}).
        var stem = parts?.TakeWhile(p => p is LiteralPart or PlaceholderPart { Placeholder.Role: PlaceholderRole.Name }).ToList() ?? [];
        _stem = stem.Any(p => p is PlaceholderPart) ? FormatMatcher.Expression(stem, exact: true) : RegexText.Escape(LiteralPrefix);
        if (stem.Any(p => p is PlaceholderPart))
        {
            _namedStem = new Regex("^" + _stem, RegexOptions.CultureInvariant, FormatMatcher.RegexMatchBudget);
            _namedStemDigit = new Regex("^" + _stem + "[0-9]", RegexOptions.CultureInvariant, FormatMatcher.RegexMatchBudget);
        }
    }

    /// <summary>The format as configured.</summary>
    public string Text { get; }
    /// <summary>True for a <c>re:</c> format.</summary>
    public bool IsRegex => _parts is null;
    /// <summary>True when names carry a date.</summary>
    public bool HasDate => _matcher.HasDate;
    /// <summary>True when names carry a SemVer version.</summary>
    public bool HasSemVer => _matcher.HasSemVer;
    /// <summary>The literal text every name starts with (<c>v</c>, <c>release/</c>); may be empty.</summary>
    public string LiteralPrefix { get; }

    /// <summary>
    /// The language of every name the format accepts (dates restricted to months 01–12 and days 01–31), for exact
    /// comparison with filters; null for a <c>re:</c> format using constructs the comparison does not support.
    /// </summary>
    public NameLanguage? Language => _language.Value;

    /// <summary>Parses a format; throws <see cref="FormatException"/> with a message fit for users when it is invalid.</summary>
    public static NameFormat Parse(string text) =>
        TryParse(text, out var format, out var error) ? format : throw new FormatException(error);

    /// <summary>Parses a format; on failure <paramref name="error"/> says what is wrong (lower-case, quotes the offending part).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out NameFormat? format, [NotNullWhen(false)] out string? error)
    {
        format = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a format cannot be empty";
            return false;
        }
        if (text.StartsWith("re:", StringComparison.Ordinal))
        {
            var pattern = text[3..];
            if (FormatMatcher.ForRegex(text, pattern, out var regexError) is not { } regexMatcher)
            {
                error = regexError!;
                return false;
            }
            error = null;
            format = new NameFormat(text, null, pattern, regexMatcher);
            return true;
        }
        if (!FormatSyntax.TryParse(text, out var parts, out error)) return false;
        format = new NameFormat(text, parts, null, FormatMatcher.For(parts));
        return true;
    }

    /// <summary>Matches <paramref name="name"/> against the format, validating dates and numbers.</summary>
    public NameMatch Match(string name) => _matcher.Match(name);

    /// <summary>
    /// Matches <paramref name="name"/>; <paramref name="timedOut"/> is true when a <c>re:</c> expression ran out of its
    /// budget on it (<see cref="MatchBudget"/>), so that the answer "no match" cannot be trusted.
    /// </summary>
    public NameMatch TryMatch(string name, out bool timedOut) => _matcher.TryMatch(name, out timedOut);

    /// <summary>How long one match of a <c>re:</c> format may take.</summary>
    public static TimeSpan MatchBudget => FormatMatcher.RegexMatchBudget;

    /// <summary>
    /// True when <paramref name="name"/> looks like an attempt at this format even if it does not match: it starts with
    /// the format's literal prefix, followed by a digit when <paramref name="digitAfterPrefix"/> (<c>v1.2</c> for tags;
    /// any <c>release/…</c> for branches). A format without a literal prefix only looks for the digit.
    /// </summary>
    public bool LooksLikeAttempt(string name, bool digitAfterPrefix = true)
    {
        if (_namedStem is not null)
        {
            // a package-scoped format: the stem with a package name, then a digit (@astrojs/alpinejs@0…)
            try { return (digitAfterPrefix ? _namedStemDigit! : _namedStem).IsMatch(name); }
            catch (RegexMatchTimeoutException) { return false; }
        }
        if (LiteralPrefix.Length == 0) return digitAfterPrefix && name.Length > 0 && char.IsAsciiDigit(name[0]);
        if (!name.StartsWith(LiteralPrefix, StringComparison.Ordinal)) return false;
        return !digitAfterPrefix || (name.Length > LiteralPrefix.Length && char.IsAsciiDigit(name[LiteralPrefix.Length]));
    }

    /// <summary>
    /// The names that start like an attempt at this format (see <see cref="LooksLikeAttempt"/>): its stem followed by a
    /// digit, then anything; for workflow filters that are meant for release tags even when they miss them.
    /// </summary>
    public NameLanguage? AttemptLanguage => NameLanguage.FromRegex("^" + _stem + "[0-9]", search: true);

    /// <summary>
    /// A GitHub filter pattern (<c>on.push.tags</c>) that matches every name of the format, as tight as filter syntax
    /// allows (optional parts become <c>*</c>): <c>v[0-9][0-9][0-9][0-9].[0-9][0-9].[0-9][0-9]*</c> for the default.
    /// </summary>
    public string ToFilterPattern() => FormatLanguage.FilterPattern(_parts, LiteralPrefix);

    /// <summary>
    /// A few names the format accepts, for messages and documentation: with and without each optional part,
    /// <c>2025-03-10</c> as the date, <c>2</c> as the number, and plain and pre-release versions. Empty for a <c>re:</c> format.
    /// </summary>
    public IReadOnlyList<string> Examples() => _parts is null ? [] : FormatExamples.Examples(_parts, _matcher);

    /// <summary>
    /// The plainest names of the format, to test other patterns against: optional parts left out, then all put in
    /// (<c>v2025.03.10</c> and <c>v2025.03.10.2</c> for the default). Empty for a <c>re:</c> format.
    /// </summary>
    public IReadOnlyList<string> PlainExamples() => _parts is null ? [] : FormatExamples.Plain(_parts);

    /// <summary>The name this format gives to <paramref name="date"/> and optional number (<c>v2025.03.10</c>, <c>v2025.03.10.2</c>); empty for a <c>re:</c> format.</summary>
    public string Render(DateOnly date, int? number = null, string? semver = null) =>
        _parts is null ? "" : FormatExamples.Render(_parts,
            new ExampleValues(date, number ?? 0, semver ?? "1.0.0") { Pep440 = semver ?? "1.0.0", Components = (1, 0, 0) }, number is not null);

    /// <summary>
    /// For a name that does not match: the well-formed name it probably meant (same date and number written the
    /// format's way: <c>v2025.3.7</c> → <c>v2025.03.07</c>), or null when none can be told.
    /// </summary>
    public string? Suggest(string name) => _parts is null || !HasDate ? null : FormatExamples.Suggest(_parts, _matcher, name);

    /// <summary>
    /// True when a name written in docs agrees with the format: a concrete name (<c>v2025.03.10</c>) that matches its
    /// shape, or a name written with placeholders (<c>vYYYY.MM.DD</c>, <c>release/&lt;date&gt;</c>, <c>vX.Y.Z</c>) whose
    /// shape fits the format's; null when it cannot be judged.
    /// </summary>
    public bool? AcceptsWrittenExample(string example) => _written.Accepts(example);

    /// <summary>The format in canonical syntax: the same text for equal formats, and parsing it gives this format again.</summary>
    public string Canonical => _parts is null ? Text : FormatSyntax.Print(_parts);

    /// <inheritdoc />
    public override string ToString() => Text;

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
}
