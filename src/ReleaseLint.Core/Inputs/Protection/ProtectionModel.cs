using System.Collections.Concurrent;
using ReleaseLint.Inputs.Json;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Protection;

/// <summary>
/// The repository's branch protection, read once from wherever the team keeps it and shared by the RL2xxx rules:
/// REST exports <c>.github/branch-protection/&lt;branch&gt;.json</c>, ruleset exports <c>.github/rulesets/*.json</c>,
/// <c>.github/settings.yml</c> (Probot/repository-settings format, <c>branches:</c> and <c>rulesets:</c>), or, in live mode
/// (<c>--github</c>), the GitHub API, which then replaces the files. <see cref="For"/> gives a branch's effective protection.
/// </summary>
public sealed class ProtectionModel
{
    /// <summary>Folder of classic protection exports (one file per branch; <c>release/x.json</c> is branch <c>release/x</c>).</summary>
    public const string ClassicFolder = ".github/branch-protection/";
    /// <summary>Folder of ruleset exports.</summary>
    public const string RulesetFolder = ".github/rulesets/";
    /// <summary>The Probot settings file.</summary>
    public const string SettingsFile = ".github/settings.yml";

    private readonly ConcurrentDictionary<string, EffectiveProtection> _effective = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Located<string>> _notProtected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _classicUnknown = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<long>> _liveApplied = new(StringComparer.Ordinal);
    private readonly HashSet<string> _liveRulesComplete = new(StringComparer.Ordinal);
    private readonly List<ProtectionLayer> _layers = [];
    private readonly List<ProtectionProblem> _problems = [];
    private readonly List<string> _sources = [];
    private string? _incomplete;

    private ProtectionModel() { }

    /// <summary>True when at least one protection source exists (a file, or live mode). Without one, protection is not judged.</summary>
    public bool HasSource => _sources.Count > 0;
    /// <summary>The sources read (paths, or the API URL in live mode).</summary>
    public IReadOnlyList<string> Sources => _sources;
    /// <summary>True when protection was read from the live GitHub API.</summary>
    public bool IsLive { get; private set; }
    /// <summary>In live mode, the repository (<c>owner/repo</c>).</summary>
    public string? Repository { get; private set; }
    /// <summary>In live mode, the API base URL.</summary>
    public string? ApiBase { get; private set; }
    /// <summary>The default branch, for <c>~DEFAULT_BRANCH</c>: from the API, from <c>settings.yml</c> <c>repository.default_branch</c>, else the integration branch.</summary>
    public string? DefaultBranch { get; private set; }
    /// <summary>Every layer read, whatever its enforcement and target.</summary>
    public IReadOnlyList<ProtectionLayer> Layers => _layers;
    /// <summary>Sources or settings that could not be read (RL2001).</summary>
    public IReadOnlyList<ProtectionProblem> Problems => _problems;
    /// <summary>Why any branch's picture may be incomplete (an unreadable ruleset or settings source), or null.</summary>
    public string? Incomplete => _incomplete;
    /// <summary>Branches that have a classic layer.</summary>
    public IEnumerable<string> ClassicBranches => _layers.Where(l => l.Kind == ProtectionLayerKind.Classic).Select(l => l.Branch!).Distinct();
    /// <summary>Tag rulesets (any enforcement).</summary>
    public IEnumerable<ProtectionLayer> TagRulesets => _layers.Where(l => l.Kind == ProtectionLayerKind.Ruleset && l.Target == RulesetTarget.Tag);

    /// <summary>The effective protection of <paramref name="branch"/> (computed once per branch).</summary>
    public EffectiveProtection For(string branch) => _effective.GetOrAdd(branch, Compute);

    /// <summary>The text for the run summary when there is no source at all.</summary>
    public static string NoSourceNote(string releaseBranch, string integrationBranch) =>
        $"branch protection was not judged: no protection source; export it with " +
        $"'gh api repos/OWNER/REPO/branches/{releaseBranch}/protection > {ClassicFolder}{releaseBranch}.json'{(integrationBranch == releaseBranch ? "" : $" (and {integrationBranch})")}, " +
        $"export rulesets to {RulesetFolder}*.json, describe it in {SettingsFile}, or run with --github OWNER/REPO and GITHUB_TOKEN";

