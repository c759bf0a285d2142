using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Docs;

/// <summary>
/// What the docs rules compare mentions with, computed once per workspace: the workflow files, their display
/// names, and the secrets and variables they read (<c>secrets.X</c>, <c>vars.X</c>, <c>secrets['X']</c> in any
/// scalar, and secrets a reusable workflow declares under <c>on.workflow_call.secrets</c>). Workflow files that do
/// not parse (RL0004) are scanned as text, so a broken file never turns its names into false findings.
/// </summary>
internal sealed partial class WorkflowFacts : IWorkspaceFact<WorkflowFacts>
{
    /// <summary>Names GitHub provides without any configuration.</summary>
    private static readonly FrozenSet<string> BuiltInSecrets = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "GITHUB_TOKEN", "ACTIONS_STEP_DEBUG", "ACTIONS_RUNNER_DEBUG");

    private readonly Dictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);

    private WorkflowFacts() { }

    /// <summary>Paths of the files under <c>.github/workflows/</c> (any depth, any extension).</summary>
    public HashSet<string> Files { get; } = new(StringComparer.Ordinal);
    /// <summary>Top-level workflow files (<c>.github/workflows/*.yml|yaml</c>).</summary>
    public List<string> WorkflowFiles { get; } = [];
    /// <summary>File names of other repositories' reusable workflows that some job calls (<c>uses: org/repo/.github/workflows/x.yml@v1</c>).</summary>
    public HashSet<string> CalledFiles { get; } = new(StringComparer.Ordinal);
    /// <summary>Secret names read by some workflow (case-insensitive, as GitHub treats them).</summary>
    public HashSet<string> Secrets { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Variable names read by some workflow.</summary>
    public HashSet<string> Vars { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>True when some workflow reads secrets in a way that cannot be listed (<c>secrets[expr]</c>, <c>toJSON(secrets)</c>, <c>secrets: inherit</c> to another repository's workflow).</summary>
    public bool SecretsOpaque { get; private set; }
    /// <summary>True when some workflow reads variables in a way that cannot be listed.</summary>
    public bool VarsOpaque { get; private set; }
    private Lazy<HashSet<string>>? _otherBranchNames;

    /// <summary>
    /// True when a workflow of another branch of the repository (a maintenance or release branch: local or remote-tracking,
    /// at most 64 read, those named like <c>N.N-stable</c>, <c>release…</c>, <c>maint…</c>, <c>lts</c> first) has the display
    /// name <paramref name="name"/>: docs about releasing from those branches name their workflows.
    /// </summary>
    public bool IsNameOnOtherBranch(Workspace workspace, string name) => OtherBranchNames(workspace).Contains(name.Trim());

    /// <summary>The display names of the workflows of the repository's other branches (see <see cref="IsNameOnOtherBranch"/>).</summary>
    public IReadOnlySet<string> OtherBranchNames(Workspace workspace) =>
        (_otherBranchNames ??= new Lazy<HashSet<string>>(() => ReadOtherBranchNames(workspace))).Value;

    [GeneratedRegex(@"stable|release|maint|lts|backport|support|\d+\.\d+", RegexOptions.IgnoreCase)]
    private static partial Regex MaintenanceLike();

    private static HashSet<string> ReadOtherBranchNames(Workspace workspace)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!workspace.IsGitRoot || workspace.Git is not { } git) return names;
        var current = git.Head.Branch;
        var branches = git.Branches.Where(b => b.BranchName != current)
            .GroupBy(b => b.BranchName).Select(g => g.First())
            .OrderBy(b => MaintenanceLike().IsMatch(b.BranchName) ? 0 : 1).ThenBy(b => b.Name, StringComparer.Ordinal).Take(64);
        foreach (var branch in branches)
            foreach (var (path, text) in git.ReadFolder(branch.Name, ".github/workflows", 64, 128 * 1024))
                if (Workspace.IsWorkflowPath(path) && RawName().Match(text) is { Success: true } m) names.Add(m.Groups["name"].Value.Trim().Trim('"', '\''));
        return names;
    }

    /// <summary>Display names (<c>name:</c>) of the workflows.</summary>
    public IEnumerable<string> DisplayNames => _names.Where(n => n.Value == "name").Select(n => n.Key);

    /// <summary>
    /// True for a discussion post file (under <c>discussions.paths</c>): a record of what happened then, checked by the
    /// RL5xxx rules, not process documentation that mention rules (RL4005–RL4008) hold to today's workflows.
    /// </summary>
    public static bool IsDiscussionPost(Workspace workspace, string path) =>
        workspace.Facts<Policy.PolicyGlobs>().IsDiscussionPost(path);

    // Decision records and proposals (adr/, decisions/, proposals/, rfcs/) describe the state of the day they were written.
    private static readonly FrozenSet<string> RecordFolders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "changelog", "changelogs", "blog", "posts", ".changeset", "release-notes", "releasenotes", "news",
        "adr", "adrs", "decisions", "decision-records", "proposals", "rfcs", "rfc");

    [GeneratedRegex(@"^(?:CHANGELOG|CHANGES|HISTORY|RELEASES|RELEASE[-_]?NOTES|NEWS)(?:[-_.][^/]*)?\.(?:md|markdown)$", RegexOptions.IgnoreCase)]
    private static partial Regex RecordFileName();

    /// <summary>
    /// True for a document that records the past rather than describing today's process: discussion posts, changelogs
    /// (<c>CHANGELOG.md</c>, <c>CHANGES</c>, <c>HISTORY</c>, <c>RELEASES</c>, release notes, <c>changelogs/</c>),
    /// blog posts, changeset fragments, architecture decision records and proposals (<c>adr/</c>, <c>decisions/</c>, <c>proposals/</c>, <c>rfcs/</c>). What they name was true when written; mention rules (RL4005–RL4008) skip them.
    /// </summary>
    public static bool IsRecord(Workspace workspace, string path)
    {
        if (IsDiscussionPost(workspace, path)) return true;
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (RecordFileName().IsMatch(name)) return true;
        var folders = path.Split('/')[..^1];
        // "release notes/", "release_notes/" and "release-notes/" are one folder name written three ways.
        return folders.Any(f => RecordFolders.Contains(f.Replace(' ', '-').Replace('_', '-')));
    }

    /// <summary>True for a path strictly inside <c>.github/workflows/</c>.</summary>
    public static bool IsUnderWorkflows(string path) =>
        path.StartsWith(".github/workflows/", StringComparison.Ordinal) && path.Length > ".github/workflows/".Length;

    /// <summary>The facts of <paramref name="workspace"/> (computed once).</summary>
    public static WorkflowFacts Of(Workspace workspace) => workspace.Facts<WorkflowFacts>();

    /// <summary>
    /// True when <paramref name="name"/> is a workflow's display name, or the file name of a workflow with or
    /// without its extension (GitHub shows the path when a workflow has no <c>name:</c>, and people say "the
    /// <c>ci</c> workflow" for <c>ci.yml</c>). Case-insensitive.
    /// </summary>
    public bool IsKnownName(string name) => _names.ContainsKey(name.Trim());

    /// <summary>True when some workflow reads secret <paramref name="name"/> (or GitHub provides it).</summary>
    public bool ReadsSecret(string name) => Secrets.Contains(name) || BuiltInSecrets.Contains(name);

    [GeneratedRegex(@"\b(?<ctx>secrets|vars)\s*(?:\.\s*(?<name>[A-Za-z_][A-Za-z0-9_-]*)|\[\s*(?:'(?<name>[^']+)'|""(?<name>[^""]+)"")\s*\])")]
    private static partial Regex ContextRead();

    [GeneratedRegex(@"\b(?<ctx>secrets|vars)\s*\[\s*[^'""\s]", RegexOptions.IgnoreCase)]
    private static partial Regex DynamicIndex();

    [GeneratedRegex(@"\bto[Jj][Ss][Oo][Nn]\s*\(\s*(?<ctx>secrets|vars)\s*\)")]
    private static partial Regex WholeContext();

    [GeneratedRegex(@"^name:[ \t]*(?<name>.+?)[ \t]*(?:#.*)?$", RegexOptions.Multiline)]
    private static partial Regex RawName();

    [GeneratedRegex(@"^[ \t]+secrets:[ \t]*inherit\b", RegexOptions.Multiline)]
    private static partial Regex RawInherit();

    /// <summary>A job calling another repository's reusable workflow (<c>uses: owner/repo/.github/workflows/x.yml@ref</c>), as text.</summary>
    [GeneratedRegex(@"^[ \t]+uses:[ \t]*['""]?[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/\.github/workflows/", RegexOptions.Multiline)]
    private static partial Regex RawRemoteCall();

    static WorkflowFacts IWorkspaceFact<WorkflowFacts>.Compute(Workspace workspace)
    {
        var facts = new WorkflowFacts();
        foreach (var path in workspace.Files.Files)
        {
            if (!IsUnderWorkflows(path)) continue;
            facts.Files.Add(path);
            if (Workspace.IsWorkflowPath(path)) facts.WorkflowFiles.Add(path);
        }
        var parsed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workflow in workspace.Workflows)
        {
            parsed.Add(workflow.Path);
            facts.AddFileNames(workflow.Path);
            if (workflow.Name is { Length: > 0 } name) facts.AddDisplayName(name);
            if (workflow.Root is { } root) facts.Scan(root, 0);
            if (workflow.Event("workflow_call")?.Config?["secrets"] is YamlMapping declared)
                foreach (var e in declared.Entries) facts.Secrets.Add(e.KeyText);
            foreach (var job in workflow.Jobs)
            {
                // A reusable workflow of another repository that this one calls is a workflow the docs may name.
                if (job.Uses is { } called && ActionReference.Parse(called.Value).Kind != ActionReferenceKind.Local && called.Value.Contains("/.github/workflows/", StringComparison.Ordinal))
                {
                    var file = called.Value[(called.Value.LastIndexOf('/') + 1)..].Split('@')[0];
                    facts.CalledFiles.Add(file);
                }
                if (job.Secrets is YamlScalar { Value: "inherit" } && job.Uses is { } uses && ActionReference.Parse(uses.Value).Kind != ActionReferenceKind.Local)
                {
                    facts.SecretsOpaque = true;
                    facts.VarsOpaque = true;
                }
            }
        }
        foreach (var action in workspace.Actions)
            if (action.Root is { } root) facts.Scan(root, 0);
        // Workflows that did not parse: read what can be read from the text.
        foreach (var path in facts.WorkflowFiles.Where(p => !parsed.Contains(p)))
        {
            facts.AddFileNames(path);
            var text = workspace.ReadText(path, InputKind.Yaml)?.Text;
            if (text is null)
            {
                facts.SecretsOpaque = facts.VarsOpaque = true;
                continue;
            }
            var m = RawName().Match(text);
            if (m.Success) facts.AddDisplayName(m.Groups["name"].Value.Trim().Trim('"', '\''));
            facts.ScanText(text);
            // secrets: inherit hands everything to the called workflow; only another repository's workflow reads names this one cannot see.
            if (RawInherit().IsMatch(text) && RawRemoteCall().IsMatch(text)) facts.SecretsOpaque = facts.VarsOpaque = true;
        }
        return facts;
    }

    [GeneratedRegex(@"^(?:Steps?\s+[\d\s+&,and]+[:.\-–]\s*|\d+[.):]\s+)", RegexOptions.IgnoreCase)]
    private static partial Regex StepPrefix();

    /// <summary>A display name, also without a leading step number ("Step 1: Prep Release" is "the Prep Release workflow" in prose).</summary>
    private void AddDisplayName(string name)
    {
        name = name.Trim();
        _names[name] = "name";
        var bare = StepPrefix().Replace(name, "").Trim();
        if (bare.Length > 0 && bare != name) _names.TryAdd(bare, "step");
    }

    private void AddFileNames(string path)
    {
        _names.TryAdd(path, "path");
        var file = path[(path.LastIndexOf('/') + 1)..];
        _names.TryAdd(file, "file");
        var dot = file.LastIndexOf('.');
        if (dot > 0) _names.TryAdd(file[..dot], "file");
    }

    private void Scan(YamlNode node, int depth)
    {
        if (depth > 200) return;
        switch (node)
        {
            case YamlScalar s:
                ScanText(s.Value);
                break;
            case YamlMapping m:
                foreach (var e in m.Entries)
                {
                    Scan(e.Key, depth + 1);
                    Scan(e.Value, depth + 1);
                }
                break;
            case YamlSequence q:
                foreach (var item in q.Items) Scan(item, depth + 1);
                break;
        }
    }

    private void ScanText(string text)
    {
        if (!text.Contains("secrets", StringComparison.Ordinal) && !text.Contains("vars", StringComparison.Ordinal)) return;
        foreach (Match m in ContextRead().Matches(text))
            (m.Groups["ctx"].Value == "secrets" ? Secrets : Vars).Add(m.Groups["name"].Value);
        foreach (Match m in DynamicIndex().Matches(text))
        {
            if (m.Groups["ctx"].Value == "secrets") SecretsOpaque = true;
            else VarsOpaque = true;
        }
        foreach (Match m in WholeContext().Matches(text))
        {
            if (m.Groups["ctx"].Value == "secrets") SecretsOpaque = true;
            else VarsOpaque = true;
        }
    }
}
