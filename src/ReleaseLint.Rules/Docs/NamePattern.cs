using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseLint.Rules.Docs;

/// <summary>
/// A policy name format (<c>tags.format</c>, <c>branches.release-candidate</c>) read for judging examples written in
/// docs: placeholders <c>{yyyy}</c> <c>{MM}</c> <c>{dd}</c> <c>{n}</c> <c>{date}</c> <c>{semver}</c>, <c>[…]</c> optional
/// parts, literal text, or a regular expression after <c>re:</c>. Examples may be concrete (<c>v2025.03.10</c>) or
/// written with placeholders (<c>vYYYY.MM.DD</c>, <c>release/&lt;date&gt;</c>, <c>vX.Y.Z</c>); a placeholder example
/// agrees with the format when the format's own sample fits it.
/// </summary>
internal sealed partial class NamePattern
{
    private readonly Regex? _regex;
    private readonly string? _sample;

    private NamePattern(string format)
    {
        Format = format;
        if (format.StartsWith("re:", StringComparison.Ordinal))
        {
            try { _regex = new Regex(format[3..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
            catch (ArgumentException) { _regex = null; }
            IsRegex = true;
            return;
        }
        _regex = new Regex("^" + Translate(format, out var prefix) + "$", RegexOptions.CultureInvariant);
        LiteralPrefix = prefix;
        _sample = Sample(format);
    }

    /// <summary>The format as configured.</summary>
    public string Format { get; }
    /// <summary>True for a <c>re:</c> format.</summary>
    public bool IsRegex { get; }
    /// <summary>The literal text before the first placeholder (<c>release/</c>, <c>v</c>); "" for regular expressions.</summary>
    public string LiteralPrefix { get; } = "";

    private static readonly Dictionary<string, NamePattern> Cache = new(StringComparer.Ordinal);

    /// <summary>The pattern of <paramref name="format"/> (cached).</summary>
    public static NamePattern Get(string format)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(format, out var p)) Cache[format] = p = new NamePattern(format);
            return p;
        }
    }

    [GeneratedRegex(@"<[^<>]+>|\{[^{}]+\}")]
    private static partial Regex AnglePlaceholder();

    /// <summary>True when <paramref name="example"/> agrees with the format; null when it cannot be judged.</summary>
    public bool? Accepts(string example)
    {
        if (_regex is null) return null;
        if (AnglePlaceholder().IsMatch(example))
        {
            if (_sample is null) return null;
            var pattern = "^" + string.Concat(AnglePlaceholder().Split(example).Select(Regex.Escape).Select((s, i) => i == 0 ? s : ".+?" + s)) + "$";
            return Regex.IsMatch(_sample, pattern, RegexOptions.CultureInvariant);
        }
        if (IsRegex && Regex.IsMatch(example, @"YYYY|X\.Y|MAJOR|\bN\b")) return null;
        return _regex.IsMatch(example);
    }

    private static string Translate(string format, out string literalPrefix)
    {
        var sb = new StringBuilder();
        var prefix = new StringBuilder();
        var sawPlaceholder = false;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{')
            {
                var close = format.IndexOf('}', i);
                if (close > i)
                {
                    sb.Append(Placeholder(format[(i + 1)..close]));
                    sawPlaceholder = true;
                    i = close;
                    continue;
                }
            }
            if (c == '[') { sb.Append("(?:"); sawPlaceholder = true; continue; }
            if (c == ']') { sb.Append(")?"); continue; }
            sb.Append(Regex.Escape(c.ToString()));
            if (!sawPlaceholder) prefix.Append(c);
        }
        literalPrefix = prefix.ToString();
        return sb.ToString();
    }

    private const string Angle = @"|<[^<>]+>|\{[^{}]+\}";

    private static string Placeholder(string name) => name switch
    {
        "yyyy" => @"(?:\d{4}|YYYY|yyyy" + Angle + ")",
        "MM" => @"(?:\d{2}|MM|mm" + Angle + ")",
        "dd" => @"(?:\d{2}|DD|dd" + Angle + ")",
        "n" => @"(?:\d+|N|n" + Angle + ")",
        "date" => @"(?:\d{4}-\d{2}-\d{2}|\d{4}\.\d{2}\.\d{2}|\d{8}|YYYY-MM-DD|YYYY\.MM\.DD|YYYYMMDD|yyyy-mm-dd|yyyy\.mm\.dd|yyyymmdd" + Angle + ")",
        "semver" => @"(?:\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?|[Xx]\.[Yy]\.[Zz]|MAJOR\.MINOR\.PATCH|major\.minor\.patch" + Angle + ")",
        _ => @"(?:[^/\s]+)",
    };

    private static string Sample(string format)
    {
        var sb = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '[') { depth++; continue; }
            if (c == ']') { depth--; continue; }
            if (depth > 0) continue; // optional parts are left out of the sample
            if (c == '{')
            {
                var close = format.IndexOf('}', i);
                if (close > i)
                {
                    sb.Append(format[(i + 1)..close] switch
                    {
                        "yyyy" => "2025", "MM" => "03", "dd" => "10", "n" => "2", "date" => "2025-03-10", "semver" => "1.2.3", _ => "x",
                    });
                    i = close;
                    continue;
                }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