    private EffectiveProtection Compute(string branch)
    {
        var refName = "refs/heads/" + branch;
        _liveApplied.TryGetValue(branch, out var applied);
        var matching = _layers.Where(l => (l.Kind == ProtectionLayerKind.Ruleset && l.RulesetId is { } id && applied?.Contains(id) == true) || l.AppliesTo(refName, DefaultBranch)).ToList();
        var active = matching.Where(l => l.IsActive)
            .OrderBy(l => l.Kind == ProtectionLayerKind.Classic ? 0 : 1).ThenBy(l => l.Origin.Path, StringComparer.Ordinal).ToList();
        var inactive = matching.Where(l => !l.IsActive).ToList();
        string? incomplete = null;
        if (_classicUnknown.TryGetValue(branch, out var reason)) incomplete = reason;
        else if (_incomplete is not null && !_liveRulesComplete.Contains(branch)) incomplete = _incomplete;
        _notProtected.TryGetValue(branch, out var evidence);
        return new EffectiveProtection(branch, active, inactive, evidence, incomplete);
    }

    /// <summary>Reads every source of <paramref name="workspace"/>; with <paramref name="live"/>, the API instead of the files.</summary>
    public static ProtectionModel Load(Workspace workspace, ILiveProtectionReader? live, CancellationToken cancellationToken = default)
    {
        var model = new ProtectionModel();
        var policy = workspace.Policy;
        model.DefaultBranch = policy.IntegrationBranch;
        if (live is not null && workspace.GitHubRepository is { } repo)
        {
            model.LoadLive(live, repo, [policy.ReleaseBranch, policy.IntegrationBranch], cancellationToken);
            var exports = workspace.Files.Files.Where(IsSourceFile).ToList();
            if (exports.Count > 0)
                workspace.AddNote($"branch protection was read from the GitHub API ({repo}); the files {string.Join(", ", exports.Take(3))}{(exports.Count > 3 ? ", …" : "")} were not used");
        }
        else
        {
            model.LoadFiles(workspace);
        }
        // Not on the pre-commit path (a staged snapshot): a hook would print it on every commit, clean or not.
        if (!model.HasSource && !workspace.Files.IsSnapshot) workspace.AddNote(NoSourceNote(policy.ReleaseBranch, policy.IntegrationBranch));
        return model;
    }

    /// <summary>True for a path that holds protection: a classic or ruleset export, or <c>.github/settings.yml</c>.</summary>
    public static bool IsSourceFile(string path) =>
        (path.StartsWith(ClassicFolder, StringComparison.Ordinal) || path.StartsWith(RulesetFolder, StringComparison.Ordinal)) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || path == SettingsFile;

