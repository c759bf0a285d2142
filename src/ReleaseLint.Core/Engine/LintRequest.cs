using ReleaseLint.Inputs.Discussions;
using ReleaseLint.Inputs.Git;
using ReleaseLint.Policy;

namespace ReleaseLint.Engine;

/// <summary>
/// Another view of the tree than the working directory, e.g. the git index for <c>check --staged</c>.
/// </summary>
/// <param name="Files">Every path of the snapshot (repository-relative, <c>/</c> separators).</param>
/// <param name="Read">Returns a path's content, or null when it cannot be read.</param>
/// <param name="Changed">The paths whose findings are reported (the staged ones); null reports all.</param>
public sealed record FileSnapshot(IReadOnlyList<string> Files, Func<string, byte[]?> Read, IReadOnlySet<string>? Changed)
{
    /// <summary>
    /// Reads a path's content only when it holds at most the given number of bytes (limits.max-file-bytes), so that a huge
    /// file is refused before its bytes are allocated; null: <see cref="Read"/> is used and the size checked afterwards.
    /// </summary>
    public Func<string, long, SnapshotRead>? ReadWithin { get; init; }
}

/// <summary>What <see cref="FileSnapshot.ReadWithin"/> gives: the content, or null with the size that was over the limit (-1: unreadable).</summary>
/// <param name="Bytes">The content; null when it was not read.</param>
/// <param name="Size">The content's size in bytes; -1 when the path could not be read at all.</param>
public sealed record SnapshotRead(byte[]? Bytes, long Size);

/// <summary>
/// What to lint and how: the root and the rules, then what the run reads (<see cref="Sources"/>), what preparing the
/// custom rules gave (<see cref="CustomRules"/>), GitHub (<see cref="GitHub"/>) and how the rules run
/// (<see cref="Execution"/>). Only the root and the rules are required; each group defaults to "nothing more".
/// </summary>
public sealed record LintRequest
{
    /// <summary>The root of what is linted.</summary>
    public required string Root { get; init; }
    /// <summary>The rules to run (built-in plus custom).</summary>
    public required IReadOnlyList<Rule> Rules { get; init; }
    /// <summary>Where the inputs come from besides the working tree's files: configuration, snapshot, overlay, git, exports.</summary>
    public LintSources Sources { get; init; } = new();
    /// <summary>What loading the custom rules gave the run: their findings, and whether they were switched off.</summary>
    public CustomRulesOutcome CustomRules { get; init; } = new();
    /// <summary>The repository on GitHub and what is read from the API (live protection, discussions, pins).</summary>
    public GitHubSources GitHub { get; init; } = new();
    /// <summary>How the rules run: their time-out and the progress callback.</summary>
    public LintExecution Execution { get; init; } = new();
}

/// <summary>Where a run reads its inputs from, besides the files of the working tree at <see cref="LintRequest.Root"/>.</summary>
public sealed record LintSources
{
    /// <summary>An explicit configuration file (<c>--config</c>); null looks for <c>.releaselint.yml</c> at the root.</summary>
    public string? ConfigPath { get; init; }
    /// <summary>The policy already loaded by the caller (with its RL0001 problems), so that it is read and validated once per run; null loads it.</summary>
    public (ReleasePolicy Policy, IReadOnlyList<ConfigProblem> Problems)? LoadedPolicy { get; init; }
    /// <summary>Lint this snapshot instead of the working tree (<c>--staged</c>).</summary>
    public FileSnapshot? Snapshot { get; init; }
    /// <summary>
    /// Texts that replace files of the working tree for this run (repository-relative path → text): the fix loop
    /// re-checks its edits in memory before anything is written. Null reads every file from disk.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Overlay { get; init; }
    /// <summary>Opens the git repository when a rule needs it; null reads no history.</summary>
    public GitRepositoryOpener? OpenGit { get; init; }
    /// <summary>
    /// A JSON export of GitHub Discussions (<c>--discussions FILE</c>, the shape of GraphQL <c>repository.discussions</c>);
    /// relative paths are taken from the current directory. A file that cannot be read is an RL5006 finding.
    /// </summary>
    public string? DiscussionsFile { get; init; }
}

/// <summary>What preparing the custom rules gave a run, besides the rules themselves.</summary>
public sealed record CustomRulesOutcome
{
    /// <summary>Findings produced before the run (e.g. RL0002 from compiling custom rules).</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    /// <summary>
    /// True when the repository's custom rules were switched off (<c>--no-custom-rules</c>): their ids are unknown to
    /// this run, so a suppression naming an unknown id is not reported as a typo (RL0006).
    /// </summary>
    public bool Skipped { get; init; }
}

/// <summary>The repository on GitHub and what a run reads from the API; everything null reads nothing from it.</summary>
public sealed record GitHubSources
{
    /// <summary>This repository on GitHub (<c>owner/repo</c>, from <c>--github</c>); null reads the origin remote.</summary>
    public string? Repository { get; init; }
    /// <summary>Live mode: reads branch protection from the GitHub API (needs <see cref="Repository"/>); null reads the files.</summary>
    public Inputs.Protection.ILiveProtectionReader? Protection { get; init; }
    /// <summary>The live discussions source (<c>--github</c>), or null.</summary>
    public IDiscussionSource? Discussions { get; init; }
    /// <summary>Resolves refs of action repositories to commits for pinning fixes (<c>--fix</c>, <c>--diff</c>); null leaves pins unresolved.</summary>
    public Fixes.ICommitResolver? CommitResolver { get; init; }
}

/// <summary>How the rules of a run are run.</summary>
public sealed record LintExecution
{
    /// <summary>Overrides the per-rule time-out of the policy.</summary>
    public TimeSpan? RuleTimeout { get; init; }
    /// <summary>Called as rules finish, with the number finished and the number running in all (for a progress display).</summary>
    public Action<int, int>? Progress { get; init; }
}
