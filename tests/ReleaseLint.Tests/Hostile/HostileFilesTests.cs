using ReleaseLint.Inputs.Files;

namespace ReleaseLint.Tests.Hostile;

/// <summary>
/// Hostile repositories on disk, built at test time: symbolic links out of the root, FIFOs and devices where text is
/// expected, oversized files, names that are not UTF-8. Each gives a located finding or a one-line error, nothing
/// from outside the root is read or printed, and the other files' findings are still reported.
/// </summary>
public sealed class HostileFilesTests
{
    private const string BrokenReadme = "# Readme\n\n[bad](missing.md)\n";
    private const string ReadmeFinding = "README.md:3:7: error RL4003 link target 'missing.md' does not exist";
    private const string Leaves = "error RL0004 symbolic link leaves the repository (its target is outside the linted root); it was not read";

    [Fact]
    public void Links_out_of_the_root_are_refused_and_nothing_of_their_targets_is_printed()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var secret = Hostile.Secret(out var marker);
        using var repo = new TempDir();
        repo.Write("README.md", BrokenReadme);
        Directory.CreateDirectory(Path.Combine(repo.Path, "docs"));
        Directory.CreateDirectory(Path.Combine(repo.Path, ".github/workflows"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "docs/notes.md"), Path.Combine(secret.Path, "notes.md"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, ".github/workflows/x.yml"), Path.Combine(secret.Path, "workflow.yml"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "docs/zero.md"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "docs/relative.md"), "../../" + Path.GetFileName(secret.Path) + "/notes.md");
        repo.Write("docs/real.md", "# Real\n\n[in](inside.md#real)\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "docs/inside.md"), "real.md"); // inside the root: read and linted

        foreach (var format in new[] { "text", "sarif", "json", "github" })
        {
            var (code, output, error) = Hostile.Run("check", repo.Path, "--format", format);
            Assert.Equal(1, code);
            Assert.DoesNotContain(marker, output + error, StringComparison.OrdinalIgnoreCase);
        }
        var text = Hostile.Run("check", repo.Path);
        Assert.Equal(
        [
            $".github/workflows/x.yml:1:1: {Leaves}",
            ReadmeFinding,
            $"docs/notes.md:1:1: {Leaves}",
            $"docs/relative.md:1:1: {Leaves}",
            $"docs/zero.md:1:1: {Leaves}",
        ], Hostile.Findings(text.Out));
    }

