using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Fixtures;

/// <summary>
/// One rule fixture: <c>tests/fixtures/&lt;RULE&gt;/&lt;case&gt;/</c> is a small repository, linted as it is. Cases named
/// <c>firing*</c> have <c>&lt;case&gt;.approved.txt</c> beside them (an ApprovalTests snapshot) holding the exact text output
/// of that rule; cases named <c>quiet*</c> must give no finding of that rule. Everything else a case needs — test rules, a
/// rule time-out, <c>--github</c>, a custom rules folder, a discussions export, a history script, the fake GitHub API's
/// answers for live mode — is in one optional manifest beside the folder, <c>&lt;case&gt;.case.yml</c> (<see cref="CaseManifest"/>;
/// CONTRIBUTING.md lists its keys).
/// <para>
/// A history script runs with bash in a temporary copy of the case folder (working directory the copy, a clean git
/// environment with fixed author, committer and tagger dates, <c>$FIXTURES</c> naming tests/fixtures so it can
/// <c>source "$FIXTURES/git-history.sh"</c>), and the copy is what gets linted; paths in findings are relative, so the
/// approved output is the same as for a plain case. Custom C# rules run as in <c>releaselint check</c>: those the case's
/// own <c>.releaselint.yml</c> names with <c>custom-rules:</c>, plus the folder <c>custom-rules:</c> of the manifest names.
/// Live mode (<c>api:</c>) serves the answers from a <see cref="GitHub.FakeGitHubServer"/> on 127.0.0.1 and runs with
/// token <c>ghp_fixture</c> (none with <c>token: false</c>); the server's URL reads <c>http://127.0.0.1:PORT</c> in the
/// output, so approved output does not depend on the port. With <c>api:</c> but no <c>github:</c> the answers serve only
/// the refs of action repositories: the case runs with a pin resolver against them (as <c>--resolve-pins</c> does), so
/// RL1004's findings carry their pinning fixes.
/// </para>
/// <para>
/// Fixes: <c>&lt;case&gt;.fixed.approved.txt</c> is the unified diff that <c>check --fix=unsafe</c> makes to the case (what
/// <c>check --diff --fix=unsafe</c> prints), approved by the same ApprovalTests mechanism as the findings (see
/// <see cref="RunFix"/> and <c>FixtureTests.Fixed</c>).
/// </para>
/// <para>Nothing else beside a case folder is read: the sidecar files of before (<c>.rules</c>, <c>.github</c>, <c>.sh</c>,
/// <c>.discussions</c>, <c>.custom-rules</c>, <c>.api/</c>), <c>.expected.txt</c> snapshots and <c>.fixed/</c> trees fail
/// <c>FixtureTests.No_legacy_fixture_files</c> (<see cref="LegacyFiles"/>).</para>
/// </summary>
public sealed record FixtureCase(string RuleId, string Name)
{
    /// <summary>The case's folder.</summary>
    public string Directory => Path.Combine(TestPaths.Fixtures, RuleId, Name);
    /// <summary>The folder holding the rule's cases.</summary>
    public string RuleDirectory => Path.Combine(TestPaths.Fixtures, RuleId);
    /// <summary>The approved output (ApprovalTests: <c>&lt;case&gt;.approved.txt</c>, a mismatch is written to <c>&lt;case&gt;.received.txt</c>).</summary>
    public string ApprovedFile => Path.Combine(RuleDirectory, Name + ".approved.txt");
    /// <summary>The approved unified diff of <c>check --fix=unsafe</c> on the case (none when it changes nothing).</summary>
    public string FixedApprovedFile => Path.Combine(RuleDirectory, Name + ".fixed.approved.txt");
    /// <summary>The case's manifest.</summary>
    public string ManifestFile => Path.Combine(RuleDirectory, Name + ".case.yml");

    /// <summary>The manifest (from <c>.case.yml</c>; empty when there is none).</summary>
    public CaseManifest Manifest() => File.Exists(ManifestFile) ? CaseManifest.Parse(ManifestFile) : new CaseManifest();

    /// <summary>True for firing cases.</summary>
    public bool IsFiring => Name.StartsWith("firing", StringComparison.Ordinal);
    /// <summary>True for quiet cases.</summary>
    public bool IsQuiet => Name.StartsWith("quiet", StringComparison.Ordinal);

