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
    /// Rule knowledge lives in the rule, and adding a rule touches its class, its page and its fixtures only: outside a
    /// rule's own class file (<c>RLnnnn*.cs</c>) and the engine rules' catalogue (<c>EngineRules.cs</c>), neither the
    /// product's code nor the test harness that every rule goes through (fixture runner, meta-tests, architecture tests,
    /// the findings dump) names a rule id, comments aside. Rules are found by reflection (<see cref="BuiltInRules"/>,
    /// <see cref="EngineRules.All"/>), the README keeps no rule table, and the meta-tests iterate the descriptors.
    /// </summary>
    [Fact]
    public void No_rule_id_is_written_outside_its_rule_and_the_catalogue()
    {
        var tests = Path.Combine(TestPaths.Root, "tests", "ReleaseLint.Tests");
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(tests, "Fixtures"), "*.cs"))
            .Concat(Directory.EnumerateFiles(Path.Combine(tests, "Architecture"), "*.cs"))
            .Append(Path.Combine(tests, "Program.cs"));
        var offenders = new List<string>();
        foreach (var file in files)
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

    /// <summary>
    /// The other direction: each rule's places exist and nothing is left over. The ids of the rule classes (their file
    /// names) and of the engine catalogue are exactly the registered ids, which are exactly the ids of the pages in
    /// <c>rules/</c> and of the folders in <c>tests/fixtures/</c>: a class that reflection does not find (not public, no
    /// parameterless constructor), a page or fixture folder of a rule that does not exist, all fail here.
    /// </summary>
    [Fact]
    public void Rule_classes_pages_and_fixture_folders_name_exactly_the_registered_rules()
    {
        var registered = BuiltInRules.Descriptors.Select(d => d.Id).ToHashSet();
        static HashSet<string> Ids(IEnumerable<string> names) => names.Select(n => n.Length >= 6 ? n[..6] : n).Where(n => RuleId().IsMatch(n)).ToHashSet();
        var classes = Ids(Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src", "ReleaseLint.Rules"), "RL*.cs", SearchOption.AllDirectories).Select(Path.GetFileName)!);
        classes.UnionWith(EngineRules.All.Select(d => d.Id));
        var pages = Ids(Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "rules"), "RL*.md").Select(Path.GetFileNameWithoutExtension)!);
        var fixtures = Ids(Directory.EnumerateDirectories(TestPaths.Fixtures, "RL*").Select(Path.GetFileName)!);
        Assert.Equal(registered.Order(), classes.Order());
        Assert.Equal(registered.Order(), pages.Order());
        Assert.Equal(registered.Order(), fixtures.Order());
        Assert.Equal(BuiltInRules.Create().Select(r => r.Descriptor.Id).ToList(), BuiltInRules.Create().Select(r => r.Descriptor.Id).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// A rule's fix is declared in its descriptor (<see cref="RuleDescriptor.Fix"/>) and nowhere else: <c>releaselint rules</c>
    /// lists the rules with a fix from there, and README keeps no table of them, so adding a rule with a fix touches its
    /// class, its page and its fixtures only. The declaration is held to the truth here: a rule that declares a fix has a
    /// firing case whose findings of it carry one of that kind (file edits, or commands only), and its page has the section
    /// of that kind (<c>## Automatic fix</c> or <c>## Commands printed under the finding</c>), which a rule without a
    /// fix does not have. The other direction (findings that carry a fix are of a rule that declares it) is checked on
    /// every fixture case by <see cref="Fixtures.FixtureTests.Fixture"/>.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllRuleIds))]
    public void A_declared_fix_is_real_and_its_page_describes_it(string id)
    {
        var d = BuiltInRules.Descriptors.Single(r => r.Id == id);
        var headings = File.ReadAllLines(Path.Combine(TestPaths.Root, "rules", id + ".md")).Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        var automatic = headings.Any(h => h.StartsWith("## Automatic fix", StringComparison.Ordinal));
        var commands = headings.Contains("## Commands printed under the finding");
        Assert.True(automatic == d.Fix is { CommandsOnly: false }, $"rules/{id}.md has {(automatic ? "a" : "no")} '## Automatic fix' section, but the descriptor declares {Declared(d.Fix)}");
        Assert.True(commands == d.Fix is { CommandsOnly: true }, $"rules/{id}.md has {(commands ? "a" : "no")} '## Commands printed under the finding' section, but the descriptor declares {Declared(d.Fix)}");
        if (d.Fix is not { } fix) return;
        var shown = Fixtures.FixtureCase.All().Where(c => c.RuleId == id && c.IsFiring)
            .Any(c => c.Run().Findings.Any(f => f.Rule.Id == id && f.Fixes.Any(x => fix.CommandsOnly ? x.Commands.Count > 0 : x.HasEdits)));
        Assert.True(shown, $"{id} declares {Declared(fix)}, but no finding of its firing cases carries one");
    }

    private static string Declared(RuleFix? fix) => fix is null ? "no fix" : fix.CommandsOnly ? "a fix of commands" : "a fix that edits files";

    /// <summary>Every registered id, engine rules included.</summary>
    public static TheoryData<string> AllRuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var d in BuiltInRules.Descriptors) data.Add(d.Id);
        return data;
    }

    [Fact]
    public void The_rule_id_scan_sees_ids_in_code_and_not_in_comments()
    {
        var id = "RL" + 3003;
        Assert.Matches(RuleId(), LineComment().Replace($"var x = \"{id}\"; // other", ""));
        Assert.DoesNotMatch(RuleId(), LineComment().Replace($"var x = 1; // {id}", ""));
        Assert.DoesNotMatch(RuleId(), LineComment().Replace("/// <summary>RL0004: unreadable</summary>", ""));
    }
}
