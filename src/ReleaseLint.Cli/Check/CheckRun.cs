using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;

namespace ReleaseLint.Cli;

/// <summary>
/// One prepared <c>check</c> run: the policy read once, the rules (built-in and custom, narrowed for
/// <c>--staged</c>), the staged snapshot and the live GitHub connection, all held until the run is disposed.
/// <see cref="Prepare"/> builds it from validated <see cref="CheckSettings"/>; <see cref="Execute"/> runs the engine
/// and applies the baseline.
/// </summary>
public sealed class CheckRun : IDisposable
{
    private readonly CustomRulesSwitch.Loaded _custom;
    private readonly StagedSnapshot? _snapshot;
    private readonly LiveGitHub? _live;

    private CheckRun(CheckSettings settings, LintRequest request, CustomRulesSwitch.Loaded custom, StagedSnapshot? snapshot, LiveGitHub? live)
    {
        Settings = settings;
        Request = request;
        _custom = custom;
        _snapshot = snapshot;
        _live = live;
    }

    /// <summary>What the run was asked to do.</summary>
    public CheckSettings Settings { get; }

    /// <summary>The engine's request.</summary>
    public LintRequest Request { get; }

    /// <summary>The help text of a rule for reports (built-in docs, else the custom rule's).</summary>
    public string? HelpMarkdown(RuleDescriptor rule) => RuleDocs.Get(rule.Id) ?? _custom.Rules.HelpMarkdown(rule);

    /// <summary>Prepares the run: opens the staged snapshot, reads the policy once, loads custom rules, connects to GitHub.</summary>
    public static CheckRun Prepare(CheckSettings settings, Func<string, string?> environment)
    {
        StagedSnapshot? snapshot = null;
        if (settings.Staged)
        {
            try { snapshot = StagedSnapshot.Open(settings.Root); }
            catch (InvalidOperationException e) { throw new UsageException(e.Message); }
        }
        Trace.Mark("cli: staged snapshot");
        CustomRulesSwitch.Loaded? custom = null;
        LiveGitHub? live = null;
        try
        {
            // The policy is read and validated once, here, and shared by the custom-rule loader and the engine.
            var policyLoad = LintEngine.LoadPolicy(settings.Root, settings.ConfigPath, snapshot?.ToFileSnapshot());
            var builtIns = BuiltInRules.Create();
            custom = CustomRulesSwitch.Load(settings.Root, policyLoad.Policy, settings.NoCustomRules, settings.RuleTimeout, builtIns);
            Trace.Mark("cli: policy and custom rules");

            IReadOnlyList<Rule> rules = [.. builtIns, .. custom.Rules.Rules];
            if (snapshot is not null)
            {
                var affected = StagedSelection.Affected(snapshot.Changed);
                rules = rules.Where(r => affected(r.Descriptor)).ToList();
            }
            // Live mode (--github): only then are ReleaseLint.GitHub and System.Net.Http loaded.
            live = settings.GitHubRepository is { } repo ? LiveGitHub.Connect(repo, environment) : null;
            var request = new LintRequest
            {
                Root = settings.Root,
                ConfigPath = settings.ConfigPath,
                LoadedPolicy = policyLoad,
                Rules = rules,
                PreFindings = custom.Rules.Findings,
                OpenGit = LibGit2Repository.Open,
                GitHubRepository = settings.GitHubRepository,
                LiveProtection = live?.Protection,
                DiscussionsFile = settings.DiscussionsFile,
                LiveDiscussions = live?.Discussions,
                Snapshot = snapshot?.ToFileSnapshot(),
                RuleTimeout = settings.RuleTimeout,
                CustomRulesSkipped = custom.Skipped,
            };
            return new CheckRun(settings, request, custom, snapshot, live);
        }
        catch
        {
            live?.Dispose();
            custom?.Rules.Dispose();
            snapshot?.Dispose();
            throw;
        }
    }

    /// <summary>Runs the engine (with a spinner on a terminal when <paramref name="showProgress"/>), then adds the custom rules' notes and applies the baseline.</summary>
    public LintResult Execute(bool showProgress)
    {
        var result = showProgress
            ? ProgressDisplay.Run(progress => LintEngine.Run(Request with { Progress = progress }))
            : LintEngine.Run(Request);
        // The live connection is done once the engine is: nothing after this reads the network.
        _live?.Dispose();
        if (_custom.Notes.Count > 0) result = result with { Notes = [.. result.Notes, .. _custom.Notes] };
        if (Settings.Baseline is { } known) result = known.Apply(result);
        return result;
    }

    /// <summary>Releases the snapshot, the custom rules and the GitHub connection.</summary>
    public void Dispose()
    {
        _live?.Dispose();
        _snapshot?.Dispose();
        _custom.Rules.Dispose();
    }
}
