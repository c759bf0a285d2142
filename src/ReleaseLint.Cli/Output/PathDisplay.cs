namespace ReleaseLint.Cli.Output;

/// <summary>
/// How reports show a finding's path, like compilers do: relative to the current directory, so that a path printed by
/// <c>check sub/dir</c> opens from the shell (and a GitHub annotation lands on the file whatever folder was linted).
/// A file outside the current directory is shown with <c>../</c>, or absolute when the linted folder was given as an
/// absolute path. Findings keep their root-relative paths; only what is shown changes.
/// </summary>
public sealed class PathDisplay
{
    private readonly string? _root;
    private readonly string _currentDirectory = "";
    private readonly bool _absoluteOutside;

    private PathDisplay() { }

    /// <summary>Shows paths relative to the linted root, as findings hold them.</summary>
    public static PathDisplay RootRelative { get; } = new();

    /// <summary>Shows the paths of the root <paramref name="root"/> relative to <paramref name="currentDirectory"/>.</summary>
    /// <param name="root">The linted root (absolute).</param>
    /// <param name="currentDirectory">The current directory (absolute).</param>
    /// <param name="absoluteOutside">Show files outside the current directory with absolute paths (the root was given so).</param>
    public PathDisplay(string root, string currentDirectory, bool absoluteOutside)
    {
        _root = Path.GetFullPath(root);
        _currentDirectory = Path.GetFullPath(currentDirectory);
        _absoluteOutside = absoluteOutside;
    }

    /// <summary>The path to show for the root-relative <paramref name="path"/>.</summary>
    public string Show(string path)
    {
        if (_root is null) return path;
        var full = Path.GetFullPath(Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar)));
        var relative = Path.GetRelativePath(_currentDirectory, full).Replace(Path.DirectorySeparatorChar, '/');
        var outside = relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative);
        if (outside && _absoluteOutside) return full.Replace(Path.DirectorySeparatorChar, '/');
        return relative;
    }
}
