using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Tests.Docs;

/// <summary>Heading anchors as GitHub computes them, on the hard cases the docs rules depend on.</summary>
public sealed class GitHubSlugTests
{
    private static IReadOnlyList<string> Slugs(string markdown) =>
        MarkdownDocument.Parse(new SourceText("doc.md", markdown)).Headings.Select(h => h.Slug).ToList();

    [Theory]
    [InlineData("## Q&A: what's \"live\"?", "qa-whats-live")]
    [InlineData("## Promote to `live`", "promote-to-live")]
    [InlineData("## 🚀 Release day", "-release-day")]
    [InlineData("## :rocket: Release day", "rocket-release-day")]
    [InlineData("## Über uns — café", "über-uns--café")]
    [InlineData("## 日本語の見出し", "日本語の見出し")]
    [InlineData("## [Linked](https://example.com) heading with *emphasis*", "linked-heading-with-emphasis")]
    [InlineData("## Heading with [`code` link](docs/x.md)", "heading-with-code-link")]
    [InlineData("## Version 1.2.3 (2025-03-10)", "version-123-2025-03-10")]
    [InlineData("## C# & F#", "c--f")]
    [InlineData("## foo_bar-baz", "foo_bar-baz")]
    [InlineData("##   Closing hashes   ##", "closing-hashes")]
    [InlineData("## &lt;tag&gt; entity", "tag-entity")]
    [InlineData("## Image ![logo](logo.png) dropped", "image--dropped")]
    [InlineData("Setext heading\n==============", "setext-heading")]
    public void Slug_matches_github(string heading, string slug) => Assert.Equal(slug, Slugs(heading).Single());

    [Fact]
    public void Repeated_headings_are_numbered_like_github_slugger()
    {
        Assert.Equal(["rollback", "rollback-1", "rollback-2", "rollback-1-1"], Slugs("## Rollback\n\n## Rollback\n\n## Rollback\n\n## Rollback-1\n"));
    }

    [Fact]
    public void Heading_attribute_lists_are_explicit_anchors()
    {
        var doc = MarkdownDocument.Parse(new SourceText("doc.md", "## `preview` {: #lint_preview }\n\n## Custom {#custom .wide}\n"));
        Assert.True(doc.HasAnchor("lint_preview"));
        Assert.True(doc.HasAnchor("custom"));
    }

    [Fact]
    public void Bound_attributes_are_not_links_or_anchors()
    {
        var doc = MarkdownDocument.Parse(new SourceText("doc.md", "<a :href=\"dep.url\" :id=\"dep.name\">x</a> <img data-src=\"lazy.png\"> <a href=\"real.md\" id=\"real\">y</a>\n"));
        Assert.Equal(["real.md"], doc.Links.Select(l => l.Url));
        Assert.True(doc.HasAnchor("real"));
        Assert.False(doc.HasAnchor("dep.name"));
    }

    [Fact]
    public void Code_blocks_span_their_fences()
    {
        var doc = MarkdownDocument.Parse(new SourceText("doc.md", "Text\n\n```yaml\nname: x\n```\n\nMore\n"));
        var block = Assert.Single(doc.Code, c => c.IsBlock);
        Assert.Equal((3, 5), (block.Location.Line, block.Location.EndLine));
    }
}
