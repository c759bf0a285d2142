using System.Globalization;
using System.Text;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs;

/// <summary>How a renderer turns heading text into an id (each renderer's own algorithm, from its source).</summary>
public enum SlugStyle
{
    /// <summary>GitHub and github-slugger (Docusaurus, kramdown's GFM parser, mdBook): lower-case, punctuation removed, each space a dash; repeats <c>-1</c>, <c>-2</c>.</summary>
    GitHub,
    /// <summary>Python-Markdown's <c>toc</c> default (MkDocs): NFKD to ASCII, <c>[^\w\s-]</c> removed, runs of spaces and dashes one dash; repeats <c>_1</c>, <c>_2</c>.</summary>
    PythonMarkdown,
    /// <summary><c>pymdownx.slugs.slugify</c> / <c>uslugify</c>: Unicode kept, <c>[^\w\- ]</c> removed, each space a dash, lower-case; repeats <c>_1</c>.</summary>
    PymdownxUnicode,
    /// <summary>VitePress (<c>@mdit-vue/shared</c> slugify): punctuation and spaces to one dash, accents removed, a leading digit prefixed with <c>_</c>; repeats <c>-1</c>.</summary>
    VitePress,
    /// <summary>Hugo's goldmark <c>github</c> ids: trimmed, letters/digits/<c>_</c> kept lower-cased, space and dash a dash; repeats <c>-1</c>.</summary>
    Hugo,
    /// <summary>Hugo's <c>github-ascii</c>: like <see cref="Hugo"/> after removing accents, non-ASCII dropped.</summary>
    HugoAscii,
    /// <summary>Hugo's <c>blackfriday</c>: runs of non-letters/digits to one dash, trimmed.</summary>
    Blackfriday,
    /// <summary>MyST's heading anchors (mdit-py-plugins): lower-case, spaces to dashes, <c>[^\w\u4e00-\u9fff\- ]</c> removed; repeats <c>-1</c>.</summary>
    Myst,
    /// <summary>docutils section ids (reStructuredText titles): ASCII, runs of non-alphanumerics to one dash, trimmed.</summary>
    Docutils,
    /// <summary>kramdown's own parser (Jekyll with <c>input: kramdown</c>): leading non-letters dropped, <c>[^a-zA-Z0-9 -]</c> removed, spaces to dashes; "section" when empty.</summary>
    Kramdown,
}

