using System.Text;
using System.Text.RegularExpressions;

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
/// (<c>Label: value</c>), table rows or columns and headings. Labels match a field case-insensitively, ignoring
/// markup, punctuation, spacing and a trailing parenthetical. Code blocks and HTML comments are skipped; a section
/// introduced by a heading or bold label that says "template" is the template itself, not an update.
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

    private sealed partial class Scanner(DeploymentUpdate update, IReadOnlyList<string> fields)
    {
        private readonly Dictionary<string, string> _fieldByNorm = fields.GroupBy(NormalizeLabel).Where(g => g.Key.Length > 0).ToDictionary(g => g.Key, g => g.First());
        private readonly List<LabelledValue> _entries = [];
        private readonly List<UpdateField> _fields = [];
        private readonly List<UpdateField> _template = [];
        private readonly List<(string, int, int)> _headings = [];

        [GeneratedRegex(@"^(?<indent>[ \t]*)(?:>[ \t]?)*(?<marker>(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?")]
        private static partial Regex LinePrefix();

        [GeneratedRegex(@"^[ ]{0,3}(?<hashes>#{1,6})(?:[ \t]+(?<text>.*?))?(?:[ \t]+#+)?[ \t]*$")]
        private static partial Regex AtxHeading();

        [GeneratedRegex(@"^(?<open>\*\*|__)(?<label>[^*_\n]{1,80}?)[ \t]*(?<colon1>:)?[ \t]*\k<open>[ \t]*(?<colon2>:)?")]
        private static partial Regex BoldLabel();

        [GeneratedRegex(@"^(?<open>[*_])(?<label>[^*_\n]{1,80}?)[ \t]*(?<colon1>:)?[ \t]*\k<open>[ \t]*(?<colon2>:)?")]
        private static partial Regex ItalicLabel();

        [GeneratedRegex(@"^(?<label>[A-Za-z][^:|\n`*_<\[]{0,60}?)[ \t]*:(?=\s|$)")]
        private static partial Regex PlainLabel();

        [GeneratedRegex(@"^\s*:?-{1,}:?\s*$")]
        private static partial Regex SeparatorCell();

        [GeneratedRegex(@"\btemplate\b", RegexOptions.IgnoreCase)]
        private static partial Regex TemplateWord();

        public void Run()
        {
            var post = update.Post;
            var body = post.Body;
            var prose = Mask(post, body);
            update.Prose = prose;
            var lines = Lines(prose);
            var templateLevel = 0; // >0: inside a template section opened by a heading of that level; 7: by a bold label
            List<(string? Field, int Column)>? tableHeader = null;
            for (var i = 0; i < lines.Count; i++)
            {
                var (start, text) = lines[i];
                if (text.Trim().Length == 0)
                {
                    tableHeader = null;
                    continue;
                }
                var heading = AtxHeading().Match(text);
                if (heading.Success)
                {
                    tableHeader = null;
                    var level = heading.Groups["hashes"].Length;
                    var htext = heading.Groups["text"].Success ? heading.Groups["text"].Value : "";
                    var plain = StripMarkup(htext);
                    _headings.Add((plain, start + (heading.Groups["text"].Success ? heading.Groups["text"].Index : 0), level));
                    if (templateLevel > 0 && (templateLevel == 7 || level <= templateLevel)) templateLevel = 0;
                    if (TemplateWord().IsMatch(plain))
                    {
                        templateLevel = level;
                        update.HasTemplate = true;
                        continue;
                    }
                    if (_fieldByNorm.ContainsKey(NormalizeLabel(plain)) || IsSectionLabel(plain))
                    {
                        var (vOffset, vText, last) = Paragraph(lines, i + 1);
                        Add(new LabelledValue(plain, vText, start + heading.Groups["text"].Index, htext.Length, vText.Length == 0 ? start + heading.Groups["text"].Index : vOffset, vText.Length, UpdateFieldForm.Heading), templateLevel > 0);
                        if (vText.Length > 0) i = last;
                    }
                    continue;
                }
                var trimmed = text.TrimStart();
                if (trimmed.StartsWith('|'))
                {
                    tableHeader = Table(text, start, tableHeader, templateLevel > 0);
                    continue;
                }
                tableHeader = null;
                var prefix = LinePrefix().Match(text);
                var contentStart = prefix.Length;
                var content = text[contentStart..];
                var isList = prefix.Groups["marker"].Success;
                if (TryLabel(content, out var label, out var labelStart, out var labelLength, out var valueStart, out var bold))
                {
                    var value = content[valueStart..].TrimEnd();
                    var valueLead = value.Length - value.TrimStart().Length;
                    value = value.Trim();
                    var vOffset = start + contentStart + valueStart + valueLead;
                    var last = i;
                    if (value.Length == 0)
                    {
                        var indent = prefix.Groups["indent"].Length;
                        (vOffset, value, last) = Continuation(lines, i + 1, indent);
                        if (value.Length == 0) vOffset = start + contentStart + labelStart;
                    }
                    if (value.Length == 0 && bold && TemplateWord().IsMatch(label))
                    {
                        templateLevel = 7;
                        update.HasTemplate = true;
                        continue;
                    }
                    if (value.Length == 0 && bold && !_fieldByNorm.ContainsKey(NormalizeLabel(label)) && templateLevel == 7) templateLevel = 0;
                    var form = isList ? UpdateFieldForm.ListItem : bold ? UpdateFieldForm.BoldLabel : UpdateFieldForm.Line;
                    if (bold && !isList) form = UpdateFieldForm.BoldLabel;
                    Add(new LabelledValue(label, value, start + contentStart + labelStart, labelLength, vOffset, value.Length, form), templateLevel > 0);
                    i = last;
                }
            }
            update.Entries = _entries;
            update.TemplateFields = _template;
            update.Headings = _headings;
            update.Fields = fields.Select(f => _fields.FirstOrDefault(x => x.Name == f)).Where(x => x is not null).Select(x => x!).ToList();
        }

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

        /// <summary>Recognises a label at the start of <paramref name="content"/>: bold, italic or plain followed by ':'.</summary>
        private bool TryLabel(string content, out string label, out int labelStart, out int labelLength, out int valueStart, out bool bold)
        {
            bold = false;
            var m = BoldLabel().Match(content);
            if (!m.Success) m = ItalicLabel().Match(content);
            if (m.Success)
            {
                label = m.Groups["label"].Value.Trim();
                labelStart = m.Groups["label"].Index;
                labelLength = m.Groups["label"].Length;
                valueStart = m.Length;
                var hasColon = m.Groups["colon1"].Success || m.Groups["colon2"].Success;
                var rest = content[m.Length..].Trim();
                // "**Label** value" without a colon only for a template field; a bold-only line is a section label.
                bold = true;
                if (hasColon || rest.Length == 0 || _fieldByNorm.ContainsKey(NormalizeLabel(label))) return label.Length > 0;
            }
            m = PlainLabel().Match(content);
            if (m.Success && !content.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                label = m.Groups["label"].Value.Trim();
                labelStart = m.Groups["label"].Index;
                labelLength = label.Length;
                valueStart = m.Length;
                bold = false;
                // A plain "Text: more" line is a label only when short (a few words) — prose with a colon is not.
                return label.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 6;
            }
            label = "";
            labelStart = labelLength = valueStart = 0;
            return false;
        }

        /// <summary>Lines indented deeper than the label's line (sub-bullets, continuation) as the value.</summary>
        private static (int Offset, string Text, int Last) Continuation(List<(int Start, string Text)> lines, int from, int indent)
        {
            var parts = new List<string>();
            var offset = -1;
            var last = from - 1;
            for (var j = from; j < lines.Count; j++)
            {
                var (s, t) = lines[j];
                if (t.Trim().Length == 0) break;
                var ind = t.Length - t.TrimStart().Length;
                if (ind <= indent) break;
                if (offset < 0) offset = s + ind;
                parts.Add(t.Trim());
                last = j;
            }
            if (offset < 0) return (0, "", from - 1);
            return (offset, string.Join("\n", parts), last);
        }

        /// <summary>The paragraph after a heading: lines up to the next blank line or heading.</summary>
        private static (int Offset, string Text, int Last) Paragraph(List<(int Start, string Text)> lines, int from)
        {
            var j = from;
            while (j < lines.Count && lines[j].Text.Trim().Length == 0) j++;
            var parts = new List<string>();
            var offset = -1;
            var last = from - 1;
            for (; j < lines.Count; j++)
            {
                var (s, t) = lines[j];
                if (t.Trim().Length == 0 || AtxHeading().IsMatch(t)) break;
                if (offset < 0) offset = s + (t.Length - t.TrimStart().Length);
                parts.Add(t.Trim());
                last = j;
            }
            return offset < 0 ? (0, "", from - 1) : (offset, string.Join("\n", parts), last);
        }

        private List<(string? Field, int Column)>? Table(string text, int start, List<(string? Field, int Column)>? header, bool inTemplate)
        {
            var cells = Cells(text, start);
            if (cells.Count == 0 || cells.All(c => SeparatorCell().IsMatch(c.Text))) return header;
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
                return null; // one row of values per header
            }
            return null;
        }

        private static List<(string Text, int Offset)> Cells(string line, int start)
        {
            var cells = new List<(string, int)>();
            var i = line.IndexOf('|');
            if (i < 0) return cells;
            var cellStart = i + 1;
            for (var j = cellStart; j <= line.Length; j++)
            {
                if (j < line.Length && line[j] == '\\') { j++; continue; }
                var inCode = false;
                if (j < line.Length && line[j] == '`')
                {
                    var close = line.IndexOf('`', j + 1);
                    if (close > 0) { j = close; inCode = true; }
                }
                if (inCode) continue;
                if (j == line.Length || line[j] == '|')
                {
                    var cell = line[cellStart..j];
                    if (j < line.Length || cell.Trim().Length > 0) cells.Add((cell, start + cellStart));
                    cellStart = j + 1;
                }
            }
            return cells;
        }

        private static List<(int Start, string Text)> Lines(string text)
        {
            var lines = new List<(int, string)>();
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] != '\n') continue;
                var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                lines.Add((start, text[start..end]));
                start = i + 1;
            }
            return lines;
        }

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
