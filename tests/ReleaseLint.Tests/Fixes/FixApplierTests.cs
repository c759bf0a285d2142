using ReleaseLint.Fixes;
using ReleaseLint.Inputs;

namespace ReleaseLint.Tests.Fixes;

public sealed class FixApplierTests
{
    private static readonly RuleDescriptor Rule = new("RL9001", "test-rule", "Test", "A test rule.", Severity.Warning, RuleCategory.Custom, []);

    private static FixCandidate Candidate(string message, params TextEdit[] edits) =>
        new(new Finding(Rule, Severity.Warning, message, SourceLocation.At(edits[0].Path, 1)), Fix.WithEdits(message, FixSafety.Safe, edits));

    private static FixApplication Apply(Dictionary<string, string> files, params FixCandidate[] candidates) =>
        FixApplier.Apply(candidates, p => files.GetValueOrDefault(p));

    [Fact]
    public void Edits_apply_from_the_end_so_offsets_stay_valid()
    {
        var source = new SourceText("a.txt", "one two three\n");
        var result = Apply(new() { ["a.txt"] = source.Text },
            Candidate("x", TextEdit.Replace(source, 0, 3, "1")),
            Candidate("y", TextEdit.Replace(source, 8, 5, "3")),
            Candidate("z", TextEdit.Insert(source, 4, "and ")));
        Assert.Equal("1 and two 3\n", result.Texts["a.txt"]);
        Assert.Equal(3, result.Applied.Count);
    }

    [Fact]
    public void An_overlapping_fix_waits_for_the_next_round()
    {
        var source = new SourceText("a.txt", "abcdef");
        var result = Apply(new() { ["a.txt"] = source.Text },
            Candidate("first", TextEdit.Replace(source, 1, 3, "X")),
            Candidate("second", TextEdit.Replace(source, 3, 2, "Y")),
            Candidate("insertion 1", TextEdit.Insert(source, 5, "1")),
            Candidate("insertion 2", TextEdit.Insert(source, 5, "2")));
        Assert.Equal("aXe1f", result.Texts["a.txt"]);
        Assert.Equal(["first", "insertion 1"], result.Applied.Select(a => a.Finding.Message));
        Assert.All(result.Skipped, s => Assert.Contains("overlaps", s.Reason));
    }

    [Fact]
    public void Touching_edits_both_apply_and_an_insertion_goes_before_a_replacement_at_its_offset()
    {
        var source = new SourceText("a.txt", "abc");
        var result = Apply(new() { ["a.txt"] = source.Text },
            Candidate("replace", TextEdit.Replace(source, 1, 1, "B")),
            Candidate("insert", TextEdit.Insert(source, 1, ">")),
            Candidate("after", TextEdit.Insert(source, 2, "<")));
        Assert.Equal("a>B<c", result.Texts["a.txt"]);
    }

    [Fact]
    public void Fixes_that_make_the_same_edit_share_it()
    {
        var source = new SourceText("a.yml", "a: 1\n");
        var shared = TextEdit.Insert(source, 5, "b: 2\n");
        var result = Apply(new() { ["a.yml"] = source.Text },
            Candidate("one", shared, TextEdit.Replace(source, 3, 1, "9")),
            Candidate("two", TextEdit.Insert(source, 5, "b: 2\n")));
        Assert.Equal("a: 9\nb: 2\n", result.Texts["a.yml"]);
        Assert.Equal(2, result.Applied.Count);
    }

    [Fact]
    public void A_stale_edit_is_refused()
    {
        var source = new SourceText("a.txt", "abc");
        var result = Apply(new() { ["a.txt"] = "abX" }, Candidate("stale", TextEdit.Replace(source, 2, 1, "C")));
        Assert.Empty(result.Applied);
        Assert.Contains("changed since", Assert.Single(result.Skipped).Reason);
        var longer = Apply(new() { ["a.txt"] = "abcd" }, Candidate("stale", TextEdit.Insert(source, 3, "!")));
        Assert.Empty(longer.Applied);
    }

    [Fact]
    public void A_fix_that_breaks_the_yaml_is_refused_and_the_others_still_apply()
    {
        var source = new SourceText("w.yml", "a: 1\nb: 2\n");
        var result = Apply(new() { ["w.yml"] = source.Text },
            Candidate("good", TextEdit.Replace(source, 3, 1, "10")),
            Candidate("bad", TextEdit.Insert(source, 5, "c: [\n")));
        Assert.Equal("a: 10\nb: 2\n", result.Texts["w.yml"]);
        Assert.Contains("does not parse", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void A_fix_over_several_files_applies_whole_or_not_at_all()
    {
        var a = new SourceText("a.txt", "aaa");
        var b = new SourceText("b.txt", "bbb");
        var result = FixApplier.Apply([Candidate("both", TextEdit.Replace(a, 0, 1, "A"), TextEdit.Replace(b, 0, 1, "B"))],
            p => p == "a.txt" ? a.Text : null, p => $"'{p}' is a link");
        Assert.Empty(result.Texts);
        Assert.Equal("'b.txt' is a link", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void Inserted_line_breaks_follow_the_file()
    {
        var crlf = new SourceText("a.yml", "a: 1\r\nb: 2\r\n");
        var edit = TextEdit.Insert(crlf, 6, "x:\n  y: 1\n");
        Assert.Equal("x:\r\n  y: 1\r\n", edit.NewText);
        Assert.Equal("a: 1\r\nx:\r\n  y: 1\r\nb: 2\r\n", FixApplier.ApplyEdits(crlf.Text, [edit]));
        var lf = new SourceText("a.yml", "a: 1\nb: 2\n");
        Assert.Equal("x:\n  y: 1\n", TextEdit.Insert(lf, 5, "x:\r\n  y: 1\n").NewText);
    }

    [Fact]
    public void Regions_are_lines_and_columns_of_the_replaced_span()
    {
        var source = new SourceText("a.txt", "ab\ncdef\n");
        var edit = TextEdit.Replace(source, 4, 2, "X");
        Assert.Equal((2, 2, 2, 4), (edit.Region.Line, edit.Region.Column, edit.Region.EndLine, edit.Region.EndColumn));
        Assert.Equal("de", edit.OldText);
    }
}
