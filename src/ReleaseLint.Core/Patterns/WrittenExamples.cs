using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Patterns;

/// <summary>
/// Judges names written in docs against a format. A written name may be concrete (<c>v2025.03.10</c>) or written with
/// placeholders of its own (<c>vYYYY.MM.DD</c>, <c>release/&lt;date&gt;</c>, <c>vX.Y.Z</c>, <c>v{n}</c>): each placeholder of
/// the format also accepts the usual ways of writing it, and a name with angle-bracket or brace placeholders agrees
/// when the format's plainest example fits its shape. Immutable and thread-safe.
/// </summary>
internal sealed partial class WrittenExamples
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? _regex;
    private readonly string? _sample;
    private readonly bool _isRegex;

    private WrittenExamples(Regex? regex, string? sample, bool isRegex)
    {
        _regex = regex;
        _sample = sample;
        _isRegex = isRegex;
    }

    /// <summary>The judge for a format's parts.</summary>
    public static WrittenExamples For(IReadOnlyList<FormatPart> parts) =>
        new(new Regex("^" + Expression(parts) + "$", RegexOptions.CultureInvariant, MatchTimeout), FormatExamples.Plain(parts)[0], isRegex: false);

    /// <summary>The judge for a <c>re:</c> format: concrete names only, matched by its own expression.</summary>
    public static WrittenExamples ForRegex(Regex regex) => new(regex, null, isRegex: true);

    [GeneratedRegex(@"<[^<>]+>|\{[^{}]+\}")]
    private static partial Regex AnglePlaceholder();

    [GeneratedRegex(@"YYYY|[Xx]\.[XxYy]|MAJOR|\bN\b")]
    private static partial Regex WrittenPlaceholder();

    /// <summary>True when <paramref name="example"/> agrees with the format; null when it cannot be judged.</summary>
    public bool? Accepts(string example)
    {
        if (_regex is null) return null;
        try
        {
            if (AnglePlaceholder().IsMatch(example))
            {
                if (_sample is null) return null;
                var shape = "^" + string.Concat(AnglePlaceholder().Split(example).Select(Regex.Escape).Select((s, i) => i == 0 ? s : ".+?" + s)) + "$";
                return Regex.IsMatch(_sample, shape, RegexOptions.CultureInvariant, MatchTimeout);
            }
            if (_isRegex && WrittenPlaceholder().IsMatch(example)) return null;
            return _regex.IsMatch(example);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static string Expression(IReadOnlyList<FormatPart> parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            switch (part)
            {
                case LiteralPart l: sb.Append(Regex.Escape(l.Text)); break;
                case OptionalPart o: sb.Append("(?:").Append(Expression(o.Parts)).Append(")?"); break;
                case PlaceholderPart p: sb.Append(p.Placeholder.WrittenPattern); break;
            }
        }
        return sb.ToString();
    }
}
