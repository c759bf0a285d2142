using ReleaseLint.Inputs.Files;

namespace ReleaseLint.Tests.Core;

public sealed class FilesTests
{
    [Theory]
    [InlineData("vendor/**", "vendor/a/b.md", true)]
    [InlineData("vendor/**", "src/vendor/a.md", false)]
    [InlineData("*.md", "docs/a.md", true)]
    [InlineData("docs/*.md", "docs/a/b.md", false)]
    [InlineData("docs/**/*.md", "docs/a/b/c.md", true)]
    [InlineData("docs/**/*.md", "docs/c.md", true)]
    [InlineData("node_modules/", "a/node_modules/x.js", true)]
    [InlineData("file[0-9].txt", "file7.txt", true)]
    [InlineData("file[!0-9].txt", "file7.txt", false)]
    [InlineData("a?c", "abc", true)]
    public void Globs_match_like_gitignore(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new Glob(pattern).IsMatch(path));

    [Fact]
    public void Gitignore_files_at_any_level_are_respected_with_negation()
    {
        using var dir = new TempDir();
        dir.Write(".gitignore", "*.log\nbuild/\n!keep.log\n# comment\n");
        dir.Write("a.log", "x");
        dir.Write("keep.log", "x");
        dir.Write("build/out.md", "x");
        dir.Write("docs/.gitignore", "/local.md\n");
        dir.Write("docs/local.md", "x");
        dir.Write("docs/kept.md", "x");
        dir.Write("docs/sub/local.md", "x");
        dir.Write("node_modules/pkg/README.md", "x");
        dir.Write(".git/config", "[core]\n");
        var files = FileSet.Scan(dir.Path, [new Glob("node_modules/")]);
        Assert.Equal([".gitignore", "docs/.gitignore", "docs/kept.md", "docs/sub/local.md", "keep.log"], files.Files.ToArray());
        Assert.True(files.ContainsDirectory("docs/sub"));
        Assert.False(files.ContainsDirectory("build"));
    }
}
