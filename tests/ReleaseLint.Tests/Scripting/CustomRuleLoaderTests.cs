using System.Diagnostics;
using System.Runtime.CompilerServices;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Policy;
using ReleaseLint.Rules;
using ReleaseLint.Scripting;

namespace ReleaseLint.Tests.Scripting;

/// <summary>Compiling, caching, loading and isolating custom rules (folders of .cs files).</summary>
[Collection(ScriptingCollection.Name)]
public sealed class CustomRuleLoaderTests
{
    private static string SampleRules => Path.Combine(TestPaths.Samples, "custom-rule", ".releaselint", "rules");

    /// <summary>A repository holding a copy of the sample rules under <c>rules/</c>, with a config naming them.</summary>
    private static TempDir RepositoryWithSampleRules()
    {
        var dir = new TempDir();
        foreach (var file in Directory.GetFiles(SampleRules))
            dir.Write("rules/" + Path.GetFileName(file), File.ReadAllText(file));
        dir.Write(".releaselint.yml", "custom-rules: rules\n");
        dir.Write(".github/workflows/fly-deploy.yml", "on: { push: { branches: [live] } }\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: flyctl deploy\n");
        return dir;
    }

    private static CustomRuleSet Load(string root, string cache, FrameworkReferences framework = FrameworkReferences.Auto)
    {
        var (policy, _) = LintEngine.LoadPolicy(root, null);
        return CustomRuleLoader.Load(new CustomRuleRequest { Root = root, Policy = policy, CacheDirectory = cache, FrameworkReferences = framework });
    }

    private static LintResult Run(string root, CustomRuleSet custom) => LintEngine.Run(new LintRequest
    {
        Root = root,
        Rules = [.. BuiltInRules.Create(), .. custom.Rules],
        CustomRules = new() { Findings = custom.Findings },
    });

