using System.Text.Json;
using ReleaseLint.Engine;
using ReleaseLint.Sarif;

namespace ReleaseLint.Cli.Output;

/// <summary>A plain JSON report for scripts: findings with locations and fingerprints, and the summary.</summary>
public static class JsonFormatter
{
    /// <summary>
    /// The escaping of string values: quotes, backslashes, control characters and invisible format characters (the
    /// bidirectional overrides among them) are escaped; <c>'</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, <c>+</c> and
    /// printable non-ASCII text stay as they are (the default encoder's <c>\u0027</c> noise is for HTML pages, not reports).
    /// </summary>
    public static System.Text.Encodings.Web.JavaScriptEncoder Encoder => System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Writes the report with root-relative paths.</summary>
    public static void Write(TextWriter writer, LintResult result) => Write(writer, result, PathDisplay.RootRelative);

    /// <summary>Writes the report, paths shown by <paramref name="paths"/>.</summary>
    public static void Write(TextWriter writer, LintResult result, PathDisplay paths)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = Encoder }))
        {
            var fingerprints = Fingerprints.OfRun(result);
            w.WriteStartObject();
            w.WriteString("tool", "releaselint");
            w.WriteString("version", SarifWriter.ToolVersion);
            w.WriteString("root", result.Root);
            w.WriteStartArray("findings");
            for (var i = 0; i < result.Findings.Count; i++)
            {
                var f = result.Findings[i];
                w.WriteStartObject();
                w.WriteString("ruleId", f.Rule.Id);
                w.WriteString("ruleName", f.Rule.Name);
                w.WriteString("severity", f.Severity.ToName());
                w.WriteString("message", f.Message);
                WriteLocation(w, f.Location, paths);
                w.WriteString("fingerprint", fingerprints[i]);
                if (f.LogicalLocations.Count > 0)
                {
                    w.WriteStartArray("logicalLocations");
                    foreach (var l in f.LogicalLocations)
                    {
                        w.WriteStartObject();
                        w.WriteString("kind", l.Kind);
                        w.WriteString("name", l.Name);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                if (f.Related.Count > 0)
                {
                    w.WriteStartArray("related");
                    foreach (var r in f.Related)
                    {
                        w.WriteStartObject();
                        WriteLocation(w, r.Location, paths);
                        w.WriteString("note", r.Note);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                if (f.Fixes.Count > 0) WriteFixes(w, f.Fixes, paths);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("deployJobs");
            foreach (var job in result.DeployJobs)
            {
                w.WriteStartObject();
                w.WriteString("workflow", job.Workflow);
                w.WriteString("job", job.Job);
                w.WriteString("reason", job.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("summary");
            w.WriteNumber("errors", result.Findings.Count(f => f.Severity == Severity.Error));
            w.WriteNumber("warnings", result.Findings.Count(f => f.Severity == Severity.Warning));
            w.WriteNumber("notes", result.Findings.Count(f => f.Severity == Severity.Note));
            w.WriteNumber("suppressed", result.Suppressed);
            w.WriteNumber("files", result.FileCount);
            if (result.InBaseline is { } known) w.WriteNumber("inBaseline", known);
            if (result.BelowMinimum > 0) w.WriteNumber("belowMinSeverity", result.BelowMinimum);
            w.WriteStartObject("byRule");
            foreach (var g in result.Findings.GroupBy(f => f.Rule.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
                w.WriteNumber(g.Key, g.Count());
            w.WriteEndObject();
            w.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            w.WriteStartArray("messages");
            foreach (var n in result.Notes) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        writer.WriteLine(EscapeInvisible(System.Text.Encoding.UTF8.GetString(stream.ToArray())));
    }

    /// <summary>
    /// JSON text with the characters the relaxed encoder leaves as they are but a terminal must not get raw — DEL, the C1
    /// controls and the invisible bidirectional and line-separator characters — written as <c>\uXXXX</c> escapes. They can
    /// only stand inside strings (JSON's own syntax is ASCII), where the escape means the same character.
    /// </summary>
    public static string EscapeInvisible(string json)
    {
        var i = 0;
        while (i < json.Length && !Invisible(json[i])) i++;
        if (i == json.Length) return json;
        var sb = new System.Text.StringBuilder(json.Length + 16).Append(json, 0, i);
        for (; i < json.Length; i++)
        {
            var c = json[i];
            if (Invisible(c)) sb.Append(@"\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool Invisible(char c) =>
        c is >= '\u007F' and <= '\u009F' or '\u061C' or '\u200E' or '\u200F' or '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>
    /// <c>fixes</c>: each with its description, <c>safety</c> (<c>safe</c>, <c>unsafe</c>), its <c>edits</c> (path, the
    /// replaced span as lines/columns and as a 0-based <c>offset</c>/<c>length</c> into the file's text, the new
    /// <c>text</c>) and the <c>commands</c> to run by hand.
    /// </summary>
    private static void WriteFixes(Utf8JsonWriter w, IReadOnlyList<Fix> fixes, PathDisplay paths)
    {
        w.WriteStartArray("fixes");
        foreach (var fix in fixes)
        {
            w.WriteStartObject();
            w.WriteString("description", fix.Description);
            w.WriteString("safety", fix.Safety == FixSafety.Safe ? "safe" : "unsafe");
            w.WriteStartArray("edits");
            foreach (var e in fix.Edits)
            {
                w.WriteStartObject();
                WriteLocation(w, e.Region, paths);
                w.WriteNumber("offset", e.Offset);
                w.WriteNumber("length", e.Length);
                w.WriteString("text", e.NewText);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("commands");
            foreach (var c in fix.Commands) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteLocation(Utf8JsonWriter w, SourceLocation l, PathDisplay paths)
    {
        w.WriteString("path", paths.Show(l.Path));
        w.WriteNumber("line", l.Line);
        w.WriteNumber("column", l.Column);
        w.WriteNumber("endLine", l.EndLine);
        w.WriteNumber("endColumn", l.EndColumn);
    }
}
