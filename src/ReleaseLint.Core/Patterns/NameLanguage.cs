namespace ReleaseLint.Patterns;

/// <summary>
/// A set of names (tags, branches) kept as a small automaton so that two descriptions can be compared exactly: does a
/// workflow's tag filter match any policy tag, every policy tag, or none? Built from a <see cref="NameFormat"/>
/// (<see cref="NameFormat.Language"/>), a GitHub filter pattern (<see cref="FilterPattern.Language"/>), the regular
/// expressions of rulesets (<see cref="FromRegex"/>) and ruleset literals (<see cref="FromLiteral"/>).
/// Immutable and thread-safe.
/// </summary>
public sealed class NameLanguage
{
    private readonly Nfa _nfa;

    private NameLanguage(Nfa nfa, string description)
    {
        _nfa = nfa;
        Description = description;
    }

    /// <summary>What the language was built from (for messages and debugging).</summary>
    public string Description { get; }

    /// <summary>
    /// The names a regular expression matches. Supports literals, escapes (<c>\d \w \s \D \W \S \. \t</c>), <c>.</c>,
    /// character classes, groups (capturing, <c>(?:…)</c>, named), alternation, the quantifiers <c>* + ? {n} {n,} {n,m}</c>
    /// (lazy forms too) and <c>^</c>/<c>$</c> at the ends. Returns null for anything else (look-arounds, back-references,
    /// anchors in the middle), so callers can skip a comparison instead of guessing.
    /// </summary>
    /// <param name="pattern">The expression.</param>
    /// <param name="search">True: the expression matches anywhere in a name unless anchored (how <c>Regex.IsMatch</c> and
    /// GitHub ruleset patterns work); false: it must match the whole name.</param>
    public static NameLanguage? FromRegex(string pattern, bool search = true)
    {
        var node = RegexParser.Parse(pattern, out var anchoredStart, out var anchoredEnd);
        if (node is null) return null;
        if (search)
        {
            var any = new Repeat(new CharSetNode(CharSet.AnyButNewline), 0, -1);
            var parts = new List<Node>();
            if (!anchoredStart) parts.Add(any);
            parts.Add(node);
            if (!anchoredEnd) parts.Add(any);
            node = new Concat(parts);
        }
        return TryBuild(node, "/" + pattern + "/");
    }


    /// <summary>The names of any of <paramref name="languages"/> (the release tags of several tag families).</summary>
    public static NameLanguage Union(IReadOnlyList<NameLanguage> languages)
    {
        if (languages.Count == 1) return languages[0];
        var edges = new List<List<(CharSet Set, int To)>> { new(), new() };
        var epsilons = new List<List<int>> { new(), new() };
        foreach (var language in languages)
        {
            var nfa = language._nfa;
            var offset = edges.Count;
            for (var i = 0; i < nfa.Edges.Count; i++)
            {
                edges.Add(nfa.Edges[i].Select(e => (e.Set, e.To + offset)).ToList());
                epsilons.Add(nfa.Epsilons[i].Select(t => t + offset).ToList());
            }
            epsilons[0].Add(nfa.Start + offset);
            epsilons[nfa.Accepting + offset].Add(1);
        }
        return new NameLanguage(new Nfa(edges, epsilons, 0, 1), string.Join(" | ", languages.Select(l => l.Description)));
    }

    /// <summary>Names starting with, ending with or containing <paramref name="text"/> (ruleset <c>starts_with</c>, <c>ends_with</c>, <c>contains</c>), or equal to it.</summary>
    public static NameLanguage FromLiteral(string text, bool anyBefore, bool anyAfter)
    {
        var parts = new List<Node>();
        var any = new Repeat(new CharSetNode(CharSet.Any), 0, -1);
        if (anyBefore) parts.Add(any);
        parts.AddRange(text.Select(c => (Node)new CharSetNode(CharSet.Of(c))));
        if (anyAfter) parts.Add(any);
        return Build(new Concat(parts), "'" + text + "'");
    }

