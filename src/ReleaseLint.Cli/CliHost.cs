using System.Text;

namespace ReleaseLint.Cli;

/// <summary>
/// What a command sees of the process it runs in: its output streams and whether they are terminals, the environment,
/// the current directory and standard input. Tests give their own; <see cref="Console"/> gives the real one.
/// </summary>
public sealed record CliHost
{
    /// <summary>Standard output.</summary>
    public required TextWriter Out { get; init; }
    /// <summary>Standard error.</summary>
    public required TextWriter Error { get; init; }
    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
    /// <summary>The current directory (paths in reports are shown relative to it).</summary>
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();
    /// <summary>True when standard output is a terminal (colour, source excerpts).</summary>
    public bool OutIsTerminal { get; init; }
    /// <summary>True when standard error is a terminal (the progress display).</summary>
    public bool ErrorIsTerminal { get; init; }
    /// <summary>Opens standard input (<c>check -</c>).</summary>
    public Func<Stream> OpenInput { get; init; } = () => Stream.Null;

    /// <summary>True when a terminal may get colour: not with <c>NO_COLOR</c> set, not with <c>TERM=dumb</c>.</summary>
    public bool ColorAllowed =>
        string.IsNullOrEmpty(Environment("NO_COLOR")) && Environment("TERM") != "dumb";

    /// <summary>
    /// The process's own streams. Standard output and error are opened as plain streams, never through
    /// <see cref="System.Console.Out"/>: on Unix, touching the console's writers initialises the terminal, which writes
    /// the keypad-mode sequence (<c>ESC[?1h ESC=</c>) to it and never resets it.
    /// </summary>
    public static CliHost Console() => new()
    {
        Out = new StreamWriter(Standard(1), new UTF8Encoding(false)) { AutoFlush = false },
        Error = new StreamWriter(Standard(2), new UTF8Encoding(false)) { AutoFlush = true },
        OutIsTerminal = !System.Console.IsOutputRedirected,
        ErrorIsTerminal = !System.Console.IsErrorRedirected,
        OpenInput = () => DescriptorStream.Available ? new DescriptorStream(0) : System.Console.OpenStandardInput(),
    };

    /// <summary>
    /// Standard output (1) or error (2) as <c>write(2)</c> on the descriptor (<see cref="DescriptorStream"/>). The console's
    /// own streams initialise the terminal on their first write on Unix (<c>ESC[?1h ESC=</c>, keypad mode, never reset), so
    /// they are used only where the C library cannot be called (Windows).
    /// </summary>
    private static Stream Standard(int descriptor) =>
        DescriptorStream.Available ? new DescriptorStream(descriptor)
        : descriptor == 1 ? System.Console.OpenStandardOutput() : System.Console.OpenStandardError();
}
