using System.Text.RegularExpressions;

namespace ReleaseLint.Tests.Fixtures;

/// <summary>
/// Runs every rule fixture. A firing case must produce exactly its approved output (the tool's own text
/// format), and, where its files mark lines with <c>NOT OK</c>, findings on exactly those lines (a marker on
/// a comment-only line covers itself and the line below). A quiet case must produce nothing of its rule.
/// </summary>
public sealed partial class FixtureTests
{
    /// <summary>All cases as theory data.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in FixtureCase.All()) data.Add(c.RuleId, c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fixture(string ruleId, string name)
    {
        var fixture = new FixtureCase(ruleId, name);
        Assert.True(fixture.IsFiring || fixture.IsQuiet, $"{fixture}: a case is named firing* or quiet*");
        var result = fixture.Run();
        var lines = fixture.Lines(result);
        if (fixture.IsQuiet)
        {
            Assert.True(lines.Count == 0, $"{fixture} should be quiet but reported:\n{string.Join("\n", lines)}");
            return;
        }
        Assert.True(lines.Count > 0, $"{fixture} should fire but reported nothing of {ruleId}");
        var actual = string.Join("\n", lines) + "\n";
        var expected = File.Exists(fixture.ExpectedFile) ? File.ReadAllText(fixture.ExpectedFile).Replace("\r\n", "\n") : null;
        if (expected != actual)
        {
            File.WriteAllText(fixture.ReceivedFile, actual);
            Assert.Fail($"{fixture}: output differs from {Path.GetFileName(fixture.ExpectedFile)} (received output written to {fixture.ReceivedFile}; approve it by renaming):\n{actual}");
        }
        if (File.Exists(fixture.ReceivedFile)) File.Delete(fixture.ReceivedFile);
        CheckMarkers(fixture, result.Findings.Where(f => f.Rule.Id == ruleId).ToList());
    }

    [GeneratedRegex(@"(#|<!--|//).*\bNOT OK\b")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^\s*(#|<!--|//)")]
    private static partial Regex CommentOnly();

    private static void CheckMarkers(FixtureCase fixture, IReadOnlyList<Finding> findings)
    {
        foreach (var file in Directory.EnumerateFiles(fixture.Directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(fixture.Directory, file).Replace('\\', '/');
            string[] text;
            try { text = File.ReadAllLines(file); }
            catch (IOException) { continue; }
            // Each marker: the lines where its finding may be (its own line; a comment-only marker also the line below).
            var markers = new List<int[]>();
            for (var i = 0; i < text.Length; i++)
            {
                if (!Marker().IsMatch(text[i])) continue;
                markers.Add(CommentOnly().IsMatch(text[i]) ? [i + 1, i + 2] : [i + 1]);
            }
            if (markers.Count == 0) continue;
            var reported = findings.Where(f => f.Location.Path == relative).Select(f => f.Location.Line).ToHashSet();
            var missing = markers.Where(m => !m.Any(reported.Contains)).Select(m => m[0]).ToList();
            var unmarked = reported.Where(line => !markers.Any(m => m.Contains(line))).Order().ToList();
            Assert.True(missing.Count == 0, $"{fixture}: {relative} marks NOT OK on lines {string.Join(", ", missing)} but nothing was reported there");
            Assert.True(unmarked.Count == 0, $"{fixture}: {relative} has findings on unmarked lines {string.Join(", ", unmarked)}");
        }
    }
}
