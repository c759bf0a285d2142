using System.Text.RegularExpressions;
using ApprovalTests;
using ApprovalTests.Core;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;

namespace ReleaseLint.Tests.Fixtures;

/// <summary>
/// Runs every rule fixture. A firing case must produce exactly its approved output (the tool's own text
/// format), and, where its files mark lines with <c>NOT OK</c>, findings on exactly those lines (a marker on
/// a comment-only line covers itself and the line below). A quiet case must produce nothing of its rule.
/// Snapshots are ApprovalTests', as for the samples: <c>&lt;case&gt;.approved.txt</c> beside the case folder; a mismatch
/// writes <c>&lt;case&gt;.received.txt</c> there, approved by renaming it.
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
        // A finding that carries a fix is of a rule that declares one of that kind (what `releaselint rules` lists).
        foreach (var f in result.Findings.Where(f => f.Fixes.Count > 0))
        {
            Assert.True(f.Rule.Fix is not null, $"{fixture}: {f.Rule.Id} gives a fix ({f.Fixes[0].Description}) but its descriptor declares none (RuleDescriptor.Fix)");
            Assert.True(f.Rule.Fix.CommandsOnly == f.Fixes.All(x => !x.HasEdits), $"{fixture}: {f.Rule.Id} gives a fix of another kind than its descriptor declares (CommandsOnly = {f.Rule.Fix.CommandsOnly})");
        }
        var lines = fixture.Lines(result);
        if (fixture.IsQuiet)
        {
            Assert.True(lines.Count == 0, $"{fixture} should be quiet but reported:\n{string.Join("\n", lines)}");
            return;
        }
        Assert.True(lines.Count > 0, $"{fixture} should fire but reported nothing of {ruleId}");
        var actual = string.Join("\n", lines) + "\n";
        if (fixture.Manifest().Notes is { } prefix)
            actual += string.Concat(result.Notes.Where(n => n.StartsWith(prefix + ":", StringComparison.Ordinal)).Select(n => "note: " + n + "\n"));
        Approvals.Verify(new ApprovalTextWriter(actual), new CaseNamer(fixture, ""), QuietReporter.INSTANCE);
        CheckMarkers(fixture, result.Findings.Where(f => f.Rule.Id == ruleId).ToList());
    }

    /// <summary>
    /// Names a case's snapshot after the case: <c>tests/fixtures/&lt;RULE&gt;/&lt;case&gt;{suffix}.approved.txt</c> (the findings
    /// with no suffix, the <c>--fix</c> diff with <c>.fixed</c>).
    /// </summary>
    private sealed class CaseNamer(FixtureCase fixture, string suffix) : IApprovalNamer
    {
        public string SourcePath => fixture.RuleDirectory;
        public string Name => fixture.Name + suffix;
    }

    /// <summary>
    /// One manifest and one snapshot mechanism: no legacy sidecar (<c>.rules</c>, <c>.github</c>, <c>.sh</c>,
    /// <c>.discussions</c>, <c>.custom-rules</c>, <c>.api/</c>), <c>.expected.txt</c> snapshot or <c>.fixed/</c> tree is
    /// left under tests/fixtures (the harness reads none of them, so one left behind would be a case's need silently
    /// dropped), and every manifest parses.
    /// </summary>
    [Fact]
    public void No_legacy_fixture_files()
    {
        var legacy = FixtureCase.LegacyFiles();
        Assert.True(legacy.Count == 0, "fixture files in a form the harness no longer reads (move them into <case>.case.yml, "
            + "<case>.approved.txt or <case>.fixed.approved.txt; CONTRIBUTING.md):\n" + string.Join("\n", legacy));
        foreach (var c in FixtureCase.All()) _ = c.Manifest();
    }

    /// <summary>The firing cases as theory data.</summary>
    public static TheoryData<string, string> FiringCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in FixtureCase.All().Where(c => c.IsFiring)) data.Add(c.RuleId, c.Name);
        return data;
    }

    /// <summary>
    /// <c>check --fix=unsafe</c> on a copy of a firing case: when it changes the tree, its unified diff (what
    /// <c>check --diff --fix=unsafe</c> prints) must be the approved <c>&lt;case&gt;.fixed.approved.txt</c> (ApprovalTests, as
    /// the findings: a mismatch writes <c>&lt;case&gt;.fixed.received.txt</c>); when it changes nothing, there must be none.
    /// The tree written is the case with exactly the changed files replaced, each in its own encoding (BOM, line breaks);
    /// a second run changes nothing, each fixed YAML file parses to the same document apart from the nodes the fixes are
    /// meant to change (<see cref="Fixes.YamlTrees.AssertOnlyFixedNodesDiffer"/>), and no finding of the case's rule is left
    /// with a fix that could be applied.
    /// </summary>
    [Theory]
    [MemberData(nameof(FiringCases))]
    public void Fixed(string ruleId, string name)
    {
        var fixture = new FixtureCase(ruleId, name);
        var (tree, before, first, second) = fixture.RunFix();
        using (tree)
        {
            if (first.Files.Count == 0)
                Assert.False(File.Exists(fixture.FixedApprovedFile), $"{fixture}: --fix changed nothing, but {Path.GetFileName(fixture.FixedApprovedFile)} exists");
            else
                Approvals.Verify(new ApprovalTextWriter(first.Diff), new CaseNamer(fixture, ".fixed"), QuietReporter.INSTANCE);
            var expected = new Dictionary<string, byte[]>(before, StringComparer.Ordinal);
            foreach (var file in first.Files) expected[file.Path] = global::ReleaseLint.Fixes.FixFiles.Encode(file.File, file.Fixed);
            var written = Tree(tree.Path);
            var wrong = expected.Keys.Union(written.Keys).Where(p => !(expected.TryGetValue(p, out var e) && written.TryGetValue(p, out var w) && e.AsSpan().SequenceEqual(w)))
                .Order(StringComparer.Ordinal).ToList();
            Assert.True(wrong.Count == 0, $"{fixture}: the tree written by --fix is not the case with the fixed files replaced: {string.Join(", ", wrong)}");
            Assert.True(second.Files.Count == 0, $"{fixture}: a second --fix changed the tree again:\n{second.Diff}");
            foreach (var file in first.Files.Where(f => global::ReleaseLint.Fixes.FixApplier.IsYaml(f.Path)))
                Fixes.YamlTrees.AssertOnlyFixedNodesDiffer($"{fixture}: {file.Path}", file.File.Text, file.Fixed);
            var left = second.Last.Findings.Where(f => f.Rule.Id == ruleId && f.Fixes.Any(x => x.HasEdits)).Select(ReleaseLint.Cli.Output.TextFormatter.Line).ToList();
            Assert.True(left.Count == 0, $"{fixture}: findings with fixes are left after --fix:\n{string.Join("\n", left)}");
        }
    }

    /// <summary>Every file of a tree (not under <c>.git/</c>) by repository-relative path.</summary>
    internal static Dictionary<string, byte[]> Tree(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(root, f).Replace('\\', '/'), Full: f))
            .Where(f => !f.Relative.StartsWith(".git/", StringComparison.Ordinal) && f.Relative != ".git")
            .ToDictionary(f => f.Relative, f => File.ReadAllBytes(f.Full), StringComparer.Ordinal);

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
