using System.Diagnostics;
using System.Text;
using ReleaseLint.Engine;

namespace ReleaseLint.Git;

/// <summary>
/// The tree as it would be committed: the paths and contents of the git index, with the staged paths
/// (added, copied, modified, renamed) marked as changed. Contents are read on demand through one
/// <c>git cat-file --batch</c> process, so only the files a rule needs are read.
/// </summary>
public sealed class StagedSnapshot : IDisposable
{
    private readonly Process _catFile;
    private readonly object _gate = new();

    private StagedSnapshot(Process catFile, IReadOnlyList<string> files, IReadOnlySet<string> changed)
    {
        _catFile = catFile;
        Files = files;
        Changed = changed;
    }

    /// <summary>Every path in the index.</summary>
    public IReadOnlyList<string> Files { get; }
    /// <summary>The staged paths.</summary>
    public IReadOnlySet<string> Changed { get; }

    /// <summary>The snapshot as the engine takes it.</summary>
    public FileSnapshot ToFileSnapshot() => new(Files, Read, Changed);

    /// <summary>Reads the index of the repository whose work tree root is <paramref name="root"/>.</summary>
    /// <exception cref="InvalidOperationException">When <paramref name="root"/> is not a work tree root or git fails.</exception>
    public static StagedSnapshot Open(string root)
    {
        // The three questions are independent: ask them at once (each git process costs a few milliseconds to start).
        var topTask = Task.Run(() => GitCli.Run(root, "rev-parse", "--show-toplevel"));
        var filesTask = Task.Run(() => GitCli.Run(root, "ls-files", "--cached", "-z"));
        var stagedTask = Task.Run(() => GitCli.Run(root, "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"));
        var top = topTask.Result;
        if (top.ExitCode != 0) throw new InvalidOperationException($"--staged needs a git repository: {top.Error}");
        var toplevel = Encoding.UTF8.GetString(top.Output).Trim();
        if (!string.Equals(Path.GetFullPath(toplevel).TrimEnd('/'), Path.GetFullPath(root).TrimEnd('/'), StringComparison.Ordinal))
            throw new InvalidOperationException($"--staged lints a whole repository: run it at the work tree root '{toplevel}'");
        var files = filesTask.Result;
        if (files.ExitCode != 0) throw new InvalidOperationException("git ls-files failed: " + files.Error);
        var staged = stagedTask.Result;
        if (staged.ExitCode != 0) throw new InvalidOperationException("git diff --cached failed: " + staged.Error);
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-C", root, "cat-file", "--batch" }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        return new StagedSnapshot(process, GitCli.SplitNul(files.Output), GitCli.SplitNul(staged.Output).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The staged content of <paramref name="path"/>, or null when the index has no such blob.</summary>
    public byte[]? Read(string path)
    {
        if (path.Contains('\n')) return null;
        lock (_gate)
        {
            var input = _catFile.StandardInput.BaseStream;
            input.Write(Encoding.UTF8.GetBytes(":" + path + "\n"));
            input.Flush();
            var output = _catFile.StandardOutput.BaseStream;
            var header = ReadLine(output);
            // "<sha> blob <size>" or "<name> missing"
            var parts = header.Split(' ');
            if (parts.Length != 3 || parts[1] != "blob" || !long.TryParse(parts[2], out var size)) return null;
            var content = new byte[size];
            output.ReadExactly(content);
            output.ReadByte(); // the newline after the content
            return content;
        }
    }

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0 && b != '\n') bytes.Add((byte)b);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _catFile.StandardInput.Close();
            if (!_catFile.WaitForExit(2000)) _catFile.Kill();
        }
        catch (InvalidOperationException) { }
        _catFile.Dispose();
    }
}
