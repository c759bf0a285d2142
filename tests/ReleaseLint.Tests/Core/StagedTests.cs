using System.Diagnostics;
using ReleaseLint.Cli;

namespace ReleaseLint.Tests.Core;

/// <summary>check --staged and install-hook, on repositories built with the git CLI.</summary>
public sealed class StagedTests
{
    private const string Clean = "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n";
    private const string Unpinned = "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/tool@v1\n";

    internal static string Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(dir);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in new[] { ("GIT_AUTHOR_NAME", "t"), ("GIT_AUTHOR_EMAIL", "t@example.com"), ("GIT_COMMITTER_NAME", "t"), ("GIT_COMMITTER_EMAIL", "t@example.com"), ("GIT_AUTHOR_DATE", "2025-03-10T12:00:00Z"), ("GIT_COMMITTER_DATE", "2025-03-10T12:00:00Z") })
            start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && args[0] != "commit") throw new InvalidOperationException($"git {string.Join(' ', args)}: {output}");
        return output + $"\n(exit {p.ExitCode})";
    }

    private static TempDir Repo()
    {
        var dir = new TempDir();
        Git(dir.Path, "init", "-q", "-b", "main");
        dir.Write(".github/workflows/ci.yml", Clean);
        dir.Write("README.md", "# Project\n");
        Git(dir.Path, "add", "-A");
        Git(dir.Path, "commit", "-q", "-m", "initial");
        return dir;
    }

    private static (int Code, string Out) Check(string dir, params string[] extra)
    {
        var stdout = new StringWriter();
        var code = ReleaseLintCli.Run(["check", dir, "--staged", .. extra], stdout, new StringWriter());
        return (code, stdout.ToString());
    }

    [Fact]
    public void Staged_content_is_linted_not_the_working_tree()
    {
        using var dir = Repo();
        dir.Write(".github/workflows/ci.yml", Unpinned);
        Git(dir.Path, "add", ".github/workflows/ci.yml");
        dir.Write(".github/workflows/ci.yml", Clean); // fixed in the working tree, but not staged
        var (code, output) = Check(dir.Path);
        Assert.Equal(1, code);
        Assert.Contains(".github/workflows/ci.yml:8:15: error RL1004 'acme/tool@v1'", output);
    }

    [Fact]
    public void Only_staged_files_are_reported()
    {
        using var dir = Repo();
        dir.Write("docs/broken.md", "[x](missing.md)\n"); // not staged
        dir.Write("docs/staged.md", "# Staged\n\n[y](gone.md)\n");
        Git(dir.Path, "add", "docs/staged.md");
        var (code, output) = Check(dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("docs/staged.md:3:5: error RL4003", output);
        Assert.DoesNotContain("docs/broken.md", output);
        Assert.DoesNotContain("RL1004", output);
    }

    [Fact]
    public void Snapshot_reads_the_index_whether_or_not_the_disk_copy_matches()
    {
        using var dir = Repo();
        dir.Write("docs/guide.md", "# Guide\n");
        Git(dir.Path, "add", "-A");
        Git(dir.Path, "commit", "-q", "-m", "guide");
        dir.Write("README.md", "# Edited, not staged\n"); // differs from the index: read through git
        File.CreateSymbolicLink(Path.Combine(dir.Path, "link.md"), "docs/guide.md");
        Git(dir.Path, "add", "link.md");
        using var snapshot = ReleaseLint.Git.StagedSnapshot.Open(dir.Path);
        Assert.Equal("# Project\n", System.Text.Encoding.UTF8.GetString(snapshot.Read("README.md")!));
        Assert.Equal("# Guide\n", System.Text.Encoding.UTF8.GetString(snapshot.Read("docs/guide.md")!)); // unchanged: from disk
        Assert.Equal("docs/guide.md", System.Text.Encoding.UTF8.GetString(snapshot.Read("link.md")!)); // a link's blob is its target
        Assert.Null(snapshot.Read("not/in/the/index.md"));
    }

    [Fact]
    public void A_staged_file_over_the_size_limit_is_RL0004_and_is_not_held_in_memory_and_the_next_file_still_reads()
    {
        using var dir = Repo();
        dir.Write(".releaselint.yml", "limits:\n  max-file-bytes: 4096\n");
        dir.Write("docs/huge.md", "# Huge\n\n" + new string('x', 20_000) + "\n");
        dir.Write("docs/small.md", "# Small\n\n[y](gone.md)\n");
        Git(dir.Path, "add", "-A");
        dir.Write("docs/huge.md", "# edited after staging: read through git\n");
        using (var snapshot = ReleaseLint.Git.StagedSnapshot.Open(dir.Path))
        {
            var huge = snapshot.ReadWithin("docs/huge.md", 4096);
            Assert.Null(huge.Bytes);
            Assert.Equal(20_009, huge.Size);
            // The pipe is past the skipped blob: the next answer is the next file's.
            Assert.Equal("# Small\n\n[y](gone.md)\n", System.Text.Encoding.UTF8.GetString(snapshot.ReadWithin("docs/small.md", 4096).Bytes!));
            Assert.Equal(-1, snapshot.ReadWithin("not/in/the/index.md", 4096).Size);
        }
        var (code, output) = Check(dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("docs/huge.md:1:1: error RL0004 file is 20,009 bytes, over the limit of 4,096 bytes (limits.max-file-bytes); it was not linted", output);
        Assert.Contains("docs/small.md:3:5: error RL4003", output);
    }

    [Fact]
    public void Snapshot_with_attributes_reads_every_file_through_git()
    {
        using var dir = Repo();
        dir.Write(".gitattributes", "*.md text eol=crlf\n");
        dir.Write("docs/guide.md", "# Guide\r\nText\r\n"); // stored with LF in the index, CRLF on disk
        Git(dir.Path, "add", "-A");
        Git(dir.Path, "commit", "-q", "-m", "attributes");
        Assert.DoesNotContain("docs/guide.md", Git(dir.Path, "diff", "--name-only"));
        using var snapshot = ReleaseLint.Git.StagedSnapshot.Open(dir.Path);
        Assert.Equal("# Guide\nText\n", System.Text.Encoding.UTF8.GetString(snapshot.Read("docs/guide.md")!));
    }

    [Fact]
    public void Nothing_staged_is_clean()
    {
        using var dir = Repo();
        dir.Write(".github/workflows/ci.yml", Unpinned);
        Assert.Equal(0, Check(dir.Path).Code);
    }

    [Fact]
    public void The_installed_hook_blocks_a_commit_that_introduces_a_violation()
    {
        using var dir = Repo();
        var install = new StringWriter();
        Assert.Equal(0, ReleaseLintCli.Run(["install-hook", dir.Path], install, new StringWriter()));
        var hook = Path.Combine(dir.Path, ".git", "hooks", "pre-commit");
        Assert.Contains(InstallHookCommand.Marker, File.ReadAllText(hook));

        dir.Write(".github/workflows/ci.yml", Unpinned);
        Git(dir.Path, "add", "-A");
        var blocked = Git(dir.Path, "commit", "-m", "unpinned");
        Assert.Contains("error RL1004", blocked);
        Assert.EndsWith("(exit 1)", blocked);

        dir.Write(".github/workflows/ci.yml", Clean.Replace("actions/checkout@v4", "acme/tool@0123456789abcdef0123456789abcdef01234567"));
        Git(dir.Path, "add", "-A");
        Assert.EndsWith("(exit 0)", Git(dir.Path, "commit", "-q", "-m", "pinned"));
    }

    [Fact]
    public void A_staged_run_does_not_print_the_protection_note_that_a_full_run_prints()
    {
        using var dir = Repo();
        dir.Write(".github/workflows/ci.yml", Clean.Replace("build:", "test:"));
        Git(dir.Path, "add", "-A");
        var (code, staged) = Check(dir.Path);
        Assert.Equal(0, code);
        Assert.DoesNotContain("branch protection was not judged", staged);
        var full = new StringWriter();
        ReleaseLintCli.Run(["check", dir.Path], full, new StringWriter());
        Assert.Contains("branch protection was not judged", full.ToString());
    }

    [Fact]
    public void The_hook_names_the_tool_command_outside_the_versioned_store()
    {
        using var dir = new TempDir();
        var command = dir.Write("tools/releaselint", "#!/bin/sh\n");
        var store = Path.Combine(dir.Path, "tools/.store/releaselint/0.1.0/releaselint/0.1.0/tools/net10.0/any");
        var native = dir.Write("tools/.store/releaselint/0.1.0/releaselint/0.1.0/tools/net10.0/any/releaselint-native", "");
        Assert.Contains($"exec '{command}' check --staged", InstallHookCommand.Script(native, store + "/"));
        Assert.Contains($"exec '{command}' check --staged", InstallHookCommand.Script("/usr/share/dotnet/dotnet", store + "/"));
        Assert.DoesNotContain(".store", InstallHookCommand.Script(native, store + "/"));
        // Outside a tool store (a build from source), the hook keeps the path it was started from.
        Assert.Contains("exec dotnet '/src/bin/releaselint.dll' check --staged", InstallHookCommand.Script("/usr/bin/dotnet", "/src/bin/"));
    }

    [Fact]
    public void The_hook_runs_a_fallback_command_whose_path_has_quotes_and_dollars()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDir();
        var tool = dir.Write("it's $HOME/releaselint", "#!/bin/sh\necho \"ran: $*\"\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var hook = dir.Write("pre-commit", InstallHookCommand.Script(tool, dir.Path));
        var start = new ProcessStartInfo("sh", [hook]) { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["PATH"] = "/usr/bin:/bin";
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal("ran: check --staged\n", output);
    }

    [Fact]
    public void Install_hook_refuses_a_foreign_hook_without_force()
    {
        using var dir = Repo();
        var hook = dir.Write(".git/hooks/pre-commit", "#!/bin/sh\nexec make lint\n");
        var stderr = new StringWriter();
        Assert.Equal(2, ReleaseLintCli.Run(["install-hook", dir.Path], new StringWriter(), stderr));
        Assert.Contains("was not written by ReleaseLint", stderr.ToString());
        Assert.Equal("#!/bin/sh\nexec make lint\n", File.ReadAllText(hook));
        Assert.Equal(0, ReleaseLintCli.Run(["install-hook", dir.Path, "--force"], new StringWriter(), new StringWriter()));
        Assert.Contains(InstallHookCommand.Marker, File.ReadAllText(hook));
    }
}

public sealed class StagedSelectionTests
{
    private static IReadOnlyList<string> Selected(params string[] changed)
    {
        var affected = ReleaseLint.Engine.StagedSelection.Affected(changed);
        return Rules.BuiltInRules.Descriptors.Where(affected).Select(d => d.Id).ToList();
    }

    [Fact]
    public void A_staged_workflow_runs_workflow_rules_and_RL3008_but_not_the_history_walk_or_docs_rules()
    {
        var ids = Selected(".github/workflows/deploy.yml");
        Assert.Contains("RL1004", ids);
        Assert.Contains("RL3008", ids);
        Assert.Contains("RL0004", ids);
        Assert.DoesNotContain("RL3003", ids);
        Assert.DoesNotContain("RL4003", ids);
        Assert.DoesNotContain("RL2002", ids);
    }

    [Fact]
    public void Staged_markdown_runs_docs_and_discussion_rules_only()
    {
        var ids = Selected("docs/guide.md");
        Assert.Contains("RL4003", ids);
        Assert.DoesNotContain("RL1004", ids);
        Assert.All(ids, id => Assert.True(id.StartsWith("RL0") || id.StartsWith("RL4") || id.StartsWith("RL5"), id));
    }

    [Fact]
    public void A_staged_config_runs_everything()
    {
        Assert.Equal(Rules.BuiltInRules.Descriptors.Count, Selected(".releaselint.yml", "README.md").Count);
    }
}
