using ReleaseLint.Fixes;

namespace ReleaseLint.Tests.Fixes;

public sealed class FixFilesTests
{
    [Fact]
    public void A_file_is_rewritten_with_its_byte_order_mark_and_permissions()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDir();
        var full = dir.WriteBytes("a.yml", [0xEF, 0xBB, 0xBF, .. "a: 1\n"u8]);
        File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = FixFiles.Read(dir.Path, "a.yml", 1000, out var problem);
        Assert.Null(problem);
        Assert.Equal("a: 1\n", file!.Text);
        FixFiles.Write(dir.Path, file, "a: 2\n");
        Assert.Equal([0xEF, 0xBB, 0xBF, .. "a: 2\n"u8], File.ReadAllBytes(full));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(full));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Links_and_paths_out_of_the_root_are_refused()
    {
        using var outside = new TempDir();
        outside.Write("secret.yml", "a: 1\n");
        outside.Write("dir/x.yml", "a: 1\n");
        using var dir = new TempDir();
        dir.Write("real.yml", "a: 1\n");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "link.yml"), Path.Combine(outside.Path, "secret.yml"));
        File.CreateSymbolicLink(Path.Combine(dir.Path, "inside-link.yml"), Path.Combine(dir.Path, "real.yml"));
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "linked"), Path.Combine(outside.Path, "dir"));
        Assert.Contains("symbolic link", FixFiles.Refusal(dir.Path, "link.yml"));
        Assert.Contains("symbolic link", FixFiles.Refusal(dir.Path, "inside-link.yml"));
        Assert.Contains("symbolic link", FixFiles.Refusal(dir.Path, "linked/x.yml"));
        Assert.NotNull(FixFiles.Refusal(dir.Path, "../" + Path.GetFileName(outside.Path) + "/secret.yml"));
        Assert.NotNull(FixFiles.Refusal(dir.Path, outside.Path + "/secret.yml"));
        Assert.NotNull(FixFiles.Refusal(dir.Path, ".git/config"));
        Assert.Null(FixFiles.Refusal(dir.Path, "real.yml"));
        Assert.Null(FixFiles.Read(dir.Path, "link.yml", 1000, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void A_file_that_changed_after_it_was_read_is_not_written()
    {
        using var dir = new TempDir();
        var full = dir.Write("a.yml", "a: 1\n");
        var file = FixFiles.Read(dir.Path, "a.yml", 1000, out _)!;
        File.WriteAllText(full, "a: 3\n");
        Assert.Throws<IOException>(() => FixFiles.Write(dir.Path, file, "a: 2\n"));
        Assert.Equal("a: 3\n", File.ReadAllText(full));
    }

    [Fact]
    public void A_file_replaced_by_a_link_after_it_was_read_is_not_written()
    {
        using var outside = new TempDir();
        var target = outside.Write("victim.yml", "a: 1\n");
        using var dir = new TempDir();
        var full = dir.Write("a.yml", "a: 1\n");
        var file = FixFiles.Read(dir.Path, "a.yml", 1000, out _)!;
        File.Delete(full);
        File.CreateSymbolicLink(full, target);
        Assert.Throws<IOException>(() => FixFiles.Write(dir.Path, file, "a: 2\n"));
        Assert.Equal("a: 1\n", File.ReadAllText(target));
    }
}
