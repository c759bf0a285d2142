using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Fixes;

/// <summary>A fix offered for a finding.</summary>
/// <param name="Finding">The finding.</param>
/// <param name="Fix">One of its fixes.</param>
public sealed record FixCandidate(Finding Finding, Fix Fix);

/// <summary>A fix that was not applied, and why.</summary>
/// <param name="Candidate">The fix.</param>
/// <param name="Reason">Why, lower-case start.</param>
public sealed record SkippedFix(FixCandidate Candidate, string Reason);

/// <summary>What <see cref="FixApplier.Apply"/> did.</summary>
public sealed class FixApplication
{
    internal FixApplication(IReadOnlyDictionary<string, string> texts, IReadOnlyList<FixCandidate> applied, IReadOnlyList<SkippedFix> skipped)
    {
        Texts = texts;
        Applied = applied;
        Skipped = skipped;
    }

    /// <summary>The new text of every file that changed.</summary>
    public IReadOnlyDictionary<string, string> Texts { get; }
    /// <summary>The fixes applied (a fix whose edits another applied fix already made counts as applied).</summary>
    public IReadOnlyList<FixCandidate> Applied { get; }
    /// <summary>The fixes left out: edits that overlap an applied fix (they are offered again once the file is re-checked), stale edits, edits that would break the YAML.</summary>
    public IReadOnlyList<SkippedFix> Skipped { get; }
}

/// <summary>
/// Applies fixes to texts in memory. Every fix is all or nothing: its edits must all still match the text they were made
/// for, must not overlap one another or an edit of a fix applied before it (two fixes that touch the same span wait for
/// the next round, after a re-check), and, in a YAML file that parsed, must leave YAML that still parses. Edits are
/// applied from the end of the file, so offsets stay valid; nothing is re-serialised.
/// </summary>
public static class FixApplier
{
    /// <summary>Most fixes applied to one file in one round (a budget on what hostile input can make a round do).</summary>
    public const int MaxFixesPerFile = 1_000;

    /// <summary>
    /// Applies <paramref name="candidates"/> in a stable order (by file and position). <paramref name="readText"/> gives a
    /// file's current text, or null when the file cannot be edited (missing, a link, outside the root): fixes touching it
    /// are skipped with <paramref name="unreadableReason"/>.
    /// </summary>
    public static FixApplication Apply(IReadOnlyList<FixCandidate> candidates, Func<string, string?> readText, Func<string, string>? unreadableReason = null)
    {
        var originals = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? Original(string path)
        {
            if (!originals.TryGetValue(path, out var text)) originals[path] = text = readText(path);
            return text;
        }
        var accepted = new Dictionary<string, List<TextEdit>>(StringComparer.Ordinal);
        var added = new List<(FixCandidate Candidate, List<TextEdit> Edits)>();
        var skipped = new List<SkippedFix>();
        var perFile = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var candidate in candidates.Where(c => c.Fix.HasEdits).OrderBy(c => c.Fix.Edits[0].Path, StringComparer.Ordinal)
                     .ThenBy(c => c.Fix.Edits.Min(e => e.Offset)).ThenBy(c => c.Finding.Rule.Id, StringComparer.Ordinal).ThenBy(c => c.Finding.Message, StringComparer.Ordinal))
        {
            var reason = Check(candidate.Fix, Original, accepted, perFile, unreadableReason, out var fresh);
            if (reason is not null)
            {
                skipped.Add(new SkippedFix(candidate, reason));
                continue;
            }
            foreach (var edit in fresh)
            {
                if (!accepted.TryGetValue(edit.Path, out var list)) accepted[edit.Path] = list = [];
                list.Add(edit);
            }
            foreach (var path in candidate.Fix.Edits.Select(e => e.Path).Distinct(StringComparer.Ordinal))
                perFile[path] = perFile.GetValueOrDefault(path) + 1;
            added.Add((candidate, fresh));
        }

