using ReleaseLint.Inputs.Files;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Core;

/// <summary>Workspace.Facts: computed once per run however many rules ask at once, never shared between runs.</summary>
public sealed class WorkspaceFactsTests
{
    private static int _computed;

    private sealed class Counted : IWorkspaceFact<Counted>
    {
        public required Workspace Owner { get; init; }

        static Counted IWorkspaceFact<Counted>.Compute(Workspace workspace)
        {
            Interlocked.Increment(ref _computed);
            Thread.Sleep(20); // long enough for the other callers to arrive while it runs
            return new Counted { Owner = workspace };
        }
    }

    private sealed class PerKey : IWorkspaceFact<string, PerKey>
    {
        public required string Key { get; init; }

        static PerKey IWorkspaceFact<string, PerKey>.Compute(Workspace workspace, string key) => new() { Key = key };
    }

    private static Workspace NewWorkspace(TempDir dir) => new(FileSet.Scan(dir.Path, []), new ReleasePolicy());

    [Fact]
    public void A_fact_is_computed_once_per_workspace_and_not_shared_between_workspaces()
    {
        using var dir = new TempDir();
        var first = NewWorkspace(dir);
        var second = NewWorkspace(dir);
        var before = Volatile.Read(ref _computed);
        var seen = new Counted[16];
        Parallel.For(0, seen.Length, i => seen[i] = first.Facts<Counted>());
        Assert.All(seen, s => Assert.Same(seen[0], s));
        Assert.Same(first, seen[0].Owner);
        var other = second.Facts<Counted>();
        Assert.NotSame(seen[0], other);
        Assert.Same(second, other.Owner);
        Assert.Equal(before + 2, Volatile.Read(ref _computed));
    }

    [Fact]
    public void A_keyed_fact_is_computed_once_per_key()
    {
        using var dir = new TempDir();
        var workspace = NewWorkspace(dir);
        var a = workspace.Facts<string, PerKey>("a");
        Assert.Same(a, workspace.Facts<string, PerKey>("a"));
        Assert.Equal("b", workspace.Facts<string, PerKey>("b").Key);
        Assert.NotSame(a, workspace.Facts<string, PerKey>("b"));
    }
}
