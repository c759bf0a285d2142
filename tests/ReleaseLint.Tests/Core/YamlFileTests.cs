using CsCheck;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Tests.Core;

public sealed class YamlFileTests
{
    private static YamlFile Parse(string text) => YamlFile.Parse(new SourceText("w.yml", text));

    [Fact]
    public void Keys_and_values_keep_their_line_and_column()
    {
        var file = Parse("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n");
        var root = Assert.IsType<YamlMapping>(file.Root);
        var jobs = root.Find("jobs")!;
        Assert.Equal((2, 1), (jobs.Key.Start.Line, jobs.Key.Start.Column));
        var runsOn = ((YamlMapping)((YamlMapping)jobs.Value)["build"]!).Find("runs-on")!;
        Assert.Equal((4, 5), (runsOn.Key.Start.Line, runsOn.Key.Start.Column));
        Assert.Equal((4, 14), (runsOn.Value.Start.Line, runsOn.Value.Start.Column));
        Assert.Equal("ubuntu-latest", runsOn.Value.AsString());
    }

    [Fact]
    public void Text_inside_a_literal_block_is_located_exactly()
    {
        var text = "run: |\n  echo one\n  echo \"${{ github.event.issue.title }}\"\n  echo ${{ github.event.issue.title }}\n";
        var file = Parse(text);
        var run = (YamlScalar)((YamlMapping)file.Root!)["run"]!;
        var first = run.LocateText("${{ github.event.issue.title }}");
        var second = run.LocateText("${{ github.event.issue.title }}", occurrence: 1);
        Assert.Equal((3, 9), (first.Line, first.Column));
        Assert.Equal((4, 8), (second.Line, second.Column));
        Assert.Equal(first.Column + "${{ github.event.issue.title }}".Length, first.EndColumn);
    }

    [Fact]
    public void Anchors_and_aliases_resolve_to_the_same_node()
    {
        var file = Parse("a: &x [1, 2]\nb: *x\n");
        var root = (YamlMapping)file.Root!;
        Assert.Same(root["a"], root["b"]);
        Assert.Null(file.Error);
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_the_alias_that_crosses_the_limit()
    {
        var lines = new List<string> { "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" };
        for (var i = 1; i < 10; i++)
            lines.Add($"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(",", Enumerable.Repeat("*" + (char)('a' + i - 1), 9))}]");
        var file = Parse(string.Join("\n", lines));
        Assert.Null(file.Root);
        Assert.NotNull(file.Error);
        Assert.Contains("alias expansion", file.Error!.Message);
        Assert.Equal(6, file.Error.Line);
    }

    [Fact]
    public void Fifty_thousand_nested_brackets_are_refused_without_a_stack_overflow()
    {
        var file = Parse("jobs: " + new string('[', 50_000));
        Assert.Null(file.Root);
        Assert.Contains("nesting deeper than 128", file.Error!.Message);
        Assert.Equal((1, 6 + 128), (file.Error.Line, file.Error.Column));
    }

    [Fact]
    public void Invalid_yaml_is_a_located_error_not_an_exception()
    {
        var file = Parse("on: push\njobs:\n  build:\n    steps:\n      - run: a\n    - bad: [\n");
        Assert.NotNull(file.Error);
        Assert.StartsWith("invalid YAML:", file.Error!.Message);
        Assert.True(file.Error.Line >= 5);
    }

    [Fact]
    public void Tab_indentation_is_located_at_the_tab()
    {
        var file = Parse("jobs:\n  a:\n    steps:\n\t  - run: x\n");
        Assert.NotNull(file.Error);
        Assert.Equal((4, 1), (file.Error!.Line, file.Error.Column));
    }

    [Fact]
    public void An_alias_to_no_anchor_is_an_error()
    {
        var file = Parse("a: *nothing\n");
        Assert.Contains("names no anchor", file.Error!.Message);
    }

    [Fact]
    public void Duplicate_keys_are_kept_in_order()
    {
        var map = (YamlMapping)Parse("a: 1\na: 2\n").Root!;
        Assert.Equal(2, map.Entries.Count);
        Assert.Equal("1", map.GetString("a"));
    }

    [Fact]
    public void Arbitrary_text_never_throws()
    {
        var chars = Gen.Char["abc:-[]{}&*!|>'\"#\n\t %@`,?"];
        Gen.String[chars, 0, 200].Sample(text =>
        {
            var file = Parse(text);
            Assert.True(file.Root is not null || file.Error is not null || text.Trim().Length == 0 || file.DocumentCount >= 0);
        }, iter: 3000);
    }
}