        // YAML that parsed must still parse. Each file is parsed once with all its edits; only when that fails are its
        // fixes tried one by one (a fix that breaks the YAML is a bug of its rule, so this is the rare path).
        var parsedBefore = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var path in accepted.Keys.Where(IsYaml).Order(StringComparer.Ordinal).ToList())
        {
            if (!parsedBefore.TryGetValue(path, out var ok)) parsedBefore[path] = ok = Parses(path, Original(path)!);
            if (!ok || Parses(path, ApplyEdits(Original(path)!, accepted[path]))) continue;
            var kept = new List<TextEdit>();
            foreach (var entry in added.Where(a => a.Edits.Any(e => e.Path == path)).ToList())
            {
                var mine = entry.Edits.Where(e => e.Path == path).ToList();
                if (Parses(path, ApplyEdits(Original(path)!, kept.Concat(mine))))
                {
                    kept.AddRange(mine);
                    continue;
                }
                added.Remove(entry);
                skipped.Add(new SkippedFix(entry.Candidate, $"the edit would leave '{path}' as YAML that does not parse"));
                foreach (var e in entry.Edits) accepted[e.Path].Remove(e);
            }
        }
        // A fix whose edits all duplicated those of another is applied only if that other one still is.
        var applied = added.Where(a => a.Edits.Count > 0 || a.Candidate.Fix.Edits.All(e => accepted.GetValueOrDefault(e.Path, []).Any(x => x.SameAs(e))))
            .Select(a => a.Candidate).ToList();
        foreach (var gone in added.Select(a => a.Candidate).Except(applied))
            skipped.Add(new SkippedFix(gone, "the fix it shared its edits with was not applied"));

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, edits) in accepted)
        {
            if (edits.Count == 0) continue;
            var result = ApplyEdits(Original(path)!, edits);
            if (result != Original(path)) texts[path] = result;
        }
        return new FixApplication(texts, applied, skipped);
    }

    /// <summary>Why <paramref name="fix"/> cannot go in (null when it can), with the edits it adds beyond those already accepted.</summary>
    private static string? Check(Fix fix, Func<string, string?> original, Dictionary<string, List<TextEdit>> accepted, Dictionary<string, int> perFile,
        Func<string, string>? unreadableReason, out List<TextEdit> fresh)
    {
        fresh = [];
        foreach (var edit in fix.Edits)
        {
            var text = original(edit.Path);
            if (text is null) return unreadableReason?.Invoke(edit.Path) ?? $"'{edit.Path}' cannot be edited";
            if (perFile.GetValueOrDefault(edit.Path) >= MaxFixesPerFile) return $"more than {MaxFixesPerFile} fixes in '{edit.Path}' in one round";
            if (edit.SourceLength != text.Length || edit.End > text.Length || string.CompareOrdinal(text, edit.Offset, edit.OldText, 0, edit.Length) != 0 || edit.OldText.Length != edit.Length)
                return $"'{edit.Path}' changed since the fix was computed";
            if (accepted.TryGetValue(edit.Path, out var list) && list.Any(a => a.SameAs(edit))) continue; // another fix made the same edit
            if (accepted.TryGetValue(edit.Path, out list) && list.Any(a => Overlaps(a, edit)))
                return "it overlaps the edit of another fix; it is offered again after the re-check";
            if (fresh.Any(f => Overlaps(f, edit))) return "its own edits overlap";
            fresh.Add(edit);
        }
        return null;
    }

    /// <summary>
    /// True when two edits of one file cannot both be applied: their spans share a character, one inserts strictly inside
    /// the other's span, or both insert at the same place (which goes first would be a guess).
    /// </summary>
    public static bool Overlaps(TextEdit a, TextEdit b)
    {
        if (a.Path != b.Path) return false;
        if (a.Length == 0 && b.Length == 0) return a.Offset == b.Offset;
        if (a.Length == 0) return a.Offset > b.Offset && a.Offset < b.End;
        if (b.Length == 0) return b.Offset > a.Offset && b.Offset < a.End;
        return a.Offset < b.End && b.Offset < a.End;
    }

    /// <summary>
    /// Applies non-overlapping edits to <paramref name="text"/>, from the end backwards (at one offset a replacement goes
    /// before an insertion, so the inserted text ends up in front of the replacement).
    /// </summary>
    public static string ApplyEdits(string text, IEnumerable<TextEdit> edits)
    {
        var ordered = edits.OrderByDescending(e => e.Offset).ThenByDescending(e => e.Length).ToList();
        if (ordered.Count == 0) return text;
        var builder = new System.Text.StringBuilder(text);
        foreach (var e in ordered)
        {
            builder.Remove(e.Offset, e.Length);
            builder.Insert(e.Offset, e.NewText);
        }
        return builder.ToString();
    }

    /// <summary>True for files ReleaseLint reads as YAML (<c>.yml</c>, <c>.yaml</c>).</summary>
    public static bool IsYaml(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    private static bool Parses(string path, string text) => YamlFile.Parse(new SourceText(path, text)).Error is null;
}
