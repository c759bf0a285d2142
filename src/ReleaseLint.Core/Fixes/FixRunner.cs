using ReleaseLint.Engine;

namespace ReleaseLint.Fixes;

/// <summary>How the fix loop runs.</summary>
public sealed record FixOptions
{
    /// <summary>The least safe fixes applied: <see cref="FixSafety.Safe"/> for <c>--fix</c>, <see cref="FixSafety.Unsafe"/> for <c>--fix=unsafe</c>.</summary>
    public FixSafety Safety { get; init; } = FixSafety.Safe;
    /// <summary>Most rounds of "apply, re-check" (a fix that overlaps another waits for the next round).</summary>
    public int MaxRounds { get; init; } = 5;
    /// <summary>Keeps the findings fixes are applied to (e.g. those the baseline does not hold); null keeps all.</summary>
    public Func<LintResult, LintResult>? Filter { get; init; }
}

/// <summary>One file changed by the fix loop.</summary>
/// <param name="File">The file as read before any fix.</param>
/// <param name="Fixed">Its text after every round.</param>
public sealed record FixedFile(FixableFile File, string Fixed)
{
    /// <summary>Repository-relative path.</summary>
    public string Path => File.Path;
    /// <summary>The unified diff of the change.</summary>
    public string Diff => UnifiedDiff.Create(File.Path, File.Text, Fixed);
}

/// <summary>What the fix loop did: the first check, the fixes applied in each round, the files changed, and the last check.</summary>
public sealed class FixRun
{
    internal FixRun(LintResult first, LintResult last, IReadOnlyList<FixCandidate> applied, IReadOnlyList<FixedFile> files, int rounds, IReadOnlyList<string> problems)
    {
        First = first;
        Last = last;
        Applied = applied;
        Files = files;
        Rounds = rounds;
        Problems = problems;
    }

    /// <summary>The check before any fix.</summary>
    public LintResult First { get; }
    /// <summary>The check of the fixed texts: what is left.</summary>
    public LintResult Last { get; }
    /// <summary>Every fix applied, over all rounds.</summary>
    public IReadOnlyList<FixCandidate> Applied { get; }
    /// <summary>The files changed, by path.</summary>
    public IReadOnlyList<FixedFile> Files { get; }
    /// <summary>How many rounds applied something.</summary>
    public int Rounds { get; }
    /// <summary>Files that could not be edited and why (links, files outside the root, unreadable files).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The number of fixed findings per rule id (ordinal order).</summary>
    public IReadOnlyList<(string Rule, int Count)> PerRule =>
        Applied.GroupBy(a => a.Finding.Rule.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList();

    /// <summary>The unified diff of every changed file, in path order.</summary>
    public string Diff => string.Concat(Files.Select(f => f.Diff));
}

/// <summary>
/// The fix loop of <c>check --fix</c> and <c>check --diff</c>: check, apply the fixes that are allowed (in memory), check
/// the edited texts again (the engine reads them instead of the files), and repeat while a round applies something, at
/// most <see cref="FixOptions.MaxRounds"/> times. Nothing is written here: <see cref="Write"/> writes the result.
/// </summary>
public static class FixRunner
{
    /// <summary>Runs the loop.</summary>
    public static FixRun Run(LintRequest request, FixOptions options)
    {
        var filter = options.Filter ?? (r => r);
        var root = Path.GetFullPath(request.Root);
        var originals = new Dictionary<string, FixableFile?>(StringComparer.Ordinal);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var overlay = new Dictionary<string, string>(StringComparer.Ordinal);
        var applied = new List<FixCandidate>();

        LintResult first = null!;
        string? Current(string path)
        {
            if (overlay.TryGetValue(path, out var text)) return text;
            if (!originals.TryGetValue(path, out var file))
            {
                originals[path] = file = FixFiles.Read(root, path, first.Policy.MaxFileBytes, out var problem);
                if (problem is not null) problems[path] = problem;
            }
            return file?.Text;
        }

        first = filter(LintEngine.Run(request));
        var last = first;
        var rounds = 0;
        for (var round = 0; round < options.MaxRounds; round++)
        {
            var candidates = Candidates(last, options.Safety);
            if (candidates.Count == 0) break;
            var application = FixApplier.Apply(candidates, Current, path => problems.GetValueOrDefault(path, $"'{path}' cannot be edited"));
            if (application.Applied.Count == 0 || application.Texts.Count == 0) break;
            foreach (var (path, text) in application.Texts) overlay[path] = text;
            applied.AddRange(application.Applied);
            rounds++;
            last = filter(LintEngine.Run(request with { Sources = request.Sources with { Overlay = new Dictionary<string, string>(overlay, StringComparer.Ordinal) } }));
        }
        var files = overlay.Where(o => originals.GetValueOrDefault(o.Key) is { } f && f.Text != o.Value)
            .OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new FixedFile(originals[o.Key]!, o.Value)).ToList();
        return new FixRun(first, last, applied, files, rounds, problems.Values.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The fixes of <paramref name="result"/> that edit files and are at most as unsafe as <paramref name="safety"/>.</summary>
    public static IReadOnlyList<FixCandidate> Candidates(LintResult result, FixSafety safety) =>
        result.Findings.SelectMany(f => f.Fixes.Where(x => x.HasEdits && x.Safety <= safety).Take(1).Select(x => new FixCandidate(f, x))).ToList();

    /// <summary>
    /// Writes the changed files of <paramref name="run"/> under <paramref name="root"/> (each atomically, after checking
    /// again that it is a plain file inside the root and unchanged since it was read). Returns the problems ("" when none).
    /// </summary>
    public static IReadOnlyList<string> Write(string root, FixRun run)
    {
        var problems = new List<string>();
        foreach (var file in run.Files)
        {
            try
            {
                FixFiles.Write(root, file.File, file.Fixed);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{file.Path} was not written: {e.Message}");
            }
        }
        return problems;
    }
}
