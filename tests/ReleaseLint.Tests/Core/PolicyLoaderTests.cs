using ReleaseLint.Inputs;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Core;

public sealed class PolicyLoaderTests
{
    private static (ReleasePolicy Policy, IReadOnlyList<ConfigProblem> Problems) Load(string yaml) =>
        PolicyLoader.Load(new SourceText(".releaselint.yml", yaml));

    [Fact]
    public void Defaults_come_from_the_seed_guide()
    {
        var (policy, problems) = PolicyLoader.Load(null);
        Assert.Empty(problems);
        Assert.Equal(("main", "live"), (policy.IntegrationBranch, policy.ReleaseBranch));
        Assert.Equal("v{yyyy}.{MM}.{dd}[.{n}]", policy.TagFormat.Text);
        Assert.Equal("docs/communications/live-branch.md", policy.Guide);
        Assert.Equal(4, policy.GuideSections.Count);
        Assert.Equal(5, policy.DiscussionFields.Count);
        Assert.True(new PolicyGlobs(policy).IsUnpinnedAllowed("actions/checkout"));
        Assert.False(new PolicyGlobs(policy).IsUnpinnedAllowed("superfly/flyctl-actions"));
    }

    [Fact]
    public void Configured_keys_override_the_defaults_and_keep_their_locations()
    {
        var (policy, problems) = Load("branches:\n  release: production\ntags:\n  annotated: false\nactions:\n  allow-unpinned: [docker]\nrules:\n  RL1004: warning\n  broken-link: off\n");
        Assert.Empty(problems);
        Assert.Equal("production", policy.ReleaseBranch);
        Assert.Equal("main", policy.IntegrationBranch);
        Assert.False(policy.TagsAnnotated);
        Assert.True(new PolicyGlobs(policy).IsUnpinnedAllowed("docker/login-action"));
        Assert.Equal(Severity.Warning, policy.SeverityOf(Rules.Workflows.RL1004UnpinnedAction.Definition));
        Assert.Equal(Severity.Off, policy.SeverityOf(Rules.Docs.RL4003BrokenLink.Definition));
        Assert.Equal((2, 3), (policy.KeyLocations["branches.release"].Line, policy.KeyLocations["branches.release"].Column));
    }

    [Fact]
    public void Bad_keys_are_located_and_fall_back_while_good_keys_apply()
    {
        var (policy, problems) = Load("branches:\n  release: production\n  integraton: dev\ntags:\n  date-tolerance-days: many\n");
        Assert.Equal("production", policy.ReleaseBranch);
        Assert.Equal("main", policy.IntegrationBranch);
        Assert.Equal(1, policy.TagDateToleranceDays);
        Assert.Collection(problems.OrderBy(p => p.Location.Line),
            p => { Assert.Equal((3, 3), (p.Location.Line, p.Location.Column)); Assert.Contains("did you mean 'integration'", p.Message); },
            p => { Assert.Equal(5, p.Location.Line); Assert.Contains("a whole number", p.Message); });
    }

    [Fact]
    public void A_config_that_is_not_a_mapping_is_a_problem()
    {
        var (_, problems) = Load("- just\n- a list\n");
        Assert.Contains("must be a mapping", Assert.Single(problems).Message);
    }

    [Fact]
    public void The_schema_is_valid_json_schema_and_lists_every_top_level_key_the_loader_reads()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(PolicyLoader.SchemaText());
        var keys = doc.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var key in new[] { "branches", "tags", "deploy", "workflows", "actions", "protection", "docs", "discussions", "ignore", "rules", "custom-rules", "limits" })
            Assert.Contains(key, keys);
        var committed = File.ReadAllText(Path.Combine(TestPaths.Root, "rules", "releaselint.schema.json"));
        Assert.Equal(committed, PolicyLoader.SchemaText());
    }

    [Fact]
    public void A_valid_configuration_is_remembered_so_the_schema_is_evaluated_once()
    {
        using var cache = new TempDir();
        var previous = Environment.GetEnvironmentVariable("RELEASELINT_CACHE_DIR");
        Environment.SetEnvironmentVariable("RELEASELINT_CACHE_DIR", cache.Path);
        try
        {
            var yaml = "branches:\n  release: production\n# " + Guid.NewGuid() + "\n";
            Assert.Empty(Load(yaml).Problems);
            var markers = Directory.GetFiles(Path.Combine(cache.Path, "valid-config"));
            Assert.Single(markers);
            var (policy, problems) = Load(yaml);
            Assert.Empty(problems);
            Assert.Equal("production", policy.ReleaseBranch);
            Assert.NotEmpty(Load("branches:\n  release: [not, a, string]\n").Problems);
            Assert.Single(Directory.GetFiles(Path.Combine(cache.Path, "valid-config")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("RELEASELINT_CACHE_DIR", previous);
        }
    }
}
