using System.Text;

namespace ReleaseLint.Inputs.Files;

/// <summary>
/// The one place where ReleaseLint opens a file of a repository (and the files a user names: <c>--config</c>,
/// <c>--baseline</c>, <c>--discussions</c>). The repository is untrusted, so a read:
/// <list type="bullet">
/// <item>never leaves the repository: the path and every symbolic link on it are resolved first, and a file whose real
/// path is outside the root is refused ("symbolic link leaves the repository");</item>
/// <item>reads regular files only: FIFOs, devices (<c>/dev/zero</c>), sockets and directories are refused before a byte
/// is read, and the file is opened non-blocking, so a FIFO cannot stall the run;</item>
/// <item>is bounded before anything is allocated: a file over the limit is refused from its size, and a file that grows
/// while it is read stops at the limit;</item>
/// <item>keeps a name's bytes: a name that is not UTF-8 is opened by its bytes (see <see cref="FileNames"/>).</item>
/// </list>
/// Failures come back as a <see cref="ReadFailure"/> whose message says which of these happened (RL0004's text).
/// </summary>
public static class SafeFile
{
    /// <summary>The message of a file refused because its real path is outside the root.</summary>
    public const string LeavesRepository = "symbolic link leaves the repository (its target is outside the linted root); it was not read";

    /// <summary>
    /// Reads the file <paramref name="relativePath"/> of the repository at <paramref name="root"/> within
    /// <paramref name="maxBytes"/>; null with <paramref name="failure"/> set when it is refused or cannot be read.
    /// </summary>
    /// <param name="root">The linted root (absolute).</param>
    /// <param name="relativePath">Repository-relative path with <c>/</c> separators (as shown in findings).</param>
    /// <param name="maxBytes">The most bytes read (<c>limits.max-file-bytes</c>).</param>
    /// <param name="failure">Why it was not read.</param>
    /// <param name="rawRelativePath">The path's bytes when a name in it is not UTF-8 (see <see cref="FileNames"/>).</param>
    public static byte[]? ReadInRoot(string root, string relativePath, long maxBytes, out ReadFailure? failure, byte[]? rawRelativePath = null)
    {
        if (LinuxFiles.Available)
        {
            var realRoot = RealRoot(root);
            var full = Join(LinuxFiles.Bytes(Path.GetFullPath(root)), rawRelativePath ?? LinuxFiles.Bytes(relativePath));
            var real = LinuxFiles.RealPath(full, out var errno);
            if (real is null || realRoot is null)
            {
                failure = Missing(full, errno);
                return null;
            }
            if (!IsUnder(real, realRoot))
            {
                failure = new ReadFailure(LeavesRepository);
                return null;
            }
            return ReadResolved(real, maxBytes, out failure);
        }
        var path = Path.GetFullPath(Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        var resolved = ManagedRealPath(path);
        var resolvedRoot = ManagedRealPath(Path.GetFullPath(root));
        if (resolved is null || resolvedRoot is null)
        {
            failure = new ReadFailure("cannot read file: too many levels of symbolic links");
            return null;
        }
        if (!IsUnder(resolved, resolvedRoot))
        {
            failure = new ReadFailure(LeavesRepository);
            return null;
        }
        return ReadManaged(resolved, maxBytes, out failure);
    }

    /// <summary>
    /// Reads a file the user named on the command line (it may be outside the repository: the user chose it), as a
    /// regular file only, non-blocking and within <paramref name="maxBytes"/>.
    /// </summary>
    public static byte[]? ReadNamed(string path, long maxBytes, out ReadFailure? failure)
    {
        var full = Path.GetFullPath(path);
        if (LinuxFiles.Available)
        {
            var bytes = LinuxFiles.Bytes(full);
            var real = LinuxFiles.RealPath(bytes, out var errno);
            if (real is null)
            {
                failure = Missing(bytes, errno);
                return null;
            }
            return ReadResolved(real, maxBytes, out failure);
        }
        var resolved = ManagedRealPath(full);
        if (resolved is null)
        {
            failure = new ReadFailure("cannot read file: too many levels of symbolic links");
            return null;
        }
        return ReadManaged(resolved, maxBytes, out failure);
    }

    /// <summary>Reads and decodes a file of the repository (see <see cref="ReadInRoot"/>, <see cref="TextFileReader.TryDecode"/>).</summary>
    public static SourceText? ReadTextInRoot(string root, string relativePath, long maxBytes, out ReadFailure? failure, byte[]? rawRelativePath = null)
    {
        var bytes = ReadInRoot(root, relativePath, maxBytes, out failure, rawRelativePath);
        return bytes is null ? null : TextFileReader.TryDecode(bytes, relativePath, maxBytes, out failure);
    }

    /// <summary>Reads and decodes a file the user named (see <see cref="ReadNamed"/>); <paramref name="shownPath"/> is the path findings show.</summary>
    public static SourceText? ReadNamedText(string path, string shownPath, long maxBytes, out ReadFailure? failure)
    {
        var bytes = ReadNamed(path, maxBytes, out failure);
        return bytes is null ? null : TextFileReader.TryDecode(bytes, shownPath, maxBytes, out failure);
    }

    /// <summary>
    /// True when <paramref name="path"/> (absolute, existing or not) is inside <paramref name="root"/> once every symbolic
    /// link on it is resolved: a folder that is a link to elsewhere is outside, whatever its name.
    /// </summary>
    public static bool IsInside(string root, string path)
    {
        if (LinuxFiles.Available)
        {
            var realRoot = RealRoot(root);
            var real = RealPathOfExisting(LinuxFiles.Bytes(Path.GetFullPath(path)));
            return realRoot is not null && real is not null && IsUnder(real, realRoot);
        }
        var resolved = ManagedRealPath(Path.GetFullPath(path));
        var resolvedRoot = ManagedRealPath(Path.GetFullPath(root));
        return resolved is not null && resolvedRoot is not null && IsUnder(resolved, resolvedRoot);
    }

    /// <summary>The real path of <paramref name="path"/> (every symbolic link resolved); null when it does not exist or loops.</summary>
    public static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (LinuxFiles.Available)
        {
            var real = LinuxFiles.RealPath(LinuxFiles.Bytes(full), out _);
            return real is null ? null : Encoding.UTF8.GetString(real);
        }
        var resolved = ManagedRealPath(full);
        return resolved is not null && (File.Exists(resolved) || Directory.Exists(resolved)) ? resolved : null;
    }

