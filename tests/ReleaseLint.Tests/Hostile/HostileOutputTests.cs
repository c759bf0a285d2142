using ReleaseLint.Cli;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;

namespace ReleaseLint.Tests.Hostile;

/// <summary>
/// What reaches the terminal and the Actions log: names, keys and messages from the repository are escaped, no line of
/// text output starts a workflow command, and every command-line or file-system error is one line and exit code 2.
/// </summary>
public sealed class HostileOutputTests
{
    [Fact]
    public void A_file_name_with_a_newline_and_a_workflow_command_cannot_start_a_line()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var repo = new TempDir();
        repo.Write("x\n::error title=pwned::y.md", "# T\n\n[bad](missing.md)\n");
        repo.Write("::warning::z.md", "# T\n\n[bad](gone.md)\n");
        var (code, output, _) = Hostile.Run("check", repo.Path);
        Assert.Equal(1, code);
        var lines = output.Split('\n');
        Assert.DoesNotContain(lines, l => l.StartsWith("::", StringComparison.Ordinal));
        Assert.Contains(@"./::warning::z.md:3:7: error RL4003 link target 'gone.md' does not exist", lines);
        Assert.Contains(@"x\n::error title=pwned::y.md:3:7: error RL4003 link target 'missing.md' does not exist", lines);
        var github = Hostile.Run("check", repo.Path, "--format", "github").Out.Split('\n');
        // Every line is a command ReleaseLint wrote (or the summary): the names are inside a property, %-encoded.
        Assert.All(github.Where(l => l.Length > 0), l => Assert.Matches(@"^(::(error|warning|notice) |\d+ errors?, )", l));
        Assert.Contains(github, l => l.Contains("file=x%0A%3A%3Aerror title=pwned%3A%3Ay.md,", StringComparison.Ordinal));
    }

    [Fact]
    public void Escape_sequences_from_yaml_keys_and_messages_never_reach_the_terminal()
    {
        using var repo = new TempDir();
        repo.Write(".github/workflows/ci.yml", "on: [\"pu\\e]0;owned\\x07sh\"]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n");
        foreach (var format in new[] { "text", "github" })
        {
            var (code, output, _) = Hostile.Run("check", repo.Path, "--format", format);
            Assert.Equal(1, code);
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u0007', output);
            Assert.Contains(@"pu\x1B]0;owned\x07sh", output);
        }
        Assert.Equal(@"a\x1B[31mb\u202Ec\x9Bd\te\nf", TerminalEscape.Escape("a\u001b[31mb\u202ec\u009bd\te\nf"));
        Assert.Equal("./::error::x", TerminalEscape.Line("::error::x"));
        Assert.Equal("plain text, accents é and 漢字", TerminalEscape.Escape("plain text, accents é and 漢字"));
    }

    [Fact]
    public void Output_to_a_directory_a_full_device_or_a_full_standard_output_is_one_line_and_exit_2()
    {
        using var repo = new TempDir();
        repo.Write("README.md", "# R\n");
        var directory = Hostile.Run("check", repo.Path, "--output", repo.Path);
        Assert.Equal(2, directory.Code);
        Assert.Equal($"releaselint: --output '{repo.Path}' is a directory; name the report file to write\n", directory.Err.ReplaceLineEndings("\n"));

        var full = new StringWriter();
        var code = ReleaseLintCli.Run(["check", repo.Path], new FullWriter(), full);
        Assert.Equal(2, code);
        Assert.Equal("releaselint: No space left on device : '/dev/stdout' (the disk or device is full)\n", full.ToString().ReplaceLineEndings("\n"));

        if (!OperatingSystem.IsLinux() || !File.Exists("/dev/full")) return;
        var device = Hostile.Run("check", repo.Path, "--output", "/dev/full");
        Assert.Equal(2, device.Code);
        Assert.Equal("releaselint: No space left on device : '/dev/full' (the disk or device is full)\n", device.Err.ReplaceLineEndings("\n"));
        // Still a device: the report was written to it, not renamed over it.
        Assert.Equal(ReleaseLint.Inputs.Files.FileKind.CharacterDevice, ReleaseLint.Inputs.Files.SafeFile.KindOf("/dev/full"));
    }

    [Theory]
    [InlineData("abc", "releaselint: --rule-timeout expects a number of seconds above 0, not 'abc'")]
    [InlineData("-5", "releaselint: --rule-timeout expects a number of seconds above 0, not '-5'")]
    public void A_bad_option_value_is_one_line_and_exit_2(string value, string message)
    {
        var (code, output, error) = Hostile.Run("check", ".", "--rule-timeout", value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal([message, "releaselint: see 'releaselint --help'"], error.ReplaceLineEndings("\n").TrimEnd().Split('\n'));
    }

    [Fact]
    public void Temporary_files_of_killed_runs_are_removed_by_the_next_run_and_live_ones_are_kept()
    {
        using var repo = new TempDir();
        repo.Write("README.md", "# R\n");
        var report = Path.Combine(repo.Path, "out", "report.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        var dead = Path.Combine(repo.Path, "out", $".report.txt.{int.MaxValue}.{Guid.NewGuid():N}.tmp"); // no such process
        var live = Path.Combine(repo.Path, "out", $".report.txt.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var other = Path.Combine(repo.Path, "out", $".other.txt.{int.MaxValue}.{Guid.NewGuid():N}.tmp");
        foreach (var f in new[] { dead, live, other }) File.WriteAllText(f, "half a report");
        var (code, _, _) = Hostile.Run("check", repo.Path, "--output", report);
        Assert.Equal(0, code);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other)); // another file's temporaries are not this write's business
        Assert.Equal(["report.txt"], Directory.GetFiles(Path.GetDirectoryName(report)!).Select(f => Path.GetFileName(f)).Where(n => !n.StartsWith(".", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void Output_through_a_link_keeps_the_link()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var repo = new TempDir();
        repo.Write("README.md", "# R\n");
        var target = repo.Write("reports/real.txt", "old");
        var link = Path.Combine(repo.Path, "report.txt");
        File.CreateSymbolicLink(link, target);
        AtomicFile.WriteText(link, "new");
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(target));
    }

    /// <summary>Standard output on a full disk: every write fails.</summary>
    private sealed class FullWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => throw new IOException("No space left on device : '/dev/stdout'");
        public override void Write(string? value) => throw new IOException("No space left on device : '/dev/stdout'");
        public override void WriteLine(string? value) => throw new IOException("No space left on device : '/dev/stdout'");
    }
}