/// <summary>Gives the ids of one page's headings in order, with that renderer's handling of repeats.</summary>
public sealed class HeadingSlugger(SlugStyle style)
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>The style.</summary>
    public SlugStyle Style { get; } = style;

    /// <summary>The id of the next heading (or definition term) with <paramref name="text"/>, unique in this page.</summary>
    public string Next(string text) => Unique(Slug(text, Style));

    /// <summary>Marks <paramref name="id"/> as used (an explicit id), so that a later generated id does not repeat it.</summary>
    public void Reserve(string id) => _seen.TryAdd(id, 0);

    private string Unique(string slug)
    {
        var underscore = Style is SlugStyle.PythonMarkdown or SlugStyle.PymdownxUnicode;
        if (Style == SlugStyle.GitHub)
        {
            // github-slugger: the counter lives on the original slug.
            var original = slug;
            while (_seen.ContainsKey(slug))
            {
                _seen[original]++;
                slug = original + "-" + _seen[original];
            }
            _seen[slug] = 0;
            return slug;
        }
        if (!_seen.ContainsKey(slug) && !(underscore && slug.Length == 0))
        {
            _seen[slug] = 0;
            return slug;
        }
        var n = 0;
        string candidate;
        do
        {
            n++;
            candidate = slug + (underscore ? "_" : "-") + n.ToString(CultureInfo.InvariantCulture);
        } while (_seen.ContainsKey(candidate));
        _seen[candidate] = 0;
        return candidate;
    }

    /// <summary>The id of <paramref name="text"/> in <paramref name="style"/>, without repeat handling.</summary>
    public static string Slug(string text, SlugStyle style)
    {
        switch (style)
        {
            case SlugStyle.GitHub:
                return GitHubSlugger.Slug(text);
            case SlugStyle.PythonMarkdown:
            {
                var ascii = AsciiFold(text);
                var sb = new StringBuilder();
                foreach (var c in ascii)
                    if (char.IsLetterOrDigit(c) || c is '_' or '-' || char.IsWhiteSpace(c)) sb.Append(c);
                var s = sb.ToString().Trim().ToLowerInvariant();
                return CollapseRuns(s, c => c == '-' || char.IsWhiteSpace(c), '-');
            }
            case SlugStyle.PymdownxUnicode:
            {
                var sb = new StringBuilder();
                foreach (var rune in StripTags(text).Trim().Normalize(NormalizationForm.FormC).EnumerateRunes())
                {
                    if (rune.Value == ' ') sb.Append('-');
                    else if (IsWord(rune) || rune.Value == '-') sb.Append(rune.ToString());
                }
                return sb.ToString().ToLowerInvariant();
            }
            case SlugStyle.VitePress:
            {
                var sb = new StringBuilder();
                foreach (var c in text.Normalize(NormalizationForm.FormKD))
                {
                    if (c is >= '\u0300' and <= '\u036F') continue;
                    if (c < 0x20) continue;
                    sb.Append(char.IsWhiteSpace(c) || "~`!@#$%^&*()-_+=[]{}|\\;:\"'“”‘’<>,.?/".Contains(c) ? '-' : c);
                }
                var s = CollapseRuns(sb.ToString(), c => c == '-', '-').Trim('-');
                if (s.Length > 0 && char.IsAsciiDigit(s[0])) s = "_" + s;
                return s.ToLowerInvariant();
            }
            case SlugStyle.Hugo or SlugStyle.HugoAscii:
            {
                var source = style == SlugStyle.HugoAscii ? AsciiFold(text) : text;
                var sb = new StringBuilder();
                foreach (var rune in source.Trim().EnumerateRunes())
                {
                    if (rune.Value is '-' or ' ') sb.Append('-');
                    else if (rune.Value == '_' || Rune.IsLetter(rune) || Rune.IsDigit(rune)) sb.Append(Rune.ToLowerInvariant(rune).ToString());
                }
                return sb.ToString();
            }
            case SlugStyle.Blackfriday:
            {
                var sb = new StringBuilder();
                var dash = false;
                foreach (var rune in text.EnumerateRunes())
                {
                    if (Rune.IsLetterOrDigit(rune))
                    {
                        if (dash && sb.Length > 0) sb.Append('-');
                        dash = false;
                        sb.Append(Rune.ToLowerInvariant(rune).ToString());
                    }
                    else dash = true;
                }
                return sb.ToString();
            }
            case SlugStyle.Myst:
            {
                var lowered = text.Trim().ToLowerInvariant().Replace(' ', '-');
                var sb = new StringBuilder();
                foreach (var rune in lowered.EnumerateRunes())
                    if (IsWord(rune) || rune.Value is '-' or ' ' || rune.Value is >= 0x4e00 and <= 0x9fff) sb.Append(rune.ToString());
                return sb.ToString();
            }
            case SlugStyle.Docutils:
            {
                var ascii = AsciiFold(text).ToLowerInvariant();
                var sb = new StringBuilder();
                foreach (var c in ascii) sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
                var s = CollapseRuns(sb.ToString(), c => c == '-', '-').Trim('-');
                var firstLetter = 0;
                while (firstLetter < s.Length && !char.IsAsciiLetter(s[firstLetter])) firstLetter++;
                return s[firstLetter..].TrimStart('-');
            }
            case SlugStyle.Kramdown:
            {
                var i = 0;
                while (i < text.Length && !char.IsAsciiLetter(text[i])) i++;
                var sb = new StringBuilder();
                foreach (var c in text[i..])
                {
                    if (char.IsAsciiLetterOrDigit(c) || c == '-') sb.Append(char.ToLowerInvariant(c));
                    else if (c == ' ') sb.Append('-');
                }
                return sb.Length == 0 ? "section" : sb.ToString();
            }
            default:
                return GitHubSlugger.Slug(text);
        }
    }

    private static bool IsWord(Rune rune) => Rune.IsLetterOrDigit(rune) || rune.Value == '_' ||
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation;

    private static string AsciiFold(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
            if (c < 128) sb.Append(c);
        return sb.ToString();
    }

    private static string StripTags(string text)
    {
        if (!text.Contains('<')) return text;
        return System.Text.RegularExpressions.Regex.Replace(text, "</?[^>]*>", "", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    private static string CollapseRuns(string s, Func<char, bool> isSeparator, char separator)
    {
        var sb = new StringBuilder(s.Length);
        var inRun = false;
        foreach (var c in s)
        {
            if (isSeparator(c))
            {
                if (!inRun) sb.Append(separator);
                inRun = true;
            }
            else
            {
                sb.Append(c);
                inRun = false;
            }
        }
        return sb.ToString();
    }
}
