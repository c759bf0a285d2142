namespace ReleaseLint.Inputs.Protection;

/// <summary>
/// One answer of the live API as plain data (Core never touches HTTP): the URL asked, the HTTP status (0 when
/// no answer came), the body, and, when the request failed, a sentence saying why (never containing the token).
/// </summary>
/// <param name="Url">The URL that was requested (no credentials in it).</param>
/// <param name="Status">HTTP status code; 0 when the server could not be reached.</param>
/// <param name="Body">The response body (for paginated lists: every page's items as one JSON array), or null.</param>
/// <param name="Error">Why the request failed (network error, rate limit exhausted…), or null.</param>
public sealed record LiveResponse(string Url, int Status, string? Body, string? Error = null)
{
    /// <summary>True for a 2xx answer.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>GitHub's <c>message</c> field of an error body (e.g. <c>Branch not protected</c>), or null.</summary>
    public string? ApiMessage
    {
        get
        {
            if (Body is null || IsSuccess) return null;
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(Body);
                return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                       doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String
                    ? m.GetString()
                    : null;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }
}

/// <summary>What the live GitHub API said about a repository's protection.</summary>
public sealed record LiveProtectionData
{
    /// <summary>The API base URL (for messages).</summary>
    public required string ApiBase { get; init; }
    /// <summary>The repository as <c>owner/repo</c>.</summary>
    public required string Repository { get; init; }
    /// <summary>True when a token was sent.</summary>
    public bool Authenticated { get; init; }
    /// <summary><c>GET /repos/{o}/{r}</c> (for the default branch), or null when not asked.</summary>
    public LiveResponse? RepositoryInfo { get; init; }
    /// <summary><c>GET /repos/{o}/{r}/branches/{b}/protection</c> per branch; a branch is missing when it was not asked (no token).</summary>
    public IReadOnlyDictionary<string, LiveResponse> Classic { get; init; } = new Dictionary<string, LiveResponse>();
    /// <summary><c>GET /repos/{o}/{r}/rulesets</c>, every page.</summary>
    public LiveResponse? RulesetList { get; init; }
    /// <summary><c>GET /repos/{o}/{r}/rulesets/{id}</c> for each listed ruleset.</summary>
    public IReadOnlyList<LiveResponse> Rulesets { get; init; } = [];
    /// <summary><c>GET /repos/{o}/{r}/rules/branches/{b}</c> per branch: the active rules that apply to it.</summary>
    public IReadOnlyDictionary<string, LiveResponse> BranchRules { get; init; } = new Dictionary<string, LiveResponse>();
}

/// <summary>
/// Reads protection from the live GitHub API (implemented in <c>ReleaseLint.GitHub</c>, loaded only in live mode).
/// Implementations never throw for API or network errors: failed requests come back as <see cref="LiveResponse"/>s
/// with their status and error, and are reported as RL2001.
/// </summary>
public interface ILiveProtectionReader
{
    /// <summary>Fetches classic protection and rules of <paramref name="branches"/> and every ruleset of <paramref name="repository"/>.</summary>
    /// <param name="repository"><c>owner/repo</c>.</param>
    /// <param name="branches">The branches that policy cares about (release, integration).</param>
    /// <param name="cancellationToken">Stops the requests.</param>
    LiveProtectionData Read(string repository, IReadOnlyCollection<string> branches, CancellationToken cancellationToken);
}
