using System.CommandLine;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Sarif;

namespace ReleaseLint.Cli;

/// <summary>
/// <c>releaselint check [PATH]</c>, in four steps: the options are read and validated (<see cref="CheckOptions"/>),
/// the run is prepared (<see cref="CheckRun.Prepare"/>), the engine runs (<see cref="CheckRun.Execute"/>), and the
/// report is written by the writer of <c>--format</c> (<see cref="ReportWriters"/>).
/// </summary>
public static class CheckCommand
{
    /// <summary>Output formats.</summary>
    public static IReadOnlyList<string> Formats => ReportWriters.Names;

    /// <summary>Builds the command.</summary>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="environment">Reads environment variables (null: the process environment).</param>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = new CheckOptions();
        var command = new Command("check", "Lint a repository against its release policy.");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            Trace.Mark("cli: check parsed");
            var settings = options.Read(parse);
            using var run = CheckRun.Prepare(settings, environment);
            var result = run.Execute(showProgress: ReferenceEquals(stdout, Console.Out));
            WriteReport(run, result, stdout, stderr);
            return Fails(result, settings.FailOn) ? ReleaseLintCli.ExitFindings : ReleaseLintCli.ExitClean;
        });
        return command;
    }

    /// <summary>Writes the report of <paramref name="run"/> to its <c>--output</c> file (atomically) or to <paramref name="stdout"/>.</summary>
    private static void WriteReport(CheckRun run, LintResult result, TextWriter stdout, TextWriter stderr)
    {
        var settings = run.Settings;
        var context = new ReportContext
        {
            Result = result,
            Sarif = new SarifOptions
            {
                AutomationId = settings.SarifCategory ?? "releaselint/check/",
                HelpMarkdown = run.HelpMarkdown,
                WithBaselineState = settings.Baseline is not null,
            },
        };
        if (settings.OutputPath is { } outPath)
        {
            AtomicFile.Write(outPath, stream =>
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                settings.Writer.Write(writer, context);
            });
            stderr.WriteLine(TextFormatter.Summary(result) + $"; report written to {outPath}");
            return;
        }
        settings.Writer.Write(stdout, context with { Color = ReferenceEquals(stdout, Console.Out) && TerminalColor.Enabled });
    }

    /// <summary>True when a finding reaches the <c>--fail-on</c> threshold.</summary>
    public static bool Fails(LintResult result, string threshold) =>
        Fails(result, threshold == "never" ? null : SeverityNames.TryParse(threshold, out var min) ? min : Severity.Error);

    /// <summary>True when a finding reaches <paramref name="threshold"/> (null: never).</summary>
    public static bool Fails(LintResult result, Severity? threshold) =>
        threshold is { } min && result.Findings.Any(f => f.Severity >= min);

    /// <summary>The linted root: PATH when given, else the repository root of the current directory, else the current directory.</summary>
    public static string ResolveRoot(string? path)
    {
        if (path is not null)
        {
            if (!Directory.Exists(path)) throw new UsageException(File.Exists(path) ? $"'{path}' is a file; PATH is the root folder to lint" : $"'{path}' does not exist");
            return Path.GetFullPath(path);
        }
        var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
        for (var d = dir; d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git"))) return d.FullName;
        return dir.FullName;
    }
}
