using System.Runtime.InteropServices;

namespace ReleaseLint.Cli;

/// <summary>
/// Standard input, output or error on Linux and macOS as <c>read(2)</c>/<c>write(2)</c> on the descriptor, nothing more. Not the console's
/// stream, which initialises the terminal on its first write (keypad mode, <c>ESC[?1h ESC=</c>, never reset); not a
/// <see cref="FileStream"/>, which writes a regular file at positions of its own (<c>pwrite</c>) without moving the
/// descriptor's offset, so that what the shell writes to the same file next would overwrite the report.
/// </summary>
internal sealed partial class DescriptorStream(int descriptor) : Stream
{
    private const int Eintr = 4;

    /// <summary>True where <c>write(2)</c> of the C library can be called.</summary>
    public static bool Available { get; } = Probe();

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return false;
        try
        {
            byte none = 0;
            write(1, ref none, 0); // nothing is written: this only binds the function
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint write(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint read(int fd, ref byte buffer, nint count);

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var written = write(descriptor, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr) continue;
                throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
            }
            buffer = buffer[(int)written..];
        }
    }

    /// <inheritdoc />
    public override void Flush() { }
    /// <inheritdoc />
    public override bool CanRead => descriptor == 0;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => true;
    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        while (true)
        {
            var n = read(descriptor, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (n >= 0) return (int)n;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Eintr) throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
    }
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
