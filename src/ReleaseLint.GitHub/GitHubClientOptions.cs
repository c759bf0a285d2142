namespace ReleaseLint.GitHub;

/// <summary>How a <see cref="GitHubClient"/> talks to GitHub: where, with which token, and how long it may wait. (A class, not a record: a record would print the token in <c>ToString</c>.)</summary>
public sealed class GitHubClientOptions
{
    /// <summary>The public API (used when <c>GITHUB_API_URL</c> is not set).</summary>
    public const string DefaultApiUrl = "https://api.github.com";

    /// <summary>The REST API base URL (<c>https://api.github.com</c>, <c>https://HOST/api/v3</c> for GitHub Enterprise Server, or a test server).</summary>
    public Uri BaseUrl { get; init; } = new(DefaultApiUrl);
    /// <summary>The GraphQL endpoint; null derives it from <see cref="BaseUrl"/> (<c>…/graphql</c>, or <c>/api/graphql</c> for a <c>/api/v3</c> base).</summary>
    public Uri? GraphQLUrl { get; init; }
    /// <summary>The token sent as <c>Authorization: Bearer</c>; null sends none (public data only, 60 requests an hour). Never printed.</summary>
    public string? Token { get; init; }
    /// <summary>The <c>User-Agent</c> header GitHub requires.</summary>
    public string UserAgent { get; init; } = "releaselint/" + (typeof(GitHubClientOptions).Assembly.GetName().Version?.ToString(3) ?? "0");
    /// <summary>Time-out of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The longest the client waits for a rate limit to reset (or a <c>retry-after</c>); longer limits fail with a clear error instead.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How many times a rate-limited or 502/503/504 request is retried.</summary>
    public int MaxRetries { get; init; } = 3;
    /// <summary>Most pages a paginated GET follows.</summary>
    public int MaxPages { get; init; } = 50;
    /// <summary>Largest response body accepted.</summary>
    public long MaxResponseBytes { get; init; } = 20 * 1024 * 1024;
    /// <summary>How waits are done (tests replace it to record waits instead of sleeping).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>
    /// The rate-limit waiting budget shared with the run's other clients (see <see cref="RateLimitBudget"/>); null gives
    /// the client one of its own of <see cref="MaxRateLimitWait"/>.
    /// </summary>
    public RateLimitBudget? WaitBudget { get; init; }

    /// <summary>The most requests one client sends (every page and retry counts): a server that never stops paginating stops here.</summary>
    public int MaxRequests { get; init; } = 1_000;
    /// <summary>The current time (for <c>x-ratelimit-reset</c>).</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
    /// <summary>The HTTP handler; null uses a <see cref="System.Net.Http.SocketsHttpHandler"/>.</summary>
    public System.Net.Http.HttpMessageHandler? Handler { get; init; }

    /// <summary>The GraphQL endpoint actually used.</summary>
    public Uri EffectiveGraphQLUrl
    {
        get
        {
            if (GraphQLUrl is not null) return GraphQLUrl;
            var text = BaseUrl.ToString().TrimEnd('/');
            if (text.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)) return new Uri(text[..^"/v3".Length] + "/graphql");
            return new Uri(text + "/graphql");
        }
    }

    /// <summary>
    /// Options from the environment: <c>GITHUB_API_URL</c> (default <see cref="DefaultApiUrl"/>), <c>GITHUB_GRAPHQL_URL</c>
    /// (optional) and <c>GITHUB_TOKEN</c> (optional), as GitHub Actions sets them.
    /// </summary>
    /// <param name="getVariable">Reads a variable (default: the process environment).</param>
    /// <exception cref="ArgumentException">When <c>GITHUB_API_URL</c> is not an absolute http(s) URL.</exception>
    public static GitHubClientOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var api = getVariable("GITHUB_API_URL");
        var graphql = getVariable("GITHUB_GRAPHQL_URL");
        var token = getVariable("GITHUB_TOKEN");
        return new GitHubClientOptions
        {
            BaseUrl = string.IsNullOrWhiteSpace(api) ? new Uri(DefaultApiUrl) : ParseUrl(api, "GITHUB_API_URL"),
            GraphQLUrl = string.IsNullOrWhiteSpace(graphql) ? null : ParseUrl(graphql, "GITHUB_GRAPHQL_URL"),
            Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim(),
        };
    }

    private static Uri ParseUrl(string text, string name)
    {
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
        throw new ArgumentException($"{name} must be an absolute http(s) URL, not '{text}'");
    }
}
