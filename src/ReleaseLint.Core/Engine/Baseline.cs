using System.Text.Json;

namespace ReleaseLint.Engine;

/// <summary>One recorded finding of a baseline.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Path">The file.</param>
/// <param name="Fingerprint">The finding's fingerprint (<see cref="Fingerprints"/>): line numbers are not part of it.</param>
/// <param name="Message">The message when it was recorded (for people reading the file).</param>
public sealed record BaselineEntry(string RuleId, string Path, string Fingerprint, string Message);

/// <summary>
/// Today's findings recorded by fingerprint (<c>releaselint baseline</c>), so that <c>check --baseline</c>
/// reports only new ones. Fingerprints are built from the rule, the file, the logical place and the
/// offending text, so an entry survives unrelated edits above its finding.
/// </summary>
public sealed class Baseline
{
    /// <summary>The default file name, at the repository root.</summary>
    public const string DefaultFileName = ".releaselint-baseline.json";

    private readonly HashSet<string> _fingerprints;

    /// <summary>Creates a baseline from entries.</summary>
    public Baseline(IReadOnlyList<BaselineEntry> entries)
    {
        Entries = entries;
        _fingerprints = entries.Select(e => e.Fingerprint).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The recorded findings.</summary>
    public IReadOnlyList<BaselineEntry> Entries { get; }

    /// <summary>Records the findings of <paramref name="result"/>.</summary>
    public static Baseline From(LintResult result)
    {
        var fingerprints = Fingerprints.Compute(result.Findings);
        return new Baseline(result.Findings.Select((f, i) => new BaselineEntry(f.Rule.Id, f.Location.Path, fingerprints[i], f.Message)).ToList());
    }

    /// <summary>
    /// Leaves out the findings of <paramref name="result"/> that the baseline holds and returns the result
    /// with only the new findings in <see cref="LintResult.Findings"/>; the baseline's matches go to
    /// <see cref="LintResult.Baselined"/> and their count to <see cref="LintResult.InBaseline"/>.
    /// </summary>
    public LintResult Apply(LintResult result)
    {
        var fingerprints = Fingerprints.Compute(result.Findings);
        var fresh = new List<Finding>();
        var known = new List<Finding>();
        for (var i = 0; i < result.Findings.Count; i++)
            (_fingerprints.Contains(fingerprints[i]) ? known : fresh).Add(result.Findings[i]);
        return result with { Findings = fresh, InBaseline = known.Count, Baselined = known };
    }

    /// <summary>Writes the baseline as JSON (atomically).</summary>
    public void Save(string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteString("tool", "releaselint");
            w.WriteStartArray("findings");
            foreach (var e in Entries.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.RuleId, StringComparer.Ordinal).ThenBy(e => e.Fingerprint, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("ruleId", e.RuleId);
                w.WriteString("path", e.Path);
                w.WriteString("fingerprint", e.Fingerprint);
                w.WriteString("message", e.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Reads a baseline file; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static Baseline Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var entries = doc.RootElement.GetProperty("findings").EnumerateArray().Select(e => new BaselineEntry(
                e.GetProperty("ruleId").GetString() ?? "",
                e.GetProperty("path").GetString() ?? "",
                e.GetProperty("fingerprint").GetString() ?? "",
                e.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "")).ToList();
            return new Baseline(entries);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"'{path}' is not a ReleaseLint baseline file: {e.Message}", e);
        }
    }
}
