using ReleaseLint.Inputs;

namespace ReleaseLint;

/// <summary>How much review a fix needs before it is applied.</summary>
public enum FixSafety
{
    /// <summary>Certain: the change keeps what the workflow or document does and only removes the problem. <c>--fix</c> applies it.</summary>
    Safe,
    /// <summary>Needs review: the change is right in the usual case but may alter behaviour. Only <c>--fix=unsafe</c> applies it.</summary>
    Unsafe,
}

/// <summary>
/// One minimal text edit: replaces <see cref="Length"/> characters at <see cref="Offset"/> of a file's text (as read,
/// without a byte-order mark) with <see cref="NewText"/>. An insertion has length 0, a deletion an empty new text.
/// Build edits with <see cref="Replace"/>, <see cref="Insert"/> or <see cref="Delete"/>, which record what the edit was
/// computed against (the replaced text and the length of the whole text), so a stale edit is refused instead of applied
/// to a file that changed, and which write new lines as the file writes them.
/// </summary>
public sealed record TextEdit
{
    private TextEdit(string path, int offset, int length, string newText, string oldText, int sourceLength, SourceLocation region)
    {
        Path = path;
        Offset = offset;
        Length = length;
        NewText = newText;
        OldText = oldText;
        SourceLength = sourceLength;
        Region = region;
    }

    /// <summary>Repository-relative path of the edited file.</summary>
    public string Path { get; }
    /// <summary>0-based offset of the replaced span in the file's text.</summary>
    public int Offset { get; }
    /// <summary>Length of the replaced span (0 for an insertion).</summary>
    public int Length { get; }
    /// <summary>The text put in its place (already in the file's line-ending style).</summary>
    public string NewText { get; }
    /// <summary>The text the span held when the edit was made; the edit applies only while it still does.</summary>
    public string OldText { get; }
    /// <summary>The length of the whole text the edit was made for.</summary>
    public int SourceLength { get; }
    /// <summary>The replaced span as lines and columns (an empty span for an insertion), for SARIF <c>deletedRegion</c>.</summary>
    public SourceLocation Region { get; }
    /// <summary>Offset just after the replaced span.</summary>
    public int End => Offset + Length;

    /// <summary>
    /// Replaces <paramref name="length"/> characters at <paramref name="offset"/> of <paramref name="source"/> with
    /// <paramref name="newText"/>, whose <c>\n</c> line breaks are written as the file writes them (CRLF files stay CRLF).
    /// </summary>
    public static TextEdit Replace(SourceText source, int offset, int length, string newText)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (offset + length > source.Text.Length) throw new ArgumentOutOfRangeException(nameof(length), "the edit goes past the end of the text");
        var text = LineBreaks.Convert(newText, LineBreaks.Of(source.Text));
        return new TextEdit(source.Path, offset, length, text, source.Text.Substring(offset, length), source.Text.Length, source.Span(offset, length));
    }

    /// <summary>Inserts <paramref name="text"/> at <paramref name="offset"/> (see <see cref="Replace"/>).</summary>
    public static TextEdit Insert(SourceText source, int offset, string text) => Replace(source, offset, 0, text);

    /// <summary>Deletes <paramref name="length"/> characters at <paramref name="offset"/>.</summary>
    public static TextEdit Delete(SourceText source, int offset, int length) => Replace(source, offset, length, "");

    /// <summary>True when both edits change the same span of the same file the same way.</summary>
    public bool SameAs(TextEdit other) =>
        Path == other.Path && Offset == other.Offset && Length == other.Length && NewText == other.NewText;
}

/// <summary>
/// A repair of a finding: text edits that <c>releaselint check --fix</c> applies (and SARIF carries as <c>fixes</c>),
/// or, for problems that live in git rather than in files (tags, branches), the commands a maintainer runs: ReleaseLint
/// prints them and never runs them.
/// </summary>
public sealed record Fix
{
    /// <summary>Creates a fix.</summary>
    /// <param name="description">What it does, lower-case start ("pin to the commit 'v4' points at").</param>
    /// <param name="safety">Whether <c>--fix</c> applies it or only <c>--fix=unsafe</c>.</param>
    public Fix(string description, FixSafety safety)
    {
        Description = description;
        Safety = safety;
    }

    /// <summary>What the fix does, lower-case start.</summary>
    public string Description { get; init; }
    /// <summary>Safe (applied by <c>--fix</c>) or unsafe (needs <c>--fix=unsafe</c>).</summary>
    public FixSafety Safety { get; init; }
    /// <summary>The edits, possibly in several files; applied together or not at all.</summary>
    public IReadOnlyList<TextEdit> Edits { get; init; } = [];
    /// <summary>Shell commands to run by hand (git operations); printed, never run.</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];
    /// <summary>True when the fix edits files (false for a fix that is only commands).</summary>
    public bool HasEdits => Edits.Count > 0;

    /// <summary>A fix made of text edits.</summary>
    public static Fix WithEdits(string description, FixSafety safety, params IEnumerable<TextEdit> edits) =>
        new(description, safety) { Edits = edits.ToList() };

    /// <summary>A fix made of commands to run by hand.</summary>
    public static Fix WithCommands(string description, params IEnumerable<string> commands) =>
        new(description, FixSafety.Unsafe) { Commands = commands.ToList() };
}

/// <summary>Line-break styles of texts.</summary>
public static class LineBreaks
{
    /// <summary>The line break a text mostly uses: <c>\r\n</c> when most of its breaks are CRLF, else <c>\n</c>.</summary>
    public static string Of(string text)
    {
        var crlf = 0;
        var lf = 0;
        for (var i = text.IndexOf('\n'); i >= 0 && crlf + lf < 10_000; i = text.IndexOf('\n', i + 1))
        {
            if (i > 0 && text[i - 1] == '\r') crlf++;
            else lf++;
        }
        return crlf > lf ? "\r\n" : "\n";
    }

    /// <summary><paramref name="text"/> with every <c>\n</c> (and <c>\r\n</c>) written as <paramref name="newLine"/>.</summary>
    public static string Convert(string text, string newLine)
    {
        if (!text.Contains('\n')) return text;
        var normal = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return newLine == "\n" ? normal : normal.Replace("\n", newLine, StringComparison.Ordinal);
    }
}
