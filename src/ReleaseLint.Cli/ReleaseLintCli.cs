using System.CommandLine;
using ReleaseLint.Engine;

namespace ReleaseLint.Cli;

/// <summary>The <c>releaselint</c> command line: commands, options and exit codes (0 clean, 1 findings, 2 the run could not be done).</summary>
public static class ReleaseLintCli
{
    /// <summary>Exit code: no finding at or above <c>--fail-on</c>.</summary>
    public const int ExitClean = 0;
    /// <summary>Exit code: findings at or above <c>--fail-on</c>.</summary>
    public const int ExitFindings = 1;
    /// <summary>Exit code: the run itself could not be done.</summary>
    public const int ExitError = 2;

    /// <summary>Runs the command line with <paramref name="args"/>, writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="environment">Reads environment variables (<c>GITHUB_TOKEN</c>, <c>GITHUB_API_URL</c>); null reads the process environment.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null) =>
        Run(args, new CliHost { Out = stdout, Error = stderr, Environment = environment ?? Environment.GetEnvironmentVariable });

    /// <summary>Runs the command line in the real process (standard streams, environment, current directory).</summary>
    public static int RunConsole(string[] args)
    {
        var host = CliHost.Console();
        var code = Run(args, host);
        try { host.Out.Flush(); }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Error(host.Error, $"{FirstLine(e.Message)} ({DescribeIo(e)})");
            return ExitError;
        }
        return code;
    }

    /// <summary>Runs the command line with <paramref name="args"/> in <paramref name="host"/>.</summary>
    public static int Run(string[] args, CliHost host)
    {
        var stdout = host.Out;
        var stderr = host.Error;
        // Every regular expression gets a time budget (those that set none, generated ones included), so that no input
        // can make one run for ever; a rule that meets the limit fails on that input (RL0003) and the run goes on.
        AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", RegexBudget);
        // The one place where errors meet the user: each is one line on standard error and exit code 2 (never a stack trace).
        try
        {
            var root = Build(host);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors) Error(stderr, error.Message);
                Error(stderr, "see 'releaselint --help'");
                return ExitError;
            }
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Error(stderr, e.Message);
            return ExitError;
        }
        catch (ManagedRuntimeRequiredException e)
        {
            return ManagedRuntime.Run(args, e.Reason, stderr);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file system error outside the lint itself: standard output closed or full, the report's folder unwritable…
            Error(stderr, $"{FirstLine(e.Message)} ({DescribeIo(e)})");
            return ExitError;
        }
        catch (Exception e)
        {
            Error(stderr, $"internal error: {e.GetType().Name}: {FirstLine(e.Message)}; please report it (RELEASELINT_TRACE=1 shows the steps)");
            return ExitError;
        }
    }

    /// <summary>The time one regular expression match may take before it is stopped.</summary>
    public static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(2);

    private static string DescribeIo(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        _ when e.HResult == 28 || e.Message.Contains("No space left", StringComparison.Ordinal) => "the disk or device is full",
        _ => "input/output error",
    };

    private static string FirstLine(string text)
    {
        var nl = text.IndexOfAny(['\r', '\n']);
        return nl < 0 ? text : text[..nl];
    }

    /// <summary>Writes one <c>releaselint: …</c> line to standard error, escaped; a broken standard error is given up on.</summary>
    private static void Error(TextWriter stderr, string message)
    {
        try { stderr.WriteLine("releaselint: " + Output.TerminalEscape.Escape(message)); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }

    private static RootCommand Build(CliHost host)
    {
        var stdout = host.Out;
        var root = new RootCommand("ReleaseLint checks a repository against its documented release policy: workflows, branch protection, tags and history, docs and deployment posts.");
        root.Subcommands.Add(CheckCommand.Create(host));
        root.Subcommands.Add(RulesCommand.Create(host));
        root.Subcommands.Add(ConfigCommand.Create(host));
        root.Subcommands.Add(BaselineCommand.Create(host));
        root.Subcommands.Add(InstallHookCommand.Create(stdout));
        root.Subcommands.Add(InitCommand.Create(stdout));
        root.Subcommands.Add(CompletionCommand.Create(host));
        return root;
    }
}

/// <summary>A problem with the arguments or the environment that makes the run impossible (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
