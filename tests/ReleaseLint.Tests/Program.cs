using System.Runtime.CompilerServices;
using ReleaseLint.Cli;

namespace ReleaseLint.Tests;

/// <summary>
/// The test assembly's entry point (the test SDK's generated one is switched off). Test runners never call it;
/// tests start it as a child process to observe a whole <c>releaselint</c> run in a fresh process:
/// <c>dotnet ReleaseLint.Tests.dll probe-check ARGS…</c> runs <c>releaselint check ARGS…</c>, then prints the
/// names of every assembly the process loaded (<see cref="AppDomain.GetAssemblies"/>), one per line after a
/// <c>--- loaded assemblies</c> line.
/// </summary>
public static class Program
{
    /// <summary>Runs the probe; any other use prints how to.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "probe-check")
        {
            Console.Error.WriteLine("usage: ReleaseLint.Tests probe-check [check arguments…]");
            return 2;
        }
        var exit = Check(args[1..]);
        Console.Out.WriteLine("--- loaded assemblies");
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal))
            Console.Out.WriteLine(assembly);
        return exit;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Check(string[] args) => ReleaseLintCli.Run(["check", .. args], Console.Out, Console.Error);
}
