using System.Reflection;
using System.Text;
using System.Text.Json;
using ReleaseLint.Engine;

namespace ReleaseLint.Sarif;

/// <summary>Options for <see cref="SarifWriter"/>.</summary>
public sealed record SarifOptions
{
    /// <summary><c>runs[0].automationDetails.id</c>: lets several runs be uploaded side by side (category/run-id).</summary>
    public string AutomationId { get; init; } = "releaselint/check/";
    /// <summary>The rule documentation (markdown) for <c>help.markdown</c>; null uses the description.</summary>
    public Func<RuleDescriptor, string?>? HelpMarkdown { get; init; }
    /// <summary>
    /// Whether results carry <c>baselineState</c> (set with a baseline): <c>new</c> for findings the baseline does not
    /// hold, <c>unchanged</c> with an accepted external suppression for those it holds (<see cref="LintResult.Baselined"/>).
    /// </summary>
    public bool WithBaselineState { get; init; }
    /// <summary>Most results written in one run (GitHub accepts 25,000).</summary>
    public int MaxResults { get; init; } = 25_000;
    /// <summary>
    /// The folder that result URIs are relative to (<c>%SRCROOT%</c> in <c>originalUriBaseIds</c>). Null: the git work
    /// tree that holds the linted folder (the nearest folder up from it with a <c>.git</c>), else the linted folder. Code
    /// scanning resolves URIs against the repository root, whatever folder of it was linted.
    /// </summary>
    public string? SourceRoot { get; init; }
}