    private void LoadFiles(Workspace workspace)
    {
        foreach (var path in workspace.Files.Files.Where(p => p.StartsWith(ClassicFolder, StringComparison.Ordinal) && p.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            _sources.Add(path);
            var branch = path[ClassicFolder.Length..^".json".Length];
            var root = ReadJson(workspace, path, branch);
            if (root is null)
            {
                _classicUnknown[branch] = $"{path} could not be read";
                continue;
            }
            var reader = new ProtectionReader(new ProtectionOrigin(path, false), _problems);
            var layer = reader.ReadClassic(root, branch, SourceLocation.At(path, 1), out var notProtected);
            if (layer is not null) _layers.Add(layer);
            else if (notProtected is not null) _notProtected[branch] = notProtected;
            else _classicUnknown[branch] = $"{path} could not be read";
        }

        foreach (var path in workspace.Files.Files.Where(p => p.StartsWith(RulesetFolder, StringComparison.Ordinal) && p.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            _sources.Add(path);
            var root = ReadJson(workspace, path, null);
            if (root is null)
            {
                _incomplete ??= $"{path} could not be read";
                continue;
            }
            var reader = new ProtectionReader(new ProtectionOrigin(path, false), _problems);
            var items = root is DataArray list ? list.Items : [root];
            foreach (var item in items)
            {
                var layer = reader.ReadRuleset(item);
                if (layer is not null) _layers.Add(layer);
                else _incomplete ??= $"a ruleset in {path} could not be read";
            }
        }

        if (workspace.Files.Contains(SettingsFile)) LoadSettings(workspace);
    }

    private void LoadSettings(Workspace workspace)
    {
        var (text, failure) = workspace.Read(SettingsFile, InputKind.Yaml, UnreadableReport.ByCaller);
        if (text is null)
        {
            _sources.Add(SettingsFile);
            Fail(SettingsFile, $"{SettingsFile} cannot be read: {failure!.Message}", SourceLocation.At(SettingsFile, failure.Line, failure.Column));
            return;
        }
        var yaml = YamlFile.Parse(text, new YamlLimits(workspace.Policy.YamlMaxDepth, workspace.Policy.YamlMaxAliasExpansion));
        if (yaml.Error is { } error)
        {
            _sources.Add(SettingsFile);
            Fail(SettingsFile, $"{SettingsFile} cannot be read: {error.Message}", text.At(error.Line, error.Column));
            return;
        }
        if (yaml.Root is null || yaml.Root is YamlScalar { IsNull: true }) return;
        if (DataReader.FromYaml(yaml.Root, text) is not DataObject root)
        {
            _sources.Add(SettingsFile);
            Fail(SettingsFile, $"{SettingsFile} must be a mapping (repository:, branches:, rulesets:…)", text.At(1, 1));
            return;
        }
        var branches = root.Find("branches");
        var rulesets = root.Find("rulesets");
        if (branches is null && rulesets is null) return; // settings.yml that does not manage protection is not a source
        _sources.Add(SettingsFile);
        if ((root["repository"] as DataObject)?.GetString("default_branch") is { } defaultBranch) DefaultBranch = defaultBranch;
        var reader = new ProtectionReader(new ProtectionOrigin(SettingsFile, false), _problems);

        if (branches is not null)
        {
            if (branches.Value is DataArray list)
            {
                foreach (var item in list.Items)
                {
                    if (item is not DataObject entry || entry.GetString("name") is not { } name)
                    {
                        _problems.Add(new ProtectionProblem($"{SettingsFile}: each item of 'branches' needs a 'name' and a 'protection', not {item.Describe()}", item.Location, $"{SettingsFile}|branches|item"));
                        continue;
                    }
                    var protection = entry.Find("protection");
                    if (protection is null) continue;
                    var layer = reader.ReadClassic(protection.Value, name, entry.Find("name")!.Value.Location, out var notProtected);
                    if (layer is not null) _layers.Add(layer);
                    else if (notProtected is not null) _notProtected.TryAdd(name, notProtected);
                    else _classicUnknown[name] = $"the protection of '{name}' in {SettingsFile} could not be read";
                }
            }
            else if (branches.Value is not DataValue { Kind: DataKind.Null })
                _problems.Add(new ProtectionProblem($"{SettingsFile}: 'branches' must be a list of {{name, protection}} items, not {branches.Value.Describe()}", branches.Value.Location, $"{SettingsFile}|branches"));
        }

        if (rulesets is not null)
        {
            if (rulesets.Value is DataArray list)
            {
                foreach (var item in list.Items)
                {
                    var layer = reader.ReadRuleset(item);
                    if (layer is not null) _layers.Add(layer);
                    else _incomplete ??= $"a ruleset in {SettingsFile} could not be read";
                }
            }
            else if (rulesets.Value is not DataValue { Kind: DataKind.Null })
            {
                _problems.Add(new ProtectionProblem($"{SettingsFile}: 'rulesets' must be a list of rulesets, not {rulesets.Value.Describe()}", rulesets.Value.Location, $"{SettingsFile}|rulesets"));
                _incomplete ??= $"the rulesets in {SettingsFile} could not be read";
            }
        }
    }

    private void Fail(string path, string message, SourceLocation location)
    {
        _problems.Add(new ProtectionProblem(message, location, path + "|unreadable"));
        _incomplete ??= $"{path} could not be read";
    }

    private DataNode? ReadJson(Workspace workspace, string path, string? branch)
    {
        var (text, failure) = workspace.Read(path, InputKind.Other, UnreadableReport.ByCaller);
        if (text is null)
        {
            _problems.Add(new ProtectionProblem($"{path} cannot be read: {failure!.Message}", SourceLocation.At(path, failure.Line, failure.Column), path + "|unreadable", branch));
            return null;
        }
        var root = DataReader.ParseJson(text, keepPositions: true, out var error);
        if (root is null)
        {
            var skipped = branch is null ? "the rulesets it may hold are unknown, so no branch is judged as unprotected until it parses" : $"the protection of '{branch}' is not judged until it parses";
            _problems.Add(new ProtectionProblem($"{path} is not valid JSON: {error!.Message.Replace("invalid JSON: ", "", StringComparison.Ordinal)}; {skipped}", text.At(error.Line, error.Column), path + "|invalid-json", branch));
            return null;
        }
        return root;
    }

    private void LoadLive(ILiveProtectionReader live, string repository, IReadOnlyCollection<string> branches, CancellationToken cancellationToken)
    {
        IsLive = true;
        Repository = repository;
        LiveProtectionData data;
        try
        {
            data = live.Read(repository, branches.Distinct().ToList(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A reader must not throw; if one does, nothing live is known and every branch stays unjudged.
            _sources.Add(repository);
            foreach (var branch in branches) _classicUnknown[branch] = "the GitHub API could not be read";
            _incomplete = "the GitHub API could not be read";
            _problems.Add(new ProtectionProblem($"branch protection of {repository} could not be read from the GitHub API: {e.GetType().Name}: {e.Message}", null, "live|" + e.GetType().Name));
            return;
        }
        ApiBase = data.ApiBase;
        _sources.Add(data.ApiBase.TrimEnd('/') + "/repos/" + repository);

        if (data.RepositoryInfo is { IsSuccess: true, Body: { } repoBody } &&
            DataReader.ParseJson(new SourceText("", repoBody), false, out _) is DataObject repoObj && repoObj.GetString("default_branch") is { } defaultBranch)
            DefaultBranch = defaultBranch;

        foreach (var branch in branches.Distinct())
        {
            if (!data.Classic.TryGetValue(branch, out var response))
            {
                _classicUnknown[branch] = "classic protection was not read (no token)";
                continue;
            }
            var origin = new ProtectionOrigin(response.Url, true);
            if (response.IsSuccess && ParseLive(response) is { } root)
            {
                var layer = new ProtectionReader(origin, _problems).ReadClassic(root, branch, null, out var notProtected);
                if (layer is not null) _layers.Add(layer);
                else if (notProtected is not null) _notProtected[branch] = notProtected;
                else _classicUnknown[branch] = $"GET {response.Url} gave an unexpected answer";
                continue;
            }
            var message = response.ApiMessage;
            if (response.Status == 404 && message is not null &&
                (message.Equals("Branch not protected", StringComparison.OrdinalIgnoreCase) || message.Equals("Branch not found", StringComparison.OrdinalIgnoreCase)))
            {
                _notProtected[branch] = new Located<string>(message, null);
                continue;
            }
            _classicUnknown[branch] = $"GET {response.Url} failed";
            if (response.IsSuccess) continue; // unparsable body: reported by ParseLive
            _problems.Add(new ProtectionProblem(
                $"classic protection of '{branch}' could not be read: {ExplainFailure(response, ClassicPermissionHint)}; falling back to rulesets, which need only read access",
                null, $"{response.Url}|{response.Status}", branch));
        }
        if (!data.Authenticated)
            _problems.Add(new ProtectionProblem(
                $"GITHUB_TOKEN is not set, so classic branch protection of {string.Join(" and ", branches.Distinct().Select(b => $"'{b}'"))} was not read (GET {data.ApiBase.TrimEnd('/')}/repos/{repository}/branches/BRANCH/protection needs a token with {ClassicPermissionHint}); rulesets were read without a token",
                null, "no-token"));

        var detailIds = new HashSet<long>();
        if (data.RulesetList is { } list)
        {
            if (!list.IsSuccess)
            {
                _incomplete = $"GET {list.Url} failed";
                _problems.Add(new ProtectionProblem($"rulesets could not be listed: {ExplainFailure(list, "'Metadata: read' (any token that can read the repository)")}", null, $"{list.Url}|{list.Status}"));
            }
            foreach (var detail in data.Rulesets)
            {
                if (!detail.IsSuccess)
                {
                    _incomplete ??= $"GET {detail.Url} failed";
                    _problems.Add(new ProtectionProblem($"a ruleset could not be read: {ExplainFailure(detail, "read access to the repository (organisation rulesets: read access to the organisation's rulesets)")}", null, $"{detail.Url}|{detail.Status}"));
                    continue;
                }
                if (ParseLive(detail) is not { } node) continue;
                var layer = new ProtectionReader(new ProtectionOrigin(detail.Url, true), _problems).ReadRuleset(node);
                if (layer is null) continue;
                _layers.Add(layer);
                if (layer.RulesetId is { } id) detailIds.Add(id);
            }
        }

        foreach (var (branch, response) in data.BranchRules)
        {
            if (!response.IsSuccess)
            {
                _problems.Add(new ProtectionProblem($"the rules that apply to '{branch}' could not be read: {ExplainFailure(response, "read access to the repository")}", null, $"{response.Url}|{response.Status}", branch));
                continue;
            }
            if (ParseLive(response) is not DataArray rules) continue;
            _liveRulesComplete.Add(branch);
            var applied = _liveApplied.TryGetValue(branch, out var set) ? set : _liveApplied[branch] = [];
            var reader = new ProtectionReader(new ProtectionOrigin(response.Url, true), _problems);
            foreach (var group in rules.Items.OfType<DataObject>().GroupBy(r => (r["ruleset_id"] as DataValue)?.AsLong))
            {
                if (group.Key is { } id)
                {
                    applied.Add(id);
                    if (detailIds.Contains(id)) continue;
                }
                _layers.Add(reader.FromBranchRules(group.ToList(), group.Key, branch));
            }
        }
    }

    private DataNode? ParseLive(LiveResponse response)
    {
        var node = DataReader.ParseJson(new SourceText(response.Url, response.Body ?? ""), false, out var error);
        if (node is null)
            _problems.Add(new ProtectionProblem($"GET {response.Url} answered {response.Status} with a body that is not JSON ({error!.Message})", null, response.Url + "|json"));
        return node;
    }

    /// <summary>The permission classic branch protection needs.</summary>
    public const string ClassicPermissionHint = "admin rights: 'Administration: read' for a fine-grained token or GitHub App, or the 'repo' scope of a repository admin for a classic token";

    /// <summary>Explains a failed API answer: the URL, the status, GitHub's message, and what to do.</summary>
    public static string ExplainFailure(LiveResponse response, string permission)
    {
        var message = response.ApiMessage is { } m ? $" ('{m}')" : "";
        var request = $"GET {response.Url}";
        return response.Status switch
        {
            0 => $"{request} failed: {response.Error ?? "no answer"}",
            401 => $"{request} answered 401{message}: the token in GITHUB_TOKEN was rejected (expired or revoked?)",
            403 when response.Error is not null => $"{request} answered 403: {response.Error}",
            403 => $"{request} answered 403{message}: the token lacks the permission; it needs {permission}",
            404 => $"{request} answered 404{message}: GitHub answers 404 when the token may not see this (it needs {permission}) or the repository does not exist",
            429 => $"{request} answered 429: {response.Error ?? "rate limited"}",
            >= 500 => $"{request} answered {response.Status}{message}: GitHub failed to answer; try again later",
            _ => $"{request} answered {response.Status}{message}{(response.Error is not null ? ": " + response.Error : "")}",
        };
    }
}
