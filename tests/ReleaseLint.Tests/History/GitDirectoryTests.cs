using ReleaseLint.Inputs.Git;

namespace ReleaseLint.Tests.History;

/// <summary>The one reader of <c>.git</c> / <c>gitdir:</c> / <c>commondir</c>, checked against git's own layouts.</summary>
public sealed class GitDirectoryTests
{
    [Fact]
    public void A_git_directory_at_the_root()
    {
        using var dir = new TempDir();
        dir.Write(".git/HEAD", "ref: refs/heads/main\n");
        dir.Write(".git/config", "[core]\n");
        var git = GitDirectory.OfWorkTree(dir.Path)!;
        Assert.Equal(Path.Combine(dir.Path, ".git"), git.GitDir);
        Assert.Equal(git.GitDir, git.CommonDir);
        Assert.Equal(Path.Combine(dir.Path, ".git", "config"), git.ConfigFile);
        Assert.Equal("main", git.CurrentBranch);
        Assert.True(GitDirectory.IsRepositoryRoot(dir.Path));
    }

    [Fact]
    public void A_linked_worktree_reads_its_head_from_its_own_directory_and_its_config_from_the_common_one()
    {
        using var dir = new TempDir();
        dir.Write("main/.git/config", "[remote \"origin\"]\n\turl = https://github.com/acme/service.git\n");
        dir.Write("main/.git/HEAD", "ref: refs/heads/main\n");
        dir.Write("main/.git/worktrees/wt/HEAD", "ref: refs/heads/feature/x\n");
        dir.Write("main/.git/worktrees/wt/commondir", "../..\n");
        dir.Write("wt/.git", "gitdir: ../main/.git/worktrees/wt\n");
        var root = Path.Combine(dir.Path, "wt");
        var git = GitDirectory.OfWorkTree(root)!;
        Assert.Equal(Path.Combine(dir.Path, "main", ".git", "worktrees", "wt"), git.GitDir);
        Assert.Equal(Path.Combine(dir.Path, "main", ".git"), git.CommonDir);
        Assert.Equal("feature/x", git.CurrentBranch);
        Assert.Equal("acme/service", GitConfig.OriginRepository(root));
    }

    [Fact]
    public void A_detached_head_has_a_commit_and_no_branch()
    {
        using var dir = new TempDir();
        dir.Write(".git/HEAD", new string('a', 40) + "\n");
        var git = GitDirectory.OfWorkTree(dir.Path)!;
        Assert.Null(git.CurrentBranch);
        Assert.Equal(new string('a', 40), git.ReadHead().Commit.ToString());
    }

    [Theory]
    [InlineData("not a pointer")]
    [InlineData("")]
    public void A_dot_git_file_that_is_not_a_gitdir_pointer_is_no_repository(string content)
    {
        using var dir = new TempDir();
        dir.Write(".git", content);
        Assert.Null(GitDirectory.OfWorkTree(dir.Path));
        Assert.Null(GitConfig.OriginRepository(dir.Path));
    }

    [Fact]
    public void A_bare_repository_is_a_repository_root_without_a_work_tree()
    {
        using var dir = new TempDir();
        dir.Write("HEAD", "ref: refs/heads/main\n");
        dir.Write("objects/.keep", "");
        dir.Write("refs/.keep", "");
        Assert.True(GitDirectory.IsBare(dir.Path));
        Assert.True(GitDirectory.IsRepositoryRoot(dir.Path));
        Assert.Null(GitDirectory.OfWorkTree(dir.Path));
    }
}
