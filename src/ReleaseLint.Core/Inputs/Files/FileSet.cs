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
    private Func<string, long, Engine.SnapshotRead>? _readWithin;
    private readonly IReadOnlyList<GitIgnore> _gitIgnores;
    private readonly Dictionary<string, byte[]> _rawPaths;

    private FileSet(string root, List<string> files, HashSet<string> directories, Func<string, byte[]?>? read = null, IReadOnlyList<GitIgnore>? gitIgnores = null,
        Dictionary<string, byte[]>? rawPaths = null)
    {
        _rawPaths = rawPaths ?? new(StringComparer.Ordinal);
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

    /// <summary>
    /// Reads a file of the set as text within <paramref name="maxBytes"/> through <see cref="SafeFile"/> (regular files
    /// inside the root only); null with <paramref name="failure"/> set when it cannot be.
    /// </summary>
    public SourceText? TryReadText(string path, long maxBytes, out ReadFailure? failure)
    {
        if (_read is null) return SafeFile.ReadTextInRoot(Root, path, maxBytes, out failure, _rawPaths.GetValueOrDefault(path));
        if (_readWithin is not null)
        {
            var within = _readWithin(path, maxBytes);
            if (within.Bytes is null)
            {
                failure = new ReadFailure(within.Size > maxBytes ? SafeFile.TooLarge(within.Size, maxBytes) : "cannot read the staged content of the file");
                return null;
            }
            return TextFileReader.TryDecode(within.Bytes, path, maxBytes, out failure);
        }
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
    /// <param name="root">The repository root.</param>
    /// <param name="files">The snapshot's paths.</param>
    /// <param name="read">Returns a path's content, null when it cannot.</param>
    /// <param name="ignoreGlobs">Paths not linted.</param>
    /// <param name="readWithin">Reads a path only when it is within a size limit (see <see cref="Engine.FileSnapshot.ReadWithin"/>); null: <paramref name="read"/> is used.</param>
    public static FileSet FromSnapshot(string root, IEnumerable<string> files, Func<string, byte[]?> read, IEnumerable<Glob> ignoreGlobs, Func<string, long, Engine.SnapshotRead>? readWithin = null)
    {
        var globs = ignoreGlobs.ToList();
        var list = files.Where(f => !globs.Any(g => g.IsMatch(f))).Distinct(StringComparer.Ordinal).ToList();
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in list) MarkParents(f, directories);
        return new FileSet(Path.GetFullPath(root), list, directories, read) { _readWithin = readWithin };
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
        if (SafeRead(root, ".git/info/exclude") is { } exclude) ignores.Add(new GitIgnore("", exclude));
        var seen = new List<GitIgnore>(ignores);
        var raw = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var walk = new WalkState(root, files, directories, ignores, globs, seen, raw);
        if (LinuxFiles.Available) WalkBytes(walk, "", []);
        else Walk(walk, "");
        // Shallow files first, so deeper .gitignore files (and later rules) override them, as in git; exclude comes first.
        var ordered = seen.Select((g, i) => (g, i)).OrderBy(t => t.g.BaseDirectory.Length == 0 ? 0 : t.g.BaseDirectory.Count(c => c == '/') + 1).ThenBy(t => t.i).Select(t => t.g).ToList();
        return new FileSet(root, files, directories, gitIgnores: ordered, rawPaths: raw);
    }

    private sealed record WalkState(string Root, List<string> Files, HashSet<string> Directories, List<GitIgnore> Ignores, List<Glob> Globs,
        List<GitIgnore> Seen, Dictionary<string, byte[]> RawPaths);

    /// <summary>
    /// The walk on Linux: names as bytes (a name that is not UTF-8 is kept, shown escaped), kinds from the directory
    /// itself; links to directories are not followed, links to files are listed (reading them checks where they lead).
    /// </summary>
    private static void WalkBytes(WalkState state, string relativeDir, byte[] rawRelativeDir)
    {
        var rawRoot = LinuxFiles.Bytes(state.Root);
        byte[] Full(byte[] rel) => rel.Length == 0 ? rawRoot : [.. rawRoot, (byte)'/', .. rel];
        var added = AddGitIgnore(state, relativeDir, rawRelativeDir.Length == 0 ? ".gitignore" : relativeDir + "/.gitignore",
            state.RawPaths.ContainsKey(relativeDir) ? [.. rawRelativeDir, .. "/.gitignore"u8] : null);
        try
        {
            var listed = LinuxFiles.ReadDirectory(Full(rawRelativeDir));
            if (listed is null) return;
            var entries = listed.Select(e => (Name: FileNames.Show(e.Name), e.Name, e.Kind)).OrderBy(e => e.Item1, StringComparer.Ordinal).ToList();
            foreach (var (name, bytes, listedKind) in entries)
            {
                var rel = relativeDir.Length == 0 ? name : relativeDir + "/" + name;
                byte[] rawRel = rawRelativeDir.Length == 0 ? bytes : [.. rawRelativeDir, (byte)'/', .. bytes];
                var kind = listedKind == FileKind.Unknown ? LinuxFiles.KindOf(Full(rawRel), noFollow: true, out _) : listedKind;
                var isLink = kind == FileKind.SymbolicLink;
                if (isLink) kind = LinuxFiles.KindOf(Full(rawRel), noFollow: false, out _);
                var isDir = kind == FileKind.Directory;
                if (isDir && name == ".git") continue;
                if (IsIgnored(rel, isDir, state.Ignores, state.Globs)) continue;
                var escaped = state.RawPaths.ContainsKey(relativeDir) || !FileNames.IsUtf8(bytes);
                if (escaped) state.RawPaths[rel] = rawRel;
                if (isDir)
                {
                    if (isLink) continue; // never follow directory symlinks: no cycles, no escaping the root
                    WalkBytes(state, rel, rawRel);
                }
                else
                {
                    state.Files.Add(rel);
                    MarkParents(rel, state.Directories);
                }
            }
        }
        finally
        {
            if (added) state.Ignores.RemoveAt(state.Ignores.Count - 1);
        }
    }

    private static bool AddGitIgnore(WalkState state, string relativeDir, string gitignore, byte[]? raw)
    {
        if (SafeRead(state.Root, gitignore, raw) is not { } text) return false;
        var gi = new GitIgnore(relativeDir, text);
        state.Ignores.Add(gi);
        state.Seen.Add(gi);
        return true;
    }

    private static void Walk(WalkState state, string relativeDir)
    {
        var (root, files, directories, ignores, globs) = (state.Root, state.Files, state.Directories, state.Ignores, state.Globs);
        var fullDir = relativeDir.Length == 0 ? root : Path.Combine(root, relativeDir);
        var added = AddGitIgnore(state, relativeDir, relativeDir.Length == 0 ? ".gitignore" : relativeDir + "/.gitignore", null);
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
                    Walk(state, rel);
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

    /// <summary>An ignore file's text; null when there is none, or it cannot be read safely (a link out of the root, a FIFO, over 1 MB).</summary>
    private static string? SafeRead(string root, string relative, byte[]? raw = null)
    {
        var text = SafeFile.ReadTextInRoot(root, relative, MaxIgnoreFileBytes, out _, raw);
        return text?.Text;
    }

    private const long MaxIgnoreFileBytes = 1024 * 1024;
}
