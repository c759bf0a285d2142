using System.Text.Json;
using ReleaseLint.Engine;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Protection;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Policy;
using ReleaseLint.Rules.Protection;
using Xunit.Abstractions;

namespace ReleaseLint.Tests.Protection;

/// <summary>
/// Round trip over the real workflows of the shared corpus: requiring exactly the check names ReleaseLint derives
/// for the jobs that run on 'main' must give no RL2010 finding (names and the patterns that match them agree).
/// </summary>
public sealed class CorpusCheckNamesTests(ITestOutputHelper output)
{
    private sealed class Fixed(string branch, string json) : ILiveProtectionReader
    {
        public LiveProtectionData Read(string repository, IReadOnlyCollection<string> branches, CancellationToken cancellationToken) => new()
        {
            ApiBase = "https://api.github.test",
            Repository = repository,
            Authenticated = true,
            Classic = new Dictionary<string, LiveResponse> { [branch] = new("https://api.github.test/repos/x/protection", 200, json) },
        };
    }

    [Fact]
    public void Required_checks_named_after_corpus_jobs_are_all_known()
    {
        if (TestPaths.Corpus is not { } corpus) return;
        int repos = 0, workflows = 0, required = 0, open = 0;
        foreach (var dir in Directory.GetDirectories(corpus).Order(StringComparer.Ordinal))
        {
            var workspace = new Workspace(FileSet.Scan(dir, []), new ReleasePolicy());
            var running = workspace.Workflows.Where(w => WorkflowTriggers.RunsFor(w, "main")).ToList();
            var names = running.SelectMany(JobCheckNames.Of).Select(n => n.Display).Distinct().ToList();
            open += names.Count(n => n.Contains('*'));
            var contexts = names.Where(n => !n.Contains('*')).ToList();
            if (contexts.Count == 0) continue;
            repos++;
            workflows += running.Count;
            required += contexts.Count;
            var json = JsonSerializer.Serialize(new
            {
                required_status_checks = new { strict = true, contexts },
                required_pull_request_reviews = new { required_approving_review_count = 1 },
                enforce_admins = new { enabled = true },
            });
            var result = LintEngine.Run(new LintRequest
            {
                Root = dir,
                Rules = [new RL2010RequiredCheckUnknown()],
                GitHub = new() { Repository = "corpus/" + Path.GetFileName(dir), Protection = new Fixed("main", json) },
            });
            var unknown = result.Findings.Where(f => f.Rule.Id == "RL2010").Select(f => f.Message).ToList();
            Assert.True(unknown.Count == 0, $"{Path.GetFileName(dir)}:\n{string.Join("\n", unknown)}");
        }
        output.WriteLine($"{repos} repositories, {workflows} workflows running for 'main', {required} literal check names required, {open} names with run-time parts");
        Assert.True(repos > 0);
    }
}
