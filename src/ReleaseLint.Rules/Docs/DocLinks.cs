using ReleaseLint.Inputs;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Docs;
using ReleaseLint.Inputs.Docs.Sites;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>
/// What RL4003 and RL4004 share: which links of a document are judged at all, and where. A link is skipped when the
/// reader never meets it (inside a block a bot writes between marker comments, an unused reference definition), when it
/// is a placeholder of a template (<c>URL</c>, <c>$BRANCH_URL</c>, <c>&lt;url&gt;</c>), or when the file is not read as
/// documentation (test inputs, files a site leaves unrendered, issue and pull-request templates and texts that actions
/// post as comments, which are rendered elsewhere).
/// </summary>
internal static partial class DocLinks
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    /// <summary>True for an absolute URL (<c>https:</c>, <c>mailto:</c>, <c>//host</c>…), which the link resolver handles the same for every renderer.</summary>
    public static bool IsUrl(string url) => Scheme().IsMatch(url) || url.StartsWith("//", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?:\$\{?\w+\}?|<[^>]*>|\[[^\]]*\]|(?:[A-Z0-9]+_)*(?:URL|LINK|PATH|HREF|TODO|TBD|URI)(?:_[A-Z0-9]+)*|\.{3}|…|(?:url|link|path|href|todo|tbd|uri)|#?(?:x+|X+))$")]
    private static partial Regex Placeholder();

    /// <summary>True for a destination that is a placeholder to fill in (<c>URL</c>, <c>$BRANCH_URL</c>, <c>&lt;url&gt;</c>, <c>...</c>), not a path.</summary>
    public static bool IsPlaceholder(string url)
    {
        var path = url.Split('#')[0].Split('?')[0].Trim();
        if (path.Length == 0) return false;
        return Placeholder().IsMatch(path) || path.Contains("${", StringComparison.Ordinal) || path.StartsWith('$');
    }

    /// <summary>
    /// True for a file rendered somewhere else than the repository's views: issue and pull-request templates (their
    /// links resolve in the new issue), templates to copy for a new document (<c>template.md</c>, <c>xxxx-template.md</c>:
    /// their links are placeholders), markdown under <c>.github/actions/</c> that an action posts as a comment, and
    /// documents that open with a pandoc title block (<c>% Title</c>), written for pandoc or rustdoc, which GitHub does not read.
    /// </summary>
    public static bool IsRenderedElsewhere(string path, MarkdownDocument? document = null) =>
        document is not null && document.Source.Text.StartsWith("% ", StringComparison.Ordinal) ||
        path.StartsWith(".github/ISSUE_TEMPLATE/", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWith(".github/PULL_REQUEST_TEMPLATE", StringComparison.OrdinalIgnoreCase) ||
        RepoPath.Name(path).StartsWith("PULL_REQUEST_TEMPLATE", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWith(".github/actions/", StringComparison.Ordinal) && !RepoPath.Stem(path).Equals("README", StringComparison.OrdinalIgnoreCase) ||
        Regex.IsMatch(RepoPath.Stem(path), @"(?:^|[-_.])(?:(?:issue|pr|pull[-_]request)[-_])?template$|^_?template(?:[-_.].*)?$", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    private static readonly IReadOnlyList<string> TemplateSuffixes = [".jinja", ".jinja2", ".j2", ".tmpl", ".tpl", ".template"];

    /// <summary>
    /// True when a missing <paramref name="target"/> is made by rendering a template of the repository (copier, cookiecutter,
    /// Helm): <c>main.tf.jinja</c> is there for <c>main.tf</c>. Docs of a project template are written for the generated project.
    /// </summary>
    public static bool IsTemplateOutput(Workspace workspace, string target) =>
        TemplateSuffixes.Any(s => workspace.Files.Contains(target + s));

    /// <summary>The context of <paramref name="document"/>, or null when its links are not judged.</summary>
    public static DocContext? Context(Workspace workspace, MarkdownDocument document)
    {
        if (IsRenderedElsewhere(document.Path, document)) return null;
        var context = DocsModel.Of(workspace).ContextOf(document.Path);
        return context.Judged ? context : null;
    }

    /// <summary>True when the reader of <paramref name="document"/> meets <paramref name="link"/>.</summary>
    public static bool IsRead(MarkdownDocument document, MarkdownLink link) => document.Derived(d => new ReadLinks(d)).IsRead(link);

    /// <summary>Which links of a document are read, decided once for every rule that asks (RL4003, RL4004 and the mention rules ask for each link).</summary>
    private sealed class ReadLinks
    {
        private readonly MarkdownDocument _document;
        private readonly Dictionary<MarkdownLink, bool> _read;

        public ReadLinks(MarkdownDocument document)
        {
            _document = document;
            _read = new Dictionary<MarkdownLink, bool>(document.Links.Count, ReferenceEqualityComparer.Instance);
            foreach (var link in document.Links) _read[link] = Decide(document, link);
        }

        public bool IsRead(MarkdownLink link) => _read.TryGetValue(link, out var read) ? read : Decide(_document, link);
    }

    private static bool Decide(MarkdownDocument document, MarkdownLink link)
    {
        var markup = PageMarkup.Of(document);
        var offset = document.Source.Offset(link.Location.Line, link.Location.Column);
        if (markup.InGeneratedRegion(offset)) return false;
        if (document.Derived(d => new StrikeMarks(d.Source)).IsStruckThrough(offset)) return false; // ~~[Old class](gone.kt)~~: the author marks it as gone
        if (LinkCheckDisabled(document, link.Location.Line)) return false;
        if (link.Kind == MarkdownLinkKind.Reference && !IsReferenceUsed(document, link)) return false;
        return !IsPlaceholder(link.Url);
    }

    /// <summary>
    /// The <c>~~</c> marks of a document, found in one pass, so that asking whether a link is struck through costs a binary
    /// search, not a scan of its line (a line holding 100,000 links would otherwise be read 100,000 times).
    /// </summary>
    private sealed class StrikeMarks
    {
        private readonly SourceText _source;
        private readonly int[] _marks;     // start offsets of the ~~ pairs, read left to right on each line (~~~ is one pair)
        private readonly int[] _lastOnLine; // index = line - 1: start of the last "~~" on the line, -1 when none

        public StrikeMarks(SourceText source)
        {
            _source = source;
            var text = source.Text;
            var marks = new List<int>();
            _lastOnLine = new int[source.LineCount];
            Array.Fill(_lastOnLine, -1);
            for (var i = 0; i + 1 < text.Length; i++)
                if (text[i] == '~' && text[i + 1] == '~') _lastOnLine[source.Position(i).Line - 1] = i;
            for (var i = 0; i + 1 < text.Length; i++)
                if (text[i] == '~' && text[i + 1] == '~') { marks.Add(i); i++; }
            _marks = marks.ToArray();
        }

        /// <summary>True when <paramref name="offset"/> lies between <c>~~</c> and <c>~~</c> on its line.</summary>
        public bool IsStruckThrough(int offset)
        {
            if (_marks.Length == 0) return false;
            var (line, _) = _source.Position(offset);
            var lineStart = _source.LineStart(line);
            // pairs that end before the offset (start + 1 < offset), counted from the start of the line
            var before = CountBelow(offset - 1) - CountBelow(lineStart);
            return before % 2 == 1 && _lastOnLine[line - 1] >= offset;
        }

        /// <summary>How many marks start before <paramref name="offset"/>.</summary>
        private int CountBelow(int offset)
        {
            var index = Array.BinarySearch(_marks, offset);
            return index < 0 ? ~index : index;
        }
    }

    /// <summary>
    /// True when the maintainers told their link checker not to check the link: <c>markdown-link-check-disable-line</c> on the
    /// line, <c>-disable-next-line</c> on the line above, or a <c>markdown-link-check-disable</c> … <c>-enable</c> region.
    /// </summary>
    private static bool LinkCheckDisabled(MarkdownDocument document, int line) =>
        document.Derived(d => new LinkCheckLines(d.Source)).IsDisabled(line);

    /// <summary>The lines of a document whose links the maintainers' link checker skips, found in one pass.</summary>
    private sealed class LinkCheckLines
    {
        private readonly bool[]? _disabled; // index = line number; null when the document has no marker

        public LinkCheckLines(SourceText source)
        {
            if (!source.Text.Contains("markdown-link-check-disable", StringComparison.Ordinal)) return;
            var lines = source.Text.Split('\n');
            _disabled = new bool[lines.Length + 2];
            var region = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var text = lines[i];
                if (text.Contains("markdown-link-check-enable", StringComparison.Ordinal)) region = false;
                else if (DisableRegion().IsMatch(text)) region = true;
                _disabled[i + 1] |= region || text.Contains("markdown-link-check-disable-line", StringComparison.Ordinal);
                if (text.Contains("markdown-link-check-disable-next-line", StringComparison.Ordinal)) _disabled[i + 2] = true;
            }
        }

        public bool IsDisabled(int line) => _disabled is { } d && line >= 1 && line < d.Length && d[line];
    }

    [GeneratedRegex(@"markdown-link-check-disable\s*-->")]
    private static partial Regex DisableRegion();

    [GeneratedRegex(@"^\)?\{[^}\n]*\.external\b[^}\n]*\}")]
    private static partial Regex ExternalClass();

    /// <summary>
    /// True for a link marked <c>{.external}</c> (MyST's attribute that makes a link a plain URL, not a cross-reference):
    /// it points at something the build writes (a page's HTML, <c>llms.txt</c>) and is followed by the browser as written.
    /// </summary>
    public static bool MarkedExternal(MarkdownDocument document, MarkdownLink link)
    {
        var text = document.Source.Text;
        var end = document.Source.Offset(link.Location.EndLine, link.Location.EndColumn);
        return end < text.Length && ExternalClass().IsMatch(text.AsSpan(end, Math.Min(200, text.Length - end)).ToString());
    }

    /// <summary>True when some link of the document uses the reference definition <paramref name="definition"/> (<c>[text][label]</c>, <c>[label][]</c>, <c>[label]</c>).</summary>
    private static bool IsReferenceUsed(MarkdownDocument document, MarkdownLink definition)
    {
        var label = Regex.Replace(definition.Text.Trim(), @"\s+", " ");
        if (label.Length == 0) return true;
        if (label.IndexOfAny(['[', ']']) < 0 && label.Length <= ReferenceUses.MaxLabel)
            return document.Derived(d => new ReferenceUses(PageMarkup.Of(d).Prose)).Contains(label);
        // A label with brackets in it (rare): look for it in the prose, bounded by the regex time-out.
        var prose = PageMarkup.Of(document).Prose;
        var pattern = @"\[" + Regex.Replace(Regex.Escape(label), @"(?:\\ )+", @"\s+") + @"\]";
        foreach (Match m in Regex.Matches(prose, pattern, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)))
            if (!ReferenceUses.IsDefinitionAt(prose, m.Index, m.Index + m.Length)) return true;
        return false;
    }

    /// <summary>
    /// The bracketed texts of a document's prose that are not reference definitions (<c>[label]</c> in <c>[text][label]</c>,
    /// <c>[label][]</c>, <c>[label]</c>), whitespace runs as one space, case ignored: found in one pass, so a document with
    /// many reference definitions costs linear time (one search of the prose per definition was quadratic).
    /// </summary>
    private sealed class ReferenceUses
    {
        /// <summary>CommonMark's limit on a link label.</summary>
        public const int MaxLabel = 999;
        private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

        public ReferenceUses(string prose)
        {
            var open = -1;
            for (var i = 0; i < prose.Length; i++)
            {
                if (prose[i] == '[') open = i;
                else if (prose[i] == ']' && open >= 0)
                {
                    if (i - open - 1 <= MaxLabel * 2 && !IsDefinitionAt(prose, open, i + 1))
                        _used.Add(Regex.Replace(prose.Substring(open + 1, i - open - 1), @"\s+", " "));
                    open = -1;
                }
            }
        }

        public bool Contains(string label) => _used.Contains(label);

        /// <summary>True when the bracket at <paramref name="start"/>…<paramref name="end"/> opens a definition line (<c>[label]: …</c>, indented at most 3).</summary>
        public static bool IsDefinitionAt(string prose, int start, int end)
        {
            if (end >= prose.Length || prose[end] != ':') return false;
            for (var k = start - 1; k >= 0; k--)
            {
                if (prose[k] == '\n') return true;
                if (!char.IsWhiteSpace(prose[k]) || start - k > 3) return false;
            }
            return true;
        }
    }

    /// <summary>
    /// The destination a site should resolve for a templated link it understands (<c>{% link x %}</c> on a Jekyll site,
    /// <c>{{&lt; ref "x#y" &gt;}}</c> on a Hugo site), with its fragment; null for other templates (filled in before anyone reads them).
    /// </summary>
    public static (string Destination, string? Fragment)? Template(DocSite site, string url)
    {
        if (site is JekyllSite && Regex.IsMatch(url.Trim(), @"^\{%-?\s*(?:link|post_url)\s+[^\s%]+\s*-?%\}$", RegexOptions.None, TimeSpan.FromSeconds(1))) return (url.Trim(), null);
        if (site is HugoSite && HugoSite.RefTarget(url) is { } target)
        {
            var (path, _, fragment) = RepoPath.SplitUrl(target);
            return (path, fragment);
        }
        return null;
    }
}
