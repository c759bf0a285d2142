using System.Text;
using System.Text.RegularExpressions;
using Markdig.Extensions.Footnotes;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ReleaseLint.Inputs.Discussions;

/// <summary>How a labelled value was written in a post.</summary>
public enum UpdateFieldForm
{
    /// <summary><c>- Label: value</c></summary>
    ListItem,
    /// <summary><c>**Label:** value</c> or <c>**Label**: value</c> (in a paragraph or list item)</summary>
    BoldLabel,
    /// <summary><c>Label: value</c> on a line of its own</summary>
    Line,
    /// <summary><c>| Label | value |</c></summary>
    TableRow,
    /// <summary>a header row of labels and a row of values below it</summary>
    TableColumn,
    /// <summary><c>## Label</c> followed by a paragraph</summary>
    Heading,
}

/// <summary>A labelled value of a post.</summary>
/// <param name="Label">The label as written (markup removed).</param>
/// <param name="Value">The value as written, trimmed ("" when empty); may hold markdown (backticks, links).</param>
/// <param name="LabelOffset">Offset of the label in the post body.</param>
/// <param name="LabelLength">Length of the label.</param>
/// <param name="ValueOffset">Offset of the value (of the label when the value is empty).</param>
/// <param name="ValueLength">Length of the value (0 when empty).</param>
/// <param name="Form">How it was written.</param>
public sealed record LabelledValue(string Label, string Value, int LabelOffset, int LabelLength, int ValueOffset, int ValueLength, UpdateFieldForm Form);

/// <summary>A template field found in a post.</summary>
/// <param name="Name">The policy's field name (<c>discussions.fields</c>).</param>
/// <param name="Entry">Where and how it is written.</param>
public sealed record UpdateField(string Name, LabelledValue Entry)
{
    /// <summary>The value with surrounding code backticks, emphasis and quotes removed.</summary>
    public string PlainValue => DeploymentUpdate.Unwrap(Entry.Value);
}

/// <summary>
/// A post read as a deployment update: the template's fields parsed from list items, bold labels, lines
/// (<c>Label: value</c>), table rows or columns and headings, read from the post's Markdig tree as GitHub renders it
/// (setext headings, headings in lists and quotes; nothing in code, HTML blocks or comments; front matter left out).
/// Labels match a field case-insensitively, ignoring markup, punctuation, spacing and a trailing parenthetical. A
/// section introduced by a heading or bold label that says "template", or a comment holding the template, is the
/// template itself, not an update.
/// </summary>
public sealed partial class DeploymentUpdate : IWorkspaceFact<DiscussionPost, DeploymentUpdate>
{

    private DeploymentUpdate(DiscussionPost post) => Post = post;

    /// <summary>The post.</summary>
    public DiscussionPost Post { get; }
    /// <summary>Every labelled value outside code and template sections (any label), in order.</summary>
    public IReadOnlyList<LabelledValue> Entries { get; private set; } = [];
    /// <summary>The template fields found outside template sections (first occurrence of each), in template order.</summary>
    public IReadOnlyList<UpdateField> Fields { get; private set; } = [];
    /// <summary>Template fields found inside a template section.</summary>
    public IReadOnlyList<UpdateField> TemplateFields { get; private set; } = [];
    /// <summary>Heading texts with their offsets, in order.</summary>
    public IReadOnlyList<(string Text, int Offset, int Level)> Headings { get; private set; } = [];
    /// <summary>True when the post holds a template section ("Update template").</summary>
    public bool HasTemplate { get; private set; }
    /// <summary>The post's text outside code blocks and comments, with the same offsets as the body (masked parts are spaces).</summary>
    public string Prose { get; private set; } = "";

    /// <summary>The first heading, or null.</summary>
    public string? FirstHeading => Headings.Count > 0 ? Headings[0].Text : null;

    /// <summary>The field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public UpdateField? this[string name] => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True when the post is a deployment update (and is checked): at least two template fields, or a title (of a
    /// discussion) or first heading that speaks of a deploy, release, rollback or hotfix. A post whose only fields
    /// are in a template section is the thread's seed, not an update.
    /// </summary>
    public bool IsDeploymentUpdate
    {
        get
        {
            if (Post.Markdown.Error is not null) return false; // not read (a DiscussionSet problem says so)
            if (HasTemplate && Fields.Count == 0) return false;
            if (Fields.Count >= 2) return true;
            if (!Post.IsComment && SpeaksOfDeploy(Post.Title)) return true;
            return FirstHeading is { } h && SpeaksOfDeploy(h);
        }
    }

