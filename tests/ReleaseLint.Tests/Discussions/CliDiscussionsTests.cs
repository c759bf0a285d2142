using ReleaseLint.Cli;

namespace ReleaseLint.Tests.Discussions;

/// <summary>The <c>--discussions</c> option of <c>releaselint check</c>.</summary>
public sealed class CliDiscussionsTests
{
    [Fact]
    public void Missing_export_file_is_exit_code_2()
    {
        using var dir = new TempDir();
        dir.Write("README.md", "# Service\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ReleaseLintCli.Run(["check", dir.Path, "--discussions", Path.Combine(dir.Path, "missing.json")], stdout, stderr);
        Assert.Equal(ReleaseLintCli.ExitError, code);
        Assert.Contains("discussions export", stderr.ToString());
        Assert.Contains("does not exist", stderr.ToString());
    }

    [Fact]
    public void Export_posts_are_checked()
    {
        using var dir = new TempDir();
        dir.Write("README.md", "# Service\n");
        dir.Write("export.json", """{"nodes":[{"title":"Deploy","url":"https://github.com/a/b/discussions/3","body":"- Deployed commit/tag: `v2025.03.10`\n- Fly.io release ID: `<fly release>`"}]}""");
        var stdout = new StringWriter();
        var code = ReleaseLintCli.Run(["check", dir.Path, "--discussions", Path.Combine(dir.Path, "export.json"), "--fail-on", "warning"], stdout, new StringWriter());
        Assert.Equal(ReleaseLintCli.ExitFindings, code);
        Assert.Contains("export.json:1:", stdout.ToString());
        Assert.Contains("RL5002 field 'Fly.io release ID' still holds the placeholder '<fly release>'", stdout.ToString());
        Assert.Contains("(post https://github.com/a/b/discussions/3)", stdout.ToString());
    }
}