    /// <summary>What <paramref name="path"/> is (following symbolic links), without opening it.</summary>
    public static FileKind KindOf(string path)
    {
        var full = Path.GetFullPath(path);
        if (LinuxFiles.Available) return LinuxFiles.KindOf(LinuxFiles.Bytes(full), noFollow: false, out _);
        if (Directory.Exists(full)) return FileKind.Directory;
        return File.Exists(full) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>How a kind of file is named in messages ("a FIFO (named pipe)").</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Missing => "missing",
        _ => "not a file ReleaseLint can read",
    };

    /// <summary>The message of a file that is not a regular file.</summary>
    public static string NotRegular(FileKind kind) => $"not a regular file but {Describe(kind)}; it was not read";

    /// <summary>The message of a file over the size limit.</summary>
    public static string TooLarge(long size, long maxBytes) =>
        $"file is {size:N0} bytes, over the limit of {maxBytes:N0} bytes (limits.max-file-bytes); it was not linted";

    private static byte[]? ReadResolved(byte[] real, long maxBytes, out ReadFailure? failure)
    {
        failure = null;
        using var handle = LinuxFiles.OpenRegular(real, out var kind, out var size, out var errno);
        if (handle is null)
        {
            failure = kind switch
            {
                FileKind.Missing => new ReadFailure("file does not exist"),
                FileKind.SymbolicLink => new ReadFailure("cannot read file: it was replaced by a symbolic link while being read"),
                FileKind.Unknown => new ReadFailure($"cannot read file: {new System.ComponentModel.Win32Exception(errno).Message}"),
                _ => new ReadFailure(NotRegular(kind)),
            };
            return null;
        }
        if (size > maxBytes)
        {
            failure = new ReadFailure(TooLarge(size, maxBytes));
            return null;
        }
        try
        {
            return ReadBounded(handle, size, maxBytes, out failure);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = new ReadFailure($"cannot read file: {e.Message}");
            return null;
        }
    }

