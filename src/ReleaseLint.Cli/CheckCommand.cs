using System.CommandLine;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Sarif;

namespace ReleaseLint.Cli;

/// <summary>
/// <c>releaselint check [PATH…]</c>, in four steps: the options are read and validated (<see cref="CheckOptions"/>),
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
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null) =>
        Create(new CliHost { Out = stdout, Error = stderr, Environment = environment ?? Environment.GetEnvironmentVariable });

    /// <summary>Builds the command for <paramref name="host"/>.</summary>
    public static Command Create(CliHost host)
    {
        var options = new CheckOptions();
        var command = new Command("check", "Lint a repository (or some of its files) against its release policy.");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            Trace.Mark("cli: check parsed");
            var settings = options.Read(parse, host);
            using var run = CheckRun.Prepare(settings, host);
            var result = run.Execute(showProgress: true);
            if (run.FixRun is { } fixRun &&
                FixCommandLine.Finish(fixRun, settings.Fix!, settings.Root, host.Out, host.Error, settings.OutputPath, r => Fails(r, settings.FailOn)) is { } diffExit)
                return diffExit;
            WriteReport(run, result, host);
            return Fails(result, settings.FailOn) ? ReleaseLintCli.ExitFindings : ReleaseLintCli.ExitClean;
        });
        return command;
    }

    /// <summary>Writes the report of <paramref name="run"/> to its <c>--output</c> file (atomically) or to standard output.</summary>
    private static void WriteReport(CheckRun run, LintResult result, CliHost host)
    {
        var settings = run.Settings;
        var context = new ReportContext
        {
            Result = result,
            Paths = settings.Paths,
            Quiet = settings.Quiet,
            Source = run.ReadSource,
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
            if (!settings.Quiet) host.Error.WriteLine(TextFormatter.SummaryLines(result) + $"; report written to {TerminalEscape.Escape(outPath)}");
            return;
        }
        var terminal = host.OutIsTerminal;
        // On standard output, each finding with a fix shows the change it makes (text).
        settings.Writer.Write(host.Out, context with
        {
            Color = terminal && host.ColorAllowed,
            Terminal = terminal,
            ReadText = FixCommandLine.Reader(settings.Root, result.Policy.MaxFileBytes),
        });
        // A report without a summary of its own (SARIF) leaves it to standard error, as a report written to a file does.
        if (!settings.Writer.HasSummary && !settings.Quiet) host.Error.WriteLine(TextFormatter.SummaryLines(result));
    }

    /// <summary>True when a finding reaches the <c>--fail-on</c> threshold.</summary>
    public static bool Fails(LintResult result, string threshold) =>
        Fails(result, threshold == "never" ? null : SeverityNames.TryParse(threshold, out var min) ? min : Severity.Error);

    /// <summary>True when a finding reaches <paramref name="threshold"/> (null: never).</summary>
    public static bool Fails(LintResult result, Severity? threshold) =>
        threshold is { } min && result.Findings.Any(f => f.Severity >= min);

    /// <summary>The linted root: PATH when given, else the repository root of the current directory, else the current directory.</summary>
    public static string ResolveRoot(string? path) => ResolveRoot(path, Directory.GetCurrentDirectory());

    /// <summary>The linted root: PATH (relative to <paramref name="currentDirectory"/>) when given, else the repository root of the current directory, else the current directory.</summary>
    public static string ResolveRoot(string? path, string currentDirectory)
    {
        if (path is not null)
        {
            var full = Path.GetFullPath(path, currentDirectory);
            if (!Directory.Exists(full)) throw new UsageException(File.Exists(full) ? $"'{path}' is a file; PATH is the root folder to lint" : $"'{path}' does not exist");
            return full;
        }
        return CheckTargets.RepositoryRoot(currentDirectory) ?? Path.GetFullPath(currentDirectory);
    }
}
