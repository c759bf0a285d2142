using CsCheck;
using ReleaseLint.Fixes;

namespace ReleaseLint.Tests.Fixes;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void A_one_line_change_has_three_lines_of_context()
    {
        var before = string.Join("", Enumerable.Range(1, 10).Select(i => $"line {i}\n"));
        var after = before.Replace("line 5\n", "line five\n", StringComparison.Ordinal);
        Assert.Equal("""
            --- a/f.txt
            +++ b/f.txt
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """.Replace("\r\n", "\n"), UnifiedDiff.Create("f.txt", before, after));
    }

    [Fact]
    public void Equal_texts_have_no_diff() => Assert.Equal("", UnifiedDiff.Create("f", "a\n", "a\n"));

    [Fact]
    public void A_missing_final_line_break_is_marked()
    {
        var diff = UnifiedDiff.Create("f", "a\nb", "a\nc");
        Assert.Contains("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n", diff);
    }

    /// <summary>git apply accepts every diff, and applying it gives the new text (CRLF files included).</summary>
    [Fact]
    public void Git_applies_the_diffs()
    {
        var lines = Gen.OneOf("a", "b", "c", "  key: value", "", "a\r");
        Gen.Select(lines.List[0, 30], lines.List[0, 30], Gen.Bool, Gen.Bool).Sample((a, b, endA, endB) =>
        {
            var before = string.Join("\n", a) + (endA && a.Count > 0 ? "\n" : "");
            var after = string.Join("\n", b) + (endB && b.Count > 0 ? "\n" : "");
            if (before == after) return;
            using var dir = new TempDir();
            dir.WriteBytes("f.txt", System.Text.Encoding.UTF8.GetBytes(before));
            dir.WriteBytes("patch.diff", System.Text.Encoding.UTF8.GetBytes(UnifiedDiff.Create("f.txt", before, after)));
            ScriptedRepository.Run(dir.Path, "git", ["apply", "--whitespace=nowarn", "patch.diff"]);
            Assert.Equal(after, File.ReadAllText(Path.Combine(dir.Path, "f.txt")));
        }, iter: 60);
    }
}
