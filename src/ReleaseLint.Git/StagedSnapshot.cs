using System.Diagnostics;
using System.Text;
using ReleaseLint.Engine;

namespace ReleaseLint.Git;

/// <summary>
/// The tree as it would be committed: the paths and contents of the git index, with the staged paths
/// (added, copied, modified, renamed) marked as changed. Contents are read on demand, so only the files a rule
/// needs are read: a file whose working-tree copy git reports unchanged against the index is read from disk (the
/// same bytes, when no attributes or autocrlf convert them); the others through one <c>git cat-file --batch</c>
/// process.
/// </summary>
public sealed class StagedSnapshot : IDisposable
{
    private readonly Process _catFile;
    // Buffered: the answers are read a header line at a time, and a pipe read per byte costs a system call each.
    private readonly BufferedStream _output;
    private readonly object _gate = new();

    private readonly string _root;
    // Paths whose working-tree copy may differ from the index (null: read everything through git).
    private readonly IReadOnlySet<string>? _differsOnDisk;

    private StagedSnapshot(Process catFile, string root, IReadOnlyList<string> files, IReadOnlySet<string> changed, IReadOnlySet<string>? differsOnDisk)
    {
        _root = root;
        _differsOnDisk = differsOnDisk;
        _catFile = catFile;
        _output = new BufferedStream(catFile.StandardOutput.BaseStream, 1 << 16);
        Files = files;
        Changed = changed;
    }

    /// <summary>Every path in the index.</summary>
    public IReadOnlyList<string> Files { get; }
    /// <summary>The staged paths.</summary>
    public IReadOnlySet<string> Changed { get; }

    /// <summary>The snapshot as the engine takes it.</summary>
    public FileSnapshot ToFileSnapshot() => new(Files, Read, Changed) { ReadWithin = ReadWithin };

    /// <summary>Reads the index of the repository whose work tree root is <paramref name="root"/>.</summary>
    /// <exception cref="InvalidOperationException">When <paramref name="root"/> is not a work tree root or git fails.</exception>
    public static StagedSnapshot Open(string root)
    {
        // The three questions are independent: ask them at once (each git process costs a few milliseconds to start).
        var topTask = Task.Run(() => GitCli.Run(root, "rev-parse", "--show-toplevel"));
        var filesTask = Task.Run(() => GitCli.Run(root, "ls-files", "--cached", "-z"));
        var stagedTask = Task.Run(() => GitCli.Run(root, "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"));
        var unstagedTask = Task.Run(() => GitCli.Run(root, "diff", "--name-only", "--no-renames", "-z"));
        var autocrlfTask = Task.Run(() => GitCli.Run(root, "config", "--get", "core.autocrlf"));
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
        var paths = GitCli.SplitNul(files.Output);
        // Disk copies are the index's bytes only when nothing converts them on checkout: no .gitattributes (eol,
        // filters) and no core.autocrlf; and only for the paths git does not list as changed in the working tree.
        var unstaged = unstagedTask.Result;
        var autocrlf = Encoding.UTF8.GetString(autocrlfTask.Result.Output).Trim().ToLowerInvariant();
        var diskIsIndex = unstaged.ExitCode == 0 && autocrlf is "" or "false"
            && !paths.Any(p => p == ".gitattributes" || p.EndsWith("/.gitattributes", StringComparison.Ordinal))
            && !File.Exists(Path.Combine(root, ".git", "info", "attributes"));
        var differs = diskIsIndex ? GitCli.SplitNul(unstaged.Output).ToHashSet(StringComparer.Ordinal) : null;
        return new StagedSnapshot(process, Path.GetFullPath(root), paths, GitCli.SplitNul(staged.Output).ToHashSet(StringComparer.Ordinal), differs);
    }

    /// <summary>The staged content of <paramref name="path"/>, or null when the index has no such blob.</summary>
    public byte[]? Read(string path) => ReadWithin(path, long.MaxValue).Bytes;

    /// <summary>
    /// The staged content of <paramref name="path"/> when it holds at most <paramref name="maxBytes"/> bytes; a larger blob
    /// is skipped on the pipe without being held (its size is returned), so a huge staged file costs no memory.
    /// </summary>
    public SnapshotRead ReadWithin(string path, long maxBytes)
    {
        if (path.Contains('\n')) return new(null, -1);
        if (_differsOnDisk is not null && !_differsOnDisk.Contains(path))
        {
            // The same bytes as the index, read through the safe reader (a regular file inside the root, within the limit);
            // not a symbolic link, whose blob is its target's name, not the target's content.
            var link = false;
            try { link = new FileInfo(Path.Combine(_root, path)).Attributes.HasFlag(FileAttributes.ReparsePoint); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { link = true; }
            if (!link && Inputs.Files.SafeFile.ReadInRoot(_root, path, Math.Min(maxBytes, Array.MaxLength - 1), out _) is { } bytes) return new(bytes, bytes.Length);
        }
        lock (_gate)
        {
            var input = _catFile.StandardInput.BaseStream;
            input.Write(Encoding.UTF8.GetBytes(":" + path + "\n"));
            input.Flush();
            var output = _output;
            var header = ReadLine(output);
            // "<sha> blob <size>" or "<name> missing"
            var parts = header.Split(' ');
            if (parts.Length != 3 || parts[1] != "blob" || !long.TryParse(parts[2], out var size)) return new(null, -1);
            if (size > maxBytes || size > Array.MaxLength)
            {
                var skip = new byte[64 * 1024];
                for (var left = size; left > 0;) left -= output.Read(skip, 0, (int)Math.Min(skip.Length, left)) is > 0 and var n ? n : throw new EndOfStreamException("git cat-file ended inside a blob");
                output.ReadByte(); // the newline after the content
                return new(null, size);
            }
            var content = new byte[size];
            output.ReadExactly(content);
            output.ReadByte(); // the newline after the content
            return new(content, size);
        }
    }

    private static string ReadLine(BufferedStream stream)
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
        _output.Dispose();
        _catFile.Dispose();
    }
}
