using ReleaseLint.Engine;
using ReleaseLint.Rules;

namespace ReleaseLint.Fuzz;

/// <summary>
/// The fuzz targets. Each puts the input where a repository would hold it and runs the real engine over an in-memory
/// snapshot of that repository (the parsers, the models, the rules, suppressions), so a crash is what a user would
/// meet: an exception out of <see cref="LintEngine.Run"/>, or a rule that threw (an RL0003 finding).
/// </summary>
internal static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        // A workflow, a composite action and a suppression-bearing YAML file.
        ["yaml"] = input => Lint(input, [".github/workflows/fuzz.yml", "action.yml"], [RuleCategory.Workflows, RuleCategory.Docs]),
        // A doc (links, anchors, workflow mentions) and a discussion post (deployment update).
        ["markdown"] = input => Lint(input, ["docs/fuzz.md", "docs/discussions/fuzz.md"], [RuleCategory.Docs, RuleCategory.Discussions]),
        // Branch protection and ruleset exports, and a discussions export (--discussions).
        ["json"] = input => Lint(input, [".github/branch-protection/live.json", ".github/rulesets/fuzz.json"], [RuleCategory.Protection, RuleCategory.Discussions], discussionsExport: true),
        // .releaselint.yml, which every rule reads; also .github/settings.yml (the Probot protection format).
        ["config"] = input => Lint(input, [".releaselint.yml", ".github/settings.yml"], [RuleCategory.Workflows, RuleCategory.Protection, RuleCategory.Docs, RuleCategory.Discussions]),
    };

    // Lazy: instrumented code may only run inside the fuzzer's callback (it writes AFL's shared memory).
    private static readonly Lazy<IReadOnlyList<Rule>> Rules = new(BuiltInRules.Create);
    private static readonly string Root = Directory.CreateTempSubdirectory("releaselint-fuzz-").FullName;

    // Fixed files beside the input, so that the rules have something to relate it to.
    private static readonly Dictionary<string, byte[]> Context = new(StringComparer.Ordinal)
    {
        ["README.md"] = "# Project\n\nSee [the guide](docs/communications/live-branch.md#rollback-strategy) and the \"Deploy\" workflow.\n"u8.ToArray(),
        ["docs/communications/live-branch.md"] = "# Live\n\n## Purpose of the `live` branch\n\n## Rollback strategy\n\nRun `deploy.yml`.\n"u8.ToArray(),
        [".github/workflows/deploy.yml"] = "name: Deploy\non:\n  push:\n    branches: [live]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - run: flyctl deploy --image ghcr.io/o/r:${{ github.sha }}\n"u8.ToArray(),
    };

    private static void Lint(byte[] input, string[] paths, RuleCategory[] categories, bool discussionsExport = false)
    {
        var files = new Dictionary<string, byte[]>(Context, StringComparer.Ordinal);
        foreach (var p in paths) files[p] = input;
        string? export = null;
        if (discussionsExport)
        {
            export = Path.Combine(Root, "discussions.json");
            File.WriteAllBytes(export, input);
        }
        var snapshot = new FileSnapshot(files.Keys.Order(StringComparer.Ordinal).ToList(), p => files.GetValueOrDefault(p), null);
        var result = LintEngine.Run(new LintRequest
        {
            Root = Root,
            Rules = Rules.Value.Where(r => categories.Contains(r.Descriptor.Category)).ToList(),
            Sources = new() { Snapshot = snapshot, DiscussionsFile = export },
            Execution = new() { RuleTimeout = TimeSpan.FromSeconds(20) },
        });
        var failure = result.Findings.FirstOrDefault(f => f.Rule.Id == "RL0003");
        if (failure is not null) throw new RuleCrashedException(failure.Message);
    }
}

/// <summary>A rule threw on the input (the engine reported RL0003): a crash for the fuzzer.</summary>
internal sealed class RuleCrashedException(string message) : Exception(message);
