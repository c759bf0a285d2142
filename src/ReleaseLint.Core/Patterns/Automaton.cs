namespace ReleaseLint.Patterns;

/// <summary>A node of the syntax tree a language is built from (regular expressions, filters, name formats).</summary>
internal abstract record Node;
internal sealed record CharSetNode(CharSet Set) : Node;
internal sealed record Concat(IReadOnlyList<Node> Parts) : Node;
internal sealed record Alternation(IReadOnlyList<Node> Options) : Node;
internal sealed record Repeat(Node Body, int Min, int Max) : Node;

/// <summary>A set of UTF-16 characters as sorted, disjoint, inclusive ranges.</summary>
internal sealed class CharSet
{
    private CharSet(List<(int Lo, int Hi)> ranges) => Ranges = ranges;

    public IReadOnlyList<(int Lo, int Hi)> Ranges { get; }

    public static readonly CharSet Empty = new([]);
    public static readonly CharSet Any = new([(0, 0xFFFF)]);
    public static readonly CharSet AnyButNewline = Of('\n').Negate();
    public static readonly CharSet Digits = Range('0', '9');
    public static readonly CharSet Word = Range('0', '9').Union(Range('A', 'Z')).Union(Range('a', 'z')).Union(Of('_'));
    public static readonly CharSet Space = Of(' ').Union(Range('\t', '\r'));

    public static CharSet Of(char c) => new([(c, c)]);
    public static CharSet Range(char lo, char hi) => new([(lo, hi)]);

    public bool Contains(char c)
    {
        foreach (var (lo, hi) in Ranges)
        {
            if (c < lo) return false;
            if (c <= hi) return true;
        }
        return false;
    }

    public CharSet Union(CharSet other)
    {
        var all = Ranges.Concat(other.Ranges).OrderBy(r => r.Lo).ToList();
        var merged = new List<(int Lo, int Hi)>();
        foreach (var r in all)
        {
            if (merged.Count > 0 && r.Lo <= merged[^1].Hi + 1) merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, r.Hi));
            else merged.Add(r);
        }
        return new CharSet(merged);
    }

    public CharSet Negate()
    {
        var result = new List<(int Lo, int Hi)>();
        var next = 0;
        foreach (var (lo, hi) in Ranges)
        {
            if (lo > next) result.Add((next, lo - 1));
            next = hi + 1;
        }
        if (next <= 0xFFFF) result.Add((next, 0xFFFF));
        return new CharSet(result);
    }
}

/// <summary>A Thompson automaton with one start and one accepting state.</summary>
internal sealed class Nfa(List<List<(CharSet Set, int To)>> edges, List<List<int>> epsilons, int start, int accepting)
{
    public List<List<(CharSet Set, int To)>> Edges { get; } = edges;
    public List<List<int>> Epsilons { get; } = epsilons;
    public int Start { get; } = start;
    public int Accepting { get; } = accepting;

    public int[] Closure(IEnumerable<int> states)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(states);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (!seen.Add(s)) continue;
            foreach (var t in Epsilons[s]) stack.Push(t);
        }
        var array = seen.ToArray();
        Array.Sort(array);
        return array;
    }

    public int[] Step(int[] states, char c)
    {
        var next = new List<int>();
        foreach (var s in states)
            foreach (var (set, to) in Edges[s])
                if (set.Contains(c)) next.Add(to);
        return next.Count == 0 ? [] : Closure(next);
    }
}

/// <summary>Builds a Thompson automaton from a syntax tree, within a budget of states.</summary>
internal sealed class NfaBuilder(int maxStates = NfaBuilder.DefaultMaxStates)
{
    /// <summary>
    /// The most states one language may have. Nested counted repeats multiply (<c>((a{100}){100}){100}</c> would be a
    /// million states); a language beyond the budget is not built and callers treat it as not comparable.
    /// </summary>
    public const int DefaultMaxStates = 50_000;

    private readonly List<List<(CharSet, int)>> _edges = [];
    private readonly List<List<int>> _epsilons = [];

    private int NewState()
    {
        if (_edges.Count >= maxStates) throw new AutomatonTooLargeException();
        _edges.Add([]);
        _epsilons.Add([]);
        return _edges.Count - 1;
    }

    public Nfa Finish(int start, int end) => new(_edges, _epsilons, start, end);

    public (int Start, int End) Add(Node node)
    {
        switch (node)
        {
            case CharSetNode c:
            {
                var s = NewState();
                var e = NewState();
                _edges[s].Add((c.Set, e));
                return (s, e);
            }
            case Concat concat:
            {
                var s = NewState();
                var cur = s;
                foreach (var part in concat.Parts)
                {
                    var (ps, pe) = Add(part);
                    _epsilons[cur].Add(ps);
                    cur = pe;
                }
                return (s, cur);
            }
            case Alternation alt:
            {
                var s = NewState();
                var e = NewState();
                foreach (var option in alt.Options)
                {
                    var (os, oe) = Add(option);
                    _epsilons[s].Add(os);
                    _epsilons[oe].Add(e);
                }
                return (s, e);
            }
            case Repeat r:
            {
                var s = NewState();
                var cur = s;
                for (var i = 0; i < r.Min; i++)
                {
                    var (bs, be) = Add(r.Body);
                    _epsilons[cur].Add(bs);
                    cur = be;
                }
                if (r.Max < 0)
                {
                    var (bs, be) = Add(r.Body);
                    var e = NewState();
                    _epsilons[cur].Add(bs);
                    _epsilons[cur].Add(e);
                    _epsilons[be].Add(bs);
                    _epsilons[be].Add(e);
                    return (s, e);
                }
                var end = NewState();
                _epsilons[cur].Add(end);
                for (var i = r.Min; i < r.Max; i++)
                {
                    var (bs, be) = Add(r.Body);
                    _epsilons[cur].Add(bs);
                    _epsilons[be].Add(end);
                    cur = be;
                }
                return (s, end);
            }
            default:
                throw new InvalidOperationException("unknown node " + node);
        }
    }
}

/// <summary>Thrown by <see cref="NfaBuilder"/> when a language needs more states than its budget.</summary>
internal sealed class AutomatonTooLargeException() : Exception("the automaton exceeds its state budget");
