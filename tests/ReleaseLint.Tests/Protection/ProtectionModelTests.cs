using ReleaseLint.Engine;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Json;
using ReleaseLint.Inputs.Protection;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Policy;
using ReleaseLint.Rules.Protection;

namespace ReleaseLint.Tests.Protection;

/// <summary>The protection model's parts: positioned JSON, ref patterns, the effective merge, workflow triggers and check names.</summary>
public sealed class ProtectionModelTests
{
    [Fact]
    public void Json_positions_are_lines_and_utf16_columns_even_after_multibyte_text()
    {
        var text = new SourceText("x.json", "{\n  \"name\": \"rélease 🚀\", \"enforcement\": \"active\",\n  \"rules\": [ { \"type\": \"deletion\" } ]\n}\n");
        var root = (DataObject)DataReader.ParseJson(text, keepPositions: true, out var error)!;
        Assert.Null(error);
        var enforcement = root.Find("enforcement")!;
        Assert.Equal(2, enforcement.KeyLocation!.Line);
        Assert.Equal(text.Line(2).IndexOf("\"enforcement\"", StringComparison.Ordinal) + 1, enforcement.KeyLocation.Column);
        Assert.Equal(text.Line(2).IndexOf("\"active\"", StringComparison.Ordinal) + 1, enforcement.Value.Location!.Column);
        Assert.Equal("\"active\"".Length, enforcement.Value.Location.EndColumn - enforcement.Value.Location.Column);
        var type = ((DataObject)((DataArray)root["rules"]!).Items[0]).Find("type")!;
        Assert.Equal(3, type.Value.Location!.Line);
        Assert.Equal(text.Line(3).IndexOf("\"deletion\"", StringComparison.Ordinal) + 1, type.Value.Location.Column);
    }

