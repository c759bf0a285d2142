namespace ReleaseLint.Inputs.Files;

/// <summary>The rules of one <c>.gitignore</c> file (or <c>.git/info/exclude</c>), relative to its directory.</summary>
public sealed class GitIgnore
{
    private readonly List<(Glob Glob, bool Negated)> _rules = [];

    /// <summary>Parses the text of a <c>.gitignore</c> whose directory is <paramref name="baseDirectory"/> ("" for the root).</summary>
    public GitIgnore(string baseDirectory, string text)
    {
        BaseDirectory = baseDirectory.Trim('/');
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            // Trailing spaces are ignored unless escaped with a backslash.
            var trimmed = line.TrimEnd(' ');
            if (trimmed.EndsWith('\\') && trimmed.Length < line.Length) trimmed += " ";
            if (trimmed.Length == 0) continue;
            var negated = trimmed.StartsWith('!');
            if (negated) trimmed = trimmed[1..];
            else if (trimmed.StartsWith(@"\!", StringComparison.Ordinal) || trimmed.StartsWith(@"\#", StringComparison.Ordinal)) trimmed = trimmed[1..];
            if (trimmed.Length == 0) continue;
            _rules.Add((new Glob(trimmed), negated));
        }
    }

    /// <summary>The directory holding the file, relative to the repository root.</summary>
    public string BaseDirectory { get; }

    /// <summary>
    /// Whether this file says <paramref name="path"/> (repository-relative) is ignored: true, false
    /// (re-included by a <c>!</c> rule) or null (no rule matches).
    /// </summary>
    public bool? IsIgnored(string path, bool isDirectory)
    {
        if (BaseDirectory.Length > 0)
        {
            if (!path.StartsWith(BaseDirectory + "/", StringComparison.Ordinal)) return null;
            path = path[(BaseDirectory.Length + 1)..];
        }
        bool? result = null;
        foreach (var (glob, negated) in _rules)
        {
            if (glob.DirectoryOnly && !isDirectory) continue;
            if (glob.IsExactMatch(path)) result = !negated;
        }
        return result;
    }
}
