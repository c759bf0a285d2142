using System.Globalization;
using System.Text;

namespace ReleaseLint.Scripting;

/// <summary>A compiler or build error, kept in the cache so that an unchanged broken rule set is not compiled again either.</summary>
/// <param name="File">Path relative to the rules folder (with <c>/</c>), or null when the error has no place in it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column (UTF-16 code units).</param>
/// <param name="EndLine">Last line.</param>
/// <param name="EndColumn">Column just after the span.</param>
/// <param name="Code">The compiler's id (<c>CS1002</c>, <c>NU1101</c>, <c>MSB4025</c>).</param>
/// <param name="Message">The compiler's message.</param>
internal sealed record CompileError(string? File, int Line, int Column, int EndLine, int EndColumn, string Code, string Message);

/// <summary>Where a rule class is declared (relative to the rules folder), for findings about the class itself.</summary>
internal sealed record TypeOrigin(string File, int Line, int Column);

/// <summary>
/// What one cache entry holds: the compiled assembly's file name (relative to the entry folder) or the errors
/// that kept it from compiling, and where each rule class is declared. Stored as a few tab-separated lines
/// (<c>manifest.txt</c>): reading it is on the path of every cached run, so it must cost next to nothing.
/// </summary>
internal sealed record CacheManifest
{
    /// <summary>The assembly to load, relative to the entry folder; null when compilation failed.</summary>
    public string? Assembly { get; init; }
    /// <summary>Compiler or build errors (RL0002).</summary>
    public List<CompileError> Errors { get; init; } = [];
    /// <summary>Rule classes by <see cref="Type.FullName"/> (every class deriving from <see cref="Rule"/>, abstract ones too).</summary>
    public Dictionary<string, TypeOrigin> Types { get; init; } = [];
    /// <summary>True when <see cref="Types"/> lists every rule class (compiled rule files); false for rule packs.</summary>
    public bool TypesComplete { get; init; }
    /// <summary>How long compiling took, for the summary note.</summary>
    public double CompileSeconds { get; init; }

    internal const string FileName = "manifest.txt";
    private const string Header = "releaselint-custom-rules-manifest/1";

    public static CacheManifest? TryRead(string entryDirectory)
    {
        string[] lines;
        try
        {
            var path = Path.Combine(entryDirectory, FileName);
            if (!File.Exists(path)) return null;
            lines = File.ReadAllLines(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // A damaged or foreign entry is a miss: it is compiled again and replaced.
        if (lines.Length == 0 || lines[0] != Header) return null;
        string? assembly = null;
        var seconds = 0.0;
        var complete = false;
        var errors = new List<CompileError>();
        var types = new Dictionary<string, TypeOrigin>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split('\t').Select(Unescape).ToArray();
            switch (f[0])
            {
                case "assembly" when f.Length == 2: assembly = f[1]; break;
                case "seconds" when f.Length == 2 && double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s): seconds = s; break;
                case "types-complete": complete = true; break;
                case "error" when f.Length == 8 && Ints(f, 2, 4) is { } n:
                    errors.Add(new CompileError(f[1].Length == 0 ? null : f[1], n[0], n[1], n[2], n[3], f[6], f[7]));
                    break;
                case "type" when f.Length == 5 && Ints(f, 3, 2) is { } p:
                    types[f[1]] = new TypeOrigin(f[2], p[0], p[1]);
                    break;
                case "end": return new CacheManifest { Assembly = assembly, Errors = errors, Types = types, TypesComplete = complete, CompileSeconds = seconds };
                default: return null;
            }
        }
        return null; // no "end" line: a half-written file
    }

    public void Write(string entryDirectory)
    {
        var text = new StringBuilder().Append(Header).Append('\n');
        void Line(params object?[] fields) => text.AppendJoin('\t', fields.Select(x => Escape(Convert.ToString(x, CultureInfo.InvariantCulture) ?? ""))).Append('\n');
        if (Assembly is not null) Line("assembly", Assembly);
        Line("seconds", CompileSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        if (TypesComplete) Line("types-complete");
        foreach (var e in Errors) Line("error", e.File ?? "", e.Line, e.Column, e.EndLine, e.EndColumn, e.Code, e.Message);
        foreach (var (name, o) in Types.OrderBy(t => t.Key, StringComparer.Ordinal)) Line("type", name, o.File, o.Line, o.Column);
        Line("end");
        File.WriteAllText(Path.Combine(entryDirectory, FileName), text.ToString(), new UTF8Encoding(false));
    }

    private static int[]? Ints(string[] fields, int start, int count)
    {
        var result = new int[count];
        for (var i = 0; i < count; i++)
            if (!int.TryParse(fields[start + i], NumberStyles.Integer, CultureInfo.InvariantCulture, out result[i])) return null;
        return result;
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\r", "\\r").Replace("\n", "\\n");

    private static string Unescape(string text)
    {
        if (!text.Contains('\\')) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length) { result.Append(text[i]); continue; }
            result.Append(text[++i] switch { 't' => '\t', 'r' => '\r', 'n' => '\n', var c => c });
        }
        return result.ToString();
    }
}