    /// <summary>
    /// Compares <paramref name="subject"/> (e.g. the policy tags) with a combination of other languages (e.g. the patterns
    /// of one filter list): finds a name of <paramref name="subject"/> that the combination accepts and one that it rejects.
    /// </summary>
    /// <param name="subject">The names that matter.</param>
    /// <param name="others">The languages combined.</param>
    /// <param name="accepts">Given which of <paramref name="others"/> contain a name, whether the combination accepts it.</param>
    /// <param name="maxStates">Bound on the work; beyond it the comparison gives up (<see cref="LanguageComparison.Complete"/> false).</param>
    public static LanguageComparison Compare(NameLanguage subject, IReadOnlyList<NameLanguage> others, Func<bool[], bool> accepts, int maxStates = 200_000)
    {
        var alphabet = Alphabet(subject, others);
        var start = new ProductState(subject._nfa.Start, others.Select(o => o._nfa.Closure([o._nfa.Start])).ToArray());
        var parent = new Dictionary<ProductState, (ProductState From, char? Via)>();
        var queue = new Queue<ProductState>();
        parent[start] = (start, null);
        queue.Enqueue(start);
        string? accepted = null, rejected = null;
        while (queue.Count > 0 && (accepted is null || rejected is null))
        {
            var state = queue.Dequeue();
            if (subject._nfa.Accepting == state.Subject)
            {
                var memberships = new bool[others.Count];
                for (var i = 0; i < others.Count; i++) memberships[i] = state.Others[i].Contains(others[i]._nfa.Accepting);
                if (accepts(memberships)) accepted ??= Path(parent, state);
                else rejected ??= Path(parent, state);
            }
            foreach (var to in subject._nfa.Epsilons[state.Subject])
                Visit(new ProductState(to, state.Others), state, null);
            foreach (var (set, to) in subject._nfa.Edges[state.Subject])
            {
                foreach (var c in alphabet)
                {
                    if (!set.Contains(c)) continue;
                    var next = new int[]?[others.Count];
                    for (var i = 0; i < others.Count; i++) next[i] = others[i]._nfa.Step(state.Others[i], c);
                    Visit(new ProductState(to, next!), state, c);
                }
            }
            if (parent.Count > maxStates) return new LanguageComparison(false, accepted, rejected);
        }
        return new LanguageComparison(true, accepted, rejected);

        void Visit(ProductState next, ProductState from, char? via)
        {
            if (parent.TryAdd(next, (from, via))) queue.Enqueue(next);
        }
    }

    /// <summary>A shortest name of the language, or null when it is empty.</summary>
    public string? Example() => Compare(this, [], _ => true).Accepted;

    /// <summary>True when <paramref name="name"/> is in the language.</summary>
    public bool Contains(string name)
    {
        var states = _nfa.Closure([_nfa.Start]);
        foreach (var c in name)
        {
            states = _nfa.Step(states, c);
            if (states.Length == 0) return false;
        }
        return Array.IndexOf(states, _nfa.Accepting) >= 0;
    }

    private static string Path(Dictionary<ProductState, (ProductState From, char? Via)> parent, ProductState state)
    {
        var chars = new List<char>();
        while (true)
        {
            var (from, via) = parent[state];
            if (via is { } c) chars.Add(c);
            if (from.Equals(state)) break;
            state = from;
        }
        chars.Reverse();
        return new string(chars.ToArray());
    }

    /// <summary>One representative character per class of characters that no set of either side tells apart, nicest first.</summary>
    private static List<char> Alphabet(NameLanguage subject, IReadOnlyList<NameLanguage> others)
    {
        var cuts = new SortedSet<int> { 0, 0x10000 };
        foreach (var nfa in others.Select(o => o._nfa).Append(subject._nfa))
            foreach (var edges in nfa.Edges)
                foreach (var (set, _) in edges)
                    foreach (var (lo, hi) in set.Ranges)
                    {
                        cuts.Add(lo);
                        cuts.Add(hi + 1);
                    }
        var list = cuts.ToList();
        var reps = new List<char>();
        const string nice = "v0123456789.-_/+abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (var i = 0; i + 1 < list.Count; i++)
        {
            var lo = list[i];
            var hi = list[i + 1] - 1;
            var pick = nice.FirstOrDefault(c => c >= lo && c <= hi);
            reps.Add(pick != default ? pick : (char)(lo == 0 && hi >= 'x' ? 'x' : lo));
        }
        return reps.OrderBy(c => nice.IndexOf(c) is var k && k >= 0 ? k : int.MaxValue).ToList();
    }

    /// <summary>The language of a syntax tree; throws <see cref="AutomatonTooLargeException"/> beyond the state budget.</summary>
    internal static NameLanguage Build(Node node, string description)
    {
        var builder = new NfaBuilder();
        var (start, end) = builder.Add(node);
        return new NameLanguage(builder.Finish(start, end), description);
    }

    /// <summary>The language of a syntax tree, or null when it exceeds the state budget.</summary>
    internal static NameLanguage? TryBuild(Node node, string description)
    {
        try { return Build(node, description); }
        catch (AutomatonTooLargeException) { return null; }
    }

    private readonly record struct ProductState(int Subject, int[][] Others)
    {
        public bool Equals(ProductState other)
        {
            if (Subject != other.Subject || Others.Length != other.Others.Length) return false;
            for (var i = 0; i < Others.Length; i++)
                if (!Others[i].AsSpan().SequenceEqual(other.Others[i])) return false;
            return true;
        }

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.Add(Subject);
            foreach (var set in Others)
            {
                h.Add(set.Length);
                foreach (var s in set) h.Add(s);
            }
            return h.ToHashCode();
        }
    }

}

/// <summary>The outcome of <see cref="NameLanguage.Compare"/>.</summary>
/// <param name="Complete">False when the comparison gave up (too many states): then missing examples mean "unknown".</param>
/// <param name="Accepted">A name of the subject that the combination accepts, or null when there is none.</param>
/// <param name="Rejected">A name of the subject that the combination rejects, or null when there is none.</param>
public sealed record LanguageComparison(bool Complete, string? Accepted, string? Rejected)
{
    /// <summary>True when the combination accepts no name of the subject (and the comparison finished).</summary>
    public bool AcceptsNone => Complete && Accepted is null;
    /// <summary>True when the combination accepts every name of the subject (and the comparison finished).</summary>
    public bool AcceptsAll => Complete && Rejected is null;
}
