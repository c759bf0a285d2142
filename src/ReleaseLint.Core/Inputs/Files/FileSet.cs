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

    private FileSet(string root, List<string> files, HashSet<string> directories)
    {
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
        Walk(root, "", files, directories, ignores, globs);
        return new FileSet(root, files, directories);
    }

    private static void Walk(string root, string relativeDir, List<string> files, HashSet<string> directories, List<GitIgnore> ignores, List<Glob> globs)
    {
        var fullDir = relativeDir.Length == 0 ? root : Path.Combine(root, relativeDir);
        var added = false;
        var gitignorePath = Path.Combine(fullDir, ".gitignore");
        if (File.Exists(gitignorePath))
        {
            ignores.Add(new GitIgnore(relativeDir, SafeRead(gitignorePath)));
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
                    Walk(root, rel, files, directories, ignores, globs);
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