    [Fact]
    public void An_unchanged_rule_set_is_compiled_once_then_loaded_from_the_cache()
    {
        using var repo = RepositoryWithSampleRules();
        using var cache = new TempDir();

        using (var first = Load(repo.Path, cache.Path))
        {
            Assert.Empty(first.Findings);
            Assert.False(first.FromCache);
            Assert.Equal(["ACME001", "ACME002"], first.Rules.Select(r => r.Descriptor.Id).Order());
        }
        var entries = Directory.GetDirectories(Path.Combine(cache.Path, "custom-rules"));
        Assert.Single(entries);

        using (var second = Load(repo.Path, cache.Path))
        {
            Assert.True(second.FromCache);
            Assert.Equal(["ACME001", "ACME002"], second.Rules.Select(r => r.Descriptor.Id).Order());
            var result = Run(repo.Path, second);
            Assert.Contains(result.Findings, f => f.Rule.Id == "ACME001" && f.Location.Path == ".github/workflows/fly-deploy.yml");
        }

        // Any change of a source is a new key: compiled again, into a second entry.
        File.AppendAllText(Path.Combine(repo.Path, "rules", "DeployRollbackJob.cs"), "\n// edited\n");
        using (var third = Load(repo.Path, cache.Path))
        {
            Assert.False(third.FromCache);
            Assert.Empty(third.Findings);
        }
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(cache.Path, "custom-rules")).Length);
    }

    [Fact]
    public void A_rule_set_that_does_not_compile_is_not_compiled_again_either()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "custom-rules: rules\n");
        repo.Write("rules/Broken.cs", "namespace X;\npublic sealed class Broken : Rule\n{\n    int x = \"no\";\n}\n");
        using var cache = new TempDir();
        using var first = Load(repo.Path, cache.Path);
        using var second = Load(repo.Path, cache.Path);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Findings.Select(TextFormatter.Line), second.Findings.Select(TextFormatter.Line));
        Assert.Contains(second.Findings, f => f.Rule.Id == "RL0002" && f.Location.Path == "rules/Broken.cs" && f.Location.Line == 4 && f.Location.Column == 13);
    }

    [Fact]
    public void The_cache_manifest_round_trips_and_a_damaged_one_is_a_miss()
    {
        using var dir = new TempDir();
        var manifest = new CacheManifest
        {
            Assembly = "rules.dll",
            Errors = [new CompileError("sub/A.cs", 3, 5, 3, 9, "CS0029", "tab\there, newline\nthere, backslash \\ 'quoted'"), new CompileError(null, 1, 1, 1, 1, "NU1101", "no place")],
            Types = new() { ["Acme.Rule+Nested"] = new TypeOrigin("A.cs", 7, 18) },
            TypesComplete = true,
            CompileSeconds = 1.25,
        };
        manifest.Write(dir.Path);
        var read = CacheManifest.TryRead(dir.Path);
        Assert.NotNull(read);
        Assert.Equal(manifest.Assembly, read.Assembly);
        Assert.Equal(manifest.Errors, read.Errors);
        Assert.Equal(manifest.Types, read.Types);
        Assert.True(read.TypesComplete);
        Assert.Equal(1.25, read.CompileSeconds);

        var path = Path.Combine(dir.Path, CacheManifest.FileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("end\n", ""));
        Assert.Null(CacheManifest.TryRead(dir.Path));
        File.WriteAllText(path, "something else\n");
        Assert.Null(CacheManifest.TryRead(dir.Path));
    }

    [Fact]
    public void A_cache_hit_does_not_load_the_compiler_in_a_whole_process_run()
    {
        using var repo = RepositoryWithSampleRules();
        using var cache = new TempDir();

        var first = Probe(repo.Path, cache.Path);
        var second = Probe(repo.Path, cache.Path);

        // The first run compiles (Roslyn loaded), the second takes the cache (Roslyn never loaded); both report alike.
        Assert.Contains("Microsoft.CodeAnalysis.CSharp", first.Assemblies);
        Assert.DoesNotContain(second.Assemblies, a => a.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Assemblies, a => a.StartsWith("Microsoft.Build", StringComparison.Ordinal) && a != "Microsoft.Build.Locator");
        Assert.Contains(second.Assemblies, a => a.StartsWith("ReleaseLint.CustomRules.", StringComparison.Ordinal));
        Assert.Contains("error ACME001", first.Report);
        Assert.Equal(Findings(first.Report), Findings(second.Report));
        Assert.Contains("(from the cache)", second.Report);

        static IEnumerable<string> Findings(string report) => report.Split('\n').Where(l => l.Contains(" ACME0", StringComparison.Ordinal));
    }

    [Fact]
    public void Custom_rules_unload_with_their_collectible_load_context()
    {
        using var repo = RepositoryWithSampleRules();
        using var cache = new TempDir();
        var context = LoadRunAndDispose(repo.Path, cache.Path);
        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(context.IsAlive, "the custom rules' load context was not collected after Dispose");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndDispose(string root, string cache)
    {
        using var custom = Load(root, cache);
        var result = Run(root, custom);
        Assert.Contains(result.Findings, f => f.Rule.Id == "ACME001");
        return custom.ContextReference!;
    }

    [Fact]
    public void Built_in_rules_compile_as_custom_rules_so_they_use_nothing_a_custom_rule_cannot_reach()
    {
        var sources = Directory.GetFiles(Path.Combine(TestPaths.Root, "src", "ReleaseLint.Rules"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        // Exactly what a rule file is compiled against, less the built-in rules' own assembly (these sources are it).
        var references = ReferenceSet.Find().Without("ReleaseLint.Rules");
        var output = SourceCompiler.Compile(Path.Combine(TestPaths.Root, "src", "ReleaseLint.Rules"), sources, references, "BuiltInRulesAsCustomRules");

        Assert.True(output.Errors.Count == 0, string.Join("\n", output.Errors.Select(e => $"{e.File}:{e.Line}:{e.Column}: {e.Code} {e.Message}")));
        foreach (var rule in BuiltInRules.Create())
            Assert.Contains(rule.GetType().FullName!, output.Types.Keys);
    }

    [Fact]
    public void The_rule_api_grants_its_internals_to_no_rule_assembly()
    {
        var friends = typeof(Rule).Assembly.GetCustomAttributes(typeof(System.Runtime.CompilerServices.InternalsVisibleToAttribute), false)
            .Cast<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName)
            .ToList();
        Assert.All(friends, f => Assert.Equal("ReleaseLint.Tests", f));
    }

    [Fact]
    public void Rule_files_compile_against_the_runtime_assemblies_when_there_is_no_reference_pack()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "custom-rules: rules\n");
        repo.Write("README.md", "no title here\n");
        repo.Write("rules/ReadmeTitle.cs", """
            namespace Acme;

            public sealed class ReadmeTitle : Rule
            {
                public override RuleDescriptor Descriptor { get; } = new("ACME101", "readme-title", "README without a title",
                    "README.md starts with a title.", Severity.Warning, RuleCategory.Custom);

                public override void Check(RuleContext context)
                {
                    if (context.Workspace.ReadText("README.md") is { } readme && !readme.Line(1).StartsWith("# "))
                        context.Report(readme.At(1, 1), "README.md does not start with a title");
                }
            }
            """);
        using var cache = new TempDir();
        using var custom = Load(repo.Path, cache.Path, FrameworkReferences.Runtime);
        Assert.Empty(custom.Findings);
        var result = Run(repo.Path, custom);
        Assert.Equal(["README.md:1:1: warning ACME101 README.md does not start with a title"], result.Findings.Select(TextFormatter.Line));
    }

    [Fact]
    public void A_rule_pack_written_before_the_Definition_rename_still_compiles_and_reports()
    {
        // Packs written before the rename name the static metadata field `Rule` (the old convention); C# allows a member
        // named like the base class, so they keep compiling and their findings are unchanged.
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "custom-rules: rules\n");
        repo.Write("README.md", "no title here\n");
        repo.Write("rules/ReadmeTitle.cs", """
            namespace Acme;

            public sealed class ReadmeTitle : Rule
            {
                public static readonly RuleDescriptor Rule = new("ACME102", "readme-title-old", "README without a title",
                    "README.md starts with a title.", Severity.Warning, RuleCategory.Custom);

                public override RuleDescriptor Descriptor => Rule;

                public override void Check(RuleContext context)
                {
                    if (context.Workspace.ReadText("README.md") is { } readme && !readme.Line(1).StartsWith("# "))
                        context.Report(readme.At(1, 1), $"README.md does not start with a title ({Rule.Id})");
                }
            }
            """);
        using var cache = new TempDir();
        using var custom = Load(repo.Path, cache.Path);
        Assert.Empty(custom.Findings);
        var result = Run(repo.Path, custom);
        Assert.Equal(["README.md:1:1: warning ACME102 README.md does not start with a title (ACME102)"], result.Findings.Select(TextFormatter.Line));
    }

    [Fact]
    public void An_unwritable_cache_still_runs_the_rules_and_says_so()
    {
        using var repo = RepositoryWithSampleRules();
        using var blocker = new TempDir();
        var notADirectory = blocker.Write("cache", "a file where the cache folder should be");
        using var custom = Load(repo.Path, notADirectory);
        Assert.Empty(custom.Findings);
        Assert.Equal(2, custom.Rules.Count);
        Assert.Contains(custom.Notes, n => n.Contains("cannot be written", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rules_folder_outside_the_repository_is_RL0002_at_the_config_key()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "branches:\n  release: live\ncustom-rules: ../shared-rules\n");
        using var cache = new TempDir();
        using var custom = Load(repo.Path, cache.Path);
        var finding = Assert.Single(custom.Findings);
        Assert.Equal("RL0002", finding.Rule.Id);
        Assert.Equal((".releaselint.yml", 3), (finding.Location.Path, finding.Location.Line));
        Assert.Contains("outside the repository", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_rule_classes_is_RL0002()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "custom-rules: rules\n");
        repo.Write("rules/Helpers.cs", "namespace X;\ninternal static class Helpers { }\n");
        using var cache = new TempDir();
        using var custom = Load(repo.Path, cache.Path);
        var finding = Assert.Single(custom.Findings);
        Assert.Contains("defines no rule", finding.Message, StringComparison.Ordinal);
    }

    internal sealed record ProbeRun(int ExitCode, string Report, IReadOnlyList<string> Assemblies);

    /// <summary>Runs <c>releaselint check ROOT</c> in a child process (the test assembly's probe entry point) with the given cache.</summary>
    internal static ProbeRun Probe(string root, string cache, params string[] extra)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["exec", typeof(Program).Assembly.Location, "probe-check", root, .. extra]) start.ArgumentList.Add(arg);
        start.Environment["RELEASELINT_CACHE_DIR"] = cache;
        start.Environment.Remove("RELEASELINT_NO_CUSTOM_RULES");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "the probe did not finish");
        var marker = stdout.IndexOf("--- loaded assemblies", StringComparison.Ordinal);
        Assert.True(marker >= 0, $"probe failed (exit {process.ExitCode}):\n{stdout}\n{stderr.Result}");
        var assemblies = stdout[marker..].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).ToList();
        return new ProbeRun(process.ExitCode, stdout[..marker], assemblies);
    }
}
