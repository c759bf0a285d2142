using ReleaseLint.Engine;
using ReleaseLint.Sarif;

namespace ReleaseLint.Cli.Output;

/// <summary>Everything a report writer may use besides the findings.</summary>
public sealed record ReportContext
{
    /// <summary>The run's outcome.</summary>
    public required LintResult Result { get; init; }
    /// <summary>True when the report goes to a terminal that wants colour.</summary>
    public bool Color { get; init; }
    /// <summary>True when the report goes to a terminal (source excerpts; never on pipes or in files).</summary>
    public bool Terminal { get; init; }
    /// <summary><c>-q</c>: findings only.</summary>
    public bool Quiet { get; init; }
    /// <summary>How paths are shown (relative to the current directory).</summary>
    public PathDisplay Paths { get; init; } = PathDisplay.RootRelative;
    /// <summary>Reads a root-relative file of the run for excerpts (null when it cannot).</summary>
    public Func<string, Inputs.SourceText?>? Source { get; init; }
    /// <summary>Reads a file of the linted tree for fix previews under findings (text); null shows none.</summary>
    public Func<string, string?>? ReadText { get; init; }
    /// <summary>SARIF's options (category, rule help, baseline).</summary>
    public SarifOptions Sarif { get; init; } = new();
}

/// <summary>One output format of <c>check --format</c>. Add a format by writing one and listing it in <see cref="ReportWriters.All"/>.</summary>
public interface IReportWriter
{
    /// <summary>The <c>--format</c> value.</summary>
    string Name { get; }
    /// <summary>A few words for <c>--help</c>.</summary>
    string Description { get; }
    /// <summary>True when the report holds the summary; otherwise it goes to standard error.</summary>
    bool HasSummary { get; }
    /// <summary>Writes the report of <paramref name="context"/> to <paramref name="writer"/>.</summary>
    void Write(TextWriter writer, ReportContext context);
}

/// <summary>The registry of report writers, by <c>--format</c> name.</summary>
public static class ReportWriters
{
    /// <summary>Every format, in the order help lists them.</summary>
    public static IReadOnlyList<IReportWriter> All { get; } =
    [
        new TextReportWriter(),
        new SarifReportWriter(),
        new JsonReportWriter(),
        new GitHubReportWriter(),
    ];

    /// <summary>The format names.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(w => w.Name)];

    /// <summary>The writer named <paramref name="name"/>.</summary>
    /// <exception cref="UsageException">When there is none.</exception>
    public static IReportWriter Get(string name) =>
        All.FirstOrDefault(w => w.Name == name) ?? throw new UsageException($"no output format '{name}'; use one of {string.Join(", ", Names)}");

    /// <summary>"text, sarif, json or github (…)" for help texts.</summary>
    public static string Describe() =>
        string.Join(", ", All.Take(All.Count - 1).Select(Describe)) + " or " + Describe(All[^1]);

    private static string Describe(IReportWriter w) => w.Description.Length == 0 ? w.Name : $"{w.Name} ({w.Description})";
}

/// <summary><c>--format text</c>: <see cref="TextFormatter"/>.</summary>
public sealed class TextReportWriter : IReportWriter
{
    /// <inheritdoc />
    public string Name => "text";
    /// <inheritdoc />
    public string Description => "";
    /// <inheritdoc />
    public bool HasSummary => true;
    /// <inheritdoc />
    public void Write(TextWriter writer, ReportContext context) => TextFormatter.Write(writer, context.Result, new TextOptions
    {
        Color = context.Color,
        Excerpts = context.Terminal,
        Quiet = context.Quiet,
        Paths = context.Paths,
        Source = context.Source,
        ReadText = context.ReadText,
    });
}

/// <summary><c>--format sarif</c>: <see cref="SarifWriter"/>.</summary>
public sealed class SarifReportWriter : IReportWriter
{
    /// <inheritdoc />
    public string Name => "sarif";
    /// <inheritdoc />
    public string Description => "";
    /// <inheritdoc />
    public bool HasSummary => false;
    /// <inheritdoc />
    public void Write(TextWriter writer, ReportContext context)
    {
        writer.Write(JsonFormatter.EscapeInvisible(SarifWriter.ToString(context.Result, context.Sarif)));
        writer.WriteLine();
    }
}

/// <summary><c>--format json</c>: <see cref="JsonFormatter"/>.</summary>
public sealed class JsonReportWriter : IReportWriter
{
    /// <inheritdoc />
    public string Name => "json";
    /// <inheritdoc />
    public string Description => "";
    /// <inheritdoc />
    public bool HasSummary => true;
    /// <inheritdoc />
    public void Write(TextWriter writer, ReportContext context) => JsonFormatter.Write(writer, context.Result, context.Paths);
}

/// <summary><c>--format github</c>: <see cref="GitHubFormatter"/>.</summary>
public sealed class GitHubReportWriter : IReportWriter
{
    /// <inheritdoc />
    public string Name => "github";
    /// <inheritdoc />
    public string Description => "workflow-command annotations";
    /// <inheritdoc />
    public bool HasSummary => true;
    /// <inheritdoc />
    public void Write(TextWriter writer, ReportContext context) => GitHubFormatter.Write(writer, context.Result, context.Paths, context.Quiet);
}
