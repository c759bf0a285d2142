using System.Runtime.CompilerServices;
using ReleaseLint.Cli;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;
using ReleaseLint.Tests.Fixtures;

namespace ReleaseLint.Tests;

/// <summary>
/// The test assembly's entry point (the test SDK's generated one is switched off). Test runners never call it;
/// tests start it as a child process to observe a whole <c>releaselint</c> run in a fresh process:
/// <c>dotnet ReleaseLint.Tests.dll probe-check ARGS…</c> runs <c>releaselint check ARGS…</c>, then prints the
/// names of every assembly the process loaded (<see cref="AppDomain.GetAssemblies"/>), one per line after a
/// <c>--- loaded assemblies</c> line.
/// <para>
/// <c>dotnet ReleaseLint.Tests.dll dump-findings</c> prints every finding (all rules, with location, message,
/// fingerprint, logical and related locations) of every fixture case and sample, for <c>tests/fingerprints.sh</c>,
/// which compares two builds: a refactoring must leave this output unchanged.
/// </para>
/// </summary>
public static class Program
{
    /// <summary>Runs the probe; any other use prints how to.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "dump-findings") return DumpFindings(Console.Out);
        if (args.Length == 0 || args[0] != "probe-check")
        {
            Console.Error.WriteLine("usage: ReleaseLint.Tests probe-check [check arguments…] | dump-findings");
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

    private static int DumpFindings(TextWriter output)
    {
        foreach (var fixture in FixtureCase.All())
            Dump(output, "fixture " + fixture, fixture.Run());
        using var samples = new SampleRepositories();
        foreach (var sample in new[] { "live-branch", "drifted" })
        {
            var root = samples.PathOf(sample);
            var export = Path.Combine(TestPaths.Samples, sample + ".discussions");
            Dump(output, "sample " + sample, Lint(root, File.Exists(export) ? Path.Combine(root, File.ReadAllText(export).Trim()) : null));
        }
        Dump(output, "sample custom-rule", Lint(Path.Combine(TestPaths.Samples, "custom-rule"), null));
        return 0;
    }

    private static LintResult Lint(string root, string? export)
    {
        using var custom = TestCustomRules.ForRoot(root);
        return LintEngine.Run(new LintRequest
        {
            Root = root,
            Rules = [.. BuiltInRules.Create(), .. custom.Rules],
            Sources = new() { OpenGit = LibGit2Repository.Open, DiscussionsFile = export },
            CustomRules = new() { Findings = custom.Findings },
        });
    }

    private static void Dump(TextWriter output, string title, LintResult result)
    {
        output.WriteLine("== " + title);
        var fingerprints = Fingerprints.Compute(result.Findings);
        for (var i = 0; i < result.Findings.Count; i++)
        {
            var f = result.Findings[i];
            var l = f.Location;
            output.WriteLine($"{f.Rule.Id} {f.Severity.ToName()} {l.Path}:{l.Line}:{l.Column}-{l.EndLine}:{l.EndColumn} {fingerprints[i]} {f.Message}");
            foreach (var logical in f.LogicalLocations) output.WriteLine($"    logical {logical.Kind}={logical.Name}");
            foreach (var r in f.Related)
                output.WriteLine($"    related {r.Location.Path}:{r.Location.Line}:{r.Location.Column}-{r.Location.EndLine}:{r.Location.EndColumn} {r.Note}");
        }
        foreach (var note in result.Notes) output.WriteLine("  note: " + note);
    }
}
