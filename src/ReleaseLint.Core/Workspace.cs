using System.Collections.Concurrent;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Discussions;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Git;
using ReleaseLint.Inputs.Markdown;
using ReleaseLint.Inputs.Protection;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Policy;

namespace ReleaseLint;

/// <summary>What kind of text a loaded file is (decides how its suppression comments are written).</summary>
public enum InputKind
{
    /// <summary>YAML: <c># releaselint-disable…</c> comments.</summary>
    Yaml,
    /// <summary>Markdown: <c>&lt;!-- releaselint-disable… --&gt;</c> comments.</summary>
    Markdown,
    /// <summary>Anything else (no suppressions).</summary>
    Other,
}

/// <summary>Who reports a file of the tree that cannot be read.</summary>
public enum UnreadableReport
{
    /// <summary>The engine, as RL0004 (unreadable-input): for the files that are linted.</summary>
    AsUnreadableInput,
    /// <summary>The caller itself (e.g. a protection source as RL2001); the engine does not report it.</summary>
    ByCaller,
}

/// <summary>A file of the tree read as text: its <paramref name="Text"/>, or the <paramref name="Failure"/> that kept it from being read.</summary>
/// <param name="Text">The text, or null.</param>
/// <param name="Failure">Why it could not be read, or null.</param>
public readonly record struct TextRead(SourceText? Text, ReadFailure? Failure);

/// <summary>
/// The repository being linted. Every input is parsed at most once, on first use, and shared by all
/// rules (thread-safe). Files that cannot be read or parsed are left out of the models and reported
/// as RL0004 by the engine.
/// </summary>
public sealed class Workspace
{
    private readonly Lazy<IReadOnlyList<WorkflowFile>> _workflows;
    private readonly Lazy<IReadOnlyList<ActionFile>> _actions;
    private readonly Lazy<IReadOnlyList<MarkdownDocument>> _markdown;
    private readonly Lazy<IReadOnlyList<string>> _markdownPaths;
    private readonly Lazy<IGitRepository?> _git;
    private readonly Lazy<HistoryFacts> _history;
    private readonly Lazy<string?> _gitHubRepository;
    private readonly Lazy<DiscussionSet> _discussions;
    private readonly Lazy<IReadOnlyList<Glob>> _discussionGlobs;
    private readonly ConcurrentDictionary<string, Lazy<MarkdownDocument?>> _markdownByPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<YamlFile?>> _yamlByPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (SourceText Text, InputKind Kind)> _loaded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ReadFailure> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<TextRead>> _reads = new(StringComparer.Ordinal);
    private readonly Lazy<ProtectionModel> _protection;
    private readonly ConcurrentQueue<string> _notes = new();
    private readonly ConcurrentDictionary<(Type Fact, object? Key), Lazy<object>> _facts = new();

    /// <summary>Creates a workspace over <paramref name="files"/>.</summary>
    /// <param name="files">The files of the tree.</param>
    /// <param name="policy">The effective policy.</param>
    /// <param name="openGit">Opens the git repository on first use.</param>
    /// <param name="gitHubRepository">This repository on GitHub (<c>owner/repo</c>), or null to read the origin remote.</param>
    /// <param name="liveProtection">Live mode: reads protection from the GitHub API instead of the files.</param>
    /// <param name="discussions">Discussion sources besides the markdown files (<c>--discussions</c>, the live API).</param>
    public Workspace(FileSet files, ReleasePolicy policy, GitRepositoryOpener? openGit = null, string? gitHubRepository = null,
        ILiveProtectionReader? liveProtection = null, DiscussionInputs? discussions = null)
    {
        _protection = new(() => ProtectionModel.Load(this, liveProtection));
        LiveMode = liveProtection is not null;
        DiscussionInputs = discussions;
        _discussions = new(() => DiscussionSet.Load(this, discussions));
        _discussionGlobs = new(() => policy.DiscussionPaths.Select(g => new Glob(g)).ToList());
        Files = files;
        _gitHubRepository = new(() => gitHubRepository ?? GitConfig.OriginRepository(files.Root));
        Policy = policy;
        _workflows = new(() => LoadYaml(files.Files.Where(IsWorkflowPath)).Select(WorkflowFile.From).ToList());
        _actions = new(() => LoadYaml(files.Files.Where(IsActionPath)).Select(ActionFile.From).ToList());
        _markdownPaths = new(() =>
        {
            var ignore = policy.DocsIgnore.Select(g => new Glob(g)).ToList();
            return files.Files.Where(p => IsMarkdownPath(p) && !ignore.Any(g => g.IsMatch(p))).ToList();
        });
        _markdown = new(() =>
        {
            var paths = _markdownPaths.Value;
            var docs = new MarkdownDocument?[paths.Count];
            Parallel.For(0, paths.Count, i => docs[i] = GetMarkdown(paths[i]));
            return docs.Where(d => d is not null).Select(d => d!).ToList();
        });
        _git = new(() => openGit?.Invoke(files.Root));
        _history = new(() =>
        {
            try
            {
                Engine.Trace.Mark("history: open git");
                var git = IsGitRoot ? Git : null;
                Engine.Trace.Mark("history: git opened");
                return HistoryFacts.Compute(git, IsGitRoot, policy);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HistoryFacts.Failed(policy, $"git could not read the history ({e.Message.Split('\n')[0].Trim()})");
            }
        });
    }

