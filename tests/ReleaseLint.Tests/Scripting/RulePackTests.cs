using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Rules;
using ReleaseLint.Scripting;

namespace ReleaseLint.Tests.Scripting;

/// <summary>Rule packs: a .csproj with its own NuGet references, built in process by the SDK's MSBuild.</summary>
[Collection(ScriptingCollection.Name)]
public sealed class RulePackTests
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <!-- The rule API: ReleaseLint passes its own folder as ReleaseLintApiDirectory. -->
            <Reference Include="$(ReleaseLintApiDirectory)ReleaseLint.Core.dll" Private="false" />
            <PackageReference Include="Semver" Version="3.0.0" />
          </ItemGroup>
        </Project>
        """;

    private const string VersionRule = """
        using ReleaseLint;
        using Semver;

        namespace Acme.Pack;

        /// <summary>VERSION holds a strict semantic version (checked with the Semver package).</summary>
        public sealed class VersionFileIsSemver : Rule
        {
            public override RuleDescriptor Descriptor { get; } = new("ACME301", "version-file-semver", "VERSION is not a semantic version",
                "The VERSION file holds MAJOR.MINOR.PATCH.", Severity.Error, RuleCategory.Custom);

            public override void Check(RuleContext context)
            {
                if (context.Workspace.ReadText("VERSION") is not { } text) return;
                var value = text.Line(1).Trim();
                if (!SemVersion.TryParse(value, SemVersionStyles.Strict, out _))
                    context.Report(text.At(1, 1, value.Length), $"VERSION holds '{value}', which is not a semantic version (MAJOR.MINOR.PATCH)");
            }
        }
        """;

    private static CustomRuleSet Load(string root, string cache)
    {
        var (policy, _) = LintEngine.LoadPolicy(root, null);
        return CustomRuleLoader.Load(new CustomRuleRequest { Root = root, Policy = policy, CacheDirectory = cache });
    }

    [Fact]
    public void A_rule_pack_with_a_NuGet_reference_builds_loads_runs_and_is_cached()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "custom-rules: tools/rule-pack\n");
        repo.Write("VERSION", "1.2\n");
        repo.Write("tools/rule-pack/Acme.RulePack.csproj", Project);
        repo.Write("tools/rule-pack/VersionFileIsSemver.cs", VersionRule);
        using var cache = new TempDir();

        using (var built = Load(repo.Path, cache.Path))
        {
            Assert.True(built.Findings.Count == 0, string.Join("\n", built.Findings.Select(TextFormatter.Line)));
            Assert.False(built.FromCache);
            var result = LintEngine.Run(new LintRequest { Root = repo.Path, Rules = [.. BuiltInRules.Create(), .. built.Rules] });
            Assert.Equal(["VERSION:1:1: error ACME301 VERSION holds '1.2', which is not a semantic version (MAJOR.MINOR.PATCH)"],
                result.Findings.Select(TextFormatter.Line));
        }
        // Nothing was written into the repository (build output and intermediate files live in the cache).
        Assert.False(Directory.Exists(Path.Combine(repo.Path, "tools", "rule-pack", "obj")));
        Assert.False(Directory.Exists(Path.Combine(repo.Path, "tools", "rule-pack", "bin")));

        using var again = Load(repo.Path, cache.Path);
        Assert.True(again.FromCache);
        Assert.Equal(["ACME301"], again.Rules.Select(r => r.Descriptor.Id));
    }

    [Fact]
    public void A_rule_pack_that_does_not_build_is_RL0002_at_the_file_line_and_column()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "custom-rules: pack\n");
        repo.Write("pack/Pack.csproj", Project);
        repo.Write("pack/VersionFileIsSemver.cs", VersionRule.Replace("var value = text.Line(1).Trim();", "int value = text.Line(1).Trim();"));
        using var cache = new TempDir();
        using var custom = Load(repo.Path, cache.Path);
        Assert.Empty(custom.Rules);
        var lines = custom.Findings.Select(TextFormatter.Line).ToList();
        Assert.Contains("pack/VersionFileIsSemver.cs:15:21: error RL0002 rule pack does not build: CS0029: Cannot implicitly convert type 'string' to 'int'", lines);
    }
}
