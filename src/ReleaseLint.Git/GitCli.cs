using System.Diagnostics;
using System.Text;

namespace ReleaseLint.Git;

/// <summary>Runs the git command-line program (for what it answers faster than a library: the index, commit-graph walks).</summary>
public static class GitCli
{
    /// <summary>Runs <c>git -C <paramref name="directory"/> args…</c>; returns its exit code and standard output (bytes).</summary>
    public static (int ExitCode, byte[] Output, string Error) Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(directory);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        process.StandardInput.Close();
        var errorTask = process.StandardError.ReadToEndAsync();
        using var buffer = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        process.WaitForExit();
        return (process.ExitCode, buffer.ToArray(), errorTask.Result.Trim());
    }

    /// <summary>Splits NUL-separated output (<c>-z</c>) into strings.</summary>
    public static IReadOnlyList<string> SplitNul(byte[] output) =>
        Encoding.UTF8.GetString(output).Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
