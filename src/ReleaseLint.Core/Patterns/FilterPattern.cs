using System.Text;

namespace ReleaseLint.Patterns;

/// <summary>
/// One GitHub Actions filter pattern (<c>on.push.branches</c>, <c>tags</c>, <c>branches-ignore</c>…), parsed once:
/// <c>*</c> any characters but <c>/</c>, <c>**</c> any characters, <c>?</c> zero or one of the preceding character,
/// <c>+</c> one or more of it, <c>[…]</c> one character of a set or range (GitHub documents no negated sets), <c>\</c>
/// escapes the next character, and a leading <c>!</c> makes a list item exclude what it matches. A <c>?</c> or <c>+</c>
/// with nothing before it, and a <c>[</c> without a closing <c>]</c> (or with nothing inside), are literal characters.
/// Matching runs the pattern's automaton, so it takes time linear in the name, whatever the pattern. Immutable and
/// thread-safe.
/// </summary>
public sealed class FilterPattern
{
    /// <summary>Filter patterns longer than this match nothing (no real filter comes near it; the automaton stays small).</summary>
    public const int MaxLength = 4096;

    private FilterPattern(string text, bool negated, NameLanguage language)
    {
        Text = text;
        IsNegated = negated;
        Language = language;
    }

    /// <summary>The pattern as written, with its <c>!</c>.</summary>
    public string Text { get; }
    /// <summary>True for <c>!pattern</c>: in a list, a match excludes the name again.</summary>
    public bool IsNegated { get; }
    /// <summary>The names the pattern matches, without regard to <see cref="IsNegated"/>.</summary>
    public NameLanguage Language { get; }

    /// <summary>Parses a pattern. Every text is a pattern: malformed parts are literal characters, as listed above.</summary>
    public static FilterPattern Parse(string text)
    {
        var negated = text.StartsWith('!');
        var body = negated ? text[1..] : text;
        var description = "'" + text + "'";
        var language = body.Length <= MaxLength ? NameLanguage.TryBuild(Syntax(body), description) : null;
        return new FilterPattern(text, negated, language ?? NameLanguage.Build(new Alternation([]), description));
    }

    /// <summary>True when the pattern (without its <c>!</c>) matches all of <paramref name="name"/>.</summary>
    public bool IsMatch(string name) => Language.Contains(name);

    /// <summary>
    /// True when the pattern could match a name other than <paramref name="only"/>, decided on its language (not by
    /// trying names): <c>live</c> and <c>l[i]ve</c> cannot, <c>live*</c> and <c>liv?e</c> can. A negated pattern never
    /// selects a name, so it never does.
    /// </summary>
    public bool CanMatchOtherThan(string only)
    {
        if (IsNegated) return false;
        var comparison = NameLanguage.Compare(Language, [NameLanguage.FromLiteral(only, anyBefore: false, anyAfter: false)], m => !m[0]);
        return comparison.Accepted is not null;
    }

    /// <summary>Escapes <paramref name="literal"/> so that a filter pattern matches exactly that text.</summary>
    public static string Escape(string literal)
    {
        var sb = new StringBuilder();
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '+' or '[' or ']' or '!' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static Node Syntax(string p)
    {
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
                    atoms.Add(new CharSetNode(CharClass.Parse(p[(i + 1)..close], regex: false)));
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
        return new Concat(atoms);
    }
}

/// <summary>
/// A filter list as one event key holds it (<c>branches: [main, 'release/**', '!release/**-alpha']</c>), each pattern
/// parsed once. Immutable and thread-safe.
/// </summary>
public sealed class FilterList
{
    private FilterList(IReadOnlyList<FilterPattern> patterns) => Patterns = patterns;

    /// <summary>The patterns, in list order.</summary>
    public IReadOnlyList<FilterPattern> Patterns { get; }

    /// <summary>Parses each pattern of a list.</summary>
    public static FilterList Parse(IEnumerable<string> patterns) => new(patterns.Select(FilterPattern.Parse).ToList());

    /// <summary>
    /// Applies the list as GitHub applies <c>branches</c>, <c>tags</c> and <c>paths</c>: patterns are read in order, a
    /// match includes the name and a matching <c>!pattern</c> excludes it again; the name passes when the last matching
    /// pattern is positive.
    /// </summary>
    public bool Passes(string name)
    {
        var included = false;
        foreach (var pattern in Patterns)
            if (pattern.IsMatch(name)) included = !pattern.IsNegated;
        return included;
    }

    /// <summary>True when a positive pattern of the list matches <paramref name="name"/>: how <c>branches-ignore</c> and <c>tags-ignore</c> lists exclude (they take no <c>!</c>).</summary>
    public bool AnyMatches(string name) => Patterns.Any(p => !p.IsNegated && p.IsMatch(name));

    /// <summary>
    /// Whether an event runs for <paramref name="name"/> under its include list (<c>branches</c>) and its ignore list
    /// (<c>branches-ignore</c>): the include list when present, else the ignore list, else every name passes.
    /// </summary>
    public static bool Passes(FilterList? include, FilterList? ignore, string name)
    {
        if (include is not null) return include.Passes(name);
        if (ignore is not null) return !ignore.AnyMatches(name);
        return true;
    }
}
