using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Inputs.Docs;

/// <summary>An include directive found in a page: what it includes and how it was written.</summary>
/// <param name="Target">The path as written (relative to what the syntax says).</param>
/// <param name="Syntax">The directive: <c>snippets</c>, <c>myst</c>, <c>hugo</c>, <c>vitepress</c>, <c>mdbook</c>, <c>mdx</c>, <c>jekyll</c>.</param>
/// <param name="Offset">Where it is written.</param>
public sealed record IncludeDirective(string Target, string Syntax, int Offset);

/// <summary>
/// What a page holds beyond what GitHub renders, read once per document from its text with code blocks blanked out:
/// attribute-list ids (<c>{#id}</c>, <c>{: #id }</c>, <c>{ id="x" }</c>), definition-list terms, footnote labels, include
/// directives of every site syntax, MyST/Sphinx targets, mkdocstrings <c>:::</c> objects, comment shortcodes, and
/// regions written by bots between markers. Which of these count is the site's decision.
/// </summary>
public sealed partial class PageMarkup
{
    private PageMarkup() { }

    /// <summary>The text with fenced and indented code blanked out (offsets kept).</summary>
    public string Prose { get; private init; } = "";
    /// <summary>Ids set by attribute lists anywhere in the text (headings, blocks, inline elements, code fences), in order.</summary>
    public IReadOnlyList<(string Id, int Offset)> AttributeIds { get; private init; } = [];
    /// <summary>Definition-list terms (<c>term</c> followed by <c>: definition</c>), in order.</summary>
    public IReadOnlyList<(string Text, int Offset)> DefinitionTerms { get; private init; } = [];
    /// <summary>Footnote labels defined (<c>[^label]: …</c>).</summary>
    public IReadOnlyList<string> Footnotes { get; private init; } = [];
    /// <summary>Include directives of every syntax.</summary>
    public IReadOnlyList<IncludeDirective> Includes { get; private init; } = [];
    /// <summary>MyST/Sphinx targets defined here: <c>(label)=</c>, <c>:name:</c> options, <c>{figure-md} name</c>, glossary terms.</summary>
    public IReadOnlyList<string> Targets { get; private init; } = [];
    /// <summary>Objects documented by mkdocstrings (<c>::: package.module</c>).</summary>
    public IReadOnlyList<string> AutodocObjects { get; private init; } = [];
    /// <summary>Words of HTML comments written as shortcodes (<c>&lt;!-- md:setting config.x --&gt;</c>: <c>config.x</c>), which a hook may turn into ids.</summary>
    public IReadOnlySet<string> CommentShortcodeWords { get; private init; } = new HashSet<string>();
    /// <summary>Offset ranges written by bots between marker comments (<c>&lt;!-- ALL-CONTRIBUTORS-LIST:START --&gt;</c> … <c>END</c>).</summary>
    public IReadOnlyList<(int Start, int End)> GeneratedRegions { get; private init; } = [];
    /// <summary>Template shortcodes used in the page, by notation and name: <c>%name</c> for <c>{{% name %}}</c> (its output is markdown), <c>&lt;name</c> for <c>{{&lt; name &gt;}}</c>.</summary>
    public IReadOnlySet<string> Shortcodes { get; private init; } = new HashSet<string>();
    /// <summary>Headings written as HTML (<c>&lt;h2&gt;Title&lt;/h2&gt;</c>), with their text (tags removed) and whether they set an id.</summary>
    public IReadOnlyList<(string Text, int Offset, bool HasId)> HtmlHeadings { get; private init; } = [];
    /// <summary>True when the page has YAML or TOML front matter.</summary>
    public bool HasFrontMatter { get; private init; }

    /// <summary>True when <paramref name="offset"/> lies in a region written by a bot.</summary>
    public bool InGeneratedRegion(int offset) => GeneratedRegions.Any(r => offset >= r.Start && offset < r.End);

    /// <summary>The markup of <paramref name="document"/> (computed once).</summary>
    public static PageMarkup Of(MarkdownDocument document) => document.Derived(Compute);

