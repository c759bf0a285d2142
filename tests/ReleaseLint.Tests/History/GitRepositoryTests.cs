using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Inputs.Git;
using ReleaseLint.Policy;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.History;

public sealed class GitRepositoryTests
{
    private const string History = """
        echo "# Service" > README.md
        init_repo
        start_live
        release 2025-03-03
        release 2025-03-10
        release 2025-03-10 2
        git tag v2025.03.11 main                     # lightweight
        git tag -a nested -m "tag of a tag" v2025.03.03
        git tag tree-tag "main^{tree}"               # names a tree, not a commit
        git checkout -q -b feature/x main
        change "feature x"
        git checkout -q main
        git update-ref refs/remotes/origin/live live
        git update-ref refs/remotes/origin/release/2025-03-17 main
        git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main
        """;

    [Fact]
    public void Both_backends_read_the_same_refs_and_graph()
    {
        using var repo = ScriptedRepository.FromScript(History);
        using var cli = LibGit2Repository.Open(repo.Path, GitBackend.Auto)!;
        using var lib = LibGit2Repository.Open(repo.Path, GitBackend.LibGit2)!;
        Assert.Equal(GitBackend.Auto, ((GitRepository)cli).Backend);
        Assert.Equal(GitBackend.LibGit2, ((GitRepository)lib).Backend);

        Assert.Equal(cli.Tags.OrderBy(t => t.Name, StringComparer.Ordinal), lib.Tags.OrderBy(t => t.Name, StringComparer.Ordinal));
        Assert.Equal(cli.Branches.OrderBy(b => b.Name, StringComparer.Ordinal), lib.Branches.OrderBy(b => b.Name, StringComparer.Ordinal));
        Assert.Equal(cli.Head, lib.Head);
        Assert.Equal("main", cli.Head.Branch);
        Assert.False(cli.IsShallow || cli.IsBare || cli.IsLinkedWorktree);

        var nested = cli.Tags.Single(t => t.Name == "nested");
        Assert.Equal(cli.Tags.Single(t => t.Name == "v2025.03.03").Target, nested.Target);
        Assert.Null(cli.Tags.Single(t => t.Name == "tree-tag").Target);
        var lightweight = cli.Tags.Single(t => t.Name == "v2025.03.11");
        Assert.False(lightweight.IsAnnotated);
        Assert.Null(lightweight.TaggerDate);
        Assert.NotNull(lightweight.CommitDate);
        Assert.DoesNotContain(cli.Branches, b => b.Name.EndsWith("/HEAD", StringComparison.Ordinal));
        Assert.Contains(cli.Branches, b => b is { Remote: "origin", BranchName: "release/2025-03-17" });

        var tips = new[] { cli.Branches.First(b => b.Name == "live").Tip, cli.Branches.First(b => b.Name == "main").Tip };
        var a = cli.LoadGraph(tips);
        Assert.Equal("git rev-list", ((GitRepository)cli).LastGraphSource); // no commit-graph file in this repository
        var b = lib.LoadGraph(tips);
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            var j = b.IndexOf(a.Id(i));
            Assert.True(j >= 0);
            Assert.Equal(a.Parents(i).ToArray().Select(a.Id), b.Parents(j).ToArray().Select(b.Id));
        }
    }

    [Theory]
    [InlineData("git commit-graph write --reachable")]
    [InlineData("git commit-graph write --reachable --split=no-merge && git checkout -q main && change more && git commit-graph write --reachable --split=no-merge")]
    public void The_commit_graph_file_gives_the_same_graph_as_a_revision_walk(string writeGraph)
    {
        // an octopus merge (extra-edges chunk), a split chain, and commits made after the file was written
        var script = string.Join('\n',
            History,
            "git checkout -q -b octo main",
            "git checkout -q -b a main && change a a.txt",
            "git checkout -q -b b main && change b b.txt",
            "git checkout -q octo && git merge -q --no-ff --no-edit a b",
            "git checkout -q main && git merge -q --no-edit octo",
            writeGraph,
            "change 'after the graph file'",
            "git checkout -q live && change 'hotfix after the graph' hotfix.txt && git checkout -q main");
        using var repo = ScriptedRepository.FromScript(script);
        Assert.True(File.Exists(Path.Combine(repo.Path, ".git/objects/info/commit-graph")) || Directory.Exists(Path.Combine(repo.Path, ".git/objects/info/commit-graphs")));
        using var git = LibGit2Repository.Open(repo.Path, GitBackend.Auto)!;
        using var lib = LibGit2Repository.Open(repo.Path, GitBackend.LibGit2)!;
        var tips = new[] { git.Branches.First(b => b.Name == "live").Tip, git.Branches.First(b => b.Name == "main").Tip };
        var fromFile = git.LoadGraph(tips);
        var walked = lib.LoadGraph(tips);
        Assert.Equal("commit-graph file", ((GitRepository)git).LastGraphSource);
        var live = fromFile.ReachableFrom(fromFile.IndexOf(tips[0]));
        var main = fromFile.ReachableFrom(fromFile.IndexOf(tips[1]));
        for (var j = 0; j < walked.Count; j++)
        {
            var i = fromFile.IndexOf(walked.Id(j));
            Assert.True(i >= 0, $"{walked.Id(j)} missing");
            Assert.Equal(walked.Parents(j).ToArray().Select(walked.Id), fromFile.Parents(i).ToArray().Select(fromFile.Id));
        }
        var walkedLive = walked.ReachableFrom(walked.IndexOf(tips[0]));
        var walkedMain = walked.ReachableFrom(walked.IndexOf(tips[1]));
        for (var j = 0; j < walked.Count; j++)
        {
            var i = fromFile.IndexOf(walked.Id(j));
            Assert.Equal(walkedLive[j], live[i]);
            Assert.Equal(walkedMain[j], main[i]);
        }
        Assert.Contains(Enumerable.Range(0, fromFile.Count), i => fromFile.Parents(i).Length == 3);
    }

    [Fact]
    public void Reachability_is_marked_once_per_branch_and_answered_by_lookup()
    {
        using var repo = ScriptedRepository.FromScript(History);
        foreach (var backend in new[] { GitBackend.Auto, GitBackend.LibGit2 })
        {
            using var git = LibGit2Repository.Open(repo.Path, backend)!;
            var onLive = git.ResolveCommit("v2025.03.10")!;
            var feature = git.ResolveCommit("feature/x")!;
            Assert.True(git.IsReachableFrom(onLive, "live"));
            Assert.False(git.IsReachableFrom(feature, "live"));
            Assert.True(git.IsReachableFrom(feature, "feature/x"));
            Assert.Null(git.IsReachableFrom(onLive, "no-such-branch"));
            Assert.True(git.IsReachableFrom(onLive[..10], "live"));
            Assert.Null(git.ResolveCommit("no-such-ref"));
        }
    }

    [Fact]
    public void History_facts_attribute_release_only_commits_to_the_merge_that_brought_them()
    {
        using var repo = ScriptedRepository.FromScript("""
            echo "# Service" > README.md
            init_repo
            start_live
            at 2025-03-05T10:00:00+00:00
            git checkout -q -b release/2025-03-05 main
            change "release" releases/a.txt
            change "fix during validation" releases/b.txt
            git checkout -q live
            git merge -q --no-ff -m "Merge pull request #7 from org/release/2025-03-05" release/2025-03-05
            git branch -D -q release/2025-03-05
            change "hotfix" hotfix.txt
            git checkout -q main
            """);
        using var git = LibGit2Repository.Open(repo.Path)!;
        var facts = HistoryFacts.Compute(git, isGitRoot: true, new ReleasePolicy());
        Assert.Empty(facts.Gaps);
        Assert.True(facts.CanCheckReleaseCommits);
        var onChain = facts.ReleaseOnlyCommits.Where(c => c.ArrivedThrough is null).Select(c => c.Commit.Subject).ToList();
        Assert.Equal(["hotfix", "Merge pull request #7 from org/release/2025-03-05"], onChain);
        var merge = facts.ReleaseOnlyCommits[1].Commit;
        Assert.Equal("release/2025-03-05", facts.CandidateMergeSource(merge));
        var brought = facts.ReleaseOnlyCommits.Skip(2).ToList();
        Assert.Equal(2, brought.Count);
        Assert.All(brought, c => Assert.Equal(merge.Id, c.ArrivedThrough));
        Assert.Equal(merge.Parents[1], brought[0].Commit.Id);               // the candidate's tip ("fix during validation")
        Assert.Equal(brought[0].Commit.Parents[0], brought[1].Commit.Id);   // and the release commit below it
    }

    [Fact]
    public void A_bare_repository_is_checked_from_its_refs_and_says_no_files_were_linted()
    {
        using var work = ScriptedRepository.FromScript(History + "\ngit checkout -q live\nchange hotfix hotfix.txt\ngit checkout -q main");
        using var bare = new TempDir();
        ScriptedRepository.Run(bare.Path, "git", ["clone", "-q", "--bare", "--no-local", work.Path, "."]);
        var result = LintEngine.Run(new LintRequest { Root = bare.Path, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = LibGit2Repository.Open } });
        Assert.Contains(result.Notes, n => n.Contains("bare repository", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Rule.Id == "RL3005");
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "RL0005");
    }

    [Fact]
    public void A_folder_that_is_not_a_repository_gets_a_summary_note_and_no_history_finding()
    {
        using var dir = new TempDir();
        dir.Write("README.md", "# Service\n");
        var result = LintEngine.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = LibGit2Repository.Open } });
        Assert.Empty(result.Findings);
        Assert.Contains(result.Notes, n => n.Contains("history checks (RL3xxx) were skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void History_rules_switched_off_give_no_RL0005()
    {
        using var repo = ScriptedRepository.FromScript("echo '# x' > README.md\ninit_repo");
        repo.Write(".releaselint.yml", "rules:\n" + string.Join("", Enumerable.Range(1, 7).Select(i => $"  RL300{i}: off\n")));
        var result = LintEngine.Run(new LintRequest { Root = repo.Path, Rules = BuiltInRules.Create(), Sources = new() { OpenGit = LibGit2Repository.Open } });
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "RL0005");
    }

    [Fact]
    public void Rev_list_output_is_parsed_across_buffer_boundaries()
    {
        var lines = new List<string>();
        var rng = new Random(5);
        string Sha() => string.Concat(Enumerable.Range(0, 40).Select(_ => "0123456789abcdef"[rng.Next(16)]));
        var shas = Enumerable.Range(0, 3000).Select(_ => Sha()).ToList();
        for (var i = 0; i < shas.Count; i++)
            lines.Add(string.Join(' ', new[] { shas[i] }.Concat(Enumerable.Range(1, i % 5).Select(k => shas[Math.Min(shas.Count - 1, i + k)]))));
        var builder = new CommitGraph.Builder();
        GitCliRepository.ParseRevList(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(string.Join('\n', lines))), builder);
        var graph = builder.Build();
        Assert.Equal(shas.Count, graph.Count);
        var last = graph.IndexOf(CommitId.Parse(shas[^2]));
        Assert.Equal(Enumerable.Repeat(CommitId.Parse(shas[^1]), (shas.Count - 2) % 5), graph.Parents(last).ToArray().Select(graph.Id));
        Assert.Equal(shas[1234], graph.Id(graph.IndexOf(CommitId.Parse(shas[1234]))).ToString());
    }
}
