using System.Text;

namespace ReleaseLint.Inputs;

/// <summary>The decoded text of one file with a line index, shared by every parser and rule.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    /// <summary>Creates a source text for <paramref name="path"/> (repository-relative).</summary>
    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') starts.Add(i + 1);
            else if (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')) starts.Add(i + 1);
        }
        _lineStarts = [.. starts];
    }

    /// <summary>Repository-relative path with <c>/</c> separators.</summary>
    public string Path { get; }
    /// <summary>The whole text (BOM removed).</summary>
    public string Text { get; }
    /// <summary>Number of lines (a final line without a newline counts).</summary>
    public int LineCount => _lineStarts.Length;

    /// <summary>The text of 1-based line <paramref name="line"/> without its line break ("" when out of range).</summary>
    public string Line(int line)
    {
        if (line < 1 || line > _lineStarts.Length) return "";
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r')) end--;
        return Text[start..end];
    }

    /// <summary>Offset of the first character of 1-based line <paramref name="line"/>.</summary>
    public int LineStart(int line) => _lineStarts[Math.Clamp(line, 1, _lineStarts.Length) - 1];

    /// <summary>Converts a 0-based character offset into a 1-based line and column.</summary>
    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>Converts a 1-based line and column into a 0-based offset.</summary>
    public int Offset(int line, int column) => Math.Min(Text.Length, LineStart(line) + Math.Max(0, column - 1));

    /// <summary>A location covering <paramref name="length"/> characters from <paramref name="offset"/>.</summary>
    public SourceLocation Span(int offset, int length)
    {
        var (line, col) = Position(offset);
        var (endLine, endCol) = Position(offset + Math.Max(0, length));
        return new SourceLocation(Path, line, col, endLine, endCol);
    }

    /// <summary>A location at <paramref name="line"/>/<paramref name="column"/> spanning <paramref name="length"/> characters on that line.</summary>
    public SourceLocation At(int line, int column, int length = 0) => SourceLocation.At(Path, line, column, length);
}

/// <summary>Why a file could not be turned into a <see cref="SourceText"/>.</summary>
/// <param name="Message">What is wrong, for an RL0004 finding.</param>
/// <param name="Line">Where, when known.</param>
/// <param name="Column">Where, when known.</param>
public sealed record ReadFailure(string Message, int Line = 1, int Column = 1);

/// <summary>Decodes file content as UTF-8 text, refusing binary content, invalid encodings and oversize files (files are opened by <see cref="Files.SafeFile"/>).</summary>
public static class TextFileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes bytes already in memory (for staged content and tests).</summary>
    public static SourceText? TryDecode(ReadOnlySpan<byte> bytes, string relativePath, long maxBytes, out ReadFailure? failure)
    {
        failure = null;
        if (bytes.Length > maxBytes)
        {
            failure = new ReadFailure(Files.SafeFile.TooLarge(bytes.Length, maxBytes));
            return null;
        }
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            failure = new ReadFailure("file is UTF-16 encoded; ReleaseLint reads UTF-8 (GitHub does too for workflows)");
            return null;
        }
        var nul = bytes[..Math.Min(bytes.Length, 8192)].IndexOf((byte)0);
        if (nul >= 0)
        {
            var line = 1 + bytes[..nul].Count((byte)'\n');
            failure = new ReadFailure($"file looks binary (a NUL byte at offset {nul}); it was not linted", line, 1);
            return null;
        }
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes = bytes[3..];
        try
        {
            return new SourceText(relativePath, StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException e)
        {
            var index = Math.Max(0, e.Index);
            var line = 1 + bytes[..Math.Min(index, bytes.Length)].Count((byte)'\n');
            failure = new ReadFailure($"file is not valid UTF-8 (invalid byte sequence near offset {index}); it was not linted", line, 1);
            return null;
        }
    }
}
