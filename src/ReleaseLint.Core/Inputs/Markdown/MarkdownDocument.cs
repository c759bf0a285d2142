using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ReleaseLint.Inputs.Markdown;

/// <summary>A heading with its GitHub anchor.</summary>
/// <param name="Level">1–6.</param>
/// <param name="Text">The heading's text content as GitHub renders it (markup removed, code and link text kept).</param>
/// <param name="Slug">The anchor GitHub gives it, duplicates numbered.</param>
/// <param name="Location">Where the heading starts.</param>
public sealed record MarkdownHeading(int Level, string Text, string Slug, SourceLocation Location);

/// <summary>How a link was written.</summary>
public enum MarkdownLinkKind
{
    /// <summary><c>[text](url)</c></summary>
    Inline,
    /// <summary><c>![alt](url)</c></summary>
    Image,
    /// <summary><c>[label]: url</c> (a reference definition; the links using it are not repeated).</summary>
    Reference,
    /// <summary><c>&lt;https://…&gt;</c> or a bare URL.</summary>
    Autolink,
    /// <summary><c>href</c> or <c>src</c> of an HTML tag.</summary>
    Html,
}

/// <summary>A link target written in a markdown file.</summary>
/// <param name="Url">The destination as written (entities and escapes resolved).</param>
/// <param name="Kind">How it was written.</param>
/// <param name="Text">The link text or alt text ("" when none).</param>
/// <param name="Location">Where the destination is written.</param>
public sealed record MarkdownLink(string Url, MarkdownLinkKind Kind, string Text, SourceLocation Location);

/// <summary>Inline code or a code block: text that is never a link, but may mention a workflow file or secret.</summary>
/// <param name="Content">The code.</param>
/// <param name="IsBlock">True for fenced or indented code blocks.</param>
/// <param name="Info">The fence's info string (<c>yaml</c>, <c>bash</c>…), "" otherwise.</param>
/// <param name="Location">Where the code is: the whole span of an inline code (backticks included) or of a code block (fences included).</param>
public sealed record MarkdownCode(string Content, bool IsBlock, string Info, SourceLocation Location)
{
    /// <summary>The rest of a fence's info string after <see cref="Info"/> (<c>../README.md</c> of <c>```{include} ../README.md</c>), "" otherwise.</summary>
    public string Arguments { get; init; } = "";
}

/// <summary>A run of plain text (one literal of a paragraph, heading, list item or table cell) with its position.</summary>
/// <param name="Text">The text.</param>
/// <param name="Offset">0-based offset of the text in the file.</param>
public sealed record MarkdownText(string Text, int Offset);

/// <summary>Limits on the work spent on one markdown file; crossing one gives RL0004.</summary>
/// <param name="MaxListIndent">Widest indentation of a list item or quote before it is taken as pathological nesting.</param>
/// <param name="MaxUnclosedLinks">Most unclosed <c>](</c> link openers in one paragraph.</param>
public sealed record MarkdownLimits(int MaxListIndent = 256, int MaxUnclosedLinks = 1_000)
{
    /// <summary>The defaults.</summary>
    public static MarkdownLimits Default { get; } = new();
}

