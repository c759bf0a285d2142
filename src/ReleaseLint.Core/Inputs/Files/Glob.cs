namespace ReleaseLint.Inputs.Files;

/// <summary>
/// A path glob as <c>.gitignore</c> and <c>.releaselint.yml</c> write them: <c>*</c> (within a segment),
/// <c>**</c> (any number of segments), <c>?</c>, <c>[abc]</c>, <c>[!a-z]</c>. Paths use <c>/</c>. Matched with git's
/// own algorithm (<see cref="WildMatch"/>), so a bracket git accepts but no regular expression would (<c>[</c>,
/// <c>a[</c>, <c>[z-a]</c>, <c>[^]</c>) means what it means to git (here: matches nothing) instead of failing.
/// </summary>
public sealed class Glob
{
    private readonly string _body;
    private readonly bool _anchored;

    /// <summary>Compiles <paramref name="pattern"/>. A pattern without <c>/</c> (other than a trailing one) matches a name at any depth.</summary>
    public Glob(string pattern)
    {
        Pattern = pattern;
        var p = pattern.Trim();
        DirectoryOnly = p.EndsWith('/');
        p = p.TrimEnd('/');
        _anchored = p.Contains('/');
        p = p.TrimStart('/');
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        _body = p;
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }
    /// <summary>True when the pattern ends in <c>/</c> (matches directories only).</summary>
    public bool DirectoryOnly { get; }

    /// <summary>True when <paramref name="path"/> or one of its parent directories matches.</summary>
    public bool IsMatch(string path)
    {
        if (IsExactMatch(path)) return true;
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            if (IsExactMatch(path[..slash])) return true;
        return false;
    }

    /// <summary>True when <paramref name="path"/> itself matches (not only a parent).</summary>
    public bool IsExactMatch(string path)
    {
        if (_anchored) return WildMatch.IsMatch(_body, path);
        // A pattern without a slash matches the last name of the path, at any depth (git's basename match).
        return WildMatch.IsMatch(_body, path[(path.LastIndexOf('/') + 1)..]);
    }
}
