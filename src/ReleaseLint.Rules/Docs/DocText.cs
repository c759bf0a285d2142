using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>
/// The prose of a markdown document for mention rules (RL4005–RL4008), computed once per document: the text with
/// code blocks, HTML comments and front matter blanked out (offsets kept, so matches map straight to locations),
/// and the sentence around any offset. Inline code stays: <c>`fly-deploy.yml`</c> is how docs name things.
/// </summary>
internal sealed partial class DocText : IWorkspaceFact<MarkdownDocument, DocText>
{
    private readonly (int Start, int End)[] _inlineCode;

    private DocText(MarkdownDocument document)
    {
        Document = document;
        var chars = document.Source.Text.ToCharArray();
        void Blank(int from, int to)
        {
            for (var k = Math.Max(0, from); k < Math.Min(chars.Length, to); k++)
                if (chars[k] is not ('\n' or '\r')) chars[k] = ' ';
        }
        var source = document.Source;
        var inline = new List<(int, int)>();
        foreach (var code in document.Code)
        {
            var from = source.Offset(code.Location.Line, code.Location.Column);
            var to = source.Offset(code.Location.EndLine, code.Location.EndColumn);
            if (code.IsBlock) Blank(from, to);
            else inline.Add((from, to));
        }
        foreach (var comment in document.Comments) Blank(comment.Offset, comment.Offset + comment.Text.Length);
        var front = FrontMatter().Match(document.Source.Text);
        if (front.Success) Blank(0, front.Length);
        Prose = new string(chars);
        _inlineCode = [.. inline.OrderBy(i => i.Item1)];
    }

    /// <summary>The document.</summary>
    public MarkdownDocument Document { get; }
    /// <summary>The text with code blocks, comments and front matter blanked out.</summary>
    public string Prose { get; }

    /// <summary>The prose of <paramref name="document"/> (computed once per run).</summary>
    public static DocText Of(Workspace workspace, MarkdownDocument document) => workspace.Facts<MarkdownDocument, DocText>(document);

    /// <inheritdoc />
    static DocText IWorkspaceFact<MarkdownDocument, DocText>.Compute(Workspace workspace, MarkdownDocument document) => new(document);

    [GeneratedRegex(@"\A---[ \t]*\r?\n(?:.*\r?\n)*?---[ \t]*(?:\r?\n|\z)")]
    private static partial Regex FrontMatter();