    /// <summary>Absolute path of the linted root.</summary>
    public string Root => Files.Root;
    /// <summary>The files of the tree (ignores applied).</summary>
    public FileSet Files { get; }
    /// <summary>The effective release policy.</summary>
    public ReleasePolicy Policy { get; }
    /// <summary>Workflows under <c>.github/workflows/</c> that parsed.</summary>
    public IReadOnlyList<WorkflowFile> Workflows => _workflows.Value;
    /// <summary>Action metadata files (<c>action.yml</c>/<c>action.yaml</c>) anywhere in the tree that parsed.</summary>
    public IReadOnlyList<ActionFile> Actions => _actions.Value;
    /// <summary>
    /// The paths of the linted markdown files (every <c>*.md</c> except <c>docs.ignore</c>), without parsing them:
    /// for rules that only scan text (read it with <see cref="ReadText(string, InputKind)"/>).
    /// </summary>
    public IReadOnlyList<string> MarkdownPaths => _markdownPaths.Value;
    /// <summary>The linted markdown documents (every <c>*.md</c> except <c>docs.ignore</c>) that parsed.</summary>
    public IReadOnlyList<MarkdownDocument> Markdown => _markdown.Value;
    /// <summary>The git repository at the root, opened on first use; null when the root is not a work tree root.</summary>
    public IGitRepository? Git => _git.Value;
    /// <summary>
    /// This repository on GitHub as <c>owner/repo</c>: from <c>--github</c>, else from the <c>origin</c> remote
    /// (read from <c>.git/config</c> without opening the repository); null when unknown.
    /// </summary>
    public string? GitHubRepository => _gitHubRepository.Value;
    /// <summary>The discussion sources given on the command line (export file, live API), or null.</summary>
    public DiscussionInputs? DiscussionInputs { get; }
    /// <summary>
    /// The discussion posts (markdown files under <c>discussions.paths</c>, the <c>--discussions</c> export, the live
    /// API), loaded on first use and shared by the RL5xxx rules, with the sources that could not be read.
    /// </summary>
    public DiscussionSet Discussions => _discussions.Value;
    /// <summary>
    /// The branch protection of the repository (classic exports, ruleset exports, <c>.github/settings.yml</c>, or the
    /// live API in live mode), read once on first use.
    /// </summary>
    public ProtectionModel Protection => _protection.Value;
    /// <summary>True when live mode (<c>--github</c>) reads protection from the GitHub API.</summary>
    public bool LiveMode { get; }
    /// <summary>Texts that replace files of the tree in this run (the fix loop's edits, checked before they are written); null when none.</summary>
    public IReadOnlyDictionary<string, string>? Overlay { get; init; }
    /// <summary>Resolves refs of action repositories to commits, for pinning fixes; null when the run does not (no <c>--fix</c>).</summary>
    public Fixes.ICommitResolver? CommitResolver { get; init; }
    /// <summary>Sentences for the run summary added while inputs were read (checks skipped and why).</summary>
    public IReadOnlyCollection<string> Notes => _notes.Distinct().ToList();

    /// <summary>Adds a sentence to the run summary (a note, not a finding), e.g. that a check was skipped and how to enable it.</summary>
    public void AddNote(string note) => _notes.Enqueue(note);

    /// <summary>
    /// The fact <typeparamref name="T"/> of this run, computed on first use (once, however many rules ask at the same
    /// time) and shared by every rule: the per-run cache for what is derived from the inputs.
    /// </summary>
    public T Facts<T>() where T : class, IWorkspaceFact<T> =>
        (T)_facts.GetOrAdd((typeof(T), null), static (_, workspace) => new Lazy<object>(() => T.Compute(workspace)), this).Value;

    /// <summary>The fact <typeparamref name="T"/> about <paramref name="key"/> in this run, computed once on first use.</summary>
    public T Facts<TKey, T>(TKey key) where TKey : notnull where T : class, IWorkspaceFact<TKey, T> =>
        (T)_facts.GetOrAdd((typeof(T), key), static (entry, workspace) => new Lazy<object>(() => T.Compute(workspace, (TKey)entry.Key!)), this).Value;

