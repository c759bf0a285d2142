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
    private readonly IDisposable? _pins;
    private readonly CliHost _host;

    private CheckRun(CheckSettings settings, CliHost host, LintRequest request, CustomRulesSwitch.Loaded custom, StagedSnapshot? snapshot, LiveGitHub? live, IDisposable? pins)
    {
        _host = host;
        _pins = pins;
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
    public static CheckRun Prepare(CheckSettings settings, CliHost host)
    {
        var environment = host.Environment;
        StagedSnapshot? snapshot = null;
        var stdin = settings.StdinPath is { } stdinPath ? StdinSnapshot(settings.Root, stdinPath, host) : null;
        if (settings.Staged)
        {
            try { snapshot = StagedSnapshot.Open(settings.Root); }
            catch (InvalidOperationException e) { throw new UsageException(e.Message); }
        }
        Trace.Mark("cli: staged snapshot");
        CustomRulesSwitch.Loaded? custom = null;
        LiveGitHub? live = null;
        (Fixes.ICommitResolver Resolver, IDisposable Owner)? pins = null;
        try
        {
            // The policy is read and validated once, here, and shared by the custom-rule loader and the engine.
            var files = snapshot?.ToFileSnapshot() ?? stdin;
            var policyLoad = LintEngine.LoadPolicy(settings.Root, settings.ConfigPath, files);
            var builtIns = BuiltInRules.Create();
            custom = CustomRulesSwitch.Load(settings.Root, policyLoad.Policy, settings.NoCustomRules, settings.RuleTimeout, builtIns);
            Trace.Mark("cli: policy and custom rules");

            IReadOnlyList<Rule> rules = [.. builtIns, .. custom.Rules.Rules];
            // Named files: only the rules that read and report in such files run (the engine selects them itself for a
            // snapshot: the index, or standard input).
            if (files is null && settings.OnlyFiles is { } changed)
            {
                var affected = StagedSelection.Affected(changed);
                rules = rules.Where(r => affected(r.Descriptor)).ToList();
            }
            // Live mode (--github): only then are ReleaseLint.GitHub and System.Net.Http loaded.
            live = settings.GitHubRepository is { } repo ? LiveGitHub.Connect(repo, environment) : null;
            // Pins are resolved through the API only when asked: --fix, --diff or --resolve-pins.
            pins = settings.ResolvePins ? FixCommandLine.CreateResolver(environment) : null;
            var request = new LintRequest
            {
                Root = settings.Root,
                Rules = rules,
                Sources = new()
                {
                    ConfigPath = settings.ConfigPath,
                    LoadedPolicy = policyLoad,
                    Snapshot = files,
                    OpenGit = LibGit2Repository.Open,
                    DiscussionsFile = settings.DiscussionsFile,
                },
                CustomRules = new() { Findings = custom.Rules.Findings, Skipped = custom.Skipped },
                GitHub = new()
                {
                    Repository = settings.GitHubRepository,
                    Protection = live?.Protection,
                    Discussions = live?.Discussions,
                    CommitResolver = pins?.Resolver,
                },
                Execution = new() { RuleTimeout = settings.RuleTimeout },
            };
            return new CheckRun(settings, host, request, custom, snapshot, live, pins?.Owner);
        }
        catch
        {
            pins?.Owner.Dispose();
            live?.Dispose();
            custom?.Rules.Dispose();
            snapshot?.Dispose();
            throw;
        }
    }

    /// <summary>The fix loop's outcome with <c>--fix</c> or <c>--diff</c> (after <see cref="Execute"/>); null otherwise.</summary>
    public Fixes.FixRun? FixRun { get; private set; }

    /// <summary>
    /// Runs the engine (with a spinner on a terminal when <paramref name="showProgress"/>), or the fix loop with
    /// <c>--fix</c>/<c>--diff</c>; then adds the custom rules' notes, keeps the named files' findings, applies the baseline
    /// and <c>--min-severity</c>.
    /// </summary>
    public LintResult Execute(bool showProgress)
    {
        LintResult Lint(LintRequest request)
        {
            if (Settings.Fix is not { } fixing) return LintEngine.Run(request);
            FixRun = Fixes.FixRunner.Run(request, new Fixes.FixOptions { Safety = fixing.Safety, Filter = Settings.Baseline is { } b ? b.Apply : null });
            return FixRun.Last;
        }
        var result = showProgress
            ? ProgressDisplay.Run(_host, progress => Lint(Request with { Execution = Request.Execution with { Progress = progress } }))
            : Lint(Request);
        // The network is done once the engine is: nothing after this reads it.
        _live?.Dispose();
        _pins?.Dispose();
        if (_custom.Notes.Count > 0) result = result with { Notes = [.. result.Notes, .. _custom.Notes] };
        if (Settings.OnlyFiles is { } only)
            result = result with { Findings = [.. result.Findings.Where(f => only.Contains(f.Location.Path))], FileCount = only.Count };
        // The fix loop applies the baseline itself, to each round.
        if (Settings.Baseline is { } known && FixRun is null) result = known.Apply(result);
        if (Settings.MinSeverity is { } least)
        {
            var shown = result.Findings.Where(f => f.Severity >= least).ToList();
            result = result with
            {
                Findings = shown,
                Baselined = [.. result.Baselined.Where(f => f.Severity >= least)],
                BelowMinimum = result.Findings.Count - shown.Count,
            };
        }
        return result;
    }

    /// <summary>The most bytes read from standard input (<c>check -</c>).</summary>
    public const int MaxStdinBytes = 8 * 1024 * 1024;

    /// <summary>
    /// The tree of <paramref name="root"/> with one more file, <paramref name="path"/>, whose content is standard input;
    /// only that file's findings are reported.
    /// </summary>
    private static FileSnapshot StdinSnapshot(string root, string path, CliHost host)
    {
        byte[] content;
        using (var input = host.OpenInput())
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[81920];
            int n;
            while ((n = input.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > MaxStdinBytes) throw new UsageException($"standard input holds more than {MaxStdinBytes / (1024 * 1024)} MiB; lint a file that large by its path");
            }
            content = buffer.ToArray();
        }
        var files = Inputs.Files.FileSet.Scan(root, []).Files.Where(f => f != path).Append(path).ToList();
        return new FileSnapshot(files,
            p => p == path ? content : Inputs.Files.SafeFile.ReadInRoot(root, p, MaxStdinBytes, out _),
            new HashSet<string>(StringComparer.Ordinal) { path });
    }

    /// <summary>A file of the run as text, for source excerpts: what the run linted (standard input, the index), else the file in the root.</summary>
    public Inputs.SourceText? ReadSource(string path)
    {
        var bytes = Request.Sources.Snapshot is { } snapshot ? snapshot.Read(path) : Inputs.Files.SafeFile.ReadInRoot(Settings.Root, path, MaxStdinBytes, out _);
        return bytes is null ? null : Inputs.TextFileReader.TryDecode(bytes, path, MaxStdinBytes, out _);
    }

    /// <summary>Releases the snapshot, the custom rules and the GitHub connection.</summary>
    public void Dispose()
    {
        _pins?.Dispose();
        _live?.Dispose();
        _snapshot?.Dispose();
        _custom.Rules.Dispose();
    }
}
