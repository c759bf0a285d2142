using System.Diagnostics;

namespace ReleaseLint.Engine;

/// <summary>
/// Phase timings for performance work: with <c>RELEASELINT_TRACE=1</c> in the environment, each mark prints the
/// milliseconds since the process started to standard error (used by <c>tests/benchmarks/history</c>).
/// </summary>
public static class Trace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("RELEASELINT_TRACE") == "1";

    /// <summary>Prints <paramref name="what"/> with the time since the process started, when tracing is on.</summary>
    public static void Mark(string what)
    {
        if (!Enabled) return;
        var since = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.Error.WriteLine($"[trace] {since.TotalMilliseconds,7:0} ms  {what}");
    }
}
