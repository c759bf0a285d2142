using System.CommandLine;
using System.Globalization;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;

namespace ReleaseLint.Cli;

/// <summary>
/// What <c>releaselint check</c> was asked to do, read from the command line and validated once
/// (<see cref="CheckOptions.Read"/>): every named file exists, every value is in range, the report can be written.
/// </summary>
public sealed record CheckSettings
{
    /// <summary>Absolute path of the linted root.</summary>
    public required string Root { get; init; }
    /// <summary>The <c>--config</c> file, or null (the root's <c>.releaselint.yml</c>).</summary>
    public string? ConfigPath { get; init; }
    /// <summary><c>--github OWNER/REPO</c> (live mode), or null.</summary>
    public string? GitHubRepository { get; init; }
    /// <summary>The <c>--discussions</c> export, or null.</summary>
    public string? DiscussionsFile { get; init; }
    /// <summary>The <c>--baseline</c>, loaded, or null.</summary>
    public Baseline? Baseline { get; init; }
    /// <summary>The report writer of <c>--format</c>.</summary>
    public required IReportWriter Writer { get; init; }
    /// <summary>The <c>--output</c> file, or null (standard output).</summary>
    public string? OutputPath { get; init; }
    /// <summary>The lowest severity that fails the run (<c>--fail-on</c>); null never fails (<c>never</c>).</summary>
    public Severity? FailOn { get; init; }
    /// <summary><c>--sarif-category</c>, or null.</summary>
    public string? SarifCategory { get; init; }
    /// <summary><c>--no-custom-rules</c>.</summary>
    public bool NoCustomRules { get; init; }
    /// <summary><c>--rule-timeout</c>, or null (the policy's).</summary>
    public TimeSpan? RuleTimeout { get; init; }
    /// <summary><c>--staged</c>.</summary>
    public bool Staged { get; init; }
    /// <summary>The files named on the command line (root-relative): only their findings are reported; null reports all.</summary>
    public IReadOnlySet<string>? OnlyFiles { get; init; }
    /// <summary><c>check -</c>: one workflow read from standard input, linted as this root-relative path; null without.</summary>
    public string? StdinPath { get; init; }
    /// <summary><c>--min-severity</c>: findings below it are not reported (nor counted by <c>--fail-on</c>); null reports all.</summary>
    public Severity? MinSeverity { get; init; }
    /// <summary><c>-q</c>: findings only, no notes and no summary.</summary>
    public bool Quiet { get; init; }
    /// <summary>How reports show paths (relative to the current directory).</summary>
    public PathDisplay Paths { get; init; } = PathDisplay.RootRelative;
    /// <summary><c>--fix</c>, <c>--fix=unsafe</c> or <c>--diff</c>; null when none was given.</summary>
    public FixMode? Fix { get; init; }
    /// <summary><c>--resolve-pins</c> (implied by <see cref="Fix"/>).</summary>
    public bool ResolvePins { get; init; }
}

