using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Fixtures;

/// <summary>
/// One rule fixture: <c>tests/fixtures/&lt;RULE&gt;/&lt;case&gt;/</c> is a small repository. Cases named
/// <c>firing*</c> have <c>&lt;case&gt;.expected.txt</c> beside them holding the exact text output of that rule;
/// cases named <c>quiet*</c> must give no finding of that rule. Optional <c>&lt;case&gt;.rules</c> adds test rules
/// (one name per line, <c>timeout=SECONDS</c> sets the rule time-out); optional <c>&lt;case&gt;.github</c> holds the
/// repository's <c>owner/repo</c> (as <c>--github</c> gives it). Optional <c>&lt;case&gt;.sh</c> builds what files cannot hold, such as
/// git history: the case folder is copied to a temporary folder and the script runs there with bash (working directory
/// the copy, a clean git environment with fixed author, committer and tagger dates, <c>$FIXTURES</c> naming
/// tests/fixtures so it can <c>source "$FIXTURES/git-history.sh"</c> for helpers), and the copy is what gets linted.
/// Paths in findings are relative, so the expected output is the same as for a plain case.
/// Custom C# rules run as in <c>releaselint check</c>: those
/// the case's own <c>.releaselint.yml</c> names with <c>custom-rules:</c> (their RL0002/RL0003 findings included), plus,
/// with an optional <c>&lt;case&gt;.custom-rules</c> file, the rules folder it names relative to the repository root
/// (fixtures of the sample custom rules in <c>samples/custom-rule/</c> use it).
/// Optional <c>&lt;case&gt;.discussions</c> holds the path, relative to the case folder (<c>../</c> reaches outside it), of a
/// discussions export passed as <c>--discussions</c>.
/// <para>
/// Live mode: an optional <c>&lt;case&gt;.api/</c> folder (with <c>&lt;case&gt;.github</c>) is served by a
/// <see cref="GitHub.FakeGitHubServer"/> on 127.0.0.1 (see <see cref="GitHub.FakeGitHubServer.ServeDirectory"/>: file paths
/// are API paths, <c>name.404.json</c> answers 404), and the case runs in live mode against it with token
/// <c>ghp_fixture</c>, or none when the folder holds a file <c>no-token</c>. In the output the server's URL reads
/// <c>http://127.0.0.1:PORT</c>, so approved output does not depend on the port. Without <c>&lt;case&gt;.github</c> the
/// folder serves only the refs of action repositories: the case runs with a pin resolver against it (as
/// <c>--resolve-pins</c> does), so RL1004's findings carry their pinning fixes.
/// </para>
/// <para>
/// Fixes: <c>&lt;case&gt;.fixed/</c> is the tree after <c>check --fix=unsafe</c>, checked byte for byte (see
/// <see cref="RunFix"/>).
/// </para>
/// </summary>
public sealed record FixtureCase(string RuleId, string Name)
{
    /// <summary>The case's folder.</summary>
    public string Directory => Path.Combine(TestPaths.Fixtures, RuleId, Name);
    /// <summary>The approved output.</summary>
    public string ExpectedFile => Path.Combine(TestPaths.Fixtures, RuleId, Name + ".expected.txt");
    /// <summary>Where a mismatching output is written for review.</summary>
    public string ReceivedFile => Path.Combine(TestPaths.Fixtures, RuleId, Name + ".received.txt");
    /// <summary>True for firing cases.</summary>
    public bool IsFiring => Name.StartsWith("firing", StringComparison.Ordinal);
    /// <summary>True for quiet cases.</summary>
    public bool IsQuiet => Name.StartsWith("quiet", StringComparison.Ordinal);