    /// <summary>True when <paramref name="offset"/> lies inside an inline code span.</summary>
    public bool InInlineCode(int offset)
    {
        var lo = 0;
        var hi = _inlineCode.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var (s, e) = _inlineCode[mid];
            if (offset < s) hi = mid - 1;
            else if (offset >= e) lo = mid + 1;
            else return true;
        }
        return false;
    }

    /// <summary>
    /// The sentence around <paramref name="offset"/>: bounded by '.', '!' or '?' followed by a space (not after
    /// abbreviations such as "e.g."), a blank line, a table cell border, and the start of a list item, heading or quote.
    /// </summary>
    public (int Start, int End) SentenceAt(int offset)
    {
        var text = Prose;
        var start = offset;
        var limit = Math.Max(0, offset - 600);
        while (start > limit)
        {
            var c = text[start - 1];
            if (c == '|' && !InInlineCode(start - 1)) break;
            if (c == '\n')
            {
                if (BlockStart(text, start) || BlankBefore(text, start - 1)) break;
            }
            else if (c is ' ' or '\t' && start >= 2 && text[start - 2] is '.' or '!' or '?' && !Abbreviation(text, start - 2) && !InInlineCode(start - 2)) break;
            start--;
        }
        // Skip the block marker of the line the sentence starts on.
        var marker = LineMarker().Match(text, start);
        if (marker.Success && marker.Index == start) start += marker.Length;
        var end = offset;
        var max = Math.Min(text.Length, offset + 600);
        while (end < max)
        {
            var c = text[end];
            if (c == '|' && !InInlineCode(end)) break;
            if (c == '\n' && (end + 1 >= text.Length || BlockStart(text, end + 1) || BlankAfter(text, end + 1))) break;
            if (c is '.' or '!' or '?' && end + 1 < text.Length && text[end + 1] is ' ' or '\t' or '\n' or '\r' && !Abbreviation(text, end) && !InInlineCode(end)) { end++; break; }
            end++;
        }
        return (start, end);
    }

    /// <summary>The sentence around the span [<paramref name="start"/>, <paramref name="end"/>), always containing it.</summary>
    public (int Start, int End) SentenceAround(int start, int end)
    {
        var (s, e) = SentenceAt(start);
        return (Math.Min(s, start), Math.Max(e, Math.Min(Prose.Length, end)));
    }

    /// <summary>
    /// The block around <paramref name="offset"/>: the paragraph or list item (up to a blank line or the next item), at most
    /// 1,500 characters. "`x.yml` is generated … This workflow is disabled" speaks of one file over several sentences.
    /// </summary>
    public string Block(int offset)
    {
        var text = Prose;
        var start = offset;
        while (start > 0 && offset - start < 1500)
        {
            if (text[start - 1] == '\n' && (BlockStart(text, start) || BlankBefore(text, start - 1))) break;
            start--;
        }
        var end = offset;
        while (end < text.Length && end - offset < 1500)
        {
            if (text[end] == '\n' && (end + 1 >= text.Length || BlockStart(text, end + 1) || BlankAfter(text, end + 1))) break;
            end++;
        }
        return text[start..end];
    }

    /// <summary>The sentence text around <paramref name="offset"/>.</summary>
    public string Sentence(int offset)
    {
        var (s, e) = SentenceAt(offset);
        return Prose[s..e];
    }

    [GeneratedRegex(@"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|#{1,6}[ \t]+|>[ \t]?)")]
    private static partial Regex LineMarker();

    private static bool BlockStart(string text, int lineStart)
    {
        var m = LineMarker().Match(text, lineStart);
        return m.Success && m.Index == lineStart && m.Length > 0;
    }

    private static bool BlankBefore(string text, int newline)
    {
        for (var i = newline - 1; i >= 0; i--)
        {
            if (text[i] == '\n') return true;
            if (text[i] is not (' ' or '\t' or '\r')) return false;
        }
        return true;
    }

    private static bool BlankAfter(string text, int lineStart)
    {
        for (var i = lineStart; i < text.Length; i++)
        {
            if (text[i] == '\n') return true;
            if (text[i] is not (' ' or '\t' or '\r')) return false;
        }
        return true;
    }

    /// <summary>True for the dot of "e.g.", "i.e.", "etc.", "vs.", "approx.", a version or a file name.</summary>
    private static bool Abbreviation(string text, int dot)
    {
        if (text[dot] != '.') return false;
        var w = dot;
        while (w > 0 && char.IsLetter(text[w - 1])) w--;
        var word = text[w..dot];
        if (word.Length == 1) return true; // e.g. i.e. a single initial
        return word is "etc" or "vs" or "approx" or "eg" or "ie" or "cf" or "No" or "no" or "Fig" or "fig";
    }

    [GeneratedRegex(@"(?<!\w)(?:your|yours|yourself|e\.g\.|eg\.|for example|for instance|example|examples|such as|sample|placeholder|my-[\w-]+|create|creating|add a|add an|add the following|new file|default|defaults|by default)(?!\w)", RegexOptions.IgnoreCase)]
    private static partial Regex GenericCue();

    /// <summary>
    /// True when the sentence reads as a generic example, an instruction for the reader's own repository ("create
    /// `.github/workflows/release.yml` in your repository", "for example") or a default setting ("default
    /// `.github/workflows/fly-deploy.yml`"), not a statement about this repository.
    /// </summary>
    public static bool IsGeneric(string sentence) => GenericCue().IsMatch(sentence);

    [GeneratedRegex(@"\byour\s+(?:own\s+)?(?:GitHub\s+)?(?:repository|repo|site|project)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReadersRepository();

    private bool? _addressesReader;

    /// <summary>
    /// True when the page is a guide for the reader's own repository: it speaks of "your repository", "your site" or "your
    /// project" at least twice (a user guide that explains how to set up workflows and secrets there). Workflows, secrets
    /// and branches it names are the reader's, not this repository's.
    /// </summary>
    public bool AddressesReadersRepository => _addressesReader ??= ReadersRepository().Matches(Prose).Count >= 2;

    [GeneratedRegex(@"\b(?:disabled|removed|deleted|retired|not\s+(?:yet\s+)?(?:exist|present|committed|checked\s+in|in\s+the\s+repository)|no\s+longer|will\s+be\s+(?:added|created|generated)|to\s+be\s+(?:added|created))\b", RegexOptions.IgnoreCase)]
    private static partial Regex SaysAbsent();

    /// <summary>True when the sentence itself says the thing is gone or not there yet ("this workflow is disabled", "will be added").</summary>
    public static bool SaysAbsentThing(string sentence) => SaysAbsent().IsMatch(sentence);

    [GeneratedRegex(@"\b(?<name>[A-Z][A-Za-z0-9_.-]*)\s+repo(?:sitory)?\b")]
    private static partial Regex NamedRepository();

    /// <summary>
    /// True when the sentence names another repository in words ("open a Contrib repo PR and modify its workflow"): a
    /// capitalised name before "repo"/"repository" that is not a word of this repository's name.
    /// </summary>
    public static bool NamesOtherRepositoryInWords(string sentence, string? self)
    {
        var words = (self ?? "").Split(['/', '-', '_', '.'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToHashSet();
        foreach (Match m in NamedRepository().Matches(sentence))
        {
            var name = m.Groups["name"].Value.ToLowerInvariant();
            if (name is "this" or "the" or "our" or "your" or "same" or "main" or "github" or "git" or "a" or "an" or "each" or "every" or "any" or "template") continue;
            if (!words.Contains(name) && !(self ?? "").Contains(name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    [GeneratedRegex(@"github\.com/(?<owner>[A-Za-z0-9_.-]+)/(?<repo>[A-Za-z0-9_.-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubRepoUrl();

    /// <summary>True when the sentence links another repository on GitHub (the mention is about that repository).</summary>
    public static bool NamesOtherRepository(string sentence, string? self)
    {
        foreach (Match m in GitHubRepoUrl().Matches(sentence))
        {
            var repo = m.Groups["owner"].Value + "/" + m.Groups["repo"].Value.TrimEnd('.');
            if (repo.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) repo = repo[..^4];
            if (self is null || !string.Equals(repo, self, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