    private static byte[]? ReadManaged(string path, long maxBytes, out ReadFailure? failure)
    {
        failure = null;
        try
        {
            if (Directory.Exists(path))
            {
                failure = new ReadFailure(NotRegular(FileKind.Directory));
                return null;
            }
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                failure = new ReadFailure("file does not exist");
                return null;
            }
            if (info.Length > maxBytes)
            {
                failure = new ReadFailure(TooLarge(info.Length, maxBytes));
                return null;
            }
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return ReadBounded(handle, info.Length, maxBytes, out failure);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = new ReadFailure($"cannot read file: {e.Message}");
            return null;
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> + 1 bytes: the buffer grows with what is read, never with what a size claims.</summary>
    private static byte[]? ReadBounded(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long size, long maxBytes, out ReadFailure? failure)
    {
        failure = null;
        var limit = maxBytes >= Array.MaxLength ? Array.MaxLength : maxBytes + 1;
        var buffer = new byte[(int)Math.Min(Math.Max(size + 1, 4096), Math.Min(limit, Array.MaxLength))];
        long total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total >= limit) break;
                Array.Resize(ref buffer, (int)Math.Min(Math.Min((long)buffer.Length * 2, limit), Array.MaxLength));
            }
            var read = RandomAccess.Read(handle, buffer.AsSpan((int)total), total);
            if (read == 0) break;
            total += read;
        }
        if (total > maxBytes)
        {
            failure = new ReadFailure($"file is over the limit of {maxBytes:N0} bytes (limits.max-file-bytes); it was not linted");
            return null;
        }
        if (total != buffer.Length) Array.Resize(ref buffer, (int)total);
        return buffer;
    }

    private static ReadFailure Missing(byte[] full, int errno)
    {
        if (errno == 40) return new ReadFailure("cannot read file: too many levels of symbolic links (a link loop)");
        if (errno is 2 or 20)
            return LinuxFiles.KindOf(full, noFollow: true, out _) == FileKind.SymbolicLink
                ? new ReadFailure("broken symbolic link: its target does not exist")
                : new ReadFailure("file does not exist");
        return new ReadFailure($"cannot read file: {new System.ComponentModel.Win32Exception(errno).Message}");
    }

    private static byte[]? RealRoot(string root) => LinuxFiles.RealPath(LinuxFiles.Bytes(Path.GetFullPath(root)), out _);

    /// <summary>The real path of the longest existing prefix of <paramref name="path"/>, with the rest appended.</summary>
    private static byte[]? RealPathOfExisting(byte[] path)
    {
        var prefix = path;
        var rest = new List<byte>();
        while (true)
        {
            var real = LinuxFiles.RealPath(prefix, out var errno);
            if (real is not null) return rest.Count == 0 ? real : [.. real, .. rest];
            if (errno == 40) return null;
            var slash = Array.LastIndexOf(prefix, (byte)'/');
            if (slash <= 0) return null;
            rest.InsertRange(0, prefix[slash..]);
            prefix = prefix[..slash];
        }
    }

    private static byte[] Join(byte[] root, byte[] relative)
    {
        var trimmed = root.Length > 1 && root[^1] == (byte)'/' ? root[..^1] : root;
        return [.. trimmed, (byte)'/', .. relative];
    }

    private static bool IsUnder(byte[] path, byte[] root) =>
        path.AsSpan().SequenceEqual(root) ||
        (path.AsSpan().StartsWith(root) && (root[^1] == (byte)'/' || path[root.Length] == (byte)'/'));

    private static bool IsUnder(string path, string root)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var r = root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return path.Equals(r, comparison) || path.StartsWith(r + Path.DirectorySeparatorChar, comparison);
    }

    /// <summary>Resolves symbolic links component by component (where the C library's <c>realpath</c> is not at hand).</summary>
    private static string? ManagedRealPath(string full)
    {
        var root = Path.GetPathRoot(full) ?? "";
        var pending = new Stack<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Reverse());
        var current = root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }
            var next = Path.Combine(current, part);
            string? target = null;
            try { target = new FileInfo(next).LinkTarget; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++hops > 40) return null;
            if (Path.IsPathRooted(target))
            {
                root = Path.GetPathRoot(target) ?? root;
                current = root;
                target = target[root.Length..];
            }
            foreach (var t in target.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Reverse()) pending.Push(t);
        }
        return current;
    }
}