    /// <summary>Every case under tests/fixtures.</summary>
    public static IEnumerable<FixtureCase> All()
    {
        if (!System.IO.Directory.Exists(TestPaths.Fixtures)) yield break;
        foreach (var ruleDir in System.IO.Directory.GetDirectories(TestPaths.Fixtures).Order(StringComparer.Ordinal))
            foreach (var caseDir in System.IO.Directory.GetDirectories(ruleDir).Where(d => !d.EndsWith(".api", StringComparison.Ordinal) && !d.EndsWith(".fixed", StringComparison.Ordinal) && !d.Contains(".fixed.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                yield return new FixtureCase(Path.GetFileName(ruleDir), Path.GetFileName(caseDir));
    }

    /// <summary>The tree after <c>--fix=unsafe</c>.</summary>
    public string FixedDirectory => Path.Combine(TestPaths.Fixtures, RuleId, Name + ".fixed");

    /// <summary>Runs every rule over the case and returns the result.</summary>
    public LintResult Run()
    {
        using var built = BuildRoot();
        return Run(built?.Path ?? Directory, (request, _) => LintEngine.Run(request), WithoutPort);
    }

    /// <summary>
    /// Copies the case (built by its script, if it has one) to a temporary folder, runs the fix loop there with every fix
    /// allowed and writes the result; then runs it again (which must change nothing) and returns both runs. The caller
    /// disposes the folder.
    /// </summary>
    public (TempDir Tree, global::ReleaseLint.Fixes.FixRun First, global::ReleaseLint.Fixes.FixRun Second) RunFix()
    {
        var tree = new TempDir();
        using (var built = BuildRoot()) ScriptedRepository.CopyDirectory(built?.Path ?? Directory, tree.Path);
        var options = new global::ReleaseLint.Fixes.FixOptions { Safety = FixSafety.Unsafe };
        var first = Run(tree.Path, (request, root) =>
        {
            var run = global::ReleaseLint.Fixes.FixRunner.Run(request, options);
            var problems = global::ReleaseLint.Fixes.FixRunner.Write(root, run);
            Assert.True(problems.Count == 0, $"{this}: fixes were not written: {string.Join("; ", problems)}");
            return run;
        });
        var second = Run(tree.Path, (request, _) => global::ReleaseLint.Fixes.FixRunner.Run(request, options));
        return (tree, first, second);
    }

    private TempDir? BuildRoot()
    {
        var script = Path.Combine(TestPaths.Fixtures, RuleId, Name + ".sh");
        return File.Exists(script) ? ScriptedRepository.Build(Directory, script) : null;
    }

    /// <summary>Runs <paramref name="run"/> on the request the case describes, with its fake API when it has one.</summary>
    private T Run<T>(string root, Func<LintRequest, string, T> run, Func<T, string, T>? withoutPort = null)
    {
        var rules = BuiltInRules.Create().ToList();
        TimeSpan? timeout = null;
        var rulesFile = Path.Combine(TestPaths.Fixtures, RuleId, Name + ".rules");
        if (File.Exists(rulesFile))
        {
            foreach (var line in File.ReadAllLines(rulesFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                if (line.StartsWith("timeout=", StringComparison.Ordinal)) timeout = TimeSpan.FromSeconds(double.Parse(line[8..], System.Globalization.CultureInfo.InvariantCulture));
                else rules.Add(TestRules.ByName(line) ?? throw new InvalidOperationException($"{rulesFile}: no test rule '{line}'"));
            }
        }
        var githubFile = Path.Combine(TestPaths.Fixtures, RuleId, Name + ".github");
        var github = File.Exists(githubFile) ? File.ReadAllText(githubFile).Trim() : null;
        var discussionsFile = Path.Combine(TestPaths.Fixtures, RuleId, Name + ".discussions");
        string? discussions = null;
        if (File.Exists(discussionsFile))
        {
            var relative = File.ReadAllText(discussionsFile).Trim();
            discussions = Path.GetFullPath(Path.Combine(root, relative));
            if (!File.Exists(discussions)) discussions = Path.GetFullPath(Path.Combine(Directory, relative)); // an export outside the case folder
        }
        using var own = TestCustomRules.ForRoot(root);
        var customFile = Path.Combine(TestPaths.Fixtures, RuleId, Name + ".custom-rules");
        using var added = File.Exists(customFile) ? TestCustomRules.Folder(File.ReadAllText(customFile).Trim()) : ReleaseLint.Scripting.CustomRuleSet.Empty;
        Assert.True(added.Findings.Count == 0, $"{customFile}: the rules do not load:\n{string.Join("\n", added.Findings.Select(TextFormatter.Line))}");
        var request = new LintRequest
        {
            Root = root,
            Rules = [.. rules, .. own.Rules, .. added.Rules],
            PreFindings = own.Findings,
            OpenGit = LibGit2Repository.Open,
            RuleTimeout = timeout,
            GitHubRepository = github,
            DiscussionsFile = discussions,
        };
        if (!System.IO.Directory.Exists(ApiDirectory)) return run(request, root);

        using var server = GitHub.FakeGitHubServer.Start().ServeDirectory(ApiDirectory);
        var options = new ReleaseLint.GitHub.GitHubClientOptions
        {
            BaseUrl = new Uri(server.Url),
            Token = File.Exists(Path.Combine(ApiDirectory, "no-token")) ? null : "ghp_fixture",
            Delay = (_, _) => Task.CompletedTask,
        };
        if (github is null)
        {
            using var pins = new ReleaseLint.GitHub.GitHubCommitResolver(options, cacheDirectory: null);
            var resolved = run(request with { CommitResolver = pins }, root);
            return withoutPort is null ? resolved : withoutPort(resolved, server.Url);
        }
        using var reader = new ReleaseLint.GitHub.GitHubProtectionReader(options);
        var result = run(request with { LiveProtection = reader }, root);
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

    /// <summary>The fake API folder of a live-mode case.</summary>
    public string ApiDirectory => Path.Combine(TestPaths.Fixtures, RuleId, Name + ".api");

    /// <summary>The text-output lines of this case's rule.</summary>
    public IReadOnlyList<string> Lines(LintResult result) =>
        result.Findings.Where(f => f.Rule.Id == RuleId).Select(TextFormatter.Line).ToList();

    /// <inheritdoc />
    public override string ToString() => $"{RuleId}/{Name}";
}