    [Fact]
    public void A_fifo_where_text_is_expected_is_refused_at_once_and_the_run_goes_on()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var repo = new TempDir();
        repo.Write("README.md", BrokenReadme);
        Directory.CreateDirectory(Path.Combine(repo.Path, "docs"));
        Directory.CreateDirectory(Path.Combine(repo.Path, ".github/workflows"));
        Hostile.Shell(repo.Path, "mkfifo docs/fifo.md .github/workflows/fifo.yml .gitignore");
        var (code, output, _) = Hostile.Run("check", repo.Path);
        Assert.Equal(1, code);
        Assert.Equal(
        [
            ".github/workflows/fifo.yml:1:1: error RL0004 not a regular file but a FIFO (named pipe); it was not read",
            ReadmeFinding,
            "docs/fifo.md:1:1: error RL0004 not a regular file but a FIFO (named pipe); it was not read",
        ], Hostile.Findings(output));
    }

    [Fact]
    public void A_configuration_that_is_a_fifo_or_a_link_to_dev_zero_is_RL0001_and_the_defaults_apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var repo = new TempDir();
        repo.Write("README.md", BrokenReadme);
        Hostile.Shell(repo.Path, "mkfifo .releaselint.yml");
        var fifo = Hostile.Run("check", repo.Path);
        Assert.Equal(
        [
            ".releaselint.yml:1:1: error RL0001 .releaselint.yml cannot be read: not a regular file but a FIFO (named pipe); it was not read",
            ReadmeFinding,
        ], Hostile.Findings(fifo.Out));
        File.Delete(Path.Combine(repo.Path, ".releaselint.yml"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, ".releaselint.yml"), "/dev/zero");
        var zero = Hostile.Run("check", repo.Path);
        Assert.Equal(
        [
            ".releaselint.yml:1:1: error RL0001 .releaselint.yml cannot be read: symbolic link leaves the repository (its target is outside the linted root); it was not read",
            ReadmeFinding,
        ], Hostile.Findings(zero.Out));
    }

    [Theory]
    [InlineData("--config", "/dev/zero", "configuration file '/dev/zero' is not a regular file but a character device")]
    [InlineData("--baseline", "/dev/zero", "baseline file '/dev/zero' is not a regular file but a character device")]
    [InlineData("--discussions", "/dev/zero", "discussions export '/dev/zero' is not a regular file but a character device")]
    [InlineData("--config", "/", "configuration file '/' is a directory, not a file")]
    [InlineData("--baseline", "/no/such/baseline.json", "baseline file '/no/such/baseline.json' does not exist; create it with 'releaselint baseline'")]
    public void A_named_file_that_is_no_regular_file_is_a_one_line_error_and_exit_2(string option, string value, string message)
    {
        if (!OperatingSystem.IsLinux()) return;
        using var repo = new TempDir();
        repo.Write("README.md", "# R\n");
        var (code, output, error) = Hostile.Run("check", repo.Path, option, value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("releaselint: " + message + "\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_named_fifo_is_refused_without_opening_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var repo = new TempDir();
        repo.Write("README.md", "# R\n");
        Hostile.Shell(repo.Path, "mkfifo config.yml");
        var (code, _, error) = Hostile.Run("check", repo.Path, "--config", Path.Combine(repo.Path, "config.yml"));
        Assert.Equal(2, code);
        Assert.EndsWith("config.yml' is not a regular file but a FIFO (named pipe)", error.TrimEnd());
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_from_its_size()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "limits:\n  max-file-bytes: 2000\n");
        repo.Write("README.md", BrokenReadme);
        repo.Write("docs/big.md", new string('x', 5000));
        var (_, output, _) = Hostile.Run("check", repo.Path);
        Assert.Equal(
        [
            ReadmeFinding,
            "docs/big.md:1:1: error RL0004 file is 5,000 bytes, over the limit of 2,000 bytes (limits.max-file-bytes); it was not linted",
        ], Hostile.Findings(output));
    }

    [Fact]
    public void A_name_that_is_not_utf8_is_shown_escaped_and_its_content_is_linted()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var repo = new TempDir();
        Hostile.Shell(repo.Path, "mkdir -p docs && printf '# Caf\\n\\n[bad](nope.md)\\n' > \"$(printf 'docs/caf\\351.md')\" && mkdir \"$(printf 'd\\377')\" && printf '# X\\n\\n[x](gone.md)\\n' > \"$(printf 'd\\377/x.md')\"");
        var (code, output, _) = Hostile.Run("check", repo.Path);
        Assert.Equal(1, code);
        Assert.Equal(
        [
            @"d\xFF/x.md:3:5: error RL4003 link 'gone.md' resolves to 'd\xFF/gone.md', which does not exist",
            @"docs/caf\xE9.md:3:7: error RL4003 link 'nope.md' resolves to 'docs/nope.md', which does not exist",
        ], Hostile.Findings(output));
    }

    [Fact]
    public void Safe_file_reads_are_bounded_before_allocation_and_say_what_a_path_is()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.Null(SafeFile.ReadNamed("/dev/zero", 1024, out var zero));
        Assert.Equal("not a regular file but a character device; it was not read", zero!.Message);
        Assert.Null(SafeFile.ReadNamed("/proc/self", 1024, out var dir));
        Assert.Equal("not a regular file but a directory; it was not read", dir!.Message);
        // /proc files claim a size of 0: the read still stops at the limit.
        Assert.Null(SafeFile.ReadNamed("/proc/self/maps", 16, out var grows));
        Assert.Equal("file is over the limit of 16 bytes (limits.max-file-bytes); it was not linted", grows!.Message);
        using var dirs = new TempDir();
        File.CreateSymbolicLink(Path.Combine(dirs.Path, "loop"), Path.Combine(dirs.Path, "loop"));
        Assert.Null(SafeFile.ReadInRoot(dirs.Path, "loop", 1024, out var loop));
        Assert.Equal("cannot read file: too many levels of symbolic links (a link loop)", loop!.Message);
        File.CreateSymbolicLink(Path.Combine(dirs.Path, "dangling"), "nowhere");
        Assert.Null(SafeFile.ReadInRoot(dirs.Path, "dangling", 1024, out var dangling));
        Assert.Equal("broken symbolic link: its target does not exist", dangling!.Message);
        Assert.False(SafeFile.IsInside(dirs.Path, "/etc/passwd"));
        Assert.True(SafeFile.IsInside(dirs.Path, Path.Combine(dirs.Path, "not-yet/there.md")));
    }
}
