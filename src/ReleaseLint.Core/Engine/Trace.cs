using System.Diagnostics;

namespace ReleaseLint.Engine;

/// <summary>
/// Phase timings for performance work: with <c>RELEASELINT_TRACE=1</c> in the environment, each mark prints the
/// milliseconds since the process started to standard error (used by <c>tests/benchmarks/history</c>), with the
/// number of methods the JIT has compiled so far and its time. <c>RELEASELINT_TRACE=jit</c> also lists every method the
/// JIT compiles (what ReadyToRun did not cover: mostly framework generics over this project's value types).
/// </summary>
public static class Trace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("RELEASELINT_TRACE") is "1" or "jit";
    private static readonly JitListener? Jit = Environment.GetEnvironmentVariable("RELEASELINT_TRACE") == "jit" ? new JitListener() : null;

    private sealed class JitListener : System.Diagnostics.Tracing.EventListener
    {
        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x10);
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            if (e.EventName != "MethodJittingStarted_V1" || e.Payload is null) return;
            Console.Error.WriteLine($"[jit] {e.Payload[4]}::{e.Payload[5]} {e.Payload[6]}");
        }
    }

    /// <summary>Prints <paramref name="what"/> with the time since the process started, when tracing is on.</summary>
    public static void Mark(string what)
    {
        if (!Enabled) return;
        var since = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.Error.WriteLine($"[trace] {since.TotalMilliseconds,7:0} ms  {what}  (jit: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms)");
    }
}
