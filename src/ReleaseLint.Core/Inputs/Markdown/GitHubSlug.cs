using System.Globalization;
using System.Text;

namespace ReleaseLint.Inputs.Markdown;

/// <summary>
/// Heading anchors exactly as GitHub computes them (the algorithm of <c>github-slugger</c>): the heading's
/// text content lower-cased, every character that is not a letter, number, mark, <c>-</c>, <c>_</c> or space
/// removed (punctuation, symbols, emoji), each space turned into <c>-</c>, and <c>-1</c>, <c>-2</c>… appended
/// to repeats within one document.
/// </summary>
public sealed class GitHubSlugger
{
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    /// <summary>The slug of <paramref name="headingText"/>, unique within this slugger's document.</summary>
    public string Next(string headingText)
    {
        var slug = Slug(headingText);
        var original = slug;
        while (_occurrences.ContainsKey(slug))
        {
            _occurrences[original]++;
            slug = original + "-" + _occurrences[original];
        }
        _occurrences[slug] = 0;
        return slug;
    }

    /// <summary>The slug of <paramref name="text"/> without duplicate handling.</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.ToLowerInvariant().EnumerateRunes())
        {
            if (rune.Value == ' ') { sb.Append('-'); continue; }
            if (rune.Value is '-' or '_') { sb.Append((char)rune.Value); continue; }
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.OtherNumber:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                case UnicodeCategory.ConnectorPunctuation:
                    sb.Append(rune.ToString());
                    break;
            }
        }
        return sb.ToString();
    }
}
