using System.Text.Json;
using ReleaseLint.Engine;
using ReleaseLint.Sarif;

namespace ReleaseLint.Cli.Output;

/// <summary>A plain JSON report for scripts: findings with locations and fingerprints, and the summary.</summary>
public static class JsonFormatter
{
    /// <summary>Writes the report.</summary>
    public static void Write(TextWriter writer, LintResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var fingerprints = Fingerprints.Compute(result.Findings);
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
                WriteLocation(w, f.Location);
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
                        WriteLocation(w, r.Location);
                        w.WriteString("note", r.Note);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                if (f.Fixes.Count > 0) WriteFixes(w, f.Fixes);
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
            w.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            w.WriteStartArray("messages");
            foreach (var n in result.Notes) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>
    /// <c>fixes</c>: each with its description, <c>safety</c> (<c>safe</c>, <c>unsafe</c>), its <c>edits</c> (path, the
    /// replaced span as lines/columns and as a 0-based <c>offset</c>/<c>length</c> into the file's text, the new
    /// <c>text</c>) and the <c>commands</c> to run by hand.
    /// </summary>
    private static void WriteFixes(Utf8JsonWriter w, IReadOnlyList<Fix> fixes)
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
                WriteLocation(w, e.Region);
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

    private static void WriteLocation(Utf8JsonWriter w, SourceLocation l)
    {
        w.WriteString("path", l.Path);
        w.WriteNumber("line", l.Line);
        w.WriteNumber("column", l.Column);
        w.WriteNumber("endLine", l.EndLine);
        w.WriteNumber("endColumn", l.EndColumn);
    }
}
