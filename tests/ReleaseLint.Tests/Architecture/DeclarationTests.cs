using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Inputs.Discussions;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Architecture;

/// <summary>
/// Rules declare what they read in their descriptor, and the engine reads the declarations (history prefetch, the
/// RL0005 list of skipped checks, the <c>--staged</c> selection). These tests hold the declarations to the truth and keep
/// rule knowledge in the rules: each built-in rule declares its inputs, reads nothing it does not declare, and no rule id
/// is written in the code of anything but its own rule and the engine rules' catalogue.
/// </summary>
public sealed partial class DeclarationTests(SampleRepositories samples) : IClassFixture<SampleRepositories>
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in BuiltInRules.Create()) data.Add(rule.Descriptor.Id);
        return data;
    }

    private static Rule RuleById(string id) => BuiltInRules.Create().Single(r => r.Descriptor.Id == id);

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_declares_what_it_reads_and_reports_in(string id)
    {
        var d = RuleById(id).Descriptor;
        Assert.True(d.Reads is not null, $"{id} declares no Reads");
        Assert.True((d.ReportsIn!.Value & ~d.Reads!.Value) == 0, $"{id} reports in {d.ReportsIn} but reads {d.Reads}");
        var readsHistory = d.Reads.Value.HasFlag(RuleInputs.History);
        Assert.True(readsHistory || (d.History == HistoryNeeds.None && d.HistoryParts.Count == 0), $"{id} declares history needs but does not read history");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_reads_only_what_it_declares(string id)
    {
        var rule = RuleById(id);
        foreach (var sample in new[] { "drifted", "live-branch" })
        {
            var root = samples.PathOf(sample);
            var (policy, _) = LintEngine.LoadPolicy(root, null);
            var workspace = new Workspace(FileSet.Scan(root, policy.Ignore.Select(g => new Glob(g))), policy, LibGit2Repository.Open,
                discussions: new DiscussionInputs { ExportPath = Path.Combine(root, "discussions-export.json") });
            var sink = new ConcurrentQueue<Finding>();
            rule.Check(new RuleContext(rule, workspace, Severity.Error, sink, CancellationToken.None));
            Assert.DoesNotContain(sink, f => f.Rule.Id == EngineRules.RuleFailure.Id);
            var undeclared = workspace.InputsLoaded & ~rule.Descriptor.Reads!.Value;
            Assert.True(undeclared == 0, $"{id} read {undeclared} on samples/{sample} without declaring it (Reads = {rule.Descriptor.Reads})");
        }
    }

    [GeneratedRegex(@"\bRL[0-9]{4}\b")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();

    /// <summary>
    /// Rule knowledge lives in the rule: outside a rule's own class file (<c>RLnnnn*.cs</c>) and the engine rules'
    /// catalogue (<c>EngineRules.cs</c>), the product's code (comments aside) names no rule id.
    /// </summary>
    [Fact]
    public void No_rule_id_is_written_outside_its_rule_and_the_catalogue()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            if (RuleId().IsMatch(name[..Math.Min(6, name.Length)]) || name == "EngineRules.cs") continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                if (RuleId().Match(LineComment().Replace(lines[i], "")) is { Success: true } m)
                    offenders.Add($"{Path.GetRelativePath(TestPaths.Root, file)}:{i + 1}: {m.Value}");
        }
        Assert.True(offenders.Count == 0, "rule ids written outside their rule:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_rule_id_scan_sees_ids_in_code_and_not_in_comments()
    {
        Assert.Matches(RuleId(), LineComment().Replace("var x = \"RL3003\"; // RL3004", ""));
        Assert.DoesNotMatch(RuleId(), LineComment().Replace("/// <summary>RL0004: unreadable</summary>", ""));
    }
}
