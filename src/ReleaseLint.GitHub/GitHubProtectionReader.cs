using System.Text.Json;
using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.GitHub;

/// <summary>
/// Live mode's protection source: reads the repository (default branch), classic protection of each branch
/// (<c>GET /repos/{o}/{r}/branches/{b}/protection</c>, only with a token: it needs admin rights), every ruleset
/// (<c>GET /repos/{o}/{r}/rulesets</c>, all pages, then <c>GET /repos/{o}/{r}/rulesets/{id}</c> each) and the rules that apply
/// to each branch (<c>GET /repos/{o}/{r}/rules/branches/{b}</c>). Failures come back as data, never as exceptions.
/// </summary>
public sealed class GitHubProtectionReader : ILiveProtectionReader, IDisposable
{
    private readonly GitHubClient _client;
    private readonly bool _ownsClient;

    /// <summary>Creates a reader with its own client.</summary>
    public GitHubProtectionReader(GitHubClientOptions options) : this(new GitHubClient(options), ownsClient: true) { }

    /// <summary>The rate-limit waiting budget of this reader's client, to share with the run's other clients.</summary>
    public RateLimitBudget? WaitBudget => _client.Options.WaitBudget;

    /// <summary>Creates a reader over an existing client (not disposed with the reader unless <paramref name="ownsClient"/>).</summary>
    public GitHubProtectionReader(GitHubClient client, bool ownsClient = false)
    {
        _client = client;
        _ownsClient = ownsClient;
    }

    /// <inheritdoc />
    public LiveProtectionData Read(string repository, IReadOnlyCollection<string> branches, CancellationToken cancellationToken) =>
        ReadAsync(repository, branches, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Reads everything concurrently.</summary>
    public async Task<LiveProtectionData> ReadAsync(string repository, IReadOnlyCollection<string> branches, CancellationToken cancellationToken = default)
    {
        var repo = "repos/" + string.Join('/', repository.Split('/').Select(Uri.EscapeDataString));
        var info = Get(repo, cancellationToken);
        var classic = _client.HasToken
            ? branches.ToDictionary(b => b, b => Get($"{repo}/branches/{Uri.EscapeDataString(b)}/protection", cancellationToken))
            : [];
        var rules = branches.ToDictionary(b => b, b => GetAll($"{repo}/rules/branches/{Uri.EscapeDataString(b)}", cancellationToken));
        var list = await GetAll($"{repo}/rulesets", cancellationToken).ConfigureAwait(false);

        var details = new List<Task<LiveResponse>>();
        if (list.IsSuccess && list.Body is not null)
        {
            using var doc = JsonDocument.Parse(list.Body);
            foreach (var item in doc.RootElement.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.TryGetInt64(out var rulesetId))
                    details.Add(Get($"{repo}/rulesets/{rulesetId}", cancellationToken));
        }

        var classicDone = new Dictionary<string, LiveResponse>(StringComparer.Ordinal);
        foreach (var (branch, task) in classic) classicDone[branch] = await task.ConfigureAwait(false);
        var rulesDone = new Dictionary<string, LiveResponse>(StringComparer.Ordinal);
        foreach (var (branch, task) in rules) rulesDone[branch] = await task.ConfigureAwait(false);
        return new LiveProtectionData
        {
            ApiBase = _client.BaseUrl,
            Repository = repository,
            Authenticated = _client.HasToken,
            RepositoryInfo = await info.ConfigureAwait(false),
            Classic = classicDone,
            RulesetList = list,
            Rulesets = await Task.WhenAll(details).ConfigureAwait(false),
            BranchRules = rulesDone,
        };
    }

    private async Task<LiveResponse> Get(string path, CancellationToken cancellationToken)
    {
        var url = _client.Url(path).GetLeftPart(UriPartial.Path);
        try
        {
            var response = await _client.GetAsync(path, cancellationToken).ConfigureAwait(false);
            return new LiveResponse(response.Url, response.StatusCode, response.Body, response.Problem);
        }
        catch (GitHubApiException e)
        {
            // No body means no answer, whatever the status was (an oversized 200 is a failure, never an empty list).
            return new LiveResponse(url, e.StatusCode is >= 200 and < 300 ? 0 : e.StatusCode, null, Reason(e));
        }
    }

    private async Task<LiveResponse> GetAll(string path, CancellationToken cancellationToken)
    {
        var url = _client.Url(path).GetLeftPart(UriPartial.Path);
        try
        {
            var paged = await _client.GetAllPagesAsync(path, cancellationToken).ConfigureAwait(false);
            if (!paged.Complete && paged.Last.IsSuccess)
                return new LiveResponse(paged.Last.Url, 0, null, paged.Last.Problem ?? "the list could not be read to its end");
            if (!paged.Complete) return new LiveResponse(paged.Last.Url, paged.Last.StatusCode, paged.Last.Body, paged.Last.Problem);
            return new LiveResponse(url, paged.Last.StatusCode, JsonText.Array(paged.Items));
        }
        catch (GitHubApiException e)
        {
            // No body means no answer, whatever the status was (an oversized 200 is a failure, never an empty list).
            return new LiveResponse(url, e.StatusCode is >= 200 and < 300 ? 0 : e.StatusCode, null, Reason(e));
        }
    }

    /// <summary>The exception's reason without the repeated "GET url failed:" prefix.</summary>
    private static string Reason(GitHubApiException e)
    {
        var prefix = $"{e.Method} {e.Url} failed: ";
        return e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
