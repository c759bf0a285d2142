using System.Diagnostics;

namespace ReleaseLint.Tests;

/// <summary>
/// Builds a repository at test time: copies a folder of files to a temporary folder and runs a bash script there
/// (typically git commands that make history). The environment is clean and deterministic: no user or system git
/// configuration, a fixed author and committer, and a fixed date that scripts move forward with the <c>at</c> helper
/// of <c>tests/fixtures/git-history.sh</c>, so commit and tag ids are the same on every run.
/// </summary>
public static class ScriptedRepository
{
    /// <summary>Copies <paramref name="sourceDirectory"/> and runs <paramref name="script"/> in the copy with <paramref name="arguments"/>.</summary>
    public static TempDir Build(string sourceDirectory, string script, params string[] arguments)
    {
        var dir = new TempDir();
        try
        {
            CopyDirectory(sourceDirectory, dir.Path);
            Run(dir.Path, "bash", [Path.GetFullPath(script), .. arguments]);
            return dir;
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Copies <paramref name="sourceDirectory"/> and runs the bash <paramref name="scriptText"/> in the copy.</summary>
    public static TempDir BuildWithScriptText(string sourceDirectory, string scriptText)
    {
        var dir = new TempDir();
        try
        {
            CopyDirectory(sourceDirectory, dir.Path);
            Run(dir.Path, "bash", ["-c", scriptText]);
            return dir;
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>A new temporary folder in which <paramref name="script"/> (bash, with <c>git-history.sh</c> sourced) has run.</summary>
    public static TempDir FromScript(string script)
    {
        var dir = new TempDir();
        try
        {
            Run(dir.Path, "bash", ["-c", "source \"$FIXTURES/git-history.sh\"\n" + script]);
            return dir;
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Runs a program in <paramref name="workingDirectory"/> with the deterministic git environment; throws with its output when it fails.</summary>
    public static string Run(string workingDirectory, string program, IReadOnlyList<string> arguments)
    {
        var home = Path.Combine(Path.GetTempPath(), "releaselint-test-home"); // stays empty: git reads no user configuration
        Directory.CreateDirectory(home);
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList()) info.Environment.Remove(name);
        info.Environment["HOME"] = home;
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_AUTHOR_NAME"] = "Dev";
        info.Environment["GIT_AUTHOR_EMAIL"] = "dev@example.com";
        info.Environment["GIT_COMMITTER_NAME"] = "Releaser";
        info.Environment["GIT_COMMITTER_EMAIL"] = "releaser@example.com";
        info.Environment["GIT_AUTHOR_DATE"] = "2025-03-01T09:00:00+00:00";
        info.Environment["GIT_COMMITTER_DATE"] = "2025-03-01T09:00:00+00:00";
        info.Environment["FIXTURES"] = TestPaths.Fixtures;
        info.Environment["LC_ALL"] = "C";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}) in {workingDirectory}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    /// <summary>Copies every folder and file of <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void CopyDirectory(string source, string target)
    {
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)), overwrite: true);
    }
}
