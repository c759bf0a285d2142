using System.Text.RegularExpressions;

namespace ReleaseLint.Fixes;

/// <summary>Shell command lines built from names found in a repository (tags, branches), quoted so that printing them is harmless and copying them runs what they say.</summary>
public static partial class ShellCommand
{
    [GeneratedRegex("^[A-Za-z0-9._/@+=:,-]+$")]
    private static partial Regex Plain();

    /// <summary><paramref name="word"/> as one POSIX shell word: as it is when it holds only harmless characters, else single-quoted.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && Plain().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>A command line of <paramref name="words"/>, each quoted.</summary>
    public static string Join(params IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
