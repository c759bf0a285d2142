using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.GitHub;

/// <summary>Sends a GraphQL query and returns the <c>data</c> object (or throws <see cref="DiscussionSourceException"/>).</summary>
public interface IGraphQLTransport
{
    /// <summary>The endpoint, for messages.</summary>
    Uri Endpoint { get; }

    /// <summary>Runs <paramref name="query"/> with <paramref name="variables"/>; returns <c>data</c>.</summary>
    JsonElement Query(string query, JsonObject variables, CancellationToken cancellationToken);
}

/// <summary>Where and how the discussions transport talks to GitHub. (A class, not a record: a record would print the token.)</summary>
public sealed class GraphQLOptions
{
    /// <summary>The public API, used when <c>GITHUB_API_URL</c> is not set.</summary>
    public const string DefaultApiUrl = "https://api.github.com";

    /// <summary>The REST base URL (<c>GITHUB_API_URL</c>); the GraphQL endpoint is derived from it.</summary>
    public Uri ApiUrl { get; init; } = new(DefaultApiUrl);
    /// <summary>The token (<c>GITHUB_TOKEN</c>), sent as <c>Authorization: Bearer</c>; never printed.</summary>
    public string? Token { get; init; }
    /// <summary>Time-out of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Longest wait for a rate limit (<c>retry-after</c>, <c>x-ratelimit-reset</c>); longer ones fail clearly.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Retries of a rate-limited or 502/503/504 request.</summary>
    public int MaxRetries { get; init; } = 3;
    /// <summary>How waits are done (tests record them instead of sleeping).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;
    /// <summary>The current time, for <c>x-ratelimit-reset</c>.</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>The GraphQL endpoint: <c>…/graphql</c>, or <c>/api/graphql</c> for a GitHub Enterprise Server <c>/api/v3</c> base.</summary>
    public Uri GraphQLUrl
    {
        get
        {
            var text = ApiUrl.ToString().TrimEnd('/');
            if (text.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)) return new Uri(text[..^"/v3".Length] + "/graphql");
            return new Uri(text + "/graphql");
        }
    }

    /// <summary>Options from <c>GITHUB_API_URL</c> and <c>GITHUB_TOKEN</c>.</summary>
    /// <exception cref="ArgumentException">When <c>GITHUB_API_URL</c> is not an absolute http(s) URL.</exception>
    public static GraphQLOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var api = getVariable("GITHUB_API_URL");
        var token = getVariable("GITHUB_TOKEN");
        Uri url = new(DefaultApiUrl);
        if (!string.IsNullOrWhiteSpace(api) && (!Uri.TryCreate(api.Trim(), UriKind.Absolute, out url!) || url.Scheme is not ("http" or "https")))
            throw new ArgumentException($"GITHUB_API_URL '{api}' is not an absolute http(s) URL");
        return new GraphQLOptions { ApiUrl = url, Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim() };
    }
}

/// <summary>
/// A minimal GraphQL transport over <see cref="HttpClient"/> for the discussions source: POSTs the query with the
/// token, retries rate limits (<c>retry-after</c>, <c>x-ratelimit-remaining: 0</c> with a reset in reach) and 502/503/504
/// a bounded number of times, and turns every failure into a <see cref="DiscussionSourceException"/> that names the
/// endpoint and the reason, never the token. (The protection reader's <c>GitHubClient</c> does the same for REST;
/// when both are in one tree this transport can be an adapter over it.)
/// </summary>
public sealed class DiscussionsGraphQLTransport : IGraphQLTransport, IDisposable
{
    private const long MaxResponseBytes = 32L * 1024 * 1024;
    private readonly GraphQLOptions _options;
    private readonly HttpClient _http;

    /// <summary>Creates the transport; <paramref name="handler"/> replaces the network (tests).</summary>
    public DiscussionsGraphQLTransport(GraphQLOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false }, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("releaselint", typeof(DiscussionsGraphQLTransport).Assembly.GetName().Version?.ToString(3) ?? "0"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
    }

    /// <inheritdoc />
    public Uri Endpoint => _options.GraphQLUrl;