    [Fact]
    public void Json_comments_and_trailing_commas_are_tolerated_and_errors_are_located()
    {
        Assert.NotNull(DataReader.ParseJson(new SourceText("a.json", "{ \"a\": 1, // note\n \"b\": [1, 2,], }"), true, out _));
        Assert.Null(DataReader.ParseJson(new SourceText("b.json", "{\n  \"a\": 1\n  \"b\": 2\n}"), true, out var error));
        Assert.Equal((3, 3), (error!.Line, error.Column));
        Assert.Null(DataReader.ParseJson(new SourceText("c.json", "  \n"), true, out error));
        Assert.Contains("empty", error!.Message, StringComparison.Ordinal);
        Assert.Null(DataReader.ParseJson(new SourceText("d.json", new string('[', 200) + new string(']', 200)), true, out error));
        Assert.Contains("depth", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_becomes_the_same_tree_with_types_kept()
    {
        var text = new SourceText("s.yml", "a: true\nb: 2\nc: yes\nd: null\ne: '3'\n");
        var root = (DataObject)DataReader.FromYaml(YamlFile.Parse(text).Root!, text);
        Assert.Equal(DataKind.Boolean, root["a"]!.Kind);
        Assert.Equal(2, ((DataValue)root["b"]!).AsLong);
        Assert.Equal(DataKind.String, root["c"]!.Kind); // YAML 1.2: 'yes' is a string
        Assert.Equal(DataKind.Null, root["d"]!.Kind);
        Assert.Equal(DataKind.String, root["e"]!.Kind);
        Assert.Equal(3, root.Find("c")!.Value.Location!.Line);
    }

    [Theory]
    [InlineData("~ALL", "refs/heads/anything/deep", true)]
    [InlineData("~DEFAULT_BRANCH", "refs/heads/main", true)]
    [InlineData("~DEFAULT_BRANCH", "refs/heads/live", false)]
    [InlineData("refs/heads/live", "refs/heads/live", true)]
    [InlineData("live", "refs/heads/live", true)]
    [InlineData("refs/heads/release/*", "refs/heads/release/2025-03-10", true)]
    [InlineData("refs/heads/release/*", "refs/heads/release/2025/03", false)]
    [InlineData("refs/heads/release/**", "refs/heads/release/2025/03", true)]
    [InlineData("refs/heads/li?e", "refs/heads/live", true)]
    [InlineData("refs/heads/[lm]*", "refs/heads/main", true)]
    public void Ruleset_ref_patterns(string pattern, string refName, bool matches) =>
        Assert.Equal(matches, RefPattern.Matches(pattern, refName, "refs/heads/", "main"));

    [Fact]
    public void Exclude_wins_over_include()
    {
        var layer = new ProtectionLayer
        {
            Kind = ProtectionLayerKind.Ruleset, Name = "r", Origin = new ProtectionOrigin("r.json", false),
            Include = [new Located<string>("~ALL", null)], Exclude = [new Located<string>("refs/heads/dependabot/**", null)],
        };
        Assert.True(layer.AppliesTo("refs/heads/live", "main"));
        Assert.False(layer.AppliesTo("refs/heads/dependabot/npm/x", "main"));
        Assert.False(layer.AppliesTo("refs/tags/v1", "main")); // a branch ruleset never applies to tags
    }

    [Fact]
    public void Effective_protection_takes_the_strictest_setting_of_classic_and_active_rulesets_only()
    {
        using var dir = new TempDir();
        dir.Write(".github/branch-protection/live.json", """
            { "required_pull_request_reviews": { "required_approving_review_count": 1, "dismiss_stale_reviews": false },
              "enforce_admins": { "enabled": true }, "allow_force_pushes": { "enabled": true }, "allow_deletions": { "enabled": false } }
            """);
        dir.Write(".github/rulesets/strict.json", """
            { "name": "strict", "target": "branch", "enforcement": "active", "bypass_actors": [],
              "conditions": { "ref_name": { "include": ["refs/heads/li*"], "exclude": [] } },
              "rules": [ { "type": "non_fast_forward" }, { "type": "pull_request", "parameters": { "required_approving_review_count": 2, "dismiss_stale_reviews_on_push": true } } ] }
            """);
        dir.Write(".github/rulesets/dry-run.json", """
            { "name": "dry run", "target": "branch", "enforcement": "evaluate",
              "conditions": { "ref_name": { "include": ["~ALL"], "exclude": [] } },
              "rules": [ { "type": "pull_request", "parameters": { "required_approving_review_count": 6 } } ] }
            """);
        var model = Model(dir.Path);
        var live = model.For("live");
        Assert.Equal(2, live.Layers.Count);
        Assert.Equal(ProtectionLayerKind.Classic, live.Primary!.Kind);
        Assert.Equal("ruleset 'dry run'", Assert.Single(live.Inactive).Name);
        Assert.Equal(2, live.Approvals!.Value);
        Assert.Equal("ruleset 'strict'", live.Approvals.Layer.Name);
        Assert.True(live.DismissStaleReviews!.Value);
        Assert.False(live.ForcePushesAllowed!.Value);
        Assert.Equal(".github/rulesets/strict.json", live.ForcePushesAllowed.Location!.Path);
        Assert.False(live.DeletionsAllowed!.Value);
        Assert.Null(live.Incomplete);
        var main = model.For("main");
        Assert.False(main.IsProtected);
        Assert.Single(main.Inactive);
    }

    [Fact]
    public void An_unreadable_ruleset_makes_every_branch_incomplete()
    {
        using var dir = new TempDir();
        dir.Write(".github/rulesets/broken.json", "{ \"name\": ");
        var model = Model(dir.Path);
        Assert.True(model.HasSource);
        Assert.NotNull(model.For("live").Incomplete);
        var problem = Assert.Single(model.Problems);
        Assert.Equal(".github/rulesets/broken.json", problem.Location!.Path);
    }

    [Fact]
    public void Workflow_triggers_for_a_branch()
    {
        Assert.True(WorkflowTriggers.RunsFor(Workflow("on: [push, pull_request]\njobs: {}\n"), "live"));
        Assert.False(WorkflowTriggers.RunsFor(Workflow("on:\n  push:\n    tags: ['v*']\njobs: {}\n"), "live"));
        Assert.False(WorkflowTriggers.RunsFor(Workflow("on:\n  pull_request:\n    branches-ignore: [live]\njobs: {}\n"), "live"));
        Assert.True(WorkflowTriggers.RunsFor(Workflow("on:\n  pull_request_target:\n    branches: ['l*']\njobs: {}\n"), "live"));
        Assert.False(WorkflowTriggers.RunsFor(Workflow("on:\n  schedule:\n    - cron: '0 0 * * *'\njobs: {}\n"), "live"));
    }

    [Fact]
    public void Check_names_expand_matrices_and_leave_run_time_parts_open()
    {
        var workflow = Workflow("""
            on: pull_request
            jobs:
              test:
                strategy:
                  matrix:
                    os: [ubuntu, windows]
                    node: [18, 20]
                    exclude:
                      - os: windows
                        node: 18
                    include:
                      - os: ubuntu
                        node: 20
                        experimental: true
                runs-on: x
              named:
                name: Node ${{ matrix.node }}
                strategy: { matrix: { node: [18] } }
                runs-on: x
              dynamic:
                strategy: { matrix: "${{ fromJSON(needs.plan.outputs.m) }}" }
                runs-on: x
              call:
                name: Deploy
                uses: ./.github/workflows/deploy.yml
            """);
        var names = JobCheckNames.Of(workflow).ToList();
        Assert.Equal(["test (ubuntu, 18)", "test (ubuntu, 20, true)", "test (windows, 20)", "Node 18", "dynamic (*)", "Deploy / *"], names.Select(n => n.Display));
        Assert.Matches(names[4].Pattern, "dynamic (linux, 3.12)");
        Assert.Matches(names[5].Pattern, "Deploy / production");
        Assert.DoesNotMatch(names[0].Pattern, "test (ubuntu, 18) ");
    }

    private static WorkflowFile Workflow(string yaml) => WorkflowFile.From(YamlFile.Parse(new SourceText(".github/workflows/w.yml", yaml)));

    private static ProtectionModel Model(string root)
    {
        var workspace = new Workspace(FileSet.Scan(root, []), new ReleasePolicy());
        return workspace.Protection;
    }
}
