using System.Text.RegularExpressions;
using ApprovalTests;
using ApprovalTests.Core;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using Xunit.Abstractions;

namespace ReleaseLint.Tests.Fixtures;

/// <summary>
/// Runs every rule fixture. A firing case must produce exactly its approved output (the tool's own text
/// format), and, where its files mark lines with <c>NOT OK</c>, findings on exactly those lines (a marker on
/// a comment-only line covers itself and the line below). A quiet case must produce nothing of its rule.
/// Snapshots are ApprovalTests', as for the samples: <c>&lt;case&gt;.approved.txt</c> beside the case folder; a mismatch
/// writes <c>&lt;case&gt;.received.txt</c> there, approved by renaming it.
/// </summary>
public sealed partial class FixtureTests(ITestOutputHelper output)
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
        if (!File.Exists(fixture.ApprovedFile) && File.Exists(fixture.LegacyExpectedFile))
        {
            // A legacy .expected.txt snapshot (branches written before this change): compared as before.
            var received = Path.Combine(fixture.RuleDirectory, fixture.Name + ".received.txt");
            if (File.ReadAllText(fixture.LegacyExpectedFile).Replace("\r\n", "\n") != actual)
            {
                File.WriteAllText(received, actual);
                Assert.Fail($"{fixture}: output differs from {Path.GetFileName(fixture.LegacyExpectedFile)} (received output written to {received}):\n{actual}");
            }
        }
        else
            Approvals.Verify(new ApprovalTextWriter(actual), new CaseNamer(fixture), QuietReporter.INSTANCE);
        CheckMarkers(fixture, result.Findings.Where(f => f.Rule.Id == ruleId).ToList());
    }

    /// <summary>Names a case's snapshot after the case: <c>tests/fixtures/&lt;RULE&gt;/&lt;case&gt;.approved.txt</c>.</summary>
    private sealed class CaseNamer(FixtureCase fixture) : IApprovalNamer
    {
        public string SourcePath => fixture.RuleDirectory;
        public string Name => fixture.Name;
    }

    /// <summary>
    /// Cases still described by legacy sidecars or an <c>.expected.txt</c> snapshot (accepted this session, for branches
    /// written before <c>.case.yml</c>): listed as a warning in the test output. Every manifest must
    /// parse, no case may mix a manifest with sidecars (<see cref="FixtureCase.Manifest"/> throws) or hold two snapshots.
    /// </summary>
    [Fact]
    public void Legacy_sidecars_are_listed()
    {
        var legacy = new List<string>();
        foreach (var c in FixtureCase.All())
        {
            var sidecars = CaseManifest.LegacySidecars(c.RuleDirectory, c.Name).ToList();
            if (File.Exists(c.LegacyExpectedFile)) sidecars.Add(Path.GetFileName(c.LegacyExpectedFile));
            if (sidecars.Count > 0) legacy.Add($"{c}: {string.Join(", ", sidecars)}");
            _ = c.Manifest();
        }
        foreach (var line in legacy) output.WriteLine("warning: legacy fixture files, move them into .case.yml / .approved.txt: " + line);
        var both = FixtureCase.All().Where(c => File.Exists(c.ApprovedFile) && File.Exists(c.LegacyExpectedFile)).Select(c => c.ToString()).ToList();
        Assert.True(both.Count == 0, "cases with both .approved.txt and .expected.txt: " + string.Join(", ", both));
    }

    /// <summary>The firing cases as theory data.</summary>
    public static TheoryData<string, string> FiringCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in FixtureCase.All().Where(c => c.IsFiring)) data.Add(c.RuleId, c.Name);
        return data;
    }

    /// <summary>
    /// <c>check --fix=unsafe</c> on a copy of a firing case: when it changes the tree, the tree must be byte for byte
    /// <c>&lt;case&gt;.fixed/</c> (a mismatch is written to <c>&lt;case&gt;.fixed.received/</c> for review); when it changes
    /// nothing, there must be no <c>.fixed/</c>. A second run changes nothing, each fixed YAML file parses to the same document
    /// apart from the nodes the fixes are meant to change (<see cref="Fixes.YamlTrees.AssertOnlyFixedNodesDiffer"/>), and no finding
    /// of the case's rule is left with a fix that could be applied.
    /// </summary>
    [Theory]
    [MemberData(nameof(FiringCases))]
    public void Fixed(string ruleId, string name)
    {
        var fixture = new FixtureCase(ruleId, name);
        var (tree, first, second) = fixture.RunFix();
        using (tree)
        {
            var received = fixture.FixedDirectory + ".received";
            if (Directory.Exists(received)) Directory.Delete(received, recursive: true);
            if (first.Files.Count == 0)
            {
                Assert.False(Directory.Exists(fixture.FixedDirectory), $"{fixture}: --fix changed nothing, but {Path.GetFileName(fixture.FixedDirectory)}/ exists");
            }
            else
            {
                var actual = Tree(tree.Path);
                var expected = Directory.Exists(fixture.FixedDirectory) ? Tree(fixture.FixedDirectory) : null;
                if (expected is null || !SameTree(expected, actual))
                {
                    foreach (var (path, bytes) in actual)
                    {
                        var target = Path.Combine(received, path);
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        File.WriteAllBytes(target, bytes);
                    }
                    Assert.Fail($"{fixture}: the tree after --fix differs from {Path.GetFileName(fixture.FixedDirectory)}/ (received tree written to {received}; approve it by renaming):\n{first.Diff}");
                }
            }
            Assert.True(second.Files.Count == 0, $"{fixture}: a second --fix changed the tree again:\n{second.Diff}");
            foreach (var file in first.Files.Where(f => global::ReleaseLint.Fixes.FixApplier.IsYaml(f.Path)))
                Fixes.YamlTrees.AssertOnlyFixedNodesDiffer($"{fixture}: {file.Path}", file.File.Text, file.Fixed);
            var left = second.Last.Findings.Where(f => f.Rule.Id == ruleId && f.Fixes.Any(x => x.HasEdits)).Select(ReleaseLint.Cli.Output.TextFormatter.Line).ToList();
            Assert.True(left.Count == 0, $"{fixture}: findings with fixes are left after --fix:\n{string.Join("\n", left)}");
        }
    }

    private static Dictionary<string, byte[]> Tree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(root, f).Replace('\\', '/'), Full: f))
            .Where(f => !f.Relative.StartsWith(".git/", StringComparison.Ordinal) && f.Relative != ".git")
            .ToDictionary(f => f.Relative, f => File.ReadAllBytes(f.Full), StringComparer.Ordinal);

    private static bool SameTree(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && other.AsSpan().SequenceEqual(kv.Value));

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
