using System.Collections;

namespace ReleaseLint.Inputs.Git;

/// <summary>
/// The commits reachable from a few tips, with their parents, read in one revision walk. Commits are numbered
/// 0…<see cref="Count"/>-1; parents are numbers too, so marking everything reachable from a tip is one pass over
/// integer arrays (<see cref="ReachableFrom(int)"/>) and a question about any commit afterwards is an array lookup.
/// </summary>
public sealed class CommitGraph
{
    private readonly CommitId[] _ids;
    private readonly int[] _parentStart; // parents of i: _parents[_parentStart[i] .. _parentStart[i+1])
    private readonly int[] _parents;
    private readonly BitArray _loaded;
    private readonly CommitTable _index;

    private CommitGraph(CommitId[] ids, int[] parentStart, int[] parents, BitArray loaded, CommitTable index)
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
    public int IndexOf(CommitId id) => _index.Find(id);

    /// <summary>The parents of commit <paramref name="index"/>, first parent first.</summary>
    public ReadOnlySpan<int> Parents(int index) => _parents.AsSpan(_parentStart[index], _parentStart[index + 1] - _parentStart[index]);

    /// <summary>False for a commit only named as a parent (outside the walk, or cut off by a shallow clone).</summary>
    public bool IsLoaded(int index) => _loaded[index];

    /// <summary>Marks every commit reachable from <paramref name="tip"/> (itself included), in one pass.</summary>
    public BitArray ReachableFrom(int tip) => ReachableFrom([tip]);

    /// <summary>Marks every commit reachable from any of <paramref name="tips"/> (themselves included), in one pass.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public BitArray ReachableFrom(IEnumerable<int> tips)
    {
        var marks = new BitArray(Count);
        var stack = new Stack<int>();
        foreach (var tip in tips)
        {
            if (tip < 0 || marks[tip]) continue;
            stack.Push(tip);
            marks[tip] = true;
        }
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
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<int> FirstParentChain(int tip)
    {
        var chain = new List<int>();
        var seen = new BitArray(Count);
        for (var c = tip; c >= 0 && !seen[c];)
        {
            seen[c] = true;
            chain.Add(c);
            var parents = Parents(c);
            c = parents.Length > 0 ? parents[0] : -1;
        }
        return chain;
    }

    /// <summary>Collects a graph commit by commit (in any order).</summary>
    public sealed class Builder
    {
        private readonly CommitTable _index;
        private readonly List<int> _commits;       // walked commit numbers, in the order added
        private readonly List<int> _parentStarts;  // where each walked commit's parents start in _parents
        private readonly List<int> _parents = [];

        /// <summary>Creates a builder expecting about <paramref name="capacity"/> commits.</summary>
        public Builder(int capacity = 1024)
        {
            _index = new CommitTable(capacity);
            _commits = new List<int>(capacity);
            _parentStarts = new List<int>(capacity);
            _parents.Capacity = capacity + capacity / 8;
        }

        /// <summary>Adds a walked commit and its parents.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Add(CommitId commit, ReadOnlySpan<CommitId> parents)
        {
            _commits.Add(Number(commit));
            _parentStarts.Add(_parents.Count);
            foreach (var p in parents) _parents.Add(Number(p));
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private int Number(CommitId id) => _index.FindOrAdd(id);

        /// <summary>True when <paramref name="id"/> was added, as a commit or as a parent.</summary>
        public bool Knows(CommitId id) => _index.Find(id) >= 0;

        /// <summary>Freezes the graph.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public CommitGraph Build()
        {
            var count = _index.Count;
            var loaded = new BitArray(count);
            var record = new int[count]; // walked record of each commit, -1 when only named as a parent
            Array.Fill(record, -1);
            for (var r = 0; r < _commits.Count; r++)
            {
                var c = _commits[r];
                if (loaded[c]) continue;
                loaded[c] = true;
                record[c] = r;
            }
            var start = new int[count + 1];
            var parents = new int[_parents.Count];
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                start[i] = at;
                var r = record[i];
                if (r < 0) continue;
                var from = _parentStarts[r];
                var to = r + 1 < _parentStarts.Count ? _parentStarts[r + 1] : _parents.Count;
                for (var k = from; k < to; k++) parents[at++] = _parents[k];
            }
            start[count] = at;
            return new CommitGraph(_index.Ids(), start, parents[..at], loaded, _index);
        }
    }
}

/// <summary>
/// Commit ids numbered in order of arrival, in an open-addressing hash table: the hot path of reading a walk of a
/// hundred thousand commits, kept out of generic collections so that it runs optimised from the first call.
/// </summary>
internal sealed class CommitTable
{
    private CommitId[] _ids;
    private int[] _slots; // index + 1 into _ids; 0 = empty
    private int _count;

    public CommitTable(int capacity)
    {
        _ids = new CommitId[Math.Max(16, capacity)];
        _slots = new int[TableSize(capacity)];
    }

    public int Count => _count;

    public CommitId[] Ids() => _ids[.._count];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Find(CommitId id)
    {
        var mask = _slots.Length - 1;
        for (var i = id.GetHashCode() & mask; ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot == 0) return -1;
            if (_ids[slot - 1].Equals(id)) return slot - 1;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int FindOrAdd(CommitId id)
    {
        if ((_count + 1) * 2 > _slots.Length) Grow();
        var mask = _slots.Length - 1;
        for (var i = id.GetHashCode() & mask; ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot == 0)
            {
                if (_count == _ids.Length) Array.Resize(ref _ids, _ids.Length * 2);
                _ids[_count] = id;
                _slots[i] = ++_count;
                return _count - 1;
            }
            if (_ids[slot - 1].Equals(id)) return slot - 1;
        }
    }

    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        var mask = slots.Length - 1;
        for (var n = 0; n < _count; n++)
        {
            var i = _ids[n].GetHashCode() & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = n + 1;
        }
        _slots = slots;
    }

    private static int TableSize(int capacity)
    {
        var size = 16;
        while (size < capacity * 2) size <<= 1;
        return size;
    }
}
