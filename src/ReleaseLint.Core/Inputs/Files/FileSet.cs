using ReleaseLint.Inputs;
namespace ReleaseLint.Inputs.Files;

/// <summary>
/// The files of the linted tree: everything under the root except <c>.git/</c>, what <c>.gitignore</c>
/// files (at any level) and <c>.git/info/exclude</c> exclude, and the configured ignore globs.
/// Directories are pruned as soon as they are ignored, so <c>node_modules/</c> costs nothing.
/// </summary>
public sealed class FileSet
{
    private readonly HashSet<string> _files;
    private readonly HashSet<string> _directories;
    private readonly Func<string, byte[]?>? _read;
    private readonly IReadOnlyList<GitIgnore> _gitIgnores;

    private FileSet(string root, List<string> files, HashSet<string> directories, Func<string, byte[]?>? read = null, IReadOnlyList<GitIgnore>? gitIgnores = null)
    {
        _read = read;
        _gitIgnores = gitIgnores ?? [];
        Root = root;
        files.Sort(StringComparer.Ordinal);
        Files = files;
        _files = new HashSet<string>(files, StringComparer.Ordinal);
        _directories = directories;
    }

    /// <summary>Absolute path of the root.</summary>
    public string Root { get; }
    /// <summary>Repository-relative paths with <c>/</c> separators, sorted ordinally.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>True when <paramref name="path"/> is a linted (not ignored) file.</summary>
    public bool Contains(string path) => _files.Contains(path);

    /// <summary>True when <paramref name="path"/> is a directory holding at least one linted file or is the root.</summary>
    public bool ContainsDirectory(string path) => path.Length == 0 || _directories.Contains(path.TrimEnd('/'));

    /// <summary>
    /// True when git's ignore rules (the <c>.gitignore</c> files read while scanning, and <c>.git/info/exclude</c>)
    /// ignore <paramref name="path"/> or one of its parent directories, whether or not it exists: build output such
    /// as pages a documentation generator writes. False for snapshots.
    /// </summary>
    public bool IsGitIgnored(string path)
    {
        if (_gitIgnores.Count == 0 || path.Length == 0) return false;
        var parts = path.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            var prefix = string.Join('/', parts[..i]);
            bool? ignored = null;
            foreach (var gi in _gitIgnores)
            {
                if (gi.BaseDirectory.Length > 0 && !prefix.StartsWith(gi.BaseDirectory + "/", StringComparison.Ordinal)) continue;
                if (gi.IsIgnored(prefix, isDirectory: i < parts.Length) is { } r) ignored = r;
            }
            if (ignored == true) return true;
        }
        return false;
    }

    /// <summary>
    /// True when the files are not the working tree but another snapshot (the git index for
    /// <c>check --staged</c>): contents come from that snapshot and nothing else on disk exists.
    /// </summary>
    public bool IsSnapshot => _read is not null;

    /// <summary>Reads a file of the set as text within <paramref name="maxBytes"/>; null with <paramref name="failure"/> set when it cannot be.</summary>
    public SourceText? TryReadText(string path, long maxBytes, out ReadFailure? failure)
    {
        if (_read is null) return TextFileReader.TryRead(FullPath(path), path, maxBytes, out failure);
        var bytes = _read(path);
        if (bytes is null)
        {
            failure = new ReadFailure("cannot read the staged content of the file");
            return null;
        }
        return TextFileReader.TryDecode(bytes, path, maxBytes, out failure);
    }

    /// <summary>
    /// A file set over a snapshot (e.g. the git index): <paramref name="files"/> are its paths, <paramref name="read"/>
    /// returns a file's content (null when it cannot). <paramref name="ignoreGlobs"/> still apply.
    /// </summary>
    public static FileSet FromSnapshot(string root, IEnumerable<string> files, Func<string, byte[]?> read, IEnumerable<Glob> ignoreGlobs)
    {
        var globs = ignoreGlobs.ToList();
        var list = files.Where(f => !globs.Any(g => g.IsMatch(f))).Distinct(StringComparer.Ordinal).ToList();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in list) MarkParents(f, directories);
        return new FileSet(Path.GetFullPath(root), list, directories, read);
    }

    /// <summary>Absolute path of a repository-relative path.</summary>
    public string FullPath(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Enumerates <paramref name="root"/> applying git's ignore rules and <paramref name="ignoreGlobs"/>.</summary>
    public static FileSet Scan(string root, IEnumerable<Glob> ignoreGlobs)
    {
        root = Path.GetFullPath(root);
        var globs = ignoreGlobs.ToList();
        var files = new List<string>();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        var ignores = new List<GitIgnore>();
        var exclude = Path.Combine(root, ".git", "info", "exclude");
        if (File.Exists(exclude)) ignores.Add(new GitIgnore("", SafeRead(exclude)));
        var seen = new List<GitIgnore>(ignores);
        Walk(root, "", files, directories, ignores, globs, seen);
        // Shallow files first, so deeper .gitignore files (and later rules) override them, as in git; exclude comes first.
        var ordered = seen.Select((g, i) => (g, i)).OrderBy(t => t.g.BaseDirectory.Length == 0 ? 0 : t.g.BaseDirectory.Count(c => c == '/') + 1).ThenBy(t => t.i).Select(t => t.g).ToList();
        return new FileSet(root, files, directories, gitIgnores: ordered);
    }

    private static void Walk(string root, string relativeDir, List<string> files, HashSet<string> directories, List<GitIgnore> ignores, List<Glob> globs, List<GitIgnore> seen)
    {
        var fullDir = relativeDir.Length == 0 ? root : Path.Combine(root, relativeDir);
        var added = false;
        var gitignorePath = Path.Combine(fullDir, ".gitignore");
        if (File.Exists(gitignorePath))
        {
            var gi = new GitIgnore(relativeDir, SafeRead(gitignorePath));
            ignores.Add(gi);
            seen.Add(gi);
            added = true;
        }
        try
        {
            IEnumerable<FileSystemInfo> entries;
            try { entries = new DirectoryInfo(fullDir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
            foreach (var entry in entries)
            {
                var rel = relativeDir.Length == 0 ? entry.Name : relativeDir + "/" + entry.Name;
                var isLink = entry.LinkTarget is not null;
                var isDir = entry is DirectoryInfo;
                if (isDir && entry.Name == ".git") continue;
                if (IsIgnored(rel, isDir, ignores, globs)) continue;
                if (isDir)
                {
                    if (isLink) continue; // never follow directory symlinks: no cycles, no escaping the root
                    Walk(root, rel, files, directories, ignores, globs, seen);
                }
                else if (entry is FileInfo)
                {
                    files.Add(rel);
                    MarkParents(rel, directories);
                }
            }
        }
        finally
        {
            if (added) ignores.RemoveAt(ignores.Count - 1);
        }
    }

    private static void MarkParents(string rel, HashSet<string> directories)
    {
        for (var slash = rel.LastIndexOf('/'); slash > 0; slash = rel.LastIndexOf('/', slash - 1))
            if (!directories.Add(rel[..slash])) break;
    }

    private static bool IsIgnored(string rel, bool isDir, List<GitIgnore> ignores, List<Glob> globs)
    {
        foreach (var g in globs)
            if ((!g.DirectoryOnly || isDir) && g.IsExactMatch(rel)) return true;
        bool? ignored = null;
        foreach (var gi in ignores)
        {
            var r = gi.IsIgnored(rel, isDir);
            if (r is not null) ignored = r;
        }
        return ignored == true;
    }

    private static string SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}