    [GeneratedRegex(@"\{(?=[^}\n]*(?:#|\bid\s*=))(?<body>:?[^{}\n]{0,300})\}")]
    private static partial Regex AttributeList();

    [GeneratedRegex(@"(?:^|\s)#(?<id>[^\s}#""'=]+)|(?:^|\s)id\s*=\s*(?:""(?<id>[^""]*)""|'(?<id>[^']*)'|(?<id>[^\s}""']+))")]
    private static partial Regex AttributeIdToken();

    [GeneratedRegex(@"^(?<term>[^\s:>|#\-*+<][^\n]{0,200}?)[ \t]*\r?\n(?:[ \t]*\r?\n)?[ ]{0,3}:[ \t]+\S", RegexOptions.Multiline)]
    private static partial Regex DefinitionTerm();

    [GeneratedRegex(@"^[ \t]{0,3}\[\^(?<label>[^\]\s]+)\]:", RegexOptions.Multiline)]
    private static partial Regex FootnoteDefinition();

    [GeneratedRegex(@"^[ \t]*(?<!;)-{1,}8<-{1,}[ \t]+(?:""(?<p>[^""\n]+)""|'(?<p>[^'\n]+)')", RegexOptions.Multiline)]
    private static partial Regex SnippetInline();

    [GeneratedRegex(@"^[ \t]*-{1,}8<-{1,}[ \t]*\r?\n(?<body>(?:(?![ \t]*-{1,}8<-{1,}).*\r?\n){1,50}?)[ \t]*-{1,}8<-{1,}[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex SnippetBlock();

    [GeneratedRegex(@"\{\{[<%]-?\s*(?<name>[\w/.-]+)(?<args>[^}\n]{0,300}?)-?[>%]\}\}")]
    private static partial Regex HugoShortcode();

    [GeneratedRegex(@"<!--\s*@include:\s*(?<p>[^\s{#>-][^\s{#>]*?)(?:#[\w-]+)?(?:\{[^}]*\})?\s*-->")]
    private static partial Regex VitePressInclude();

    [GeneratedRegex(@"\{\{#(?:include|rustdoc_include|playground)\s+(?<p>[^\s:}]+)")]
    private static partial Regex MdBookInclude();

    [GeneratedRegex(@"^import\s+(?<name>[A-Z][\w$]*)\s+from\s+['""](?<p>[^'""]+\.mdx?)['""]", RegexOptions.Multiline)]
    private static partial Regex MdxImport();

    [GeneratedRegex(@"\{!\s*(?<p>[^!}\s][^!}]*?)\s*!\}")]
    private static partial Regex MarkdownInclude();

    [GeneratedRegex(@"\{%-?\s*include_relative\s+(?<p>[^\s%]+)")]
    private static partial Regex JekyllIncludeRelative();

    [GeneratedRegex(@"^[ \t]*:{3,}[ \t]*\{include\}[ \t]+(?<p>\S+)", RegexOptions.Multiline)]
    private static partial Regex MystColonInclude();

    [GeneratedRegex(@"^\((?<label>[^()\s][^()\n]*?)\)=[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex MystLabel();

    [GeneratedRegex(@"^[ \t]*:name:[ \t]*(?<name>\S[^\n]*?)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex MystNameOption();

    [GeneratedRegex(@"^(?<fence>[`:]{3,})[ \t]*\{figure-md\}[ \t]+(?<name>\S+)", RegexOptions.Multiline)]
    private static partial Regex FigureMd();

    [GeneratedRegex(@"^:::[ \t]+(?<object>[A-Za-z_][\w.:-]*)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Autodoc();

    [GeneratedRegex(@"<!--\s*[a-z][\w-]*:(?<words>[^\n]{0,300}?)-->")]
    private static partial Regex CommentShortcode();

    [GeneratedRegex(@"<!--\s*(?<name>[A-Z][A-Z0-9_-]*):START\b[^>]*-->", RegexOptions.IgnoreCase)]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"<h(?<level>[1-6])\b(?<attrs>[^>]{0,300})>(?<text>.{0,500}?)</h\k<level>\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlHeading();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\A(?:---|\+\+\+)[ \t]*\r?\n")]
    private static partial Regex FrontMatterStart();

    private static PageMarkup Compute(MarkdownDocument document)
    {
        var text = document.Source.Text;
        var chars = text.ToCharArray();
        var source = document.Source;
        var mystIncludes = new List<IncludeDirective>();
        var glossary = new List<string>();
        foreach (var code in document.Code)
        {
            if (!code.IsBlock) continue;
            var from = source.Offset(code.Location.Line, code.Location.Column);
            var to = source.Offset(code.Location.EndLine, code.Location.EndColumn);
            var info = (code.Info + " " + code.Arguments).Trim();
            if (info.StartsWith("{include}", StringComparison.Ordinal) && info.Length > 9)
                mystIncludes.Add(new IncludeDirective(info[9..].Trim(), "myst", from));
            else if (info.StartsWith("{glossary}", StringComparison.Ordinal))
                foreach (var line in code.Content.Split('\n'))
                    if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith(':')) glossary.Add(line.Trim());
            else if (info.StartsWith('{') && code.Content.Contains(":name:", StringComparison.Ordinal))
                foreach (Match m in MystNameOption().Matches(code.Content)) glossary.Add(m.Groups["name"].Value);
            if (info.StartsWith("{figure-md}", StringComparison.Ordinal) && info.Length > 11) glossary.Add(info[11..].Trim());
            for (var k = Math.Max(0, from); k < Math.Min(chars.Length, to); k++)
                if (chars[k] is not ('\n' or '\r')) chars[k] = ' ';
        }
        var prose = new string(chars);

        var attributes = new List<(string, int)>();
        foreach (Match m in AttributeList().Matches(prose))
            foreach (Match t in AttributeIdToken().Matches(m.Groups["body"].Value.TrimStart(':')))
                if (t.Groups["id"].Value.Length > 0) attributes.Add((t.Groups["id"].Value, m.Index));
        // Code fences carry attributes too (``` { .sh #example }), and they are blanked above.
        foreach (var code in document.Code)
            if (code.IsBlock && (code.Info + code.Arguments).Contains('{') && (code.Info + code.Arguments).Contains('#'))
                foreach (Match t in AttributeIdToken().Matches((code.Info + " " + code.Arguments).Replace('{', ' ').Replace('}', ' ')))
                    if (t.Groups["id"].Value.Length > 0) attributes.Add((t.Groups["id"].Value, source.Offset(code.Location.Line, code.Location.Column)));

        var terms = new List<(string, int)>();
        if (prose.Contains("\n:", StringComparison.Ordinal) || prose.Contains("\n  :", StringComparison.Ordinal) || prose.Contains("\n :", StringComparison.Ordinal) || prose.Contains("\n   :", StringComparison.Ordinal))
            foreach (Match m in DefinitionTerm().Matches(prose))
                terms.Add((StripInline(m.Groups["term"].Value.Trim()), m.Index));

        var includes = new List<IncludeDirective>(mystIncludes);
        foreach (Match m in SnippetInline().Matches(prose)) includes.Add(new IncludeDirective(m.Groups["p"].Value, "snippets", m.Index));
        foreach (Match m in SnippetBlock().Matches(prose))
            foreach (var line in m.Groups["body"].Value.Split('\n'))
                if (line.Trim() is { Length: > 0 } p && !p.StartsWith(';')) includes.Add(new IncludeDirective(p.Trim('"', '\''), "snippets", m.Index));
        var shortcodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in HugoShortcode().Matches(prose))
        {
            var name = m.Groups["name"].Value;
            shortcodes.Add(m.Value[2] + name); // "%name" renders markdown (headings, ids), "<name" HTML
            if (name is "include" or "readfile" or "include-md" or "content")
            {
                var arg = ConfigText.StringLiterals(m.Groups["args"].Value).FirstOrDefault() ?? m.Groups["args"].Value.Trim().Split(' ')[0];
                if (arg.Length > 0) includes.Add(new IncludeDirective(arg, "hugo", m.Index));
            }
        }
        foreach (Match m in VitePressInclude().Matches(text)) includes.Add(new IncludeDirective(m.Groups["p"].Value, "vitepress", m.Index));
        foreach (Match m in MdBookInclude().Matches(prose)) includes.Add(new IncludeDirective(m.Groups["p"].Value, "mdbook", m.Index));
        foreach (Match m in MdxImport().Matches(prose))
            if (prose.Contains("<" + m.Groups["name"].Value, StringComparison.Ordinal)) includes.Add(new IncludeDirective(m.Groups["p"].Value, "mdx", m.Index));
        foreach (Match m in JekyllIncludeRelative().Matches(prose)) includes.Add(new IncludeDirective(m.Groups["p"].Value, "jekyll", m.Index));
        foreach (Match m in MarkdownInclude().Matches(prose)) includes.Add(new IncludeDirective(m.Groups["p"].Value, "markdown-include", m.Index));
        foreach (Match m in MystColonInclude().Matches(prose)) includes.Add(new IncludeDirective(m.Groups["p"].Value, "myst", m.Index));

        var targets = new List<string>(glossary);
        foreach (Match m in MystLabel().Matches(prose)) targets.Add(m.Groups["label"].Value);
        foreach (Match m in MystNameOption().Matches(prose)) targets.Add(m.Groups["name"].Value);
        foreach (Match m in FigureMd().Matches(text)) targets.Add(m.Groups["name"].Value);

        var autodoc = Autodoc().Matches(prose).Select(m => m.Groups["object"].Value).ToList();

        var words = new HashSet<string>(StringComparer.Ordinal);
        var regions = new List<(int, int)>();
        if (text.Contains("<!--", StringComparison.Ordinal))
        {
            foreach (Match m in CommentShortcode().Matches(text))
                foreach (var w in m.Groups["words"].Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                    words.Add(w.Trim('"', '\''));
            foreach (Match m in RegionStart().Matches(text))
            {
                var end = text.IndexOf("<!-- " + m.Groups["name"].Value + ":END", m.Index, StringComparison.OrdinalIgnoreCase);
                if (end < 0) end = text.IndexOf(m.Groups["name"].Value + ":END", m.Index, StringComparison.OrdinalIgnoreCase);
                if (end > m.Index) regions.Add((m.Index, end));
            }
        }

        return new PageMarkup
        {
            Prose = prose,
            AttributeIds = attributes,
            DefinitionTerms = terms,
            Footnotes = FootnoteDefinition().Matches(prose).Select(m => m.Groups["label"].Value).ToList(),
            Includes = includes,
            Targets = targets,
            AutodocObjects = autodoc,
            CommentShortcodeWords = words,
            GeneratedRegions = regions,
            Shortcodes = shortcodes,
            HasFrontMatter = FrontMatterStart().IsMatch(text),
            HtmlHeadings = prose.Contains("<h", StringComparison.OrdinalIgnoreCase)
                ? HtmlHeading().Matches(prose).Select(m => (System.Net.WebUtility.HtmlDecode(Tag().Replace(m.Groups["text"].Value, "")).Trim(), m.Index,
                    Regex.IsMatch(m.Groups["attrs"].Value, @"\bid\s*=", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)))).ToList()
                : [],
        };
    }

    [GeneratedRegex(@"`([^`]*)`|\*\*|__|(?<![\w\\])[*_](?=\S)|(?<=\S)[*_](?![\w])|\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineMarkup();

    /// <summary>The text of a line of inline markdown without its markup (code kept, emphasis and link syntax removed).</summary>
    public static string StripInline(string line) =>
        InlineMarkup().Replace(line, m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : "");
}
