using ReleaseLint.Engine;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Discussions;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Discussions;

/// <summary>Discussion posts from a JSON export: shapes, positions through escapes, category filter, template parsing.</summary>
public sealed class DiscussionExportTests
{
    private static (Workspace Workspace, TempDir Dir) Load(string json, ReleasePolicy? policy = null)
    {
        var dir = new TempDir();
        dir.Write("README.md", "# Service\n");
        dir.Write("export.json", json);
        var files = FileSet.Scan(dir.Path, []);
        var workspace = new Workspace(files, policy ?? new ReleasePolicy(), discussions: new DiscussionInputs { ExportPath = Path.Combine(dir.Path, "export.json") });
        return (workspace, dir);
    }

    [Fact]
    public void Positions_inside_a_body_account_for_escapes()
    {
        // The body holds \n, \" and \u00e9 escapes before the value: the column must be the raw one in the file.
        var json = "{\"nodes\":[{\"title\":\"Deploy\",\"url\":\"https://github.com/a/b/discussions/1\",\"body\":\"# D\\u00e9ploiement \\\"x\\\"\\n- Deployed commit/tag: `v1`\\n- Fly.io release ID: v42\"}]}";
        var (workspace, dir) = Load(json);
        using (dir)
        {
            var post = Assert.Single(workspace.Discussions.Posts);
            var update = DeploymentUpdate.Of(workspace, post);
            var field = update["Deployed commit/tag"]!;
            Assert.Equal("`v1`", field.Entry.Value);
            var place = post.Place(field.Entry.ValueOffset, field.Entry.ValueLength);
            Assert.Equal("export.json", place.Location.Path);
            var raw = json.IndexOf("`v1`", StringComparison.Ordinal);
            Assert.Equal(raw + 1, place.Location.Column);
            Assert.Equal(raw + 1 + 4, place.Location.EndColumn);
            Assert.Equal(" (post https://github.com/a/b/discussions/1)", place.Suffix);
        }
    }

    [Fact]
    public void Concatenated_pages_edges_comments_and_replies_are_posts()
    {
        var json = """
            {"data":{"repository":{"discussions":{"edges":[{"node":{"title":"A","body":"a","comments":{"nodes":[{"body":"c1","replies":{"nodes":[{"body":"r1"}]}}]}}}]}}}}
            {"data":{"repository":{"discussions":{"nodes":[{"title":"B","body":"b","comments":{"nodes":[]}}]}}}}
            """;
        var (workspace, dir) = Load(json);
        using (dir)
        {
            Assert.Equal(["a", "c1", "r1", "b"], workspace.Discussions.Posts.Select(p => p.Body));
            Assert.Empty(workspace.Discussions.Problems);
        }
    }

    [Fact]
    public void Category_filter_keeps_only_matching_discussions()
    {
        var json = """{"nodes":[{"title":"A","body":"a","category":{"name":"Deployments","slug":"deployments"}},{"title":"B","body":"b","category":{"name":"General","slug":"general"}}]}""";
        var (workspace, dir) = Load(json, new ReleasePolicy { DiscussionCategory = "deployments" });
        using (dir) Assert.Equal(["A"], workspace.Discussions.Posts.Select(p => p.Title));
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("{\"data\":{}}", "holds no discussions")]
    [InlineData("{\"errors\":[{\"message\":\"Bad credentials\"}]}", "holds a GraphQL error: 'Bad credentials'")]
    [InlineData("DEEP", "nested deeper")]
    public void Unreadable_exports_are_problems_not_crashes(string json, string expected)
    {
        if (json == "DEEP") json = new string('[', 5000) + new string(']', 5000);
        var (workspace, dir) = Load(json);
        using (dir)
        {
            var problem = Assert.Single(workspace.Discussions.Problems);
            Assert.Contains(expected, problem.Message);
        }
    }

