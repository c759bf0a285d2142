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
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null)
    {
        var root = Build(stdout, stderr, environment ?? Environment.GetEnvironmentVariable);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"releaselint: {error.Message}");
            stderr.WriteLine("releaselint: see 'releaselint --help'");
            return ExitError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"releaselint: {e.Message}");
            return ExitError;
        }
        catch (ManagedRuntimeRequiredException e)
        {
            return ManagedRuntime.Run(args, e.Reason, stderr);
        }
    }

    private static RootCommand Build(TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        var root = new RootCommand("ReleaseLint checks a repository against its documented release policy: workflows, branch protection, tags and history, docs and deployment posts.");
        root.Subcommands.Add(CheckCommand.Create(stdout, stderr, environment));
        root.Subcommands.Add(RulesCommand.Create(stdout));
        root.Subcommands.Add(BaselineCommand.Create(stdout));
        root.Subcommands.Add(InstallHookCommand.Create(stdout));
        root.Subcommands.Add(InitCommand.Create(stdout));
        return root;
    }
}

/// <summary>A problem with the arguments or the environment that makes the run impossible (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
