using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ReleaseLint.Inputs.Files;

/// <summary>What a path is, as the file system says (not as its name suggests).</summary>
public enum FileKind
{
    /// <summary>Nothing there.</summary>
    Missing,
    /// <summary>A regular file: the only kind ReleaseLint reads.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A named pipe: reading it blocks until a writer comes.</summary>
    Fifo,
    /// <summary>A character device such as <c>/dev/zero</c> (endless) or a terminal.</summary>
    CharacterDevice,
    /// <summary>A block device.</summary>
    BlockDevice,
    /// <summary>A Unix socket.</summary>
    Socket,
    /// <summary>A symbolic link (only seen when links are not followed).</summary>
    SymbolicLink,
    /// <summary>The file system could not say.</summary>
    Unknown,
}

/// <summary>
/// The Linux system calls the safe file layer needs and .NET does not offer: byte paths (names that are not UTF-8),
/// <c>realpath</c>, an <c>open</c> that neither blocks on a FIFO nor follows a last symbolic link, and the file type of
/// an open descriptor. Every struct read here has one layout on all 64-bit Linux architectures (<c>statx</c>,
/// <c>dirent64</c>); elsewhere <see cref="Available"/> is false and the managed fallback is used.
/// </summary>
internal static unsafe partial class LinuxFiles
{
    private const string Libc = "libc";
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int AtEmptyPath = 0x1000;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int Enoent = 2;
    private const int Eloop = 40;
    private const int Enotdir = 20;

    // O_NOFOLLOW differs between architectures (x86-64 0400000, arm 0100000).
    private static readonly int ONoFollow =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    private static readonly Lazy<bool> Probe = new(() =>
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8) return false;
        try
        {
            var buffer = stackalloc byte[256];
            fixed (byte* root = "/\0"u8) return statx(-100, root, 0, StatxType, buffer) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    });

    /// <summary>True on 64-bit Linux with a C library that has <c>statx</c>.</summary>
    public static bool Available => Probe.Value;

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true)]
    private static partial int open(byte* path, int flags);

    [LibraryImport(Libc, EntryPoint = "close")]
    private static partial int close(int fd);

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true)]
    private static partial int statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport(Libc, EntryPoint = "realpath", SetLastError = true)]
    private static partial nint realpath(byte* path, byte* resolved);

    [LibraryImport(Libc, EntryPoint = "free")]
    private static partial void free(nint pointer);

    [LibraryImport(Libc, EntryPoint = "opendir", SetLastError = true)]
    private static partial nint opendir(byte* path);

    [LibraryImport(Libc, EntryPoint = "readdir64", SetLastError = true)]
    private static partial nint readdir64(nint dir);

    [LibraryImport(Libc, EntryPoint = "closedir")]
    private static partial int closedir(nint dir);

    /// <summary>The path with every symbolic link and <c>..</c> resolved; null with <paramref name="errno"/> when it cannot be.</summary>
    public static byte[]? RealPath(byte[] path, out int errno)
    {
        errno = 0;
        var z = Terminated(path);
        fixed (byte* p = z)
        {
            var result = realpath(p, null);
            if (result == 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return null;
            }
            try { return new ReadOnlySpan<byte>((void*)result, StrLen((byte*)result)).ToArray(); }
            finally { free(result); }
        }
    }

    /// <summary>The kind of <paramref name="path"/>, following a last symbolic link unless <paramref name="noFollow"/>.</summary>
    public static FileKind KindOf(byte[] path, bool noFollow, out long size)
    {
        size = 0;
        var buffer = stackalloc byte[256];
        fixed (byte* p = Terminated(path))
        {
            if (statx(-100, p, noFollow ? AtSymlinkNoFollow : 0, StatxType | StatxSize, buffer) != 0)
                return Marshal.GetLastPInvokeError() is Enoent or Enotdir or Eloop ? FileKind.Missing : FileKind.Unknown;
        }
        size = *(long*)(buffer + 40);
        return FromMode(*(ushort*)(buffer + 28));
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading without blocking (a FIFO opens at once) and without following a last
    /// symbolic link; returns the descriptor only when it is a regular file, else null with its <paramref name="kind"/>.
    /// </summary>
    public static SafeFileHandle? OpenRegular(byte[] path, out FileKind kind, out long size, out int errno)
    {
        size = 0;
        errno = 0;
        int fd;
        fixed (byte* p = Terminated(path)) fd = open(p, ONonBlock | OCloExec | ONoFollow);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            kind = errno == Eloop ? FileKind.SymbolicLink : errno is Enoent or Enotdir ? FileKind.Missing : FileKind.Unknown;
            return null;
        }
        var buffer = stackalloc byte[256];
        int status;
        fixed (byte* empty = "\0"u8) status = statx(fd, empty, AtEmptyPath, StatxType | StatxSize, buffer);
        if (status != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            close(fd);
            kind = FileKind.Unknown;
            return null;
        }
        kind = FromMode(*(ushort*)(buffer + 28));
        size = *(long*)(buffer + 40);
        if (kind != FileKind.Regular)
        {
            close(fd);
            return null;
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>The entries of a directory with their names as bytes and their kinds (links not followed); null when it cannot be read.</summary>
    public static List<(byte[] Name, FileKind Kind)>? ReadDirectory(byte[] path)
    {
        nint dir;
        fixed (byte* p = Terminated(path)) dir = opendir(p);
        if (dir == 0) return null;
        try
        {
            var entries = new List<(byte[], FileKind)>();
            for (var entry = readdir64(dir); entry != 0; entry = readdir64(dir))
            {
                // struct dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                var type = *((byte*)entry + 18);
                var name = (byte*)entry + 19;
                var bytes = new ReadOnlySpan<byte>(name, StrLen(name)).ToArray();
                if (bytes is [(byte)'.'] or [(byte)'.', (byte)'.']) continue;
                var kind = type switch
                {
                    1 => FileKind.Fifo,
                    2 => FileKind.CharacterDevice,
                    4 => FileKind.Directory,
                    6 => FileKind.BlockDevice,
                    8 => FileKind.Regular,
                    10 => FileKind.SymbolicLink,
                    12 => FileKind.Socket,
                    _ => FileKind.Unknown,
                };
                entries.Add((bytes, kind));
            }
            return entries;
        }
        finally
        {
            closedir(dir);
        }
    }

    /// <summary>A path's bytes: UTF-8 of the string.</summary>
    public static byte[] Bytes(string path) => Encoding.UTF8.GetBytes(path);

    private static FileKind FromMode(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        0xA000 => FileKind.SymbolicLink,
        _ => FileKind.Unknown,
    };

    private static byte[] Terminated(byte[] path)
    {
        var z = new byte[path.Length + 1];
        path.CopyTo(z, 0);
        return z;
    }

    private static int StrLen(byte* s)
    {
        var n = 0;
        while (s[n] != 0) n++;
        return n;
    }
}