    [Fact]
    public void A_post_over_the_markdown_budgets_is_a_problem_and_not_checked()
    {
        var deep = string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', i) + "- x\\n"));
        var json = "{\"nodes\":[{\"title\":\"Deploy v1\",\"url\":\"https://github.com/a/b/discussions/1\",\"body\":\"" + deep + "\",\"comments\":{\"nodes\":[{\"body\":\"- Deployed commit/tag: `v1`\"}]}}]}";
        var (workspace, dir) = Load(json);
        using (dir)
        {
            var problem = Assert.Single(workspace.Discussions.Problems);
            Assert.Equal("the post https://github.com/a/b/discussions/1 was not checked: markdown nested too deeply (a list item or quote indented 256 columns)", problem.Message);
            var posts = workspace.Discussions.Posts;
            Assert.False(DeploymentUpdate.Of(workspace, posts[0]).IsDeploymentUpdate);
            Assert.Equal("`v1`", DeploymentUpdate.Of(workspace, posts[1])["Deployed commit/tag"]!.Entry.Value); // the other posts are read
        }
    }

    [Fact]
    public void Template_sections_are_not_updates_and_other_forms_parse()
    {
        var body = """
            # Deployment Strategy: live branch

            **Update template**
            - Deployed commit/tag: `<sha or tag>`
            - Fly.io release ID: `<fly release>`
            """;
        var post = FilePost(body);
        var update = DeploymentUpdate.Parse(post, new ReleasePolicy().DiscussionFields);
        Assert.True(update.HasTemplate);
        Assert.Empty(update.Fields);
        Assert.Equal(2, update.TemplateFields.Count);
        Assert.False(update.IsDeploymentUpdate);

        var forms = """
            # Release

            **Deployed commit/tag**: `v2025.03.10`

            | Fly.io release ID | v42 |
            |---|---|

            ## Validation

            CI green.

            - Rollback status:
              - n/a, healthy

            Runbook updates (links): none
            ```
            Validation: inside a code block is not a field
            ```
            """;
        var u = DeploymentUpdate.Parse(FilePost(forms), new ReleasePolicy().DiscussionFields);
        Assert.Equal(["`v2025.03.10`", "v42", "CI green.", "- n/a, healthy", "none"], u.Fields.Select(f => f.Entry.Value));
        Assert.Equal([UpdateFieldForm.BoldLabel, UpdateFieldForm.TableRow, UpdateFieldForm.Heading, UpdateFieldForm.ListItem, UpdateFieldForm.Line], u.Fields.Select(f => f.Entry.Form));
    }

    [Fact]
    public void Structure_is_read_from_the_markdown_tree_as_GitHub_renders_it()
    {
        var body = """
            Deployment: v2025.03.10
            =======================

            > ## Deployed commit/tag
            > `v2025.03.10`

            - ### Fly.io release ID
              v42

            **Validation:**
            smoke tests passed

            ```
            ## Rollback status
            ```

            | Rollback status | n/a |
            - Runbook updates: none
              still the same item
            <!--
            ## Update template
            """;
        var post = FilePost(body);
        var u = DeploymentUpdate.Parse(post, new ReleasePolicy().DiscussionFields);
        // A setext heading and headings in a quote or list are headings; a heading-like line in a fence is not.
        Assert.Equal([("Deployment: v2025.03.10", 1), ("Deployed commit/tag", 2), ("Fly.io release ID", 3)], u.Headings.Select(h => (h.Text, h.Level)));
        Assert.Equal(body.IndexOf("Deployed commit/tag", StringComparison.Ordinal), u.Headings[1].Offset);
        // A bold label alone on its line takes the rest of its paragraph; a pipe line without a delimiter row is no table;
        // the unindented line after a list item is part of the item (a lazy continuation); the unclosed comment hides the rest.
        Assert.Equal([("Deployed commit/tag", "`v2025.03.10`"), ("Fly.io release ID", "v42"), ("Validation", "smoke tests passed"), ("Runbook updates", "none")],
            u.Fields.Select(f => (f.Name, f.Entry.Value)));
        Assert.Equal(body.IndexOf("smoke", StringComparison.Ordinal), u["Validation"]!.Entry.ValueOffset);
        Assert.False(u.HasTemplate);
        Assert.DoesNotContain("Update template", u.Prose, StringComparison.Ordinal);
        Assert.Equal(body.Length, u.Prose.Length);
    }

    private static DiscussionPost FilePost(string body)
    {
        using var dir = new TempDir();
        dir.Write("docs/discussions/post.md", body);
        var workspace = new Workspace(FileSet.Scan(dir.Path, []), new ReleasePolicy());
        return Assert.Single(workspace.Discussions.Posts);
    }
}
