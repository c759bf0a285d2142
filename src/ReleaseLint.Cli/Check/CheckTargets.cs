namespace ReleaseLint.Cli;

/// <summary>
/// What the PATH arguments of <c>check</c> name: one folder (the root, as always), files (linted in the context of
/// their repository, the only ones reported, as <c>actionlint FILE</c> does), or <c>-</c> (one workflow on standard
/// input, linted as a file of the current directory's repository).
/// </summary>
/// <param name="Root">Absolute path of the linted root.</param>
/// <param name="Only">The named files, root-relative; null when a folder (or nothing) was given.</param>
/// <param name="StdinPath">The root-relative path the standard input is linted as; null without <c>-</c>.</param>
/// <param name="GivenAbsolute">True when the paths were given as absolute paths (reports then show files outside the current directory absolute).</param>
public sealed record CheckTargets(string Root, IReadOnlySet<string>? Only, string? StdinPath, bool GivenAbsolute)
{
    /// <summary>The default path of a workflow read from standard input.</summary>
    public const string DefaultStdinPath = ".github/workflows/stdin.yml";

    /// <summary>Resolves the arguments against <paramref name="currentDirectory"/>.</summary>
    /// <exception cref="UsageException">When a path does not exist, or folders, files and <c>-</c> are mixed.</exception>
    public static CheckTargets Resolve(IReadOnlyList<string> paths, string? stdinFileName, string currentDirectory)
    {
        if (stdinFileName is not null && !paths.Contains("-")) throw new UsageException("--stdin-filename names the file that '-' reads; give '-' with it");
        if (paths.Count == 0) return new CheckTargets(CheckCommand.ResolveRoot(null, currentDirectory), null, null, false);
        if (paths.Contains("-"))
        {
            if (paths.Count > 1) throw new UsageException("'-' (a workflow on standard input) cannot be combined with other paths");
            var root = RepositoryRoot(currentDirectory) ?? Path.GetFullPath(currentDirectory);
            var name = (stdinFileName ?? DefaultStdinPath).Replace('\\', '/');
            if (Path.IsPathRooted(name)) name = Path.GetRelativePath(root, name).Replace('\\', '/');
            else name = Path.GetRelativePath(root, Path.GetFullPath(name, currentDirectory)).Replace('\\', '/');
            if (name == ".." || name.StartsWith("../", StringComparison.Ordinal) || name.Length == 0 || name == ".")
                throw new UsageException($"--stdin-filename '{stdinFileName}' is not a file path inside the repository '{root}'");
            return new CheckTargets(root, new HashSet<string>(StringComparer.Ordinal) { name }, name, false);
        }
        var absolute = paths.All(Path.IsPathRooted);
        if (paths.Count == 1 && Directory.Exists(Path.GetFullPath(paths[0], currentDirectory)))
            return new CheckTargets(Path.GetFullPath(paths[0], currentDirectory), null, null, absolute);

        string? common = null;
        var only = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, currentDirectory);
            if (Directory.Exists(full)) throw new UsageException($"'{path}' is a folder: give one folder to lint, or files");
            if (!File.Exists(full)) throw new UsageException($"'{path}' does not exist");
            var folder = Path.GetDirectoryName(full)!;
            var root = RepositoryRoot(folder) ?? (IsUnder(full, currentDirectory) ? Path.GetFullPath(currentDirectory) : folder);
            if (common is not null && common != root)
                throw new UsageException($"'{path}' is not in the repository of the other files ('{common}'); lint one repository at a time");
            common = root;
            only.Add(Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/'));
        }
        return new CheckTargets(common!, only, null, absolute);
    }

    private static bool IsUnder(string path, string folder)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    /// <summary>The nearest folder from <paramref name="folder"/> up that holds <c>.git</c> (a folder, or a file in worktrees); null when none does.</summary>
    public static string? RepositoryRoot(string folder)
    {
        for (var d = new DirectoryInfo(Path.GetFullPath(folder)); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git"))) return d.FullName;
        return null;
    }
}
