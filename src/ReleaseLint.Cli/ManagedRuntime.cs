using System.Diagnostics;

namespace ReleaseLint.Cli;

/// <summary>
/// Thrown by the native (ahead-of-time compiled) build of the tool when a run needs what only the managed build can
/// do (compiling and loading custom rules); the run is then handed to the managed build, which ships alongside.
/// </summary>
/// <param name="reason">What needs the managed build, for the trace.</param>
public sealed class ManagedRuntimeRequiredException(string reason) : Exception($"{reason} need the managed build of releaselint")
{
    /// <summary>What needs the managed build.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// Runs the managed build (<c>dotnet releaselint.dll</c> next to the native executable) with the same arguments, the
/// same standard streams and the same environment, and returns its exit code.
/// </summary>
public static class ManagedRuntime
{
    /// <summary>The managed entry assembly next to the running executable.</summary>
    public static string EntryAssembly => Path.Combine(AppContext.BaseDirectory, "releaselint.dll");

    /// <summary>Runs the managed build with <paramref name="args"/>; exit code 2 when it cannot be started.</summary>
    /// <param name="args">The command line as given.</param>
    /// <param name="reason">Why (printed with <c>RELEASELINT_TRACE=1</c>).</param>
    /// <param name="stderr">Where a failure to start is reported.</param>
    public static int Run(string[] args, string reason, TextWriter stderr)
    {
        Engine.Trace.Mark($"native: {reason} need the managed build; running it");
        var dotnet = FindDotnet();
        if (dotnet is null || !File.Exists(EntryAssembly))
        {
            stderr.WriteLine($"releaselint: {reason} need the managed build (dotnet {EntryAssembly}), but " +
                (dotnet is null ? "no 'dotnet' host was found (set DOTNET_ROOT or put dotnet on PATH)" : "that file is missing") +
                "; run with --no-custom-rules to lint without them");
            return ReleaseLintCli.ExitError;
        }
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false };
        start.ArgumentList.Add(EntryAssembly);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            stderr.WriteLine($"releaselint: could not start the managed build ({dotnet} {EntryAssembly}): {e.Message}");
            return ReleaseLintCli.ExitError;
        }
    }

    /// <summary>The <c>dotnet</c> host: <c>DOTNET_HOST_PATH</c>, then <c>DOTNET_ROOT</c>, then PATH, then the usual install folders.</summary>
    private static string? FindDotnet()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var candidates = new List<string?> { Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") };
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root) candidates.Add(Path.Combine(root, name));
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, name));
        candidates.AddRange(["/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/local/share/dotnet/dotnet",
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", name)]);
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }
}
