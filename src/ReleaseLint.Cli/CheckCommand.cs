using System.CommandLine;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Inputs.Discussions;
using ReleaseLint.Rules;
using ReleaseLint.Sarif;

namespace ReleaseLint.Cli;

/// <summary><c>releaselint check [PATH]</c>.</summary>
public static class CheckCommand
{
    /// <summary>Output formats.</summary>
    public static readonly IReadOnlyList<string> Formats = ["text", "sarif", "json", "github"];

    /// <summary>Builds the command.</summary>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="environment">Reads environment variables (null: the process environment).</param>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var path = new Argument<string?>("PATH")
        {
            Description = "Root of what is linted (default: the repository root of the current directory).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text, sarif, json or github (workflow-command annotations).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong([.. Formats]);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file (atomically) instead of standard output." };
        var failOn = new Option<string>("--fail-on") { Description = "Lowest severity that makes the exit code 1: error, warning, note or never.", DefaultValueFactory = _ => "error" };
        failOn.AcceptOnlyFromAmong("error", "warning", "note", "never");
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file (default: .releaselint.yml at PATH)." };
        var github = new Option<string?>("--github")
        {
            Description = "Live mode: read branch protection, rulesets and discussions of OWNER/REPO from the GitHub API (token from GITHUB_TOKEN, API base URL from GITHUB_API_URL) instead of the exported files. Without it, the repository is read from the origin remote.",
        };
        var discussions = new Option<string?>("--discussions") { Description = "A JSON export of GitHub Discussions (the shape of GraphQL repository.discussions, e.g. from `gh api graphql`) whose deployment posts are checked (RL5xxx)." };
        var category = new Option<string?>("--sarif-category") { Description = "SARIF automationDetails.id, to upload several runs side by side (default: releaselint/check/)." };
        var noCustomRules = CustomRulesSwitch.CreateOption();
        var ruleTimeout = new Option<double?>("--rule-timeout")
        {
            Description = $"Seconds one rule may run before it is stopped and reported as {EngineRules.RuleFailure.Id} (default: limits.rule-timeout-seconds, else 60).",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
                if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 && v <= 86_400) return v;
                r.AddError($"--rule-timeout expects a number of seconds above 0, not '{text}'");
                return null;
            },
        };

        var baseline = new Option<string?>("--baseline") { Description = "Report only findings that this baseline file (from 'releaselint baseline') does not hold." };
        var staged = new Option<bool>("--staged") { Description = "Lint what would be committed: the git index, reporting only the staged files (for pre-commit hooks)." };
        var (fix, fixUnsafe, diff, resolvePins) = (FixCommandLine.FixOption(), FixCommandLine.UnsafeOption(), FixCommandLine.DiffOption(), FixCommandLine.ResolvePinsOption());

        var command = new Command("check", "Lint a repository against its release policy.")
        {
            path, format, output, failOn, config, github, discussions, category, baseline, staged, noCustomRules, ruleTimeout,
            fix, fixUnsafe, diff, resolvePins,
        };
        command.SetAction(parse =>
        {
            Trace.Mark("cli: check parsed");
            var root = ResolveRoot(parse.GetValue(path));
            var configPath = parse.GetValue(config);
            if (configPath is not null) NamedFiles.RequireReadable(configPath, "configuration file");
            var repo = parse.GetValue(github);
            if (repo is not null && !System.Text.RegularExpressions.Regex.IsMatch(repo, "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"))
                throw new UsageException($"--github expects OWNER/REPO, not '{repo}'");
            var export = parse.GetValue(discussions);
            if (export is not null) NamedFiles.RequireReadable(export, "discussions export");

            var baselinePath = parse.GetValue(baseline);
            Baseline? known = null;
            if (baselinePath is not null)
            {
                NamedFiles.RequireReadable(baselinePath, "baseline file", "; create it with 'releaselint baseline'");
                try { known = Baseline.Load(baselinePath); }
                catch (InvalidDataException e) { throw new UsageException(e.Message); }
            }

            var fixing = FixCommandLine.Mode(parse.GetValue(fix), parse.GetValue(fixUnsafe), parse.GetValue(diff));
            if (fixing is not null && parse.GetValue(staged))
                throw new UsageException("--fix and --diff work on the working tree; they cannot be combined with --staged");
            if (parse.GetValue(output) is { } reportPath) NamedFiles.RequireWritable(reportPath);
            var timeout = parse.GetValue(ruleTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            StagedSnapshot? snapshot = null;
            if (parse.GetValue(staged))
            {
                try { snapshot = StagedSnapshot.Open(root); }
                catch (InvalidOperationException e) { throw new UsageException(e.Message); }
            }
            Trace.Mark("cli: staged snapshot");

            // The policy is read and validated once, here, and shared by the custom-rule loader and the engine.
            var policyLoad = LintEngine.LoadPolicy(root, configPath, snapshot?.ToFileSnapshot());
            var builtIns = BuiltInRules.Create();
            var loaded = CustomRulesSwitch.Load(root, policyLoad.Policy, parse.GetValue(noCustomRules), timeout, builtIns);
            using var custom = loaded.Rules;
            Trace.Mark("cli: policy and custom rules");

            IReadOnlyList<Rule> rules = [.. builtIns, .. custom.Rules];
            LintResult result;
            // Live mode (--github): only then are ReleaseLint.GitHub and System.Net.Http loaded.
            var live = repo is null ? null : LiveMode.CreateReader(environment);
            var liveDiscussions = repo is null ? ((IDiscussionSource Source, IDisposable Owner)?)null : LiveSources.Discussions(repo, environment, live);
            // Pins are resolved through the API only when asked: --fix, --diff or --resolve-pins.
            var pins = fixing is not null || parse.GetValue(resolvePins) ? FixCommandLine.CreateResolver(environment) : ((Fixes.ICommitResolver Resolver, IDisposable Owner)?)null;
            Fixes.FixRun? fixRun = null;
            LintResult Lint(LintRequest r)
            {
                if (fixing is null) return LintEngine.Run(r);
                fixRun = Fixes.FixRunner.Run(r, new Fixes.FixOptions { Safety = fixing.Safety, Filter = known is null ? null : known.Apply });
                return fixRun.Last;
            }
            using (snapshot)
            {
                try
                {
                    var request = new LintRequest
                    {
                        Root = root,
                        ConfigPath = configPath,
                        LoadedPolicy = policyLoad,
                        Rules = rules,
                        PreFindings = custom.Findings,
                        OpenGit = LibGit2Repository.Open,
                        GitHubRepository = repo,
                        LiveProtection = live,
                        DiscussionsFile = export,
                        LiveDiscussions = liveDiscussions?.Source,
                        Snapshot = snapshot?.ToFileSnapshot(),
                        RuleTimeout = timeout,
                        CustomRulesSkipped = loaded.Skipped,
                        CommitResolver = pins?.Resolver,
                    };
                    result = ReferenceEquals(stdout, Console.Out)
                        ? ProgressDisplay.Run(progress => Lint(request with { Progress = progress }))
                        : Lint(request);
                }
                finally
                {
                    pins?.Owner.Dispose();
                    (live as IDisposable)?.Dispose();
                    liveDiscussions?.Owner.Dispose();
                }
            }
            if (loaded.Notes.Count > 0) result = result with { Notes = [.. result.Notes, .. loaded.Notes] };
            if (known is not null && fixRun is null) result = known.Apply(result);

            var fmt = parse.GetValue(format)!;
            var outPath = parse.GetValue(output);
            var threshold = parse.GetValue(failOn)!;
            if (fixRun is not null && FixCommandLine.Finish(fixRun, fixing!, root, stdout, stderr, outPath, r => Fails(r, threshold)) is { } diffExit) return diffExit;
            var sarifOptions = new SarifOptions
            {
                AutomationId = parse.GetValue(category) ?? "releaselint/check/",
                HelpMarkdown = d => RuleDocs.Get(d.Id) ?? custom.HelpMarkdown(d),
                WithBaselineState = known is not null,
            };
            if (outPath is not null)
            {
                AtomicFile.Write(outPath, stream =>
                {
                    if (fmt == "sarif") SarifWriter.Write(stream, result, sarifOptions);
                    else
                    {
                        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                        WriteReport(fmt, result, writer, color: false);
                    }
                });
                stderr.WriteLine(TextFormatter.Summary(result) + $"; report written to {outPath}");
            }
            else if (fmt == "sarif")
            {
                stdout.Write(SarifWriter.ToString(result, sarifOptions));
                stdout.WriteLine();
            }
            else
            {
                WriteReport(fmt, result, stdout, color: ReferenceEquals(stdout, Console.Out) && TerminalColor.Enabled, FixCommandLine.Reader(root, result.Policy.MaxFileBytes));
            }
            return Fails(result, threshold) ? ReleaseLintCli.ExitFindings : ReleaseLintCli.ExitClean;
        });
        return command;
    }

    private static void WriteReport(string format, LintResult result, TextWriter writer, bool color, Func<string, string?>? readText = null)
    {
        switch (format)
        {
            case "json": JsonFormatter.Write(writer, result); break;
            case "github": GitHubFormatter.Write(writer, result); break;
            default: TextFormatter.Write(writer, result, color, readText); break;
        }
    }

    /// <summary>True when a finding reaches the <c>--fail-on</c> threshold.</summary>
    public static bool Fails(LintResult result, string threshold)
    {
        if (threshold == "never") return false;
        SeverityNames.TryParse(threshold, out var min);
        return result.Findings.Any(f => f.Severity >= min);
    }

    /// <summary>The linted root: PATH when given, else the repository root of the current directory, else the current directory.</summary>
    public static string ResolveRoot(string? path)
    {
        if (path is not null)
        {
            if (!Directory.Exists(path)) throw new UsageException(File.Exists(path) ? $"'{path}' is a file; PATH is the root folder to lint" : $"'{path}' does not exist");
            return Path.GetFullPath(path);
        }
        var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
        for (var d = dir; d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git"))) return d.FullName;
        return dir.FullName;
    }
}