/// <summary>
/// The options and argument of <c>releaselint check</c>, and their reading into <see cref="CheckSettings"/>. To add an
/// option: declare it here, add it in <see cref="AddTo"/>, give <see cref="CheckSettings"/> its value, read and validate
/// it in <see cref="Read"/>.
/// </summary>
public sealed class CheckOptions
{
    /// <summary>The folder, or the files, to lint; <c>-</c> for one workflow on standard input.</summary>
    public Argument<string[]> Paths { get; } = new("PATH")
    {
        Description = "The folder to lint (default: the repository root of the current directory); or files, linted in their repository's context and the only ones reported; or - for one workflow read from standard input.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary><c>--format</c>: a name of <see cref="ReportWriters"/>.</summary>
    public Option<string> Format { get; } = new("--format", "-f")
    {
        Description = $"Output format: {ReportWriters.Describe()}.",
        DefaultValueFactory = _ => "text",
    };

    /// <summary><c>--output</c>.</summary>
    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write the report to this file (atomically) instead of standard output; its folder must exist.", HelpName = "FILE" };

    /// <summary><c>--min-severity</c>.</summary>
    public Option<string?> MinSeverity { get; } = new("--min-severity")
    {
        Description = "Report only findings of this severity or above (error, warning or note; default: all); the others are counted in the summary, and do not fail the run.",
    };

    /// <summary><c>--quiet</c>.</summary>
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print the findings only: no notes, no per-rule counts, no summary." };

    /// <summary><c>--stdin-filename</c>.</summary>
    public Option<string?> StdinFileName { get; } = new("--stdin-filename")
    {
        Description = "With '-': the repository path the workflow from standard input is linted as (default: .github/workflows/stdin.yml).",
        HelpName = "PATH",
    };

    /// <summary><c>--fail-on</c>.</summary>
    public Option<string> FailOn { get; } = new("--fail-on")
    {
        Description = "Lowest severity that makes the exit code 1: error, warning, note or never.",
        DefaultValueFactory = _ => "error",
    };

    /// <summary><c>--config</c>.</summary>
    public Option<string?> Config { get; } = new("--config", "-c") { Description = "Configuration file (default: .releaselint.yml at PATH).", HelpName = "FILE" };

    /// <summary><c>--github</c>.</summary>
    public Option<string?> GitHub { get; } = new("--github")
    {
        Description = "Live mode: read branch protection, rulesets and discussions of OWNER/REPO from the GitHub API (token from GITHUB_TOKEN, API base URL from GITHUB_API_URL) instead of the exported files. Without it, the repository is read from the origin remote.",
        HelpName = "OWNER/REPO",
    };

    /// <summary><c>--discussions</c>.</summary>
    public Option<string?> Discussions { get; } = new("--discussions") { Description = "A JSON export of GitHub Discussions (the shape of GraphQL repository.discussions, e.g. from `gh api graphql`) whose deployment posts are checked (RL5xxx).", HelpName = "FILE" };

    /// <summary><c>--sarif-category</c>.</summary>
    public Option<string?> SarifCategory { get; } = new("--sarif-category") { Description = "SARIF automationDetails.id, to upload several runs side by side (default: releaselint/check/).", HelpName = "ID" };

    /// <summary><c>--baseline</c>.</summary>
    public Option<string?> Baseline { get; } = new("--baseline") { Description = "Report only findings that this baseline file (from 'releaselint baseline') does not hold.", HelpName = "FILE" };

    /// <summary><c>--staged</c>.</summary>
    public Option<bool> Staged { get; } = new("--staged") { Description = "Lint what would be committed: the git index, reporting only the staged files (for pre-commit hooks)." };

    /// <summary><c>--no-custom-rules</c>.</summary>
    public Option<bool> NoCustomRules { get; } = CustomRulesSwitch.CreateOption();

    /// <summary><c>--rule-timeout</c>.</summary>
    public Option<double?> RuleTimeout { get; } = new("--rule-timeout")
    {
        Description = $"Seconds one rule may run before it is stopped and reported as {EngineRules.RuleFailure.Id} (default: limits.rule-timeout-seconds, else 60).",
        HelpName = "SECONDS",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v <= 86_400) return v;
            r.AddError($"--rule-timeout expects a number of seconds above 0, not '{text}'");
            return null;
        },
    };

    /// <summary><c>--fix</c>.</summary>
    public Option<bool> Fix { get; } = FixCommandLine.FixOption();
    /// <summary><c>--fix=unsafe</c>.</summary>
    public Option<bool> FixUnsafe { get; } = FixCommandLine.UnsafeOption();
    /// <summary><c>--diff</c>.</summary>
    public Option<bool> Diff { get; } = FixCommandLine.DiffOption();
    /// <summary><c>--resolve-pins</c>.</summary>
    public Option<bool> ResolvePins { get; } = FixCommandLine.ResolvePinsOption();

    /// <summary>Creates the options.</summary>
    public CheckOptions()
    {
        Format.AcceptOnlyFromAmong([.. ReportWriters.Names]);
        FailOn.AcceptOnlyFromAmong("error", "warning", "note", "never");
        MinSeverity.AcceptOnlyFromAmong("error", "warning", "note");
    }

    /// <summary>Adds the argument and options to <paramref name="command"/>, in the order help lists them.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        foreach (var option in new Option[] { Format, Output, FailOn, MinSeverity, Quiet, Config, GitHub, Discussions, SarifCategory, Baseline, Staged, StdinFileName, NoCustomRules, RuleTimeout, Fix, FixUnsafe, Diff, ResolvePins })
            command.Options.Add(option);
    }

    /// <summary>
    /// Reads and validates the options: the one place where the command line is judged, before anything is linted or
    /// written. A wrong value is a <see cref="UsageException"/> (one line, exit code 2).
    /// </summary>
    public CheckSettings Read(ParseResult parse, CliHost host)
    {
        var targets = CheckTargets.Resolve(parse.GetValue(Paths) ?? [], parse.GetValue(StdinFileName), host.CurrentDirectory);
        var root = targets.Root;
        if (targets.Only is not null && parse.GetValue(Staged)) throw new UsageException("--staged lints the staged files; name no files or '-' with it");
        var configPath = parse.GetValue(Config);
        if (configPath is not null) NamedFiles.RequireReadable(configPath, "configuration file");
        var repo = parse.GetValue(GitHub);
        if (repo is not null && !System.Text.RegularExpressions.Regex.IsMatch(repo, "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"))
            throw new UsageException($"--github expects OWNER/REPO, not '{repo}'");
        var export = parse.GetValue(Discussions);
        if (export is not null) NamedFiles.RequireReadable(export, "discussions export");

        Engine.Baseline? known = null;
        if (parse.GetValue(Baseline) is { } baselinePath)
        {
            NamedFiles.RequireReadable(baselinePath, "baseline file", "; create it with 'releaselint baseline'");
            try { known = Engine.Baseline.Load(baselinePath); }
            catch (InvalidDataException e) { throw new UsageException(e.Message); }
        }

        var fixing = FixCommandLine.Mode(parse.GetValue(Fix), parse.GetValue(FixUnsafe), parse.GetValue(Diff));
        if (fixing is not null && parse.GetValue(Staged))
            throw new UsageException("--fix and --diff work on the working tree; they cannot be combined with --staged");
        if (fixing is not null && targets.StdinPath is not null)
            throw new UsageException("--fix and --diff work on the working tree; they cannot be combined with '-' (standard input)");
        var outputPath = parse.GetValue(Output);
        if (outputPath is not null) NamedFiles.RequireWritable(outputPath);
        var minimum = parse.GetValue(MinSeverity) is { } min && SeverityNames.TryParse(min, out var least) ? least : (Severity?)null;
        var failOn = parse.GetValue(FailOn)!;
        return new CheckSettings
        {
            Root = root,
            ConfigPath = configPath,
            GitHubRepository = repo,
            DiscussionsFile = export,
            Baseline = known,
            Writer = ReportWriters.Get(parse.GetValue(Format)!),
            OutputPath = outputPath,
            FailOn = failOn == "never" ? null : SeverityNames.TryParse(failOn, out var threshold) ? threshold : Severity.Error,
            SarifCategory = parse.GetValue(SarifCategory),
            NoCustomRules = parse.GetValue(NoCustomRules),
            RuleTimeout = parse.GetValue(RuleTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Staged = parse.GetValue(Staged),
            OnlyFiles = targets.Only,
            StdinPath = targets.StdinPath,
            MinSeverity = minimum,
            Quiet = parse.GetValue(Quiet),
            Paths = new PathDisplay(root, host.CurrentDirectory, targets.GivenAbsolute),
            Fix = fixing,
            ResolvePins = fixing is not null || parse.GetValue(ResolvePins),
        };
    }
}
