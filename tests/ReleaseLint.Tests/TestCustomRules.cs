using ReleaseLint.Engine;
using ReleaseLint.Policy;
using ReleaseLint.Scripting;

namespace ReleaseLint.Tests;

/// <summary>Loads custom rules for tests the way <c>releaselint check</c> does, with a cache under the test output folder.</summary>
public static class TestCustomRules
{
    /// <summary>The compiled-rules cache of the test runs (kept between runs, under bin/, so re-runs hit it).</summary>
    public static string CacheDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "custom-rules-cache");

    /// <summary>The custom rules that <paramref name="root"/>'s <c>.releaselint.yml</c> names (none when it names none).</summary>
    public static CustomRuleSet ForRoot(string root)
    {
        var (policy, _) = LintEngine.LoadPolicy(Path.GetFullPath(root), null);
        return policy.CustomRules is null
            ? CustomRuleSet.Empty
            : CustomRuleLoader.Load(new CustomRuleRequest { Root = root, Policy = policy, CacheDirectory = CacheDirectory });
    }

    /// <summary>The custom rules of a folder given relative to the repository root (e.g. a sample's rules, for fixtures).</summary>
    public static CustomRuleSet Folder(string repositoryRelative) =>
        CustomRuleLoader.Load(new CustomRuleRequest
        {
            Root = TestPaths.Root,
            Policy = new ReleasePolicy { CustomRules = repositoryRelative },
            CacheDirectory = CacheDirectory,
        });
}