/// <summary>Writes a <see cref="LintResult"/> as SARIF 2.1.0 that GitHub code scanning accepts as it is.</summary>
public static class SarifWriter
{
    /// <summary>The tool's version (the assembly's informational version without build metadata).</summary>
    public static string ToolVersion
    {
        get
        {
            var v = typeof(SarifWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = v.IndexOf('+');
            return plus < 0 ? v : v[..plus];
        }
    }

    /// <summary>Writes the SARIF log to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, LintResult result, SarifOptions? options = null)
    {
        options ??= new SarifOptions();
        // Quotes, backslashes, control and invisible format characters are escaped; ' < > & and printable text are not.
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var rules = result.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(t => t.Id, t => t.i, StringComparer.Ordinal);
        // With a baseline, its findings are written too (suppressed), in the order of the whole run, so that the
        // fingerprints are those of the whole run (repeats are numbered in that order) and of the baseline file.
        var baselined = options.WithBaselineState ? result.Baselined.ToHashSet(ReferenceEqualityComparer.Instance) : [];
        var findings = baselined.Count == 0 ? result.Findings : [.. result.Findings.Concat(result.Baselined).Order(Comparer<Finding>.Create(LintEngine.Compare))];
        var fingerprints = Fingerprints.Compute(findings);
        var (sourceRoot, prefix) = UriBase(result.Root, options.SourceRoot);

        w.WriteStartObject();
        w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();

        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "ReleaseLint");
        w.WriteString("fullName", "ReleaseLint release-policy linter");
        w.WriteString("version", ToolVersion);
        w.WriteString("semanticVersion", ToolVersion);
        w.WriteString("informationUri", "https://github.com/releaselint/releaselint");
        w.WriteStartArray("rules");
        foreach (var rule in rules) WriteRule(w, rule, options);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("automationDetails");
        w.WriteString("id", options.AutomationId);
        w.WriteEndObject();

        w.WriteStartObject("originalUriBaseIds");
        w.WriteStartObject("%SRCROOT%");
        w.WriteString("uri", new Uri(sourceRoot.TrimEnd('/') + "/").AbsoluteUri);
        w.WriteEndObject();
        var outside = OutsideConfig(result);
        if (outside is not null)
        {
            // A --config file outside the repository: its findings are located relative to its own folder (a base id
            // of its own), never with '../' out of %SRCROOT%. Code scanning cannot show such a file in the repository
            // view; keep the configuration in the repository when uploading to it.
            w.WriteStartObject(ConfigRoot);
            w.WriteString("uri", new Uri(Path.GetDirectoryName(outside.Value.File)!.TrimEnd('/') + "/").AbsoluteUri);
            w.WriteStartObject("description");
            w.WriteString("text", "The folder of the --config file, which is outside the repository.");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteString("columnKind", "utf16CodeUnits");

        var truncated = findings.Count > options.MaxResults;
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        var notes = result.Notes.ToList();
        if (truncated) notes.Add($"{findings.Count:N0} results: only the first {options.MaxResults:N0} are in this log (GitHub's limit per run)");
        if (notes.Count > 0)
        {
            w.WriteStartArray("toolExecutionNotifications");
            foreach (var note in notes)
            {
                w.WriteStartObject();
                w.WriteString("level", "note");
                w.WriteStartObject("message");
                w.WriteString("text", EndSentence(note));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartArray("results");
        for (var i = 0; i < Math.Min(findings.Count, options.MaxResults); i++)
            WriteResult(w, findings[i], index[findings[i].Rule.Id], fingerprints[i], options, prefix, baselined.Contains(findings[i]), outside);
        w.WriteEndArray();

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The SARIF log as a string.</summary>
    public static string ToString(LintResult result, SarifOptions? options = null)
    {
        using var stream = new MemoryStream();
        Write(stream, result, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The SARIF level of a severity.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };

    private static void WriteRule(Utf8JsonWriter w, RuleDescriptor rule, SarifOptions options)
    {
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        w.WriteString("name", PascalCase(rule.Name));
        w.WriteStartObject("shortDescription");
        w.WriteString("text", EndSentence(rule.Title));
        w.WriteEndObject();
        w.WriteStartObject("fullDescription");
        w.WriteString("text", EndSentence(rule.Description));
        w.WriteEndObject();
        w.WriteStartObject("help");
        w.WriteString("text", $"{EndSentence(rule.Description)} Documentation: {rule.HelpUri}");
        w.WriteString("markdown", options.HelpMarkdown?.Invoke(rule) ?? $"{EndSentence(rule.Description)}\n\n[Documentation]({rule.HelpUri})");
        w.WriteEndObject();
        w.WriteString("helpUri", rule.HelpUri.ToString());
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", Level(rule.DefaultSeverity));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("kebabName", rule.Name);
        w.WriteStartArray("tags");
        foreach (var tag in rule.Tags) w.WriteStringValue(tag);
        w.WriteEndArray();
        w.WriteString("precision", "high");
        w.WriteString("problem.severity", rule.DefaultSeverity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "recommendation" });
        if (rule.SecuritySeverity is { } score)
            w.WriteString("security-severity", score.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The base id of a <c>--config</c> file outside the repository.</summary>
    public const string ConfigRoot = "CONFIGROOT";

    private static (string Path, string File)? OutsideConfig(LintResult result) =>
        result.Policy.ConfigFile is { } file && result.Policy.ConfigPath is { } path ? (path, file) : null;

    private static void WriteResult(Utf8JsonWriter w, Finding f, int ruleIndex, string fingerprint, SarifOptions options, string prefix, bool inBaseline, (string Path, string File)? outside)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.Rule.Id);
        w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("level", Level(f.Severity));
        w.WriteStartObject("message");
        w.WriteString("text", EndSentence(f.Message));
        w.WriteEndObject();
        w.WriteStartArray("locations");
        w.WriteStartObject();
        WritePhysical(w, f.Location, prefix, outside);
        if (f.LogicalLocations.Count > 0)
        {
            w.WriteStartArray("logicalLocations");
            foreach (var l in f.LogicalLocations)
            {
                w.WriteStartObject();
                w.WriteString("name", l.Name);
                w.WriteString("fullyQualifiedName", l.Kind + ":" + l.Name);
                w.WriteString("kind", l.Kind);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndArray();
        if (f.Related.Count > 0)
        {
            w.WriteStartArray("relatedLocations");
            var id = 1;
            foreach (var r in f.Related)
            {
                w.WriteStartObject();
                w.WriteNumber("id", id++);
                WritePhysical(w, r.Location, prefix, outside);
                w.WriteStartObject("message");
                w.WriteString("text", EndSentence(r.Note));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartObject("partialFingerprints");
        w.WriteString(Fingerprints.SarifKey, fingerprint);
        w.WriteEndObject();
        if (options.WithBaselineState) w.WriteString("baselineState", inBaseline ? "unchanged" : "new");
        if (inBaseline)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            w.WriteString("status", "accepted");
            w.WriteString("justification", "Recorded in the ReleaseLint baseline file.");
            w.WriteEndObject();
            w.WriteEndArray();
        }
        WriteFixes(w, f, prefix);
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>fixes</c>: the fixes that edit files, each an <c>artifactChange</c> per file with its <c>replacements</c>
    /// (<c>deletedRegion</c> in lines and columns; an insertion is an empty region), and its safety in
    /// <c>properties</c>. Fixes that are commands to run by hand cannot be SARIF fixes (those change artifacts): they are
    /// listed under the result's <c>properties.fixCommands</c>.
    /// </summary>
    private static void WriteFixes(Utf8JsonWriter w, Finding f, string prefix)
    {
        var edits = f.Fixes.Where(x => x.HasEdits).ToList();
        if (edits.Count > 0)
        {
            w.WriteStartArray("fixes");
            foreach (var fix in edits)
            {
                w.WriteStartObject();
                w.WriteStartObject("description");
                w.WriteString("text", EndSentence(char.ToUpperInvariant(fix.Description[0]) + fix.Description[1..]));
                w.WriteEndObject();
                w.WriteStartArray("artifactChanges");
                foreach (var file in fix.Edits.GroupBy(e => e.Path))
                {
                    w.WriteStartObject();
                    w.WriteStartObject("artifactLocation");
                    w.WriteString("uri", EscapePath(prefix + file.Key));
                    w.WriteString("uriBaseId", "%SRCROOT%");
                    w.WriteEndObject();
                    w.WriteStartArray("replacements");
                    foreach (var e in file.OrderBy(e => e.Offset))
                    {
                        w.WriteStartObject();
                        w.WriteStartObject("deletedRegion");
                        w.WriteNumber("startLine", e.Region.Line);
                        w.WriteNumber("startColumn", e.Region.Column);
                        w.WriteNumber("endLine", e.Region.EndLine);
                        w.WriteNumber("endColumn", e.Region.EndColumn);
                        w.WriteEndObject();
                        if (e.NewText.Length > 0)
                        {
                            w.WriteStartObject("insertedContent");
                            w.WriteString("text", e.NewText);
                            w.WriteEndObject();
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartObject("properties");
                w.WriteString("safety", fix.Safety == FixSafety.Safe ? "safe" : "unsafe");
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        var commands = f.Fixes.Where(x => !x.HasEdits && x.Commands.Count > 0).SelectMany(x => x.Commands).ToList();
        if (commands.Count == 0) return;
        w.WriteStartObject("properties");
        w.WriteStartArray("fixCommands");
        foreach (var c in commands) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePhysical(Utf8JsonWriter w, SourceLocation location, string prefix, (string Path, string File)? outside)
    {
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        if (outside is { } config && location.Path == config.Path)
        {
            w.WriteString("uri", EscapePath(Path.GetFileName(config.File)));
            w.WriteString("uriBaseId", ConfigRoot);
        }
        else
        {
            w.WriteString("uri", EscapePath(prefix + location.Path));
            w.WriteString("uriBaseId", "%SRCROOT%");
        }
        w.WriteEndObject();
        w.WriteStartObject("region");
        w.WriteNumber("startLine", location.Line);
        w.WriteNumber("startColumn", location.Column);
        var endLine = Math.Max(location.EndLine, location.Line);
        w.WriteNumber("endLine", endLine);
        var endColumn = location.EndColumn;
        if (endLine == location.Line && endColumn <= location.Column) endColumn = location.Column + 1;
        w.WriteNumber("endColumn", endColumn);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>%SRCROOT%</c> and the path of the linted folder below it (<c>""</c> or <c>"sub/dir/"</c>), which every
    /// result URI starts with. A source root that does not hold the linted folder is not used.
    /// </summary>
    internal static (string SourceRoot, string Prefix) UriBase(string root, string? sourceRoot)
    {
        root = Path.GetFullPath(root);
        sourceRoot = sourceRoot is null ? GitWorkTree(root) : Path.GetFullPath(sourceRoot);
        var relative = Path.GetRelativePath(sourceRoot, root).Replace('\\', '/');
        if (relative == ".") return (sourceRoot, "");
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return (root, "");
        return (sourceRoot, relative.TrimEnd('/') + "/");
    }

    /// <summary>The nearest folder from <paramref name="root"/> up that holds <c>.git</c> (a folder, or a file in worktrees and submodules); a bare repository is its own root.</summary>
    private static string GitWorkTree(string root)
    {
        if (File.Exists(Path.Combine(root, "HEAD")) && Directory.Exists(Path.Combine(root, "objects"))) return root;
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git)) return dir.FullName;
        }
        return root;
    }

    /// <summary>A relative path as a URI reference (segments percent-encoded, <c>/</c> kept).</summary>
    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string PascalCase(string kebab) =>
        string.Concat(kebab.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>SARIF messages are sentences: they end with a period.</summary>
    private static string EndSentence(string text)
    {
        text = text.TrimEnd();
        return text.EndsWith('.') || text.EndsWith('?') || text.EndsWith('!') ? text : text + ".";
    }
}
