using System.CommandLine;
using System.Runtime.CompilerServices;
using ReleaseLint.Engine;
using ReleaseLint.Fixes;

namespace ReleaseLint.Cli;

/// <summary>What <c>check</c> does with fixes.</summary>
/// <param name="Safety">The least safe fixes applied.</param>
/// <param name="DiffOnly">True for <c>--diff</c>: print the changes, write nothing.</param>
public sealed record FixMode(FixSafety Safety, bool DiffOnly);

/// <summary>
/// <c>check --fix</c>, <c>--fix=unsafe</c>, <c>--diff</c> and <c>--resolve-pins</c>: the options, the fix loop's
/// summary and its writes. The loop itself is <see cref="FixRunner"/>.
/// </summary>
public static class FixCommandLine
{
    /// <summary><c>--fix</c>.</summary>
    public static Option<bool> FixOption() => new("--fix") { Description = "Apply the safe fixes of the findings to the working tree (minimal edits, each file written atomically), check again and report what is left." };
    /// <summary><c>--fix=unsafe</c>.</summary>
    public static Option<bool> UnsafeOption() => new("--fix=unsafe") { Description = "Like --fix, and also apply the fixes that need review (each rule's page lists which)." };
    /// <summary><c>--diff</c>.</summary>
    public static Option<bool> DiffOption() => new("--diff") { Description = "Print the changes --fix (or --fix=unsafe) would make as a unified diff on standard output, without writing; the summary goes to standard error. Exit code 1 when there is something to change." };
    /// <summary><c>--resolve-pins</c>.</summary>
    public static Option<bool> ResolvePinsOption() => new("--resolve-pins") { Description = "Resolve action refs to commits through the GitHub API (GITHUB_API_URL, GITHUB_TOKEN optional) so that unpinned-action findings carry pinning fixes in every format (--fix and --diff do this anyway)." };

    /// <summary>The fix mode of the options given; null when none was.</summary>
    public static FixMode? Mode(bool fix, bool fixUnsafe, bool diff) =>
        !fix && !fixUnsafe && !diff ? null : new FixMode(fixUnsafe ? FixSafety.Unsafe : FixSafety.Safe, diff);

    /// <summary>
    /// Creates the pin resolver from <c>GITHUB_API_URL</c> and <c>GITHUB_TOKEN</c> with the cache folder
    /// (<c>RELEASELINT_CACHE_DIR</c>, else the default one, see <see cref="CacheDirectory"/>). Never inlined,
    /// so that ReleaseLint.GitHub and System.Net.Http load only when a run resolves pins.
    /// </summary>
    /// <exception cref="UsageException">When <c>GITHUB_API_URL</c> is not a URL.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static (ICommitResolver Resolver, IDisposable Owner) CreateResolver(Func<string, string?> environment)
    {
        GitHub.GitHubClientOptions options;
        try
        {
            options = GitHub.GitHubClientOptions.FromEnvironment(environment);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        var cache = environment("RELEASELINT_CACHE_DIR") is { Length: > 0 } dir ? Path.GetFullPath(dir) : CacheDirectory.Default();
        var resolver = new GitHub.GitHubCommitResolver(options, cache);
        return (resolver, resolver);
    }

    /// <summary>Reads a file of <paramref name="root"/> for previews (null when it may not be read).</summary>
    public static Func<string, string?> Reader(string root, long maxBytes) => path => FixFiles.Read(root, path, maxBytes, out _)?.Text;

    /// <summary>
    /// Finishes a fix run: with <c>--diff</c> prints the diff to <paramref name="stdout"/> (or writes it to
    /// <paramref name="outputPath"/>) and returns the exit code; with <c>--fix</c> writes the files, prints the summary
    /// to <paramref name="stderr"/> and returns null (the caller reports what is left).
    /// </summary>
    public static int? Finish(FixRun run, FixMode mode, string root, TextWriter stdout, TextWriter stderr, string? outputPath, Func<LintResult, bool> fails)
    {
        var fixedCount = run.Applied.Count;
        var perRule = string.Join(", ", run.PerRule.Select(r => $"{r.Rule}: {r.Count}"));
        var files = run.Files.Count;
        var left = Leftovers(run, mode.Safety);
        if (mode.DiffOnly)
        {
            var diff = run.Diff;
            if (outputPath is not null) AtomicFile.WriteText(outputPath, diff);
            else stdout.Write(diff);
            stderr.WriteLine(fixedCount == 0
                ? "no fix to apply" + left
                : $"--fix{(mode.Safety == FixSafety.Unsafe ? "=unsafe" : "")} would fix {Plural(fixedCount, "finding")} in {Plural(files, "file")} ({perRule}); " +
                  $"{Plural(run.Last.Findings.Count, "finding")} would be left{left}");
            foreach (var problem in run.Problems) stderr.WriteLine("note: not edited: " + problem);
            return diff.Length > 0 || fails(run.Last) ? ReleaseLintCli.ExitFindings : ReleaseLintCli.ExitClean;
        }
        var written = FixRunner.Write(root, run);
        foreach (var problem in written.Concat(run.Problems.Select(p => "not edited: " + p))) stderr.WriteLine("releaselint: " + problem);
        stderr.WriteLine(fixedCount == 0
            ? "no fix applied" + left
            : $"fixed {Plural(fixedCount, "finding")} in {Plural(files - written.Count, "file")} ({perRule}) in {Plural(run.Rounds, "round")}; checked again{left}");
        return null;
    }

    /// <summary>What the fix loop left: fixes that need <c>--fix=unsafe</c>, and findings whose fix is commands to run by hand.</summary>
    private static string Leftovers(FixRun run, FixSafety safety)
    {
        var parts = new List<string>();
        var unsafeLeft = run.Last.Findings.Count(f => f.Fixes.Any(x => x.HasEdits) && !f.Fixes.Any(x => x.HasEdits && x.Safety <= safety));
        if (unsafeLeft > 0) parts.Add($"{Plural(unsafeLeft, "finding")} {(unsafeLeft == 1 ? "has a fix that needs" : "have fixes that need")} review (--fix=unsafe)");
        var editsLeft = run.Last.Findings.Count(f => f.Fixes.Any(x => x.HasEdits && x.Safety <= safety));
        if (editsLeft > 0) parts.Add($"{Plural(editsLeft, "fix", "fixes")} could not be applied (they overlap, or their file cannot be edited)");
        var commands = run.Last.Findings.Count(f => f.Fixes.Any(x => !x.HasEdits));
        if (commands > 0) parts.Add($"{Plural(commands, "finding")} {(commands == 1 ? "needs" : "need")} git commands run by hand (shown under {(commands == 1 ? "it" : "them")}; ReleaseLint never runs them)");
        return parts.Count == 0 ? "" : "; " + string.Join("; ", parts);
    }

    private static string Plural(int n, string word, string? plural = null) => $"{n} {(n == 1 ? word : plural ?? word + "s")}";
}