    [GeneratedRegex(@"\b(?:deploy(?:s|ed|ing|ment|ments)?|releas(?:e|es|ed|ing)|roll(?:ed|ing)?[- ]?backs?|hotfix(?:es|ed)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DeployWords();

    /// <summary>True when <paramref name="text"/> speaks of a deploy, release, rollback or hotfix.</summary>
    public static bool SpeaksOfDeploy(string text) => DeployWords().IsMatch(text);

    /// <summary>The update reading of <paramref name="post"/> against the policy's <c>discussions.fields</c> (parsed once per run).</summary>
    public static DeploymentUpdate Of(Workspace workspace, DiscussionPost post) => workspace.Facts<DiscussionPost, DeploymentUpdate>(post);

    /// <inheritdoc />
    static DeploymentUpdate IWorkspaceFact<DiscussionPost, DeploymentUpdate>.Compute(Workspace workspace, DiscussionPost post) =>
        Parse(post, workspace.Policy.DiscussionFields);

    /// <summary>Parses <paramref name="post"/> (not cached).</summary>
    public static DeploymentUpdate Parse(DiscussionPost post, IReadOnlyList<string> fields)
    {
        var update = new DeploymentUpdate(post);
        new Scanner(update, fields).Run();
        return update;
    }

    /// <summary>Normalises a label for matching: markup and parentheticals removed, letters and digits only, lower-case.</summary>
    public static string NormalizeLabel(string label)
    {
        var text = Parenthetical().Replace(label, "");
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthetical();

    /// <summary>Removes surrounding backticks, emphasis and quotes of a value.</summary>
    public static string Unwrap(string value)
    {
        var v = value.Trim();
        for (var changed = true; changed && v.Length >= 2;)
        {
            changed = false;
            foreach (var (open, close) in new[] { ("``", "``"), ("`", "`"), ("**", "**"), ("__", "__"), ("*", "*"), ("_", "_"), ("\"", "\""), ("“", "”") })
            {
                if (v.Length >= open.Length + close.Length && v.StartsWith(open, StringComparison.Ordinal) && v.EndsWith(close, StringComparison.Ordinal) &&
                    v.IndexOf(close, open.Length, StringComparison.Ordinal) == v.Length - close.Length)
                {
                    v = v[open.Length..^close.Length].Trim();
                    changed = true;
                    break;
                }
            }
        }
        return v;
    }

    /// <summary>
    /// Reads the facts of a post from its Markdig tree (the post's one parse, under the markdown guard): headings (ATX
    /// and setext, in lists and quotes too), the lines of paragraphs and list items, and pipe tables, as GitHub renders
    /// them. Code, HTML blocks and comments hold no fields. The tree gives the structure and the positions; labels are
    /// read from a line's first inline, values are the masked text (<see cref="Prose"/>) between those positions.
    /// </summary>
    private sealed partial class Scanner(DeploymentUpdate update, IReadOnlyList<string> fields)
    {
        private readonly Dictionary<string, string> _fieldByNorm = fields.GroupBy(NormalizeLabel).Where(g => g.Key.Length > 0).ToDictionary(g => g.Key, g => g.First());
        private readonly List<LabelledValue> _entries = [];
        private readonly List<UpdateField> _fields = [];
        private readonly List<UpdateField> _template = [];
        private readonly List<(string, int, int)> _headings = [];
        private string _prose = "";
        private int _templateLevel; // >0: inside a template section opened by a heading of that level; 7: by a bold label

        /// <summary>A label at the start of a line.</summary>
        private readonly record struct Label(string Text, int Offset, int Length, int ValueStart, bool Bold);

        [GeneratedRegex(@"^(?<label>[A-Za-z][^:|\n`*_<\[]{0,60}?)[ \t]*:(?=\s|$)")]
        private static partial Regex PlainLabel();

        [GeneratedRegex(@"\btemplate\b", RegexOptions.IgnoreCase)]
        private static partial Regex TemplateWord();

        public void Run()
        {
            var post = update.Post;
            _prose = Mask(post, post.Body);
            update.Prose = _prose;
            // No tree (the post crossed the markdown budgets): no facts either; the text is not re-scanned.
            if (post.Markdown.Syntax is { } tree) Blocks(tree, post.ContentStart);
            // A template kept in a comment (hidden on GitHub) still makes the post the thread's seed.
            if (post.Markdown.Comments.Any(c => c.Offset >= post.ContentStart && IsTemplateText(c.Text))) update.HasTemplate = true;
            update.Entries = _entries;
            update.TemplateFields = _template;
            update.Headings = _headings;
            update.Fields = fields.Select(f => _fields.FirstOrDefault(x => x.Name == f)).Where(x => x is not null).Select(x => x!).ToList();
        }

        /// <summary>The blocks of <paramref name="container"/> in document order; blocks before <paramref name="from"/> (front matter) are not the post.</summary>
        private void Blocks(ContainerBlock container, int from)
        {
            for (var i = 0; i < container.Count; i++)
            {
                var block = container[i];
                if (block.Span.Start < from) continue;
                switch (block)
                {
                    case HeadingBlock heading:
                        i = Heading(container, i, heading);
                        break;
                    case ParagraphBlock paragraph:
                        i = Paragraph(container, i, paragraph);
                        break;
                    case Table table:
                        Table(table);
                        break;
                    case ListBlock or ListItemBlock or QuoteBlock or FootnoteGroup or Footnote:
                        Blocks((ContainerBlock)block, from);
                        break;
                    // Code, HTML blocks (comments), thematic breaks, link definitions: no fields.
                }
            }
        }

        /// <summary>A heading: its text, a template section it opens, or a field it labels (its value is the block below). Returns the last block read.</summary>
        private int Heading(ContainerBlock container, int index, HeadingBlock heading)
        {
            var (from, to) = Extent(heading.Inline);
            var raw = from < 0 ? "" : _prose[from..to].TrimEnd();
            var at = from < 0 ? Math.Max(0, heading.Span.Start) : from;
            var plain = StripMarkup(raw);
            var level = heading.Level;
            _headings.Add((plain, at, level));
            if (_templateLevel > 0 && (_templateLevel == 7 || level <= _templateLevel)) _templateLevel = 0;
            if (TemplateWord().IsMatch(plain))
            {
                _templateLevel = level;
                update.HasTemplate = true;
                return index;
            }
            if (!_fieldByNorm.ContainsKey(NormalizeLabel(plain)) && !IsSectionLabel(plain)) return index;
            var (last, value, offset) = SectionValue(container, index + 1);
            Add(new LabelledValue(plain, value, at, raw.Length, value.Length == 0 ? at : offset, value.Length, UpdateFieldForm.Heading), _templateLevel > 0);
            return value.Length > 0 ? last : index;
        }

        /// <summary>The value of a heading label: the first block after it (past comments), unless that is a heading or a break.</summary>
        private (int Last, string Text, int Offset) SectionValue(ContainerBlock container, int from)
        {
            for (var j = from; j < container.Count; j++)
            {
                var block = container[j];
                if (block is HtmlBlock && IsBlank(block.Span)) continue; // a comment: hidden, the value follows it
                if (block is HeadingBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup) break;
                var (text, offset) = BlockText(block);
                return (j, text, offset);
            }
            return (from - 1, "", 0);
        }

        /// <summary>The lines of a paragraph: a label at the start of a line, and its value. Returns the last block read.</summary>
        private int Paragraph(ContainerBlock container, int index, ParagraphBlock paragraph)
        {
            var lines = Lines(paragraph.Inline);
            var last = index;
            for (var k = 0; k < lines.Count; k++)
            {
                if (!TryLabel(lines[k], out var label)) continue;
                var isItem = k == 0 && paragraph.Parent is ListItemBlock item && item.Count > 0 && item[0] == paragraph;
                var (value, offset) = Trimmed(label.ValueStart, LineEnd(label.ValueStart));
                if (value.Length == 0)
                {
                    // "Label:" alone: the value is the rest of the paragraph up to the next label, then the blocks nested under it.
                    var parts = new List<(string Text, int Offset)>();
                    var m = k + 1;
                    for (; m < lines.Count && !TryLabel(lines[m], out _); m++)
                    {
                        var start = Start(lines[m]);
                        if (start >= 0 && Trimmed(start, LineEnd(start)) is { Text.Length: > 0 } part) parts.Add(part);
                    }
                    if (m == lines.Count) last = Nested(container, index, paragraph, parts);
                    k = m - 1;
                    value = string.Join("\n", parts.Select(p => p.Text));
                    offset = parts.Count > 0 ? parts[0].Offset : label.Offset;
                }
                if (value.Length == 0 && label.Bold && TemplateWord().IsMatch(label.Text))
                {
                    _templateLevel = 7;
                    update.HasTemplate = true;
                    continue;
                }
                if (value.Length == 0 && label.Bold && !_fieldByNorm.ContainsKey(NormalizeLabel(label.Text)) && _templateLevel == 7) _templateLevel = 0;
                var form = isItem ? UpdateFieldForm.ListItem : label.Bold ? UpdateFieldForm.BoldLabel : UpdateFieldForm.Line;
                Add(new LabelledValue(label.Text, value, label.Offset, label.Length, offset, value.Length, form), _templateLevel > 0);
            }
            return last;
        }

        /// <summary>
        /// The blocks after <paramref name="paragraph"/> nested under it, without a blank line between: the rest of its list
        /// item, or blocks indented deeper than it. Their text is added to <paramref name="parts"/>; returns the last one.
        /// </summary>
        private int Nested(ContainerBlock container, int index, ParagraphBlock paragraph, List<(string Text, int Offset)> parts)
        {
            var last = index;
            var endLine = EndLine(paragraph);
            for (var j = index + 1; j < container.Count; j++)
            {
                var block = container[j];
                if (block.Line > endLine + 1 || container is not ListItemBlock && block.Column <= paragraph.Column) break;
                var (text, offset) = BlockText(block);
                if (text.Length > 0) parts.Add((text, offset));
                last = j;
                endLine = EndLine(block);
            }
            return last;
        }

        /// <summary>A label at the start of <paramref name="line"/>: a bold or italic label, or a short plain one followed by ':'.</summary>
        private bool TryLabel(List<Inline> line, out Label label)
        {
            label = default;
            var i = 0;
            // A task box, a comment or spaces before the label are not part of it.
            while (i < line.Count && (line[i] is TaskList || line[i] is HtmlInline or LiteralInline && IsBlank(line[i].Span))) i++;
            if (i == line.Count || line[i].Span.Start < 0) return false;
            var first = line[i];
            var lineEnd = LineEnd(first.Span.Start);
            if (first is EmphasisInline { DelimiterChar: '*' or '_', DelimiterCount: 1 or 2 } emphasis)
            {
                var (from, to) = Extent(emphasis);
                if (from < 0 || emphasis.Descendants<EmphasisInline>().Any() || emphasis.Descendants<LineBreakInline>().Any()) return false;
                var text = _prose[from..to].TrimEnd();
                var colon = text.EndsWith(':');
                if (colon) text = text[..^1].TrimEnd();
                if (text.Length is 0 or > 80) return false;
                var valueStart = emphasis.Span.End + 1;
                var after = valueStart;
                while (after < lineEnd && _prose[after] is ' ' or '\t') after++;
                if (after < lineEnd && _prose[after] == ':')
                {
                    colon = true;
                    valueStart = after + 1;
                }
                var name = text.Trim();
                // "**Label** value" without a colon only for a template field; a bold-only line is a section label.
                if (!colon && _prose[valueStart..lineEnd].Trim().Length > 0 && !_fieldByNorm.ContainsKey(NormalizeLabel(name))) return false;
                label = new Label(name, from, text.Length, valueStart, true);
                return true;
            }
            if (first is not LiteralInline literal) return false;
            var content = literal.Content.ToString();
            var lead = content.Length - content.TrimStart().Length;
            content = content[lead..];
            var start = literal.Span.Start + lead;
            if (content.StartsWith("http", StringComparison.OrdinalIgnoreCase)) return false;
            var match = PlainLabel().Match(content);
            if (!match.Success) return false;
            // The colon ends the literal: the next inline must start with a space (a comment is masked as spaces).
            if (match.Length == content.Length && start + match.Length < lineEnd && !char.IsWhiteSpace(_prose[start + match.Length])) return false;
            var plain = match.Groups["label"].Value.Trim();
            // A plain "Text: more" line is a label only when short (a few words) — prose with a colon is not.
            if (plain.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 6) return false;
            label = new Label(plain, start, plain.Length, start + match.Length, false);
            return true;
        }

        private List<(string? Field, int Column)>? TableRowRead(List<(string Text, int Offset)> cells, List<(string? Field, int Column)>? header, bool inTemplate)
        {
            var names = cells.Select(c => _fieldByNorm.GetValueOrDefault(NormalizeLabel(StripMarkup(c.Text.Trim().TrimEnd(':'))))).ToList();
            if (names.Count(n => n is not null) >= 2) return names.Select((n, i) => (n, i)).ToList();
            var first = StripMarkup(cells[0].Text.Trim().TrimEnd(':'));
            if (cells.Count >= 2 && _fieldByNorm.ContainsKey(NormalizeLabel(first)))
            {
                var v = cells[1];
                var lead = v.Text.Length - v.Text.TrimStart().Length;
                var value = v.Text.Trim();
                var c0 = cells[0];
                var labelLead = c0.Text.Length - c0.Text.TrimStart().Length;
                Add(new LabelledValue(first, value, c0.Offset + labelLead, c0.Text.Trim().Length, value.Length == 0 ? c0.Offset + labelLead : v.Offset + lead, value.Length, UpdateFieldForm.TableRow), inTemplate);
                return null;
            }
            if (header is not null)
            {
                foreach (var (field, column) in header)
                {
                    if (field is null || column >= cells.Count) continue;
                    var v = cells[column];
                    var lead = v.Text.Length - v.Text.TrimStart().Length;
                    var value = v.Text.Trim();
                    Add(new LabelledValue(field, value, v.Offset, 0, value.Length == 0 ? v.Offset : v.Offset + lead, value.Length, UpdateFieldForm.TableColumn), inTemplate);
                }
            }
            return null; // one row of values per header
        }

        /// <summary>A pipe table: rows labelled by a field in their first cell, or a header row of fields and a row of values below it.</summary>
        private void Table(Table table)
        {
            List<(string? Field, int Column)>? header = null;
            foreach (var row in table.OfType<TableRow>())
            {
                var cells = Cells(row);
                header = cells.Count == 0 ? null : TableRowRead(cells, header, _templateLevel > 0);
            }
        }

        /// <summary>The cells of a row as written between the pipes (spaces included), with their offsets.</summary>
        private List<(string Text, int Offset)> Cells(TableRow row)
        {
            var cells = new List<(string, int)>();
            var next = -1; // where the next cell starts: after the pipe that ends the previous one
            foreach (var cell in row.OfType<TableCell>())
            {
                if (cell.Span.Start >= 0 && cell.Span.Length > 0 && cell.Span.End < _prose.Length)
                {
                    cells.Add((_prose.Substring(cell.Span.Start, cell.Span.Length), cell.Span.Start));
                    next = cell.Span.End + 2;
                    continue;
                }
                // Markdig gives an empty cell no position, and pads short rows with cells that are not written: an empty cell
                // is one closed by a pipe on the row's line.
                if (next < 0)
                {
                    next = update.Post.Markdown.Source.LineStart(row.Line + 1);
                    while (next < _prose.Length && _prose[next] is ' ' or '\t') next++;
                    if (next < _prose.Length && _prose[next] == '|') next++;
                }
                var end = LineEnd(Math.Min(next, _prose.Length));
                var pipe = next <= end ? _prose.IndexOf('|', next, end - next) : -1;
                if (pipe < 0) break;
                cells.Add((_prose[next..pipe], next));
                next = pipe + 1;
            }
            return cells;
        }

        /// <summary>True when a comment's text says "template" and names at least two of the template's fields.</summary>
        private bool IsTemplateText(string text) =>
            TemplateWord().IsMatch(text) && fields.Count(f => text.Contains(f, StringComparison.OrdinalIgnoreCase)) >= 2;

        private static bool IsSectionLabel(string plain)
        {
            var n = NormalizeLabel(plain);
            return n is "rootcause" or "fixforward" or "fixforwardplan" or "cause" or "nextsteps";
        }

        private void Add(LabelledValue entry, bool inTemplate)
        {
            var name = _fieldByNorm.GetValueOrDefault(NormalizeLabel(entry.Label));
            if (inTemplate)
            {
                if (name is not null) _template.Add(new UpdateField(name, entry));
                return;
            }
            _entries.Add(entry);
            if (name is not null && !_fields.Any(f => f.Name == name)) _fields.Add(new UpdateField(name, entry));
        }

        /// <summary>The inlines of a paragraph split at its line breaks.</summary>
        private static List<List<Inline>> Lines(ContainerInline? inlines)
        {
            var lines = new List<List<Inline>> { new() };
            for (var inline = inlines?.FirstChild; inline is not null; inline = inline.NextSibling)
            {
                if (inline is LineBreakInline) lines.Add([]);
                else lines[^1].Add(inline);
            }
            return lines;
        }

        /// <summary>Where the text of a line starts: its first inline that is not a comment or spaces, or -1.</summary>
        private int Start(List<Inline> line)
        {
            foreach (var inline in line)
                if (inline.Span.Start >= 0 && !IsBlank(inline.Span)) return inline.Span.Start;
            return -1;
        }

        /// <summary>The source offsets spanned by the inlines of <paramref name="container"/> (end exclusive), or (-1, -1).</summary>
        private static (int From, int To) Extent(ContainerInline? container)
        {
            int from = -1, to = -1;
            for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
            {
                if (inline.Span.Start < 0 || inline.Span.IsEmpty) continue;
                if (from < 0) from = inline.Span.Start;
                to = Math.Max(to, inline.Span.End + 1);
            }
            return (from, to);
        }

        /// <summary>The text of a block: its lines trimmed, blank ones left out (code blocks as written, other blocks as masked prose).</summary>
        private (string Text, int Offset) BlockText(Block block)
        {
            if (block.Span.Start < 0 || block.Span.IsEmpty) return ("", 0);
            var source = block is CodeBlock ? update.Post.Body : _prose;
            var end = Math.Min(block.Span.End + 1, source.Length);
            var parts = new List<string>();
            var offset = -1;
            for (var start = block.Span.Start; start < end;)
            {
                var newline = source.IndexOf('\n', start, end - start);
                var stop = newline < 0 ? end : newline;
                var line = source[start..stop];
                if (line.Trim().Length > 0)
                {
                    if (offset < 0) offset = start + (line.Length - line.TrimStart().Length);
                    parts.Add(line.Trim());
                }
                start = stop + 1;
            }
            return offset < 0 ? ("", 0) : (string.Join("\n", parts), offset);
        }

        /// <summary>The masked text from <paramref name="from"/> to <paramref name="to"/>, trimmed, with the offset of its first character.</summary>
        private (string Text, int Offset) Trimmed(int from, int to)
        {
            var text = _prose[from..Math.Max(from, to)];
            var lead = text.Length - text.TrimStart().Length;
            return (text.Trim(), from + lead);
        }

        /// <summary>The end of the source line holding <paramref name="offset"/> (before its line break).</summary>
        private int LineEnd(int offset)
        {
            var newline = offset < _prose.Length ? _prose.IndexOf('\n', offset) : -1;
            var end = newline < 0 ? _prose.Length : newline;
            return end > offset && _prose[end - 1] == '\r' ? end - 1 : end;
        }

        /// <summary>The 0-based line of a block's last character.</summary>
        private int EndLine(Block block) =>
            block.Span.End < 0 ? block.Line : update.Post.Markdown.Source.Position(Math.Min(block.Span.End, Math.Max(0, _prose.Length - 1))).Line - 1;

        private bool IsBlank(SourceSpan span) =>
            span.Start >= 0 && span.End < _prose.Length && _prose.AsSpan(span.Start, Math.Max(0, span.Length)).IsWhiteSpace();

        /// <summary>The body with code blocks and HTML comments blanked out (offsets kept).</summary>
        private static string Mask(DiscussionPost post, string body)
        {
            var chars = body.ToCharArray();
            var doc = post.Markdown;
            void Blank(int from, int to)
            {
                for (var k = Math.Max(0, from); k < Math.Min(chars.Length, to); k++)
                    if (chars[k] != '\n' && chars[k] != '\r') chars[k] = ' ';
            }
            foreach (var code in doc.Code.Where(c => c.IsBlock))
            {
                var from = doc.Source.Offset(code.Location.Line, code.Location.Column);
                var to = doc.Source.Offset(code.Location.EndLine, code.Location.EndColumn);
                Blank(from, to);
            }
            foreach (var comment in doc.Comments) Blank(comment.Offset, comment.Offset + comment.Text.Length);
            // A comment block never closed runs to the end of the post, and GitHub hides all of it.
            foreach (var html in doc.Syntax?.Descendants<HtmlBlock>() ?? [])
                if (html.Type == HtmlBlockType.Comment && html.Span.Start >= 0) Blank(html.Span.Start, html.Span.End + 1);
            return new string(chars);
        }
    }

    /// <summary>Removes inline markup (emphasis, backticks, links' brackets) from a label.</summary>
    public static string StripMarkup(string text)
    {
        var t = LinkMarkup().Replace(text, "$1");
        t = t.Replace("**", "").Replace("__", "").Replace("`", "");
        t = t.Trim().Trim('*', '_').Trim();
        return t;
    }

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkMarkup();
}
