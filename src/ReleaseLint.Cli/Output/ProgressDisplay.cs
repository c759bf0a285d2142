using Spectre.Console;

namespace ReleaseLint.Cli.Output;

/// <summary>
/// A spinner on standard error for runs that take more than a moment, on a terminal only: never when
/// standard error is redirected, never in CI (<c>CI</c> set), never with <c>NO_COLOR</c> or <c>TERM=dumb</c>.
/// </summary>
public static class ProgressDisplay
{
    /// <summary>How long a run may take before the spinner appears.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(400);

    /// <summary>True when a progress display is wanted in this process.</summary>
    public static bool Enabled =>
        !Console.IsErrorRedirected &&
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) &&
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) &&
        Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>
    /// Runs <paramref name="work"/> (which reports rules finished / total through its argument); shows a
    /// spinner with the count when it is still running after <see cref="Delay"/>.
    /// </summary>
    public static T Run<T>(Func<Action<int, int>, T> work)
    {
        if (!Enabled) return work((_, _) => { });
        var done = 0;
        var total = 0;
        var task = Task.Run(() => work((d, t) => { Volatile.Write(ref done, d); Volatile.Write(ref total, t); }));
        if (task.Wait(Delay)) return task.Result;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Status().Spinner(Spinner.Known.Dots).Start("checking the repository…", ctx =>
        {
            while (!task.Wait(TimeSpan.FromMilliseconds(100)))
            {
                var t = Volatile.Read(ref total);
                ctx.Status(t == 0 ? "reading inputs…" : $"checking the repository: {Volatile.Read(ref done)} of {t} rules done");
            }
        });
        return task.GetAwaiter().GetResult();
    }
}
