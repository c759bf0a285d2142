using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Scripting;
using ReleaseLint.Tests.Scripting;

namespace ReleaseLint.Tests.Hostile;

/// <summary>
/// Custom rules from a hostile repository: folders and files that are links out of it, and a rule pack whose project
/// builds from files the cache key does not cover. Refused before anything is compiled (RL0002).
/// </summary>
[Collection(ScriptingCollection.Name)]
public sealed class HostileCustomRulesTests
{
    private static CustomRuleSet Load(string root, string cache)
    {
        var (policy, _) = LintEngine.LoadPolicy(root, null);
        return CustomRuleLoader.Load(new CustomRuleRequest { Root = root, Policy = policy, CacheDirectory = cache });
    }

    [Fact]
    public void A_custom_rules_folder_or_file_that_links_out_of_the_repository_is_refused()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var elsewhere = new TempDir();
        elsewhere.Write("Evil.cs", "this is not even C#");
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "custom-rules: rules\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "rules"), elsewhere.Path);
        using var cache = new TempDir();
        using (var folder = Load(repo.Path, cache.Path))
            Assert.Equal([".releaselint.yml:1:1: error RL0002 custom-rules folder 'rules' is a symbolic link that leaves the repository; keep the rule files in the repository that uses them"],
                folder.Findings.Select(TextFormatter.Line));

        File.Delete(Path.Combine(repo.Path, "rules"));
        repo.Write("rules/Good.cs", "namespace Acme; public static class Nothing { }\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "rules", "Evil.cs"), Path.Combine(elsewhere.Path, "Evil.cs"));
        using var file = Load(repo.Path, cache.Path);
        Assert.Equal([".releaselint.yml:1:1: error RL0002 custom-rules file 'rules/Evil.cs' is a symbolic link that leaves the repository; it was not read"],
            file.Findings.Select(TextFormatter.Line));
        Assert.Empty(Directory.Exists(Path.Combine(cache.Path, "custom-rules")) ? Directory.GetDirectories(Path.Combine(cache.Path, "custom-rules")) : []);
    }

    [Fact]
    public void A_rule_pack_that_compiles_files_outside_its_folder_is_RL0002_and_not_built()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "custom-rules: pack\n");
        repo.Write("elsewhere/Evil.cs", "namespace Acme; public static class Evil { }\n");
        repo.Write("pack/Pack.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><Compile Include="../elsewhere/*.cs" /></ItemGroup>
            </Project>
            """);
        repo.Write("pack/Rule.cs", "namespace Acme; public static class Rule { }\n");
        using var cache = new TempDir();
        using var pack = Load(repo.Path, cache.Path);
        Assert.Empty(pack.Rules);
        Assert.Equal(["pack/Pack.csproj:1:1: error RL0002 rule pack does not build: RLPACK: the rule pack builds from a file outside its folder (a Compile item: '../elsewhere/Evil.cs'); keep every file a rule pack compiles, embeds or imports inside its folder"],
            pack.Findings.Select(TextFormatter.Line));
    }

    [Fact]
    public void A_rule_pack_key_covers_its_hidden_folders()
    {
        using var repo = new TempDir();
        repo.Write("pack/Pack.csproj", "<Project />");
        var hidden = repo.Write("pack/.generated/Rule.cs", "// one");
        var folder = Path.Combine(repo.Path, "pack");
        var files = CustomRuleLoader.Files(folder, null, includeHidden: true);
        Assert.Contains(hidden, files);
        var before = RuleCache.Key(CustomRuleLoader.PackKind, "refs", folder, files);
        File.WriteAllText(hidden, "// two");
        Assert.NotEqual(before, RuleCache.Key(CustomRuleLoader.PackKind, "refs", folder, files));
    }
}
