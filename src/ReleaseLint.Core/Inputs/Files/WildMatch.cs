namespace ReleaseLint.Inputs.Files;

/// <summary>
/// git's <c>wildmatch</c> (the matcher behind <c>.gitignore</c> and pathspecs) with <c>WM_PATHNAME</c>: <c>*</c> and
/// <c>?</c> stop at <c>/</c>, <c>**</c> between slashes crosses directories, <c>[...]</c> sets with <c>!</c>/<c>^</c>
/// negation, ranges, <c>[:class:]</c> and <c>\</c> escapes. A malformed bracket is what git makes of it, never an
/// error: <c>[</c> or <c>a[</c> (no closing bracket) and <c>[^]</c> match nothing, <c>[z-a]</c> is an empty range.
/// No regular expression and no exponential backtracking: git's "abort" results cut the search, so matching is
/// polynomial in the lengths of the pattern and the path.
/// </summary>
internal static class WildMatch
{
    private enum Result { Match, NoMatch, AbortAll, AbortToStarStar }

    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/> as a whole.</summary>
    public static bool IsMatch(string pattern, string text) => Match(pattern, 0, text, 0) == Result.Match;

    private static Result Match(string p, int pi, string t, int ti)
    {
        for (; pi < p.Length; pi++, ti++)
        {
            var pc = p[pi];
            if (ti >= t.Length && pc != '*') return Result.AbortAll;
            var tc = ti < t.Length ? t[ti] : '\0';
            switch (pc)
            {
                case '\\':
                    // A literal match with the next character; a trailing backslash matches nothing.
                    if (++pi >= p.Length || tc != p[pi]) return Result.NoMatch;
                    continue;
                case '?':
                    if (tc == '/') return Result.NoMatch;
                    continue;
                case '*':
                {
                    bool matchSlash;
                    if (pi + 1 < p.Length && p[pi + 1] == '*')
                    {
                        var prev = pi - 1;
                        pi++;
                        while (pi + 1 < p.Length && p[pi + 1] == '*') pi++;
                        var next = pi + 1;
                        if ((prev < 0 || p[prev] == '/') &&
                            (next >= p.Length || p[next] == '/' || (p[next] == '\\' && next + 1 < p.Length && p[next + 1] == '/')))
                        {
                            // "**/" may match no directory at all: try the rest of the pattern right here first.
                            if (next < p.Length && p[next] == '/' && Match(p, next + 1, t, ti) == Result.Match) return Result.Match;
                            matchSlash = true;
                        }
                        else matchSlash = false;
                    }
                    else matchSlash = false;
                    pi++;
                    if (pi >= p.Length)
                    {
                        // A trailing "**" matches everything, a trailing "*" only what has no more slash.
                        if (!matchSlash && t.IndexOf('/', ti) >= 0) return Result.NoMatch;
                        return Result.Match;
                    }
                    if (!matchSlash && p[pi] == '/')
                    {
                        // One star before a slash matches up to the next slash of the text.
                        var slash = t.IndexOf('/', ti);
                        if (slash < 0) return Result.NoMatch;
                        ti = slash;
                        continue; // the loop's increments consume the slash on both sides
                    }
                    while (true)
                    {
                        if (ti >= t.Length) break;
                        if (!IsGlobSpecial(p[pi]))
                        {
                            // A literal after the star: skip ahead to where it occurs (within the segment for "*").
                            var literal = p[pi];
                            while (ti < t.Length && (matchSlash || t[ti] != '/') && t[ti] != literal) ti++;
                            // Not found: no later start can match either (git's fix of the exponential case, 2.40).
                            if (ti >= t.Length || t[ti] != literal) return matchSlash ? Result.AbortAll : Result.AbortToStarStar;
                        }
                        var matched = Match(p, pi, t, ti);
                        if (matched != Result.NoMatch)
                        {
                            if (!matchSlash || matched != Result.AbortToStarStar) return matched;
                        }
                        else if (!matchSlash && t[ti] == '/') return Result.AbortToStarStar;
                        ti++;
                    }
                    return Result.AbortAll;
                }
                case '[':
                {
                    if (++pi >= p.Length) return Result.AbortAll;
                    var c = p[pi];
                    var negated = c is '!' or '^';
                    if (negated)
                    {
                        if (++pi >= p.Length) return Result.AbortAll;
                        c = p[pi];
                    }
                    var prevChar = '\0';
                    var matched = false;
                    do
                    {
                        if (c == '\\')
                        {
                            if (++pi >= p.Length) return Result.AbortAll;
                            c = p[pi];
                            if (tc == c) matched = true;
                        }
                        else if (c == '-' && prevChar != '\0' && pi + 1 < p.Length && p[pi + 1] != ']')
                        {
                            c = p[++pi];
                            if (c == '\\')
                            {
                                if (++pi >= p.Length) return Result.AbortAll;
                                c = p[pi];
                            }
                            if (tc <= c && tc >= prevChar) matched = true;
                            c = '\0'; // a range ends: the next '-' is literal
                        }
                        else if (c == '[' && pi + 1 < p.Length && p[pi + 1] == ':')
                        {
                            var start = pi + 2;
                            var end = start;
                            while (end < p.Length && p[end] != ']') end++;
                            if (end >= p.Length) return Result.AbortAll;
                            if (end - start < 1 || p[end - 1] != ':')
                            {
                                // Not "[:class:]": a literal '['.
                                if (tc == '[') matched = true;
                            }
                            else
                            {
                                var name = p[start..(end - 1)];
                                bool? inClass = name switch
                                {
                                    "alnum" => char.IsAsciiLetterOrDigit(tc),
                                    "alpha" => char.IsAsciiLetter(tc),
                                    "blank" => tc is ' ' or '\t',
                                    "cntrl" => char.IsControl(tc) && tc < 128,
                                    "digit" => char.IsAsciiDigit(tc),
                                    "graph" => tc > ' ' && tc < 127,
                                    "lower" => char.IsAsciiLetterLower(tc),
                                    "print" => tc >= ' ' && tc < 127,
                                    "punct" => tc > ' ' && tc < 127 && !char.IsAsciiLetterOrDigit(tc),
                                    "space" => tc is ' ' or '\t' or '\n' or '\r' or '\f' or '\v',
                                    "upper" => char.IsAsciiLetterUpper(tc),
                                    "xdigit" => char.IsAsciiHexDigit(tc),
                                    _ => null,
                                };
                                if (inClass is null) return Result.AbortAll; // a malformed class: git matches nothing
                                if (inClass == true) matched = true;
                                pi = end;
                                c = '\0';
                            }
                        }
                        else if (tc == c) matched = true;
                        prevChar = c;
                        if (++pi >= p.Length) return Result.AbortAll; // no closing bracket
                        c = p[pi];
                    }
                    while (c != ']');
                    if (matched == negated || tc == '/') return Result.NoMatch;
                    continue;
                }
                default:
                    if (tc != pc) return Result.NoMatch;
                    continue;
            }
        }
        return ti < t.Length ? Result.NoMatch : Result.Match;
    }

    private static bool IsGlobSpecial(char c) => c is '*' or '?' or '[' or '\\';
}
