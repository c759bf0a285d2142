using System.Diagnostics;

namespace ReleaseLint.Tests.Fixtures;

/// <summary>
/// Git history for fixtures and samples, built at test time (a repository never holds a nested <c>.git</c>): the
/// folder is copied to a temporary directory and a bash script beside it (<c>&lt;case&gt;.git.sh</c>,
/// <c>samples/&lt;name&gt;.git.sh</c>) runs there with <c>git</c> on PATH, fixed author and committer names and dates
/// (<c>GIT_AUTHOR_DATE</c>/<c>GIT_COMMITTER_DATE</c> start at 2025-03-01; scripts may set their own) and no user or
/// system git configuration, so the SHAs are the same on every machine.
/// </summary>
public sealed class TestHistory : IDisposable
{
    private readonly TempDir _dir;

    private TestHistory(TempDir dir, string path)
    {
        _dir = dir;
        Path = path;
    }

    /// <summary>The work tree with the history.</summary>
    public string Path { get; }

    /// <summary>Copies <paramref name="source"/> and runs <paramref name="script"/> in the copy.</summary>
    public static TestHistory Build(string source, string script)
    {
        var dir = new TempDir();
        var root = System.IO.Path.Combine(dir.Path, System.IO.Path.GetFileName(source.TrimEnd('/')));
        Copy(source, root);
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", script])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["HOME"] = dir.Path;
        start.Environment["GIT_AUTHOR_NAME"] = "Release Bot";
        start.Environment["GIT_AUTHOR_EMAIL"] = "release@example.com";
        start.Environment["GIT_COMMITTER_NAME"] = "Release Bot";
        start.Environment["GIT_COMMITTER_EMAIL"] = "release@example.com";
        start.Environment["GIT_AUTHOR_DATE"] = "2025-03-01T10:00:00Z";
        start.Environment["GIT_COMMITTER_DATE"] = "2025-03-01T10:00:00Z";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            dir.Dispose();
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}):\n{stderr}\n{stdout.Result}");
        }
        return new TestHistory(dir, root);
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}
