using System.Text;

namespace ReleaseLint.Fixes;

/// <summary>
/// Unified diffs (<c>diff -u</c>, <c>git apply</c>) between two versions of a text file: lines are split at <c>\n</c>
/// and keep a <c>\r</c> before it, so a CRLF file's patch applies to the CRLF file. Uses Myers' difference algorithm,
/// bounded: past <see cref="MaxEditDistance"/> differing lines the changed middle becomes one hunk.
/// </summary>
public static class UnifiedDiff
{
    /// <summary>The largest number of inserted plus deleted lines searched for a minimal diff.</summary>
    public const int MaxEditDistance = 2_000;

    /// <summary>The diff of <paramref name="path"/> from <paramref name="before"/> to <paramref name="after"/> ("" when equal).</summary>
    /// <param name="path">Repository-relative path, shown as <c>a/PATH</c> and <c>b/PATH</c>.</param>
    /// <param name="before">The old text.</param>
    /// <param name="after">The new text.</param>
    /// <param name="context">Lines of context around each change.</param>
    public static string Create(string path, string before, string after, int context = 3)
    {
        if (before == after) return "";
        var a = Split(before);
        var b = Split(after);
        var ops = Diff(a.Lines, b.Lines);
        var text = new StringBuilder();
        text.Append("--- a/").Append(path).Append('\n');
        text.Append("+++ b/").Append(path).Append('\n');
        foreach (var hunk in Hunks(ops, context))
        {
            var (aStart, aCount, bStart, bCount) = hunk.Range;
            text.Append("@@ -").Append(Range(aStart, aCount)).Append(" +").Append(Range(bStart, bCount)).Append(" @@\n");
            foreach (var (kind, ai, bi) in hunk.Ops)
            {
                var (prefix, line, lastWithoutBreak) = kind switch
                {
                    ' ' => (' ', a.Lines[ai], ai == a.Lines.Count - 1 && !a.EndsWithBreak),
                    '-' => ('-', a.Lines[ai], ai == a.Lines.Count - 1 && !a.EndsWithBreak),
                    _ => ('+', b.Lines[bi], bi == b.Lines.Count - 1 && !b.EndsWithBreak),
                };
                text.Append(prefix).Append(line.TrimEnd(NoBreak)).Append('\n');
                if (lastWithoutBreak) text.Append("\\ No newline at end of file\n");
            }
        }
        return text.ToString();
    }

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{(count == 0 ? start - 1 : start)},{count}";

    private sealed record TextLines(List<string> Lines, bool EndsWithBreak);

    // A last line without a line break is another line than the same text with one: it carries this mark while compared.
    private const char NoBreak = '\uFFFF';

    private static TextLines Split(string text)
    {
        var lines = text.Split('\n').ToList();
        var endsWithBreak = text.EndsWith('\n');
        if (endsWithBreak) lines.RemoveAt(lines.Count - 1);
        if (text.Length == 0) lines.Clear();
        if (!endsWithBreak && lines.Count > 0) lines[^1] += NoBreak;
        return new TextLines(lines, endsWithBreak);
    }

    /// <summary>Edit script: (' ', i, j) keeps a[i] = b[j], ('-', i, _) deletes a[i], ('+', _, j) inserts b[j].</summary>
    private static List<(char Kind, int A, int B)> Diff(List<string> a, List<string> b)
    {
        // A line that differs only in its last line break ("x" at the end of a file without one, "x" then a break) is a change.
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix]) suffix++;
        var ops = new List<(char, int, int)>();
        for (var i = 0; i < prefix; i++) ops.Add((' ', i, i));
        ops.AddRange(Middle(a, b, prefix, a.Count - suffix, prefix, b.Count - suffix));
        for (var k = suffix; k > 0; k--) ops.Add((' ', a.Count - k, b.Count - k));
        return ops;
    }

    private static IEnumerable<(char, int, int)> Middle(List<string> a, List<string> b, int aFrom, int aTo, int bFrom, int bTo)
    {
        int n = aTo - aFrom, m = bTo - bFrom, max = Math.Min(n + m, MaxEditDistance);
        var offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var found = -1;
        for (var d = 0; d <= max && found < 0; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[aFrom + x] == b[bFrom + y]) { x++; y++; }
                v[offset + k] = x;
                if (x >= n && y >= m) { found = d; break; }
            }
        }
        if (found < 0)
        {
            // Too different for a minimal script within the bound: delete the old middle, insert the new.
            for (var i = aFrom; i < aTo; i++) yield return ('-', i, -1);
            for (var j = bFrom; j < bTo; j++) yield return ('+', -1, j);
            yield break;
        }
        var script = new List<(char, int, int)>();
        int cx = n, cy = m;
        for (var d = found; d > 0; d--)
        {
            var pv = trace[d];
            var k = cx - cy;
            var prevK = k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1]) ? k + 1 : k - 1;
            var prevX = pv[offset + prevK];
            var prevY = prevX - prevK;
            while (cx > prevX && cy > prevY) { cx--; cy--; script.Add((' ', aFrom + cx, bFrom + cy)); }
            if (cx == prevX) { cy--; script.Add(('+', -1, bFrom + cy)); }
            else { cx--; script.Add(('-', aFrom + cx, -1)); }
        }
        while (cx > 0 && cy > 0) { cx--; cy--; script.Add((' ', aFrom + cx, bFrom + cy)); }
        script.Reverse();
        foreach (var op in script) yield return op;
    }

    private sealed record Hunk((int AStart, int ACount, int BStart, int BCount) Range, List<(char Kind, int A, int B)> Ops);

    private static IEnumerable<Hunk> Hunks(List<(char Kind, int A, int B)> ops, int context)
    {
        // Positions (1-based) of each op in a and b, to number the hunks.
        var changes = ops.Select((o, i) => (o, i)).Where(t => t.o.Kind != ' ').Select(t => t.i).ToList();
        var index = 0;
        while (index < changes.Count)
        {
            var start = Math.Max(0, changes[index] - context);
            var end = changes[index];
            while (index < changes.Count && changes[index] - end <= 2 * context) end = changes[index++];
            end = Math.Min(ops.Count - 1, end + context);
            var slice = ops.GetRange(start, end - start + 1);
            // Line numbers: count a-lines and b-lines before the hunk.
            int aLine = 1, bLine = 1;
            for (var i = 0; i < start; i++)
            {
                if (ops[i].Kind != '+') aLine++;
                if (ops[i].Kind != '-') bLine++;
            }
            var aCount = slice.Count(o => o.Kind != '+');
            var bCount = slice.Count(o => o.Kind != '-');
            yield return new Hunk((aLine, aCount, bLine, bCount), slice);
        }
    }
}
