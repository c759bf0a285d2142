using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Fixtures;

/// <summary>Makes forgetting a step impossible: every registered rule is documented, has fixtures, and is silent on an empty repository.</summary>
public sealed class MetaTests
{
    /// <summary>Every registered rule id.</summary>
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var d in BuiltInRules.Descriptors) data.Add(d.Id);
        return data;
    }

    private static RuleDescriptor Descriptor(string id) => BuiltInRules.Descriptors.Single(d => d.Id == id);

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_documentation_page_with_the_required_sections(string id)
    {
        var page = Path.Combine(TestPaths.Root, "rules", id + ".md");
        Assert.True(File.Exists(page), $"rules/{id}.md is missing");
        var text = File.ReadAllText(page);
        var d = Descriptor(id);
        Assert.StartsWith($"# {id} {d.Name}", text);
        foreach (var section in new[] { "## What it reports", "## Why", "## Example", "## How to fix", "## How to suppress" })
            Assert.True(text.Contains(section, StringComparison.Ordinal), $"rules/{id}.md lacks '{section}'");
        Assert.Equal(text, RuleDocs.Get(id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_firing_and_quiet_fixtures(string id)
    {
        var cases = FixtureCase.All().Where(c => c.RuleId == id).ToList();
        Assert.True(cases.Any(c => c.IsFiring), $"tests/fixtures/{id}/firing* is missing");
        Assert.True(cases.Any(c => c.IsQuiet), $"tests/fixtures/{id}/quiet* is missing");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_help_uri_is_derived_from_its_id(string id) =>
        Assert.Equal(RuleDescriptor.HelpBase + id + ".md", Descriptor(id).HelpUri.ToString());

    [Fact]
    public void Rules_report_nothing_on_an_empty_repository()
    {
        using var dir = new TempDir();
        var result = LintEngine.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = LibGit2Repository.Open } });
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Rule_ids_and_names_are_unique_and_ids_match_their_range()
    {
        var all = BuiltInRules.Descriptors;
        Assert.Equal(all.Count, all.Select(d => d.Id).Distinct().Count());
        Assert.Equal(all.Count, all.Select(d => d.Name).Distinct().Count());
        foreach (var d in all)
        {
            Assert.Matches("^RL[0-9]{4}$", d.Id);
            Assert.Equal((int)d.Category, d.Id[2] - '0');
        }
    }

    [Fact]
    public void Every_rule_class_file_is_named_after_its_id()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src", "ReleaseLint.Rules"), "RL*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(f)[..6]).ToHashSet();
        foreach (var rule in BuiltInRules.Create())
            Assert.Contains(rule.Descriptor.Id, files);
    }
}

/// <summary>
/// README keeps no rule list of its own, nor a list of the rules with a fix (<c>releaselint rules</c> and <c>rules/</c>
/// are the index, built from the descriptors), so adding a rule does not touch it; what it does name must exist.
/// </summary>
public sealed partial class ReadmeTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\bRL[0-9]{4}\b")]
    private static partial System.Text.RegularExpressions.Regex RuleId();

    [Fact]
    public void Readme_names_only_registered_rules_and_keeps_no_rule_table()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.Root, "README.md"));
        var known = BuiltInRules.Descriptors.Select(d => d.Id).ToHashSet();
        var unknown = RuleId().Matches(readme).Select(m => m.Value).Where(id => !known.Contains(id)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "README.md names rules that do not exist: " + string.Join(", ", unknown));
        // The catalogue is not kept in README, nor any list of rules by a property of theirs (the rules with a fix are
        // `releaselint rules`' fix column, from the descriptors): no table keyed by rule.
        Assert.DoesNotContain("<!-- rules-table", readme, StringComparison.Ordinal);
        var tabled = readme.Split('\n').Where(l => l.StartsWith("| [RL", StringComparison.Ordinal) || l.StartsWith("| RL", StringComparison.Ordinal)).ToList();
        Assert.True(tabled.Count == 0, "README.md tables rules (the rule list, and which rules have a fix, are `releaselint rules` and rules/, so that adding a rule touches no README):\n" + string.Join("\n", tabled));
    }
}
