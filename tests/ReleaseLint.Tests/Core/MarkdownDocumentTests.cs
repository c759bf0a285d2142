using CsCheck;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Tests.Core;

public sealed class MarkdownDocumentTests
{
    private static MarkdownDocument Parse(string text) => MarkdownDocument.Parse(new SourceText("doc.md", text));

    [Theory]
    [InlineData("Promote to `live`", "promote-to-live")]
    [InlineData("Q&A: what's \"live\"?", "qa-whats-live")]
    [InlineData("🚀 Release day", "-release-day")]
    [InlineData("Über uns — café", "über-uns--café")]
    [InlineData("ChatKit & AgentKit Workflow", "chatkit--agentkit-workflow")]
    [InlineData("Fly.io", "flyio")]
    [InlineData("snake_case and kebab-case", "snake_case-and-kebab-case")]
    [InlineData("C# / .NET 10", "c--net-10")]
    [InlineData("1. Numbered", "1-numbered")]
    [InlineData("日本語の見出し", "日本語の見出し")]
    [InlineData(":tada: Party", "tada-party")]
    public void Slugs_match_GitHub(string heading, string slug) => Assert.Equal(slug, GitHubSlugger.Slug(heading));

    [Fact]
    public void Repeated_headings_get_numbered_suffixes()
    {
        var slugger = new GitHubSlugger();
        Assert.Equal(["rollback", "rollback-1", "rollback-2", "rollback-1-1"],
            new[] { "Rollback", "Rollback", "Rollback", "Rollback 1" }.Select(slugger.Next).ToArray());
    }

    [Fact]
    public void Heading_text_is_the_rendered_text()
    {
        var doc = Parse("## [Linked](https://x.y) heading with *emphasis* and `code` ![img](a.png)\n");
        Assert.Equal("Linked heading with emphasis and code", doc.Headings.Single().Text);
        Assert.True(doc.HasAnchor("linked-heading-with-emphasis-and-code"));
    }

    [Fact]
    public void Links_point_at_their_destination()
    {
        var doc = Parse("# T\n\nSee [the guide](docs/guide.md#x) now.\n\n[ref]: other.md\n");
        var inline = doc.Links.Single(l => l.Kind == MarkdownLinkKind.Inline);
        Assert.Equal("docs/guide.md#x", inline.Url);
        Assert.Equal((3, 17), (inline.Location.Line, inline.Location.Column));
        var reference = doc.Links.Single(l => l.Kind == MarkdownLinkKind.Reference);
        Assert.Equal(("other.md", 5, 8), (reference.Url, reference.Location.Line, reference.Location.Column));
    }

    [Fact]
    public void Code_is_not_a_link()
    {
        var doc = Parse("`[a](b.md)`\n\n```md\n[c](d.md)\n```\n\n    [e](f.md)\n");
        Assert.Empty(doc.Links);
        Assert.Equal(3, doc.Code.Count);
    }

    [Fact]
    public void Explicit_anchors_are_collected()
    {
        var doc = Parse("<a name=\"old\"></a>\n\n## New {#custom}\n\n<div id='div-id'>x</div>\n");
        Assert.True(doc.HasAnchor("old"));
        Assert.True(doc.HasAnchor("custom"));
        Assert.True(doc.HasAnchor("div-id"));
        Assert.True(doc.HasAnchor("new-custom"));
    }

    [Fact]
    public void Html_links_are_links()
    {
        var doc = Parse("<p><a href=\"docs/x.md\">x</a> <img src='img/y.png'></p>\n");
        Assert.Equal(["docs/x.md", "img/y.png"], doc.Links.Select(l => l.Url).ToArray());
    }

    [Fact]
    public void Deeply_indented_lists_are_refused_before_parsing()
    {
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', 2 * i) + "- a\n"));
        var doc = Parse(text);
        Assert.NotNull(doc.Error);
        Assert.Contains("nested too deeply", doc.Error!.Message);
        Assert.Equal(129, doc.Error.Line);
    }

    [Fact]
    public void Unclosed_link_destinations_are_refused_before_parsing()
    {
        var doc = Parse("# T\n\n" + string.Concat(Enumerable.Repeat("[a](", 50_000)));
        Assert.NotNull(doc.Error);
        Assert.Contains("unclosed link destinations", doc.Error!.Message);
        Assert.Equal(3, doc.Error.Line);
    }

    [Fact]
    public void Markdig_depth_limit_is_a_finding_not_a_crash()
    {
        var doc = Parse(string.Concat(Enumerable.Repeat("> ", 2000)) + "a\n");
        Assert.NotNull(doc.Error);
    }

    [Fact]
    public void Twenty_thousand_identical_headings_get_distinct_slugs()
    {
        var doc = Parse(string.Concat(Enumerable.Repeat("# Same\n\n", 20_000)));
        Assert.Equal(20_000, doc.Headings.Select(h => h.Slug).Distinct().Count());
        Assert.Equal("same-19999", doc.Headings[^1].Slug);
    }

    [Fact]
    public void Arbitrary_text_never_throws_and_slugs_are_unique()
    {
        var chars = Gen.Char["#[]()`*_<>!-:\n aé🚀|{}=\"'"];
        Gen.String[chars, 0, 300].Sample(text =>
        {
            var doc = Parse(text);
            Assert.Equal(doc.Headings.Count, doc.Headings.Select(h => h.Slug).Distinct().Count());
        }, iter: 2000);
    }
}