    /// <inheritdoc />
    public JsonElement Query(string query, JsonObject variables, CancellationToken cancellationToken)
    {
        if (_options.Token is null)
            throw new DiscussionSourceException($"the GitHub GraphQL API ({Endpoint}) needs a token: set GITHUB_TOKEN to a token that can read the repository's discussions (in Actions: permissions: discussions: read)");
        var payload = new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
            HttpResponseMessage response;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DiscussionSourceException($"the GitHub GraphQL API ({Endpoint}) did not answer within {_options.RequestTimeout.TotalSeconds:0} s");
            }
            catch (HttpRequestException e)
            {
                throw new DiscussionSourceException($"the GitHub GraphQL API ({Endpoint}) cannot be reached: {e.Message}");
            }
            using (response)
            {
                var body = ReadBody(response, timeout.Token);
                var status = (int)response.StatusCode;
                if (Retryable(response, body, attempt, out var wait, out var limitProblem))
                {
                    _options.Delay(wait, cancellationToken).GetAwaiter().GetResult();
                    continue;
                }
                if (limitProblem is not null) throw new DiscussionSourceException($"the GitHub GraphQL API ({Endpoint}): {limitProblem}");
                if (status is < 200 or >= 300) throw new DiscussionSourceException($"the GitHub GraphQL API ({Endpoint}) answered {status} {Reason(response, body)}{Hint(status)}");
                return Data(body);
            }
        }
    }

    private static string ReadBody(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxResponseBytes)
            throw new DiscussionSourceException($"the GitHub GraphQL API answered with {response.Content.Headers.ContentLength:N0} bytes, over the limit of {MaxResponseBytes:N0}");
        using var stream = response.Content.ReadAsStream(cancellationToken);
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            memory.Write(buffer, 0, read);
            if (memory.Length > MaxResponseBytes) throw new DiscussionSourceException($"the GitHub GraphQL API answered with more than {MaxResponseBytes:N0} bytes");
        }
        return Encoding.UTF8.GetString(memory.GetBuffer(), 0, (int)memory.Length);
    }

    /// <summary>True when the request should be retried after <paramref name="wait"/>; <paramref name="problem"/> says why a limit will not be waited for.</summary>
    private bool Retryable(HttpResponseMessage response, string body, int attempt, out TimeSpan wait, out string? problem)
    {
        wait = TimeSpan.Zero;
        problem = null;
        var status = (int)response.StatusCode;
        var rateLimited = status == 429 || status == 403 && (Header(response, "retry-after") is not null || Header(response, "x-ratelimit-remaining") == "0" ||
                                                              body.Contains("rate limit", StringComparison.OrdinalIgnoreCase));
        // GraphQL's primary limit answers 200 with errors of type RATE_LIMITED.
        if (status == 200 && body.Contains("\"RATE_LIMITED\"", StringComparison.Ordinal)) rateLimited = true;
        if (rateLimited)
        {
            if (Header(response, "retry-after") is { } after && int.TryParse(after, out var seconds)) wait = TimeSpan.FromSeconds(Math.Max(0, seconds));
            else if (Header(response, "x-ratelimit-reset") is { } reset && long.TryParse(reset, out var epoch))
                wait = DateTimeOffset.FromUnixTimeSeconds(epoch) - _options.Clock() + TimeSpan.FromSeconds(1);
            else wait = TimeSpan.FromSeconds(Math.Min(60, 5 << attempt)); // secondary limit without a hint: back off
            if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
            if (wait > _options.MaxRateLimitWait)
            {
                problem = $"rate limit exceeded ({status}); it resets in {wait.TotalSeconds:0} s, longer than the {_options.MaxRateLimitWait.TotalSeconds:0} s ReleaseLint waits: run again later";
                return false;
            }
            if (attempt >= _options.MaxRetries)
            {
                problem = $"rate limit exceeded ({status}) after {attempt + 1} attempts";
                return false;
            }
            return true;
        }
        if (status is 502 or 503 or 504 && attempt < _options.MaxRetries)
        {
            wait = TimeSpan.FromSeconds(1 << attempt);
            return true;
        }
        return false;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static string Reason(HttpResponseMessage response, string body)
    {
        var reason = response.ReasonPhrase ?? "";
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                return $"{reason}: '{m.GetString()}'".TrimStart(':', ' ');
        }
        catch (JsonException) { }
        return reason;
    }

    private static string Hint(int status) => status switch
    {
        401 => "; GITHUB_TOKEN was not accepted (expired, revoked or mistyped)",
        403 => "; the token cannot read discussions of this repository (needs repository read access; in Actions: permissions: discussions: read)",
        404 => "; check GITHUB_API_URL (GraphQL endpoint not found)",
        _ => "",
    };

    private JsonElement Data(string body)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException e) { throw new DiscussionSourceException($"the GitHub GraphQL API ({Endpoint}) answered with something that is not JSON: {e.Message}"); }
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var messages = errors.EnumerateArray()
                .Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : null)
                .Where(m => m is not null).Distinct().Take(3);
            throw new DiscussionSourceException($"the GitHub GraphQL API ({Endpoint}) answered with errors: {string.Join("; ", messages.Select(m => "'" + m + "'"))}");
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            throw new DiscussionSourceException($"the GitHub GraphQL API ({Endpoint}) answered without 'data'");
        return data.Clone();
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