    /// <summary>Every case under tests/fixtures.</summary>
    public static IEnumerable<FixtureCase> All()
    {
        if (!System.IO.Directory.Exists(TestPaths.Fixtures)) yield break;
        foreach (var ruleDir in System.IO.Directory.GetDirectories(TestPaths.Fixtures).Order(StringComparer.Ordinal))
            foreach (var caseDir in System.IO.Directory.GetDirectories(ruleDir).Where(d => !Path.GetFileName(d).Contains('.', StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                yield return new FixtureCase(Path.GetFileName(ruleDir), Path.GetFileName(caseDir));
    }

    /// <summary>
    /// Files and folders beside the cases (under <c>tests/fixtures/&lt;RULE&gt;/</c>) in a form the harness no longer reads:
    /// the legacy sidecars, <c>.expected.txt</c> snapshots and <c>.fixed/</c> trees (repository-relative paths).
    /// </summary>
    public static IReadOnlyList<string> LegacyFiles()
    {
        // The sidecar conventions of before the manifest, and the snapshot forms of before ApprovalTests.
        string[] legacySuffixes = [".rules", ".github", ".sh", ".discussions", ".custom-rules", ".api", ".expected.txt", ".fixed"];
        if (!System.IO.Directory.Exists(TestPaths.Fixtures)) return [];
        return System.IO.Directory.GetDirectories(TestPaths.Fixtures)
            .SelectMany(System.IO.Directory.EnumerateFileSystemEntries)
            .Where(p => legacySuffixes.Any(s => p.EndsWith(s, StringComparison.Ordinal)))
            .Select(p => Path.GetRelativePath(TestPaths.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs every rule over the case and returns the result.</summary>
    public LintResult Run()
    {
        using var built = BuildRoot();
        return Run(built?.Path ?? Directory, (request, _) => LintEngine.Run(request), WithoutPort);
    }

    /// <summary>
    /// Copies the case (built by its script, if it has one) to a temporary folder, runs the fix loop there with every fix
    /// allowed and writes the result; then runs it again (which must change nothing) and returns the tree before the fix
    /// and both runs. The caller disposes the folder.
    /// </summary>
    public (TempDir Tree, IReadOnlyDictionary<string, byte[]> Before, global::ReleaseLint.Fixes.FixRun First, global::ReleaseLint.Fixes.FixRun Second) RunFix()
    {
        var tree = new TempDir();
        using (var built = BuildRoot()) ScriptedRepository.CopyDirectory(built?.Path ?? Directory, tree.Path);
        var before = FixtureTests.Tree(tree.Path);
        var options = new global::ReleaseLint.Fixes.FixOptions { Safety = FixSafety.Unsafe };
        var first = Run(tree.Path, (request, root) =>
        {
            var run = global::ReleaseLint.Fixes.FixRunner.Run(request, options);
            var problems = global::ReleaseLint.Fixes.FixRunner.Write(root, run);
            Assert.True(problems.Count == 0, $"{this}: fixes were not written: {string.Join("; ", problems)}");
            return run;
        });
        var second = Run(tree.Path, (request, _) => global::ReleaseLint.Fixes.FixRunner.Run(request, options));
        return (tree, before, first, second);
    }

    private TempDir? BuildRoot()
    {
        return Manifest().History is { } script ? ScriptedRepository.BuildWithScriptText(Directory, script) : null;
    }

    /// <summary>Runs <paramref name="run"/> on the request the case describes, with its fake API when it has one.</summary>
    private T Run<T>(string root, Func<LintRequest, string, T> run, Func<T, string, T>? withoutPort = null)
    {
        var manifest = Manifest();
        var rules = BuiltInRules.Create().ToList();
        foreach (var name in manifest.Rules)
            rules.Add(TestRules.ByName(name) ?? throw new InvalidOperationException($"{this}: no test rule '{name}'"));
        string? discussions = null;
        if (manifest.Discussions is { } relative)
        {
            discussions = Path.GetFullPath(Path.Combine(root, relative));
            if (!File.Exists(discussions)) discussions = Path.GetFullPath(Path.Combine(Directory, relative)); // an export outside the case folder
        }
        using var own = TestCustomRules.ForRoot(root);
        using var added = manifest.CustomRules is { } folder ? TestCustomRules.Folder(folder) : ReleaseLint.Scripting.CustomRuleSet.Empty;
        Assert.True(added.Findings.Count == 0, $"{this}: the rules of custom-rules: do not load:\n{string.Join("\n", added.Findings.Select(TextFormatter.Line))}");
        var request = new LintRequest
        {
            Root = root,
            Rules = [.. rules, .. own.Rules, .. added.Rules],
            Sources = new() { OpenGit = LibGit2Repository.Open, DiscussionsFile = discussions },
            CustomRules = new() { Findings = own.Findings },
            GitHub = new() { Repository = manifest.GitHub },
            Execution = new() { RuleTimeout = manifest.Timeout },
        };
        if (manifest.Api is not { } answers) return run(request, root);

        using var server = GitHub.FakeGitHubServer.Start();
        foreach (var (path, (status, body)) in answers) server.Get(path, new GitHub.FakeResponse(status, body));
        var options = new ReleaseLint.GitHub.GitHubClientOptions
        {
            BaseUrl = new Uri(server.Url),
            Token = manifest.Token ? "ghp_fixture" : null,
            Delay = (_, _) => Task.CompletedTask,
        };
        if (manifest.GitHub is null)
        {
            using var pins = new ReleaseLint.GitHub.GitHubCommitResolver(options, cacheDirectory: null);
            var resolved = run(request with { GitHub = request.GitHub with { CommitResolver = pins } }, root);
            return withoutPort is null ? resolved : withoutPort(resolved, server.Url);
        }
        using var reader = new ReleaseLint.GitHub.GitHubProtectionReader(options);
        var result = run(request with { GitHub = request.GitHub with { Protection = reader } }, root);
        return withoutPort is null ? result : withoutPort(result, server.Url);
    }

    private static LintResult WithoutPort(LintResult result, string url)
    {
        return result with
        {
            Findings = result.Findings.Select(f => f with
            {
                Message = f.Message.Replace(url, "http://127.0.0.1:PORT", StringComparison.Ordinal),
                FingerprintKey = f.FingerprintKey.Replace(url, "http://127.0.0.1:PORT", StringComparison.Ordinal),
            }).ToList(),
            Notes = result.Notes.Select(n => n.Replace(url, "http://127.0.0.1:PORT", StringComparison.Ordinal)).ToList(),
        };
    }

    /// <summary>The text-output lines of this case's rule.</summary>
    public IReadOnlyList<string> Lines(LintResult result) =>
        result.Findings.Where(f => f.Rule.Id == RuleId).Select(TextFormatter.Line).ToList();

    /// <inheritdoc />
    public override string ToString() => $"{RuleId}/{Name}";
}
