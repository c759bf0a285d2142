namespace ReleaseLint.Inputs.Docs;

/// <summary>Repository-relative paths (<c>/</c>-separated, no leading slash, "" for the root) and URL paths.</summary>
public static class RepoPath
{
    /// <summary>Removes <c>.</c>, <c>..</c> and empty segments; <paramref name="climb"/> counts the <c>..</c> that went above the root.</summary>
    public static string Normalize(string path, out int climb)
    {
        climb = 0;
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) climb++;
                else parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>The folder of <paramref name="path"/> ("" at the root).</summary>
    public static string Dir(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>The last segment of <paramref name="path"/>.</summary>
    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The name without its last extension.</summary>
    public static string Stem(string path)
    {
        var name = Name(path);
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }

    /// <summary>The last extension with its dot, lower-case ("" when none).</summary>
    public static string Extension(string path)
    {
        var name = Name(path);
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[dot..].ToLowerInvariant() : "";
    }

    /// <summary><paramref name="relative"/> joined to <paramref name="dir"/> and normalized; null when it climbs above the root.</summary>
    public static string? Join(string dir, string relative)
    {
        var joined = Normalize(dir.Length == 0 ? relative : dir + "/" + relative, out var climb);
        return climb > 0 ? null : joined;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="dir"/> or inside it ("" holds everything).</summary>
    public static bool IsUnder(string path, string dir) =>
        dir.Length == 0 || path == dir || path.StartsWith(dir + "/", StringComparison.Ordinal);

    /// <summary><paramref name="path"/> relative to <paramref name="dir"/> (which must hold it).</summary>
    public static string Relative(string path, string dir) =>
        dir.Length == 0 ? path : path == dir ? "" : path[(dir.Length + 1)..];

    /// <summary>URL-decodes <paramref name="text"/>, leaving it as written when it is not valid percent-encoding.</summary>
    public static string Decode(string text)
    {
        if (!text.Contains('%')) return text;
        try { return Uri.UnescapeDataString(text); }
        catch (UriFormatException) { return text; }
    }

    /// <summary>Splits a destination into path, query (without <c>?</c>) and decoded fragment (without <c>#</c>, null when none).</summary>
    public static (string Path, string Query, string? Fragment) SplitUrl(string url)
    {
        string? fragment = null;
        var hash = url.IndexOf('#');
        if (hash >= 0)
        {
            fragment = Decode(url[(hash + 1)..]);
            url = url[..hash];
        }
        var query = "";
        var q = url.IndexOf('?');
        if (q >= 0)
        {
            query = url[(q + 1)..];
            url = url[..q];
        }
        return (url, query, fragment);
    }
}