/// <summary>
/// A markdown file parsed once (Markdig, GitHub-flavoured, precise source positions) into what the rules
/// need: headings with GitHub slugs, explicit anchors, links, code, text runs and suppression comments.
/// </summary>
public sealed partial class MarkdownDocument
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Lazy<object>> _derived = new();

    /// <summary>
    /// A value derived from this document alone (the docs model's page markup, front matter), computed once per
    /// document and type: the document is one run's input, so the value lives and dies with it. Rules that ask at the
    /// same time wait for one computation instead of each making its own.
    /// </summary>
    public T Derived<T>(Func<MarkdownDocument, T> compute) where T : class =>
        (T)_derived.GetOrAdd(typeof(T), _ => new Lazy<object>(() => compute(this), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePreciseSourceLocation()
        .UsePipeTables()
        .UseAutoLinks()
        .UseTaskLists()
        .UseEmphasisExtras()
        .UseFootnotes()
        .Build();

    private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);

    private MarkdownDocument(SourceText source) => Source = source;

    /// <summary>The file's text.</summary>
    public SourceText Source { get; }
    /// <summary>Repository-relative path.</summary>
    public string Path => Source.Path;
    /// <summary>Why the file could not be parsed (an RL0004 finding), or null.</summary>
    public ReadFailure? Error { get; private set; }
    /// <summary>Headings in document order.</summary>
    public IReadOnlyList<MarkdownHeading> Headings { get; private set; } = [];
    /// <summary>Links, images, reference definitions and HTML <c>href</c>/<c>src</c> in document order.</summary>
    public IReadOnlyList<MarkdownLink> Links { get; private set; } = [];
    /// <summary>Inline code and code blocks.</summary>
    public IReadOnlyList<MarkdownCode> Code { get; private set; } = [];
    /// <summary>Plain text runs (outside code), in document order.</summary>
    public IReadOnlyList<MarkdownText> Texts { get; private set; } = [];
    /// <summary>Anchors set explicitly: <c>&lt;a name&gt;</c>, <c>id="…"</c>, <c>{#id}</c>.</summary>
    public IReadOnlyCollection<string> ExplicitAnchors { get; private set; } = [];
    /// <summary>HTML comments (outside code) with their offsets: where suppression comments are read from.</summary>
    public IReadOnlyList<MarkdownText> Comments { get; private set; } = [];

    /// <summary>True when <paramref name="fragment"/> (without <c>#</c>, already URL-decoded) names a heading or explicit anchor.</summary>
    public bool HasAnchor(string fragment)
    {
        if (_anchors.Contains(fragment)) return true;
        // GitHub lower-cases the fragment when it looks for a heading; explicit ids are matched as written.
        if (_anchors.Contains(fragment.ToLowerInvariant())) return true;
        // GitHub prefixes rendered ids with "user-content-" and accepts links that spell the prefix out.
        return fragment.StartsWith("user-content-", StringComparison.Ordinal) && HasAnchor(fragment["user-content-".Length..]);
    }

    /// <summary>All anchors of this document (heading slugs and explicit anchors).</summary>
    public IReadOnlyCollection<string> Anchors => _anchors;

    /// <summary>
    /// The Markdig syntax tree, kept only when the document was parsed with <c>keepSyntax</c> (discussion posts, whose
    /// facts are read from the tree's blocks and inlines); null otherwise, or when the file could not be parsed.
    /// </summary>
    internal Markdig.Syntax.MarkdownDocument? Syntax { get; private set; }

    /// <summary>Parses <paramref name="source"/>; never throws for bad input.</summary>
    /// <param name="source">The text.</param>
    /// <param name="limits">The budgets (RL0004 when crossed); the defaults when null.</param>
    /// <param name="keepSyntax">Keep the Markdig tree (<see cref="Syntax"/>) for facts read later from it; most documents drop it.</param>
    public static MarkdownDocument Parse(SourceText source, MarkdownLimits? limits = null, bool keepSyntax = false)
    {
        var doc = new MarkdownDocument(source);
        var guard = Guard(source, limits ?? MarkdownLimits.Default);
        if (guard is not null)
        {
            doc.Error = guard;
            return doc;
        }
        Markdig.Syntax.MarkdownDocument ast;
        try
        {
            ast = Markdig.Markdown.Parse(source.Text, Pipeline);
        }
        catch (ArgumentException e) when (e.Message.Contains("nested", StringComparison.OrdinalIgnoreCase))
        {
            doc.Error = new ReadFailure("markdown nested too deeply (Markdig's depth limit); the file was not linted");
            return doc;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            doc.Error = new ReadFailure($"markdown could not be parsed ({e.GetType().Name}: {e.Message}); the file was not linted");
            return doc;
        }
        new Collector(doc).Collect(ast);
        if (keepSyntax) doc.Syntax = ast;
        return doc;
    }

    /// <summary>
    /// Cheap checks before Markdig runs, against inputs that make it slow (measured: 15 s for a list
    /// nested 2,000 levels by indentation, seconds for thousands of unclosed <c>[a](</c> in a paragraph).
    /// </summary>
    private static ReadFailure? Guard(SourceText source, MarkdownLimits limits)
    {
        var text = source.Text;
        var line = 1;
        var unclosed = 0;
        var paragraphStartLine = 1;
        var lineStart = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '\n') continue;
            var span = text.AsSpan(lineStart, i - lineStart).TrimEnd('\r');
            var indent = 0;
            var j = 0;
            for (; j < span.Length && (span[j] == ' ' || span[j] == '\t'); j++) indent += span[j] == '\t' ? 4 - indent % 4 : 1;
            if (indent >= limits.MaxListIndent && j < span.Length && span[j] is '-' or '*' or '+' or '>' or (>= '0' and <= '9'))
                return new ReadFailure($"markdown nested too deeply (a list item or quote indented {indent} columns); the file was not linted", line, 1);
            if (j == span.Length)
            {
                unclosed = 0;
                paragraphStartLine = line + 1;
            }
            else
            {
                for (var k = 0; k + 1 < span.Length; k++)
                    if (span[k] == ']' && span[k + 1] == '(') unclosed++;
                unclosed -= span.Count(')');
                if (unclosed < 0) unclosed = 0;
                if (unclosed > limits.MaxUnclosedLinks)
                    return new ReadFailure($"more than {limits.MaxUnclosedLinks:N0} unclosed link destinations '](' in one paragraph; the file was not linted", paragraphStartLine, 1);
            }
            lineStart = i + 1;
            line++;
        }
        return null;
    }

    // A bound attribute (Vue's :href, v-bind:id) or a data-src holds an expression, not a URL or an anchor.
    [GeneratedRegex(@"<[A-Za-z][^>]*?(?<![:\w.@-])(?:id|name)\s*=\s*(?:""([^""]*)""|'([^']*)')", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlAnchor();

    [GeneratedRegex(@"<(?:a|img|source|link|area)\b[^>]*?(?<![:\w.@-])(href|src|srcset)\s*=\s*(?:""([^""]*)""|'([^']*)')", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    /// <summary>A heading attribute list: <c>{#id}</c>, Python-Markdown's <c>{: #id .class }</c>, Pandoc's <c>{#id .class}</c>.</summary>
    [GeneratedRegex(@"\{:?\s*(?:[.\w-]+\s+)*#([A-Za-z0-9_:.-][^}\s]*)(?:\s+[^}]*)?\}\s*$")]
    private static partial Regex AttributeId();

    private sealed class Collector(MarkdownDocument doc)
    {
        private readonly List<MarkdownHeading> _headings = [];
        private readonly List<MarkdownLink> _links = [];
        private readonly List<MarkdownCode> _code = [];
        private readonly List<MarkdownText> _texts = [];
        private readonly List<MarkdownText> _comments = [];
        private readonly HashSet<string> _explicit = new(StringComparer.Ordinal);
        private readonly GitHubSlugger _slugger = new();
        private SourceText Source => doc.Source;

        public void Collect(Markdig.Syntax.MarkdownDocument ast)
        {
            foreach (var node in ast.Descendants())
            {
                switch (node)
                {
                    case HeadingBlock heading:
                        AddHeading(heading);
                        break;
                    case LinkReferenceDefinition def when def is not Markdig.Extensions.Footnotes.FootnoteLinkReferenceDefinition && def.Url is not null:
                        AddLink(def.Url, MarkdownLinkKind.Reference, def.Label ?? "", def.UrlSpan, def.Span);
                        break;
                    case CodeBlock code when node is not HtmlBlock:
                        AddCodeBlock(code);
                        break;
                    case HtmlBlock html:
                        AddHtml(Slice(html.Span), html.Span.Start);
                        break;
                    case LinkInline link when link.Reference is null && !link.IsShortcut:
                        if (link.IsAutoLink)
                            AddLink(link.Url ?? "", MarkdownLinkKind.Autolink, "", link.Span, link.Span);
                        else
                            AddLink(link.Url ?? "", link.IsImage ? MarkdownLinkKind.Image : MarkdownLinkKind.Inline, PlainText(link), link.UrlSpan, link.Span);
                        break;
                    case AutolinkInline auto when !auto.IsEmail:
                        AddLink(auto.Url, MarkdownLinkKind.Autolink, "", auto.Span, auto.Span);
                        break;
                    case CodeInline ci:
                        _code.Add(new MarkdownCode(ci.Content, false, "", Source.Span(ci.Span.Start, ci.Span.Length)));
                        break;
                    case HtmlInline hi:
                        AddHtml(hi.Tag, hi.Span.Start);
                        break;
                    case LiteralInline lit:
                        _texts.Add(new MarkdownText(lit.Content.ToString(), lit.Span.Start));
                        break;
                }
            }
            doc.Headings = _headings;
            doc.Links = _links;
            doc.Code = _code;
            doc.Texts = _texts;
            doc.Comments = _comments;
            doc.ExplicitAnchors = _explicit;
            foreach (var h in _headings) doc._anchors.Add(h.Slug);
            foreach (var a in _explicit) doc._anchors.Add(a);
        }

        private string Slice(SourceSpan span) =>
            span.IsEmpty || span.Start < 0 ? "" : Source.Text.Substring(span.Start, Math.Min(span.Length, Source.Text.Length - span.Start));

        private void AddHeading(HeadingBlock heading)
        {
            var text = heading.Inline is null ? "" : PlainText(heading.Inline).Trim();
            var id = AttributeId().Match(text);
            if (id.Success) _explicit.Add(id.Groups[1].Value);
            var slug = _slugger.Next(text);
            _headings.Add(new MarkdownHeading(heading.Level, text, slug, Source.Span(heading.Span.Start, Math.Max(0, Math.Min(heading.Span.Length, Source.Line(heading.Line + 1).Length)))));
        }

        private void AddLink(string url, MarkdownLinkKind kind, string text, SourceSpan urlSpan, SourceSpan whole)
        {
            var span = urlSpan.IsEmpty || urlSpan.Start < 0 ? whole : urlSpan;
            var start = Math.Max(0, span.Start);
            _links.Add(new MarkdownLink(url, kind, text, Source.Span(start, Math.Max(0, span.Length))));
        }

        private void AddCodeBlock(CodeBlock code)
        {
            var content = code.Lines.Lines is null ? "" : code.Lines.ToString(); // an empty fence has no lines at all
            var info = code is FencedCodeBlock fenced ? fenced.Info ?? "" : "";
            var start = Math.Max(0, code.Span.Start);
            _code.Add(new MarkdownCode(content, true, info, Source.Span(start, Math.Max(0, Math.Min(code.Span.Length, Source.Text.Length - start))))
            {
                Arguments = code is FencedCodeBlock { Arguments: { } arguments } ? arguments : "",
            });
        }

        private void AddHtml(string html, int offset)
        {
            foreach (Match m in HtmlComment().Matches(html))
                _comments.Add(new MarkdownText(m.Value, offset + m.Index));
            var withoutComments = HtmlComment().Replace(html, c => new string(' ', c.Length));
            foreach (Match m in HtmlAnchor().Matches(withoutComments))
                _explicit.Add(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
            foreach (Match m in HtmlLink().Matches(withoutComments))
            {
                var g = m.Groups[2].Success ? m.Groups[2] : m.Groups[3];
                if (m.Groups[1].Value.Equals("srcset", StringComparison.OrdinalIgnoreCase))
                {
                    var first = g.Value.Split(',')[0].Trim().Split(' ')[0];
                    _links.Add(new MarkdownLink(System.Net.WebUtility.HtmlDecode(first), MarkdownLinkKind.Html, "", Source.Span(offset + g.Index, first.Length)));
                }
                else
                    _links.Add(new MarkdownLink(System.Net.WebUtility.HtmlDecode(g.Value), MarkdownLinkKind.Html, "", Source.Span(offset + g.Index, g.Length)));
            }
        }

        /// <summary>The text content GitHub would put in the heading (what its slug is made from).</summary>
        /// <remarks>
        /// From the container's first child: <see cref="Append"/> walks siblings, and starting it at a link would walk every
        /// following link of the paragraph too (quadratic on a paragraph of many links).
        /// </remarks>
        private static string PlainText(ContainerInline container)
        {
            var sb = new StringBuilder();
            Append(container.FirstChild, sb);
            return sb.ToString();
        }

        private static void Append(Inline? inline, StringBuilder sb)
        {
            for (; inline is not null; inline = inline.NextSibling)
            {
                switch (inline)
                {
                    case LiteralInline lit: sb.Append(lit.Content.ToString()); break;
                    case CodeInline code: sb.Append(code.Content); break;
                    case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
                    case AutolinkInline auto: sb.Append(auto.Url); break;
                    case LineBreakInline: sb.Append(' '); break;
                    case LinkInline { IsImage: true }: break; // an image adds no text content
                    case ContainerInline nested: Append(nested.FirstChild, sb); break;
                }
            }
        }
    }
}
