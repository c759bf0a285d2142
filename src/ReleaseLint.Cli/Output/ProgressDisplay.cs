namespace ReleaseLint.Cli.Output;

/// <summary>
/// A spinner on standard error for runs that take more than a moment, on a terminal only: never when
/// standard error is redirected, never in CI (<c>CI</c> set), never with <c>NO_COLOR</c> or <c>TERM=dumb</c>.
/// It redraws one line with a carriage return and erases it when the run ends, so nothing of it stays on the terminal;
/// it writes no other control sequence.
/// </summary>
public static class ProgressDisplay
{
    /// <summary>How long a run may take before the spinner appears.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(400);

    private const string Frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

    /// <summary>True when a progress display is wanted on <paramref name="host"/>'s standard error.</summary>
    public static bool Enabled(CliHost host) =>
        host.ErrorIsTerminal &&
        string.IsNullOrEmpty(host.Environment("CI")) &&
        host.ColorAllowed;

    /// <summary>
    /// Runs <paramref name="work"/> (which reports rules finished / total through its argument); shows a
    /// spinner with the count when it is still running after <see cref="Delay"/>.
    /// </summary>
    public static T Run<T>(CliHost host, Func<Action<int, int>, T> work)
    {
        if (!Enabled(host)) return work((_, _) => { });
        var done = 0;
        var total = 0;
        var task = Task.Run(() => work((d, t) => { Volatile.Write(ref done, d); Volatile.Write(ref total, t); }));
        if (task.Wait(Delay)) return task.Result;
        var frame = 0;
        try
        {
            while (!task.Wait(TimeSpan.FromMilliseconds(100)))
            {
                var t = Volatile.Read(ref total);
                var status = t == 0 ? "reading inputs…" : $"checking the repository: {Volatile.Read(ref done)} of {t} rules done";
                host.Error.Write($"\r{Frames[frame++ % Frames.Length]} {status}\u001b[K");
                host.Error.Flush();
            }
        }
        finally
        {
            host.Error.Write("\r\u001b[K");
            host.Error.Flush();
        }
        return task.GetAwaiter().GetResult();
    }
}
