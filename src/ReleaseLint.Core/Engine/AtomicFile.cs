using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Files;

namespace ReleaseLint.Engine;

/// <summary>Writes files so that a reader never sees half of one: a temporary file beside the target, then a rename.</summary>
public static partial class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/> atomically. A symbolic link is written through
    /// (its target is replaced, the link stays). A target that is not a regular file (<c>/dev/stdout</c>, a FIFO, a
    /// device) is written directly: a rename would replace it. Temporary files left by killed runs are removed first.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written (a directory, a full disk, no permission…).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var kind = SafeFile.KindOf(full);
        if (kind == FileKind.Directory) throw new IOException($"cannot write '{path}': it is a directory");
        if (kind is not (FileKind.Missing or FileKind.Regular))
        {
            using var direct = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            write(direct);
            direct.Flush();
            return;
        }
        if (kind == FileKind.Regular && SafeFile.RealPath(full) is { } real) full = real;
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        RemoveStaleTemporaries(dir, Path.GetFileName(full));
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            try { if (File.Exists(temp)) File.Delete(temp); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, s => { var bytes = new System.Text.UTF8Encoding(false).GetBytes(text); s.Write(bytes); });

    [GeneratedRegex(@"^\.(?<name>.+)\.(?<pid>\d+)\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();

    /// <summary>
    /// Removes the temporary files of earlier writes of <paramref name="fileName"/> whose process is gone (a run killed
    /// while writing leaves <c>.NAME.PID.GUID.tmp</c> behind). A file of a live process is left alone: it may be writing.
    /// </summary>
    public static int RemoveStaleTemporaries(string directory, string fileName)
    {
        var removed = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, $".{fileName}.*.tmp"))
            {
                var m = TemporaryName().Match(Path.GetFileName(file));
                if (!m.Success || m.Groups["name"].Value != fileName || !int.TryParse(m.Groups["pid"].Value, out var pid)) continue;
                if (pid == Environment.ProcessId || IsAlive(pid)) continue;
                try
                {
                    File.Delete(file);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return removed;
    }

    private static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
