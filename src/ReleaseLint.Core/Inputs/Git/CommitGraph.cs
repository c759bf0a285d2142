using System.Collections;

namespace ReleaseLint.Inputs.Git;

/// <summary>
/// The commits reachable from a few tips, with their parents, read in one revision walk. Commits are numbered
/// 0…<see cref="Count"/>-1; parents are numbers too, so marking everything reachable from a tip is one pass over
/// integer arrays (<see cref="ReachableFrom"/>) and a question about any commit afterwards is an array lookup.
/// </summary>
public sealed class CommitGraph
{
    private readonly CommitId[] _ids;
    private readonly int[] _parentStart; // parents of i: _parents[_parentStart[i] .. _parentStart[i+1])
    private readonly int[] _parents;
    private readonly BitArray _loaded;
    private readonly Dictionary<CommitId, int> _index;

    private CommitGraph(CommitId[] ids, int[] parentStart, int[] parents, BitArray loaded, Dictionary<CommitId, int> index)
    {
        _ids = ids;
        _parentStart = parentStart;
        _parents = parents;
        _loaded = loaded;
        _index = index;
    }

    /// <summary>Number of commits known (walked commits plus parents named by them).</summary>
    public int Count => _ids.Length;

    /// <summary>The commit numbered <paramref name="index"/>.</summary>
    public CommitId Id(int index) => _ids[index];

    /// <summary>The number of <paramref name="id"/>, or -1 when the walk did not meet it.</summary>
    public int IndexOf(CommitId id) => _index.TryGetValue(id, out var i) ? i : -1;

    /// <summary>The parents of commit <paramref name="index"/>, first parent first.</summary>
    public ReadOnlySpan<int> Parents(int index) => _parents.AsSpan(_parentStart[index], _parentStart[index + 1] - _parentStart[index]);

    /// <summary>False for a commit only named as a parent (outside the walk, or cut off by a shallow clone).</summary>
    public bool IsLoaded(int index) => _loaded[index];

    /// <summary>Marks every commit reachable from <paramref name="tip"/> (itself included), in one pass.</summary>
    public BitArray ReachableFrom(int tip)
    {
        var marks = new BitArray(Count);
        if (tip < 0) return marks;
        var stack = new Stack<int>();
        stack.Push(tip);
        marks[tip] = true;
        while (stack.Count > 0)
        {
            var c = stack.Pop();
            foreach (var p in Parents(c))
            {
                if (marks[p]) continue;
                marks[p] = true;
                stack.Push(p);
            }
        }
        return marks;
    }

    /// <summary>The first-parent chain from <paramref name="tip"/>: the tip, its first parent, that one's first parent….</summary>
    public IReadOnlyList<int> FirstParentChain(int tip)
    {
        var chain = new List<int>();
        var seen = new HashSet<int>();
        for (var c = tip; c >= 0 && seen.Add(c);)
        {
            chain.Add(c);
            var parents = Parents(c);
            c = parents.Length > 0 ? parents[0] : -1;
        }
        return chain;
    }

    /// <summary>Collects a graph commit by commit (in any order).</summary>
    public sealed class Builder
    {
        private readonly List<CommitId> _ids = [];
        private readonly Dictionary<CommitId, int> _index = [];
        private readonly List<(int Commit, int[] Parents)> _records = [];

        /// <summary>Creates a builder expecting about <paramref name="capacity"/> commits.</summary>
        public Builder(int capacity = 1024)
        {
            _ids.Capacity = capacity;
            _index.EnsureCapacity(capacity);
            _records.Capacity = capacity;
        }

        /// <summary>Adds a walked commit and its parents.</summary>
        public void Add(CommitId commit, ReadOnlySpan<CommitId> parents)
        {
            var c = Number(commit);
            var ps = new int[parents.Length];
            for (var i = 0; i < parents.Length; i++) ps[i] = Number(parents[i]);
            _records.Add((c, ps));
        }

        private int Number(CommitId id)
        {
            if (_index.TryGetValue(id, out var n)) return n;
            n = _ids.Count;
            _ids.Add(id);
            _index[id] = n;
            return n;
        }

        /// <summary>Freezes the graph.</summary>
        public CommitGraph Build()
        {
            var count = _ids.Count;
            var byCommit = new int[]?[count];
            var loaded = new BitArray(count);
            var total = 0;
            foreach (var (c, ps) in _records)
            {
                if (loaded[c]) continue;
                loaded[c] = true;
                byCommit[c] = ps;
                total += ps.Length;
            }
            var start = new int[count + 1];
            var parents = new int[total];
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                start[i] = at;
                if (byCommit[i] is { } ps)
                {
                    ps.CopyTo(parents, at);
                    at += ps.Length;
                }
            }
            start[count] = at;
            return new CommitGraph(_ids.ToArray(), start, parents, loaded, _index);
        }
    }
}
