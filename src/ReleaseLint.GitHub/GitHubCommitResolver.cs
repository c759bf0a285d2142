using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReleaseLint.Engine;
using ReleaseLint.Fixes;

namespace ReleaseLint.GitHub;

/// <summary>Budgets and cache lifetimes of a <see cref="GitHubCommitResolver"/>.</summary>
public sealed record CommitResolverLimits
{
    /// <summary>Most API requests in one run (pages of a tag list count one each).</summary>
    public int MaxRequests { get; init; } = 200;
    /// <summary>Most pages of a repository's tag list read to find the tags of a pinned commit (100 tags a page, newest first).</summary>
    public int MaxTagPages { get; init; } = 3;
    /// <summary>How long a resolved tag is reused from the cache.</summary>
    public TimeSpan TagLifetime { get; init; } = TimeSpan.FromHours(24);
    /// <summary>How long a resolved branch head is reused from the cache (branches move).</summary>
    public TimeSpan BranchLifetime { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>How long a repository's tag list is reused from the cache.</summary>
    public TimeSpan TagListLifetime { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Resolves refs of action repositories to commit SHAs through the GitHub REST API (<c>git/ref/tags/REF</c>, annotated
/// tags peeled through <c>git/tags/SHA</c>, then <c>git/ref/heads/REF</c>, then <c>commits/REF</c> for an abbreviated
/// SHA), for RL1004's pinning fixes. Everything from the API is checked before use (a SHA is 40 or 64 hex digits, a tag
/// name a plain ref name), so a hostile answer cannot put text of its own into a workflow. Answers are cached on disk
/// under <c>pins/</c> of the cache folder, keyed on the API URL, the token (hashed; or none), the repository and the ref (tags for a day, branches
/// for minutes, commits for good). Requests stay within <see cref="CommitResolverLimits.MaxRequests"/>; a rate limit
/// that does not reset within the client's wait, a network failure or the budget stops resolving for the rest of the
/// run, and <see cref="Notes"/> says so. Thread-safe.
/// </summary>
public sealed partial class GitHubCommitResolver : ICommitResolver, IDisposable
{
    private readonly GitHubClient _client;
    private readonly string? _cacheDirectory;
    private readonly CommitResolverLimits _limits;
    private readonly ConcurrentDictionary<string, Lazy<ResolvedRef?>> _refs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<(string Name, string Sha)>?>> _tags = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _notes = new();
    private readonly HashSet<string> _unresolved = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _requests;
    private string? _stopped;

    /// <summary>Creates a resolver.</summary>
    /// <param name="options">Where the API is and the token (optional); its response size is capped at 1 MiB and its pagination at <see cref="CommitResolverLimits.MaxTagPages"/>.</param>
    /// <param name="cacheDirectory">The cache folder (see <see cref="CacheDirectory"/>); null keeps nothing between runs.</param>
    /// <param name="limits">Budgets and lifetimes; null uses the defaults.</param>
    public GitHubCommitResolver(GitHubClientOptions options, string? cacheDirectory, CommitResolverLimits? limits = null)
    {
        _limits = limits ?? new CommitResolverLimits();
        _client = new GitHubClient(new GitHubClientOptions
        {
            BaseUrl = options.BaseUrl,
            GraphQLUrl = options.GraphQLUrl,
            Token = options.Token,
            UserAgent = options.UserAgent,
            RequestTimeout = options.RequestTimeout,
            MaxRateLimitWait = options.MaxRateLimitWait,
            MaxRetries = options.MaxRetries,
            MaxPages = _limits.MaxTagPages,
            MaxResponseBytes = Math.Min(options.MaxResponseBytes, 1024 * 1024),
            Delay = options.Delay,
            Clock = options.Clock,
            Handler = options.Handler,
        });
        _cacheDirectory = cacheDirectory is null ? null : Path.Combine(cacheDirectory, "pins");
        // Who asked is part of every key: an answer read with a token (which may see private repositories) is never
        // served to a run without it or with another token. The token itself is only ever hashed.
        _identity = string.IsNullOrEmpty(options.Token)
            ? "anonymous"
            : "token:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(options.Token)))[..16];
    }

    private readonly string _identity;

    /// <summary>The API base URL (part of every cache key).</summary>
    public string ApiUrl => _client.BaseUrl;
    /// <summary>Requests sent so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <inheritdoc />
    public IReadOnlyList<string> Notes
    {
        get
        {
            var notes = _notes.ToList();
            lock (_lock)
            {
                if (_unresolved.Count > 0)
                    notes.Add($"{_unresolved.Count} action ref{(_unresolved.Count == 1 ? "" : "s")} could not be resolved to a commit through {ApiUrl} " +
                        $"({string.Join(", ", _unresolved.Order(StringComparer.Ordinal).Take(5))}{(_unresolved.Count > 5 ? ", …" : "")}){(_stopped is { } why ? ": " + why : "")}; those pins get no fix");
            }
            return notes;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex NamePart();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._/+-]{0,199}$")]
    private static partial Regex PlainRef();

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$")]
    private static partial Regex FullSha();

    [GeneratedRegex("^[0-9a-f]{7,39}$")]
    private static partial Regex ShortSha();

    /// <summary>True for a ref name ReleaseLint is willing to send to the API and write into a comment.</summary>
    public static bool IsPlainRef(string name) =>
        PlainRef().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal) && !name.Contains("//", StringComparison.Ordinal) &&
        !name.EndsWith('/') && !name.EndsWith(".lock", StringComparison.Ordinal);

    /// <inheritdoc />
    public ResolvedRef? Resolve(string owner, string repo, string gitRef)
    {
        if (!NamePart().IsMatch(owner) || !NamePart().IsMatch(repo) || !IsPlainRef(gitRef)) return null;
        if (FullSha().IsMatch(gitRef)) return new ResolvedRef(gitRef, GitRefKind.Commit);
        var key = $"{ApiUrl}\n{_identity}\n{owner.ToLowerInvariant()}/{repo.ToLowerInvariant()}\n{gitRef}";
        var result = _refs.GetOrAdd(key, k => new Lazy<ResolvedRef?>(() => ResolveUncached(k, owner, repo, gitRef))).Value;
        if (result is null)
            lock (_lock) _unresolved.Add($"{owner}/{repo}@{gitRef}");
        return result;
    }

    private ResolvedRef? ResolveUncached(string key, string owner, string repo, string gitRef)
    {
        if (ReadCached(key) is { } cached) return cached;
        var path = $"repos/{owner}/{repo}";
        var refPath = string.Join('/', gitRef.Split('/').Select(Uri.EscapeDataString));
        ResolvedRef? resolved = null;
        if (Get($"{path}/git/ref/tags/{refPath}") is { } tag)
            resolved = Peel(path, tag) is { } sha ? new ResolvedRef(sha, GitRefKind.Tag) : null;
        else if (_stopped is null && Get($"{path}/git/ref/heads/{refPath}") is { } head)
            resolved = ObjectSha(head, "commit") is { } sha ? new ResolvedRef(sha, GitRefKind.Branch) : null;
        else if (_stopped is null && ShortSha().IsMatch(gitRef) && Get($"{path}/commits/{refPath}") is { } commit)
            resolved = commit.ValueKind == JsonValueKind.Object && commit.TryGetProperty("sha", out var s) && s.ValueKind == JsonValueKind.String &&
                s.GetString() is { } full && FullSha().IsMatch(full) && full.StartsWith(gitRef, StringComparison.Ordinal)
                ? new ResolvedRef(full, GitRefKind.Commit) : null;
        if (resolved is not null) WriteCached(key, resolved);
        return resolved;
    }

    /// <summary>The commit an annotated or lightweight tag ref points at (at most three levels of tag objects).</summary>
    private string? Peel(string path, JsonElement reference)
    {
        if (ObjectSha(reference, "commit") is { } commit) return commit;
        var tagSha = ObjectSha(reference, "tag");
        for (var depth = 0; tagSha is not null && depth < 3; depth++)
        {
            if (Get($"{path}/git/tags/{tagSha}") is not { } tagObject) return null;
            if (ObjectSha(tagObject, "commit") is { } peeled) return peeled;
            tagSha = ObjectSha(tagObject, "tag");
        }
        return null;
    }

    /// <summary><c>object.sha</c> of a ref or tag answer when <c>object.type</c> is <paramref name="type"/> and the SHA is well formed.</summary>
    private static string? ObjectSha(JsonElement answer, string type)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("object", out var o) || o.ValueKind != JsonValueKind.Object) return null;
        if (!o.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != type) return null;
        return o.TryGetProperty("sha", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() is { } sha && FullSha().IsMatch(sha) ? sha : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<string>? TagsAt(string owner, string repo, string sha)
    {
        if (!NamePart().IsMatch(owner) || !NamePart().IsMatch(repo) || !FullSha().IsMatch(sha)) return null;
        var key = $"{ApiUrl}\n{_identity}\n{owner.ToLowerInvariant()}/{repo.ToLowerInvariant()}\ntags";
        var tags = _tags.GetOrAdd(key, k => new Lazy<IReadOnlyList<(string, string)>?>(() => ReadTags(k, owner, repo))).Value;
        return tags?.Where(t => t.Sha == sha).Select(t => t.Name).ToList();
    }

    private IReadOnlyList<(string Name, string Sha)>? ReadTags(string key, string owner, string repo)
    {
        if (ReadCachedTags(key) is { } cached) return cached;
        if (!Spend(_limits.MaxTagPages)) return null;
        GitHubPagedResponse answer;
        try
        {
            answer = _client.GetAllPagesAsync($"repos/{owner}/{repo}/tags?per_page=100").GetAwaiter().GetResult();
        }
        catch (GitHubApiException e)
        {
            Stop(e.Message);
            return null;
        }
        if (answer.Last.Problem is { } problem && !answer.Last.IsSuccess)
        {
            Stop(problem);
            return null;
        }
        if (answer.Items.Count == 0 && !answer.Last.IsSuccess) return null;
        var tags = new List<(string, string)>();
        foreach (var item in answer.Items)
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            if (!item.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String || n.GetString() is not { } name || !IsPlainRef(name)) continue;
            if (!item.TryGetProperty("commit", out var c) || c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("sha", out var s) ||
                s.ValueKind != JsonValueKind.String || s.GetString() is not { } sha || !FullSha().IsMatch(sha)) continue;
            tags.Add((name, sha));
        }
        WriteCachedTags(key, tags);
        return tags;
    }

    /// <summary>GETs an API path: the parsed answer for 200, null for 404 and any other failure (which also stops resolving when it is a rate limit, an auth failure or no answer).</summary>
    private JsonElement? Get(string path)
    {
        if (!Spend(1)) return null;
        GitHubResponse response;
        try
        {
            response = _client.GetAsync(path).GetAwaiter().GetResult();
        }
        catch (GitHubApiException e)
        {
            Stop(e.Message);
            return null;
        }
        if (response.StatusCode == 404) return null;
        if (!response.IsSuccess)
        {
            if (response.Problem is not null || response.StatusCode is 401 or 403 or 429)
                Stop($"{response.Method} {response.Url} answered {response.StatusCode}{(response.Problem is { } p ? " (" + p + ")" : "")}");
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(response.Body, new JsonDocumentOptions { MaxDepth = 16 });
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool Spend(int requests)
    {
        lock (_lock)
        {
            if (_stopped is not null) return false;
            if (_requests + requests > _limits.MaxRequests)
            {
                _stopped = $"the budget of {_limits.MaxRequests} API requests per run is spent";
                return false;
            }
            _requests += requests;
            return true;
        }
    }

    private void Stop(string reason)
    {
        lock (_lock) _stopped ??= reason;
    }

    private string? CacheFile(string key, string kind) =>
        _cacheDirectory is null ? null : Path.Combine(_cacheDirectory, kind + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40] + ".json");

    private ResolvedRef? ReadCached(string key)
    {
        if (CacheFile(key, "ref") is not { } file || !File.Exists(file)) return null;
        try
        {
            if (new FileInfo(file).Length > 4096) return null;
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            if (root.GetProperty("key").GetString() != key) return null;
            var sha = root.GetProperty("sha").GetString() ?? "";
            if (!FullSha().IsMatch(sha) || !Enum.TryParse<GitRefKind>(root.GetProperty("kind").GetString(), out var kind)) return null;
            var fetched = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("fetched").GetInt64());
            var lifetime = kind switch { GitRefKind.Tag => _limits.TagLifetime, GitRefKind.Branch => _limits.BranchLifetime, _ => TimeSpan.MaxValue };
            var age = _client.Options.Clock() - fetched;
            return age >= TimeSpan.Zero && (lifetime == TimeSpan.MaxValue || age < lifetime) ? new ResolvedRef(sha, kind) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private void WriteCached(string key, ResolvedRef resolved)
    {
        if (CacheFile(key, "ref") is not { } file) return;
        WriteCacheFile(file, new Dictionary<string, object?>
        {
            ["key"] = key,
            ["sha"] = resolved.Sha,
            ["kind"] = resolved.Kind.ToString(),
            ["fetched"] = _client.Options.Clock().ToUnixTimeSeconds(),
        });
    }

    private IReadOnlyList<(string Name, string Sha)>? ReadCachedTags(string key)
    {
        if (CacheFile(key, "tags") is not { } file || !File.Exists(file)) return null;
        try
        {
            if (new FileInfo(file).Length > 256 * 1024) return null;
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            if (root.GetProperty("key").GetString() != key) return null;
            var age = _client.Options.Clock() - DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("fetched").GetInt64());
            if (age < TimeSpan.Zero || age >= _limits.TagListLifetime) return null;
            var tags = new List<(string, string)>();
            foreach (var t in root.GetProperty("tags").EnumerateArray())
            {
                var name = t.GetProperty("name").GetString() ?? "";
                var sha = t.GetProperty("sha").GetString() ?? "";
                if (IsPlainRef(name) && FullSha().IsMatch(sha)) tags.Add((name, sha));
            }
            return tags;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private void WriteCachedTags(string key, List<(string Name, string Sha)> tags)
    {
        if (CacheFile(key, "tags") is not { } file) return;
        WriteCacheFile(file, new Dictionary<string, object?>
        {
            ["key"] = key,
            ["fetched"] = _client.Options.Clock().ToUnixTimeSeconds(),
            ["tags"] = tags.Select(t => (object?)new Dictionary<string, object?> { ["name"] = t.Name, ["sha"] = t.Sha }).ToList(),
        });
    }

    private static void WriteCacheFile(string file, IReadOnlyDictionary<string, object?> content)
    {
        try
        {
            AtomicFile.WriteText(file, JsonText.Object(content));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation: a read-only or full disk only costs requests.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
