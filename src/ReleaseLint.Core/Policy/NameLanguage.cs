using System.Text;

namespace ReleaseLint.Policy;

/// <summary>
/// A set of names (tags, branches) described by a regular expression, kept as a small automaton so that
/// two descriptions can be compared exactly: does a workflow's tag filter match any policy tag, every policy
/// tag, or none? Built from the policy's <see cref="TagFormat"/>, from GitHub filter patterns
/// (<see cref="FromFilterPattern"/>) and from the regular expressions of rulesets (<see cref="FromRegex"/>).
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
        var parser = new RegexParser(pattern);
        var node = parser.ParseAll(out var anchoredStart, out var anchoredEnd);
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
        return Build(node, "/" + pattern + "/");
    }

    /// <summary>
    /// The names one GitHub Actions filter pattern matches (without its leading <c>!</c>): <c>*</c> any characters but
    /// <c>/</c>, <c>**</c> any characters, <c>?</c> zero or one of the preceding character, <c>+</c> one or more of it,
    /// <c>[…]</c> one character of a set or range, <c>\</c> escapes the next character.
    /// </summary>
    public static NameLanguage FromFilterPattern(string pattern)
    {
        var p = pattern.StartsWith('!') ? pattern[1..] : pattern;
        var atoms = new List<Node>();
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            switch (c)
            {
                case '*' when i + 1 < p.Length && p[i + 1] == '*':
                    atoms.Add(new Repeat(new CharSetNode(CharSet.Any), 0, -1));
                    i++;
                    break;
                case '*':
                    atoms.Add(new Repeat(new CharSetNode(CharSet.Of('/').Negate()), 0, -1));
                    break;
                case '?' when atoms.Count > 0:
                    atoms[^1] = new Repeat(atoms[^1], 0, 1);
                    break;
                case '+' when atoms.Count > 0:
                    atoms[^1] = new Repeat(atoms[^1], 1, -1);
                    break;
                case '[' when p.IndexOf(']', i + 1) is var close && close > i + 1:
                    atoms.Add(new CharSetNode(ParseBracket(p[(i + 1)..close], allowBang: true)));
                    i = close;
                    break;
                case '\\' when i + 1 < p.Length:
                    atoms.Add(new CharSetNode(CharSet.Of(p[++i])));
                    break;
                default:
                    atoms.Add(new CharSetNode(CharSet.Of(c)));
                    break;
            }
        }
        return Build(new Concat(atoms), "'" + pattern + "'");
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

    private static NameLanguage Build(Node node, string description)
    {
        var builder = new NfaBuilder();
        var (start, end) = builder.Add(node);
        return new NameLanguage(builder.Finish(start, end), description);
    }

    internal static CharSet ParseBracket(string body, bool allowBang)
    {
        var negate = false;
        var i = 0;
        if (body.Length > 1 && (body[0] == '^' || (allowBang && body[0] == '!'))) { negate = true; i = 1; }
        var set = CharSet.Empty;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length)
            {
                var esc = RegexParser.ClassEscape(body[i + 1]);
                if (esc is not null) { set = set.Union(esc); i += 2; continue; }
                c = body[i + 1];
                i++;
            }
            if (i + 2 < body.Length && body[i + 1] == '-')
            {
                var hiChar = body[i + 2];
                if (hiChar == '\\' && i + 3 < body.Length) { hiChar = body[i + 3]; i++; }
                if (hiChar >= c) set = set.Union(CharSet.Range(c, hiChar));
                i += 3;
                continue;
            }
            set = set.Union(CharSet.Of(c));
            i++;
        }
        return negate ? set.Negate() : set;
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

    // ---- syntax tree ----
    internal abstract record Node;
    internal sealed record CharSetNode(CharSet Set) : Node;
    internal sealed record Concat(IReadOnlyList<Node> Parts) : Node;
    internal sealed record Alternation(IReadOnlyList<Node> Options) : Node;
    internal sealed record Repeat(Node Body, int Min, int Max) : Node;

    /// <summary>A recursive-descent parser for the regular-expression subset that <see cref="FromRegex"/> accepts.</summary>
    internal sealed class RegexParser(string pattern)
    {
        private int _pos;
        private bool _unsupported;

        public Node? ParseAll(out bool anchoredStart, out bool anchoredEnd)
        {
            var p = pattern;
            anchoredStart = p.StartsWith('^');
            anchoredEnd = p.EndsWith('$') && !p.EndsWith("\\$", StringComparison.Ordinal);
            if (anchoredStart) _pos = 1;
            var end = anchoredEnd ? p.Length - 1 : p.Length;
            var node = ParseAlternation(end);
            if (_unsupported || _pos != end) return null;
            return node;
        }

        private Node ParseAlternation(int end)
        {
            var options = new List<Node> { ParseConcat(end) };
            while (_pos < end && pattern[_pos] == '|')
            {
                _pos++;
                options.Add(ParseConcat(end));
            }
            return options.Count == 1 ? options[0] : new Alternation(options);
        }

        private Node ParseConcat(int end)
        {
            var parts = new List<Node>();
            while (_pos < end && pattern[_pos] != '|' && pattern[_pos] != ')' && !_unsupported)
            {
                var atom = ParseAtom(end);
                if (atom is null) { _unsupported = true; break; }
                parts.Add(ParseQuantifier(atom, end));
            }
            return parts.Count == 1 ? parts[0] : new Concat(parts);
        }

        private Node ParseQuantifier(Node atom, int end)
        {
            while (_pos < end && !_unsupported)
            {
                var c = pattern[_pos];
                int min, max;
                if (c == '*') { min = 0; max = -1; _pos++; }
                else if (c == '+') { min = 1; max = -1; _pos++; }
                else if (c == '?') { min = 0; max = 1; _pos++; }
                else if (c == '{' && TryBraces(out min, out max)) { }
                else break;
                if (_pos < end && (pattern[_pos] == '?' || pattern[_pos] == '+')) _pos++; // lazy / possessive: same language
                if (max > 100 || min > 100) { _unsupported = true; break; }
                atom = new Repeat(atom, min, max);
            }
            return atom;
        }

        private bool TryBraces(out int min, out int max)
        {
            min = max = 0;
            var close = pattern.IndexOf('}', _pos);
            if (close < 0) return false;
            var body = pattern[(_pos + 1)..close];
            var comma = body.IndexOf(',');
            if (comma < 0)
            {
                if (!int.TryParse(body, out min)) return false;
                max = min;
            }
            else
            {
                if (!int.TryParse(body[..comma], out min)) return false;
                var rest = body[(comma + 1)..];
                if (rest.Length == 0) max = -1;
                else if (!int.TryParse(rest, out max) || max < min) return false;
            }
            _pos = close + 1;
            return true;
        }

        private Node? ParseAtom(int end)
        {
            var c = pattern[_pos];
            switch (c)
            {
                case '(':
                    _pos++;
                    if (_pos < end && pattern[_pos] == '?')
                    {
                        // (?:…), (?<name>…), (?P<name>…), (?'name'…); look-arounds and options are not supported
                        if (_pos + 1 < end && pattern[_pos + 1] == ':') _pos += 2;
                        else if (_pos + 1 < end && (pattern[_pos + 1] == '<' || pattern[_pos + 1] == '\'' || pattern[_pos + 1] == 'P'))
                        {
                            var close = pattern.IndexOfAny(['>', '\''], _pos + 2);
                            if (close < 0 || (pattern[_pos + 1] == '<' && _pos + 2 < end && pattern[_pos + 2] is '=' or '!')) return null;
                            _pos = close + 1;
                        }
                        else return null;
                    }
                    var inner = ParseAlternation(end);
                    if (_pos >= end || pattern[_pos] != ')') return null;
                    _pos++;
                    return inner;
                case '[':
                {
                    var close = ClassEnd(_pos);
                    if (close < 0) return null;
                    var set = ParseBracket(pattern[(_pos + 1)..close], allowBang: false);
                    _pos = close + 1;
                    return new CharSetNode(set);
                }
                case '.':
                    _pos++;
                    return new CharSetNode(CharSet.AnyButNewline);
                case '\\':
                {
                    if (_pos + 1 >= end) return null;
                    var e = pattern[_pos + 1];
                    _pos += 2;
                    if (ClassEscape(e) is { } cls) return new CharSetNode(cls);
                    if (char.IsDigit(e) || e is 'b' or 'B' or 'A' or 'z' or 'Z' or 'G' or 'k' or 'p' or 'P' or 'u' or 'x') return null;
                    return new CharSetNode(CharSet.Of(e switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => e }));
                }
                case '^' or '$' or ')' or '*' or '+' or '?':
                    return null;
                default:
                    _pos++;
                    return new CharSetNode(CharSet.Of(c));
            }
        }

        private int ClassEnd(int open)
        {
            var i = open + 1;
            if (i < pattern.Length && pattern[i] == '^') i++;
            if (i < pattern.Length && pattern[i] == ']') i++;
            for (; i < pattern.Length; i++)
            {
                if (pattern[i] == '\\') { i++; continue; }
                if (pattern[i] == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':') return -1; // POSIX classes: not supported
                if (pattern[i] == ']') return i;
            }
            return -1;
        }

        internal static CharSet? ClassEscape(char e) => e switch
        {
            'd' => CharSet.Digits,
            'D' => CharSet.Digits.Negate(),
            'w' => CharSet.Word,
            'W' => CharSet.Word.Negate(),
            's' => CharSet.Space,
            'S' => CharSet.Space.Negate(),
            _ => null,
        };
    }

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
    private sealed class Nfa(List<List<(CharSet Set, int To)>> edges, List<List<int>> epsilons, int start, int accepting)
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

    private sealed class NfaBuilder
    {
        private readonly List<List<(CharSet, int)>> _edges = [];
        private readonly List<List<int>> _epsilons = [];

        private int NewState()
        {
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

/// <summary>Helpers for writing regular expressions from literal text.</summary>
internal static class RegexText
{
    public static string Escape(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if ("\\^$.|?*+()[]{}/".Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