    /// <summary>
    /// The inputs loaded so far (for tests that hold a rule to its declared <see cref="RuleDescriptor.Reads"/>: run it
    /// alone on a fresh workspace, then compare).
    /// </summary>
    internal RuleInputs InputsLoaded =>
        (_workflows.IsValueCreated ? RuleInputs.Workflows : 0) |
        (_actions.IsValueCreated ? RuleInputs.Actions : 0) |
        (_markdown.IsValueCreated || _markdownPaths.IsValueCreated ? RuleInputs.Markdown : 0) |
        (_protection.IsValueCreated ? RuleInputs.Protection : 0) |
        (_history.IsValueCreated ? RuleInputs.History : 0) |
        (_git.IsValueCreated && !_history.IsValueCreated ? RuleInputs.Git : 0) |
        (_discussions.IsValueCreated ? RuleInputs.Discussions : 0);

    /// <summary>True when <c>.git</c> exists at the root, or the root is a bare repository (without opening it).</summary>
    public bool IsGitRoot => GitDirectory.IsRepositoryRoot(Root);
    /// <summary>True when the root itself is a bare repository (<c>HEAD</c>, <c>objects/</c> and <c>refs/</c>, no work tree).</summary>
    public bool IsBareRoot => GitDirectory.IsBare(Root);
    /// <summary>
    /// What the history rules know (tags, branches, reachability from the release and integration branches), computed
    /// once on first use and shared by every RL3xxx rule; history that is missing is listed in its gaps (RL0005).
    /// </summary>
    public HistoryFacts History => _history.Value;
    /// <summary>
    /// Starts computing <see cref="History"/> on a thread of its own, so the revision walk (the long part of a run on a
    /// large repository) overlaps with start-up and the other rules. The engine calls it when a history rule is enabled.
    /// </summary>
    public void PrefetchHistory()
    {
        if (!IsGitRoot || _history.IsValueCreated) return;
        Task.Factory.StartNew(() => _history.Value, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>True when a rule asked for <see cref="History"/> during the run.</summary>
    public bool HistoryComputed => _history.IsValueCreated;

    /// <summary>Files that could not be read or parsed, with the reason (reported as RL0004).</summary>
    public IReadOnlyDictionary<string, ReadFailure> Failures => _failures;
    /// <summary>Every text file loaded during the run, for suppression comments.</summary>
    public IReadOnlyDictionary<string, (SourceText Text, InputKind Kind)> Loaded => _loaded;

    /// <summary>True for <c>.github/workflows/*.yml|yaml</c> (top level of that folder, as GitHub reads it).</summary>
    public static bool IsWorkflowPath(string path) =>
        path.StartsWith(".github/workflows/", StringComparison.Ordinal) && path.IndexOf('/', ".github/workflows/".Length) < 0 &&
        (path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase));

    /// <summary>True for <c>action.yml</c> / <c>action.yaml</c> at any depth.</summary>
    public static bool IsActionPath(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name is "action.yml" or "action.yaml";
    }

    /// <summary>True for markdown files (<c>.md</c>, <c>.markdown</c>).</summary>
    public static bool IsMarkdownPath(string path) =>
        path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads a file of the tree as text, once per run (cached), through the safe file layer (regular files inside the root,
    /// within <c>limits.max-file-bytes</c>). The result holds the text, or why the file could not be read;
    /// <paramref name="report"/> says who reports that: the engine as RL0004, or the caller itself.
    /// </summary>
    /// <param name="path">Repository-relative path.</param>
    /// <param name="kind">What kind of text it is (decides how its suppression comments are read).</param>
    /// <param name="report">Who reports a failure.</param>
    public TextRead Read(string path, InputKind kind, UnreadableReport report)
    {
        var read = _reads.GetOrAdd(path, p => new Lazy<TextRead>(() =>
        {
            var text = ReadFile(p, out var failure);
            return new TextRead(text, text is null ? failure ?? new ReadFailure("cannot read file") : null);
        })).Value;
        if (read.Text is { } text) _loaded.TryAdd(path, (text, kind));
        else if (report == UnreadableReport.AsUnreadableInput) _failures.TryAdd(path, read.Failure!);
        return read;
    }

    /// <summary>
    /// Reads a file of the tree as text (see <see cref="Read"/>); null when it cannot be read, which the engine then
    /// reports as RL0004. A reader that reports its own failures (e.g. as RL2001) uses <see cref="Read"/> instead.
    /// </summary>
    public SourceText? ReadText(string path, InputKind kind = InputKind.Other) => Read(path, kind, UnreadableReport.AsUnreadableInput).Text;

    private SourceText? ReadFile(string path, out ReadFailure? failure)
    {
        failure = null;
        if (Overlay is not null && Overlay.TryGetValue(path, out var edited)) return new SourceText(path, edited);
        return Files.TryReadText(path, Policy.MaxFileBytes, out failure);
    }

    /// <summary>The parsed YAML of a file of the tree (cached); null when unreadable or invalid.</summary>
    public YamlFile? GetYaml(string path) => _yamlByPath.GetOrAdd(path, p => new Lazy<YamlFile?>(() =>
    {
        var text = ReadText(p, InputKind.Yaml);
        if (text is null) return null;
        var yaml = YamlFile.Parse(text, new YamlLimits(Policy.YamlMaxDepth, Policy.YamlMaxAliasExpansion));
        if (yaml.Error is not null)
        {
            _failures.TryAdd(p, yaml.Error);
            return null;
        }
        return yaml;
    })).Value;

    /// <summary>
    /// The parsed markdown of any file of the tree (cached), linted or not, so that links into ignored
    /// documents still resolve their anchors; null when unreadable.
    /// </summary>
    public MarkdownDocument? GetMarkdown(string path) => _markdownByPath.GetOrAdd(path, p => new Lazy<MarkdownDocument?>(() =>
    {
        if (!Files.Contains(p)) return null;
        var text = ReadText(p, InputKind.Markdown);
        if (text is null) return null;
        var doc = MarkdownDocument.Parse(text, keepSyntax: IsDiscussionPath(p));
        if (doc.Error is not null)
        {
            _failures.TryAdd(p, doc.Error);
            return null;
        }
        return doc;
    })).Value;

    /// <summary>True when <paramref name="path"/> is a markdown file that <c>discussions.paths</c> names as a discussion post.</summary>
    public bool IsDiscussionPath(string path) => IsMarkdownPath(path) && _discussionGlobs.Value.Any(g => g.IsMatch(path));

    /// <summary>True when a repository-relative path names an existing file or directory inside the root.</summary>
    public bool PathExists(string path)
    {
        if (path.Length == 0) return true;
        if (Files.Contains(path) || Files.ContainsDirectory(path)) return true;
        if (Files.IsSnapshot) return false;
        var full = Path.GetFullPath(Files.FullPath(path));
        if (full != Root && !full.StartsWith(Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return false;
        // Through a symbolic link to elsewhere, a path is not in the repository (and what exists outside is not told).
        return (File.Exists(full) || Directory.Exists(full)) && SafeFile.IsInside(Root, full);
    }

    /// <summary>
    /// Where a finding goes that is not about a line of a file and whose requirement no configuration key or guide line
    /// states: line 1 of <c>README.md</c>, else of the first linted file, else <c>README.md</c> line 1.
    /// </summary>
    public SourceLocation FallbackLocation()
    {
        if (Files.Contains("README.md")) return SourceLocation.At("README.md", 1);
        return SourceLocation.At(Files.Files.FirstOrDefault() ?? "README.md", 1);
    }

    /// <summary>
    /// The one home of a finding about the repository as a whole (a tag, a branch, a commit, the policy itself), the same
    /// in every run: the <c>.releaselint.yml</c> key that states the requirement (dotted, e.g. <c>tags.format</c>) when
    /// the configuration writes it; else the first line of the operations guide containing the phrase of
    /// <paramref name="guideStatement"/> (the default applies, and the guide states it); else line 1 of <c>README.md</c>,
    /// else of the first linted file (<see cref="FallbackLocation"/>). Never line 1 of a configuration for a key it does
    /// not write.
    /// </summary>
    /// <param name="configKey">The dotted key of the requirement.</param>
    /// <param name="guideStatement">
    /// A statement of <c>docs.guide-phrases</c> (<c>tagging</c>, <c>tag-format</c>…) whose phrase is looked for in the guide,
    /// or, when it names none, the phrase itself; null: no guide line.
    /// </param>
    public SourceLocation RequirementLocation(string configKey, string? guideStatement = null)
    {
        if (Policy.KeyLocations.TryGetValue(configKey, out var at)) return at;
        var guideText = guideStatement is null ? null : Policy.GuidePhrases.GetValueOrDefault(guideStatement, guideStatement);
        if (guideText is not null && Policy.Guide is { } path && Files.Contains(path) && ReadText(path, InputKind.Markdown) is { } guide)
        {
            for (var line = 1; line <= guide.LineCount; line++)
            {
                var col = guide.Line(line).IndexOf(guideText, StringComparison.OrdinalIgnoreCase);
                if (col >= 0) return guide.At(line, col + 1, guideText.Length);
            }
        }
        return FallbackLocation();
    }

    private List<YamlFile> LoadYaml(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        var parsed = new YamlFile?[list.Count];
        Parallel.For(0, list.Count, i => parsed[i] = GetYaml(list[i]));
        return parsed.Where(y => y is not null).Select(y => y!).ToList();
    }
}
