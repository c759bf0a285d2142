using ReleaseLint.Cli.Output;
using ReleaseLint.Inputs.Files;

namespace ReleaseLint.Cli;

/// <summary>
/// Checks on the files a user names on the command line (<c>--config</c>, <c>--baseline</c>, <c>--discussions</c>,
/// <c>--output</c>): a wrong one makes the run impossible, so it is a one-line error and exit code 2, said before
/// anything is read or written. What they hold is judged later (bounded reads through <see cref="SafeFile"/>).
/// </summary>
public static class NamedFiles
{
    /// <summary>Throws a <see cref="UsageException"/> unless <paramref name="path"/> is an existing regular file (links followed).</summary>
    /// <param name="path">The path as given.</param>
    /// <param name="what">How the message names it ("configuration file").</param>
    /// <param name="hint">Appended when the file does not exist.</param>
    public static void RequireReadable(string path, string what, string hint = "")
    {
        var kind = SafeFile.KindOf(path);
        var shown = TerminalEscape.Escape(path);
        switch (kind)
        {
            case FileKind.Regular: return;
            case FileKind.Missing: throw new UsageException($"{what} '{shown}' does not exist{hint}");
            case FileKind.Directory: throw new UsageException($"{what} '{shown}' is a directory, not a file");
            default: throw new UsageException($"{what} '{shown}' is not a regular file but {SafeFile.Describe(kind)}");
        }
    }

    /// <summary>
    /// Throws a <see cref="UsageException"/> when the report cannot go to <paramref name="path"/>: a directory, or a file
    /// in a folder that does not exist (it is not created: a typo in the folder would otherwise go unnoticed).
    /// </summary>
    public static void RequireWritable(string path)
    {
        if (SafeFile.KindOf(path) == FileKind.Directory)
            throw new UsageException($"--output '{TerminalEscape.Escape(path)}' is a directory; name the report file to write");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            throw new UsageException($"--output '{TerminalEscape.Escape(path)}': the folder '{TerminalEscape.Escape(folder)}' does not exist; create it first");
    }
}
