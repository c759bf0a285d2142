using System.Diagnostics;
using ReleaseLint.Cli;

namespace ReleaseLint.Tests.Hostile;

/// <summary>Helpers of the hostile-input suite: hostile repositories are built at test time (links, FIFOs, raw names).</summary>
internal static class Hostile
{
    /// <summary>
    /// Runs the command line in process; returns exit code, standard output and standard error. <c>check DIR</c> runs
    /// in DIR, so that reports show paths relative to the repository, as a user running it there sees them.
    /// </summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var cwd = args.Length > 1 && args[0] == "check" && Directory.Exists(args[1]) ? args[1] : Directory.GetCurrentDirectory();
        var code = ReleaseLintCli.Run(args, new CliHost { Out = stdout, Error = stderr, CurrentDirectory = cwd });
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The finding lines of a text report (no notes, no per-rule counts, no summary).</summary>
    public static List<string> Findings(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("note: ", StringComparison.Ordinal) && !l.StartsWith("by rule: ", StringComparison.Ordinal) && !IsSummary(l)).ToList();

    private static bool IsSummary(string line) => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\d+ errors?, \d+ warnings?, \d+ notes?");

    /// <summary>Runs a shell command (for what .NET cannot make: FIFOs, file names that are not UTF-8).</summary>
    public static void Shell(string workingDirectory, string script)
    {
        var start = new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{script}' failed: {error}");
    }

    /// <summary>A folder outside every test repository holding a "secret" that must never come back in a report.</summary>
    public static TempDir Secret(out string marker)
    {
        var dir = new TempDir();
        marker = "SECRET" + Guid.NewGuid().ToString("N")[..8];
        dir.Write("notes.md", $"# {marker} heading\n\nSee [{marker}](#{marker.ToLowerInvariant()}-nowhere).\n");
        dir.Write("workflow.yml", $"on: [{marker}_event]\njobs:\n  {marker}: {{ runs-on: ubuntu-latest, steps: [{{ run: echo }}] }}\n");
        return dir;
    }
}
