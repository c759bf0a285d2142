using System.Text;
using ReleaseLint.Engine;
using ReleaseLint.Inputs;

namespace ReleaseLint.Fixes;

/// <summary>A file of the repository as read for fixing: its bytes (to detect a change before writing), its text, its byte-order mark.</summary>
/// <param name="Path">Repository-relative path.</param>
/// <param name="Bytes">The bytes read.</param>
/// <param name="Text">The text (without the byte-order mark), as the engine reads it.</param>
/// <param name="HasBom">Whether the file starts with a UTF-8 byte-order mark (kept when it is written).</param>
public sealed record FixableFile(string Path, byte[] Bytes, string Text, bool HasBom);

/// <summary>
/// Reads and writes the files that fixes edit. The repository is untrusted: a path that leaves the root, or that goes
/// through a symbolic link anywhere below the root (a linked folder or a linked file), is refused; only regular files
/// are read; a file is written only if its bytes are still those that were read (atomically: a temporary file beside
/// it, then a rename; its permissions are kept).
/// </summary>
public static class FixFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Why <paramref name="path"/> may not be edited under <paramref name="root"/>, or null when it may.</summary>
    public static string? Refusal(string root, string path)
    {
        if (path.Length == 0 || System.IO.Path.IsPathRooted(path) || path.Contains('\\') || path.Contains('\0'))
            return $"'{path}' is not a path inside the repository";
        var parts = path.Split('/');
        if (parts.Any(p => p.Length == 0 || p is "." or "..")) return $"'{path}' is not a plain path inside the repository";
        if (parts[0] == ".git") return $"'{path}' is inside .git";
        var current = System.IO.Path.GetFullPath(root);
        for (var i = 0; i < parts.Length; i++)
        {
            current = System.IO.Path.Combine(current, parts[i]);
            FileSystemInfo info = i < parts.Length - 1 ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null) return $"'{path}' goes through a symbolic link ('{string.Join('/', parts[..(i + 1)])}'); ReleaseLint does not edit through links";
            if (!info.Exists) return $"'{path}' does not exist";
        }
        if ((File.GetAttributes(current) & (FileAttributes.Directory | FileAttributes.Device | FileAttributes.ReparsePoint)) != 0)
            return $"'{path}' is not a regular file";
        return null;
    }

    /// <summary>Reads <paramref name="path"/> for fixing; null with <paramref name="problem"/> set when it is refused or unreadable.</summary>
    public static FixableFile? Read(string root, string path, long maxBytes, out string? problem)
    {
        problem = Refusal(root, path);
        if (problem is not null) return null;
        var full = System.IO.Path.Combine(System.IO.Path.GetFullPath(root), path);
        byte[] bytes;
        try
        {
            if (new FileInfo(full).Length > maxBytes)
            {
                problem = $"'{path}' is over the size limit";
                return null;
            }
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"'{path}' cannot be read: {e.Message}";
            return null;
        }
        var text = TextFileReader.TryDecode(bytes, path, maxBytes, out var failure);
        if (text is null)
        {
            problem = $"'{path}' cannot be read: {failure!.Message}";
            return null;
        }
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        return new FixableFile(path, bytes, text.Text, bom);
    }

    /// <summary>The bytes <paramref name="text"/> is written as for <paramref name="file"/> (UTF-8, its byte-order mark kept).</summary>
    public static byte[] Encode(FixableFile file, string text)
    {
        var body = Utf8.GetBytes(text);
        return file.HasBom ? [0xEF, 0xBB, 0xBF, .. body] : body;
    }

    /// <summary>
    /// Writes <paramref name="text"/> over <paramref name="file"/> atomically, after checking again that the path is
    /// allowed and that the file still holds the bytes that were read. Throws <see cref="IOException"/> when it cannot.
    /// </summary>
    public static void Write(string root, FixableFile file, string text)
    {
        if (Refusal(root, file.Path) is { } refusal) throw new IOException(refusal);
        var full = System.IO.Path.Combine(System.IO.Path.GetFullPath(root), file.Path);
        if (!File.ReadAllBytes(full).AsSpan().SequenceEqual(file.Bytes))
            throw new IOException($"'{file.Path}' changed while ReleaseLint was fixing it; it was not written (run again)");
        UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(full);
        var bytes = Encode(file, text);
        AtomicFile.Write(full, stream => stream.Write(bytes));
        if (mode is { } m && !OperatingSystem.IsWindows()) File.SetUnixFileMode(full, m);
    }
}
