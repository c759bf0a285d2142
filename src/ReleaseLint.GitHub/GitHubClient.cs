using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReleaseLint.GitHub;

/// <summary>Why a GitHub request failed.</summary>
public enum GitHubErrorKind
{
    /// <summary>The server could not be reached (DNS, connection refused, TLS).</summary>
    Network,
    /// <summary>No answer within the request time-out.</summary>
    Timeout,
    /// <summary>401: the token is missing, expired or revoked.</summary>
    Unauthorized,
    /// <summary>403: the token lacks a permission.</summary>
    Forbidden,
    /// <summary>404: not found, or not visible to this token.</summary>
    NotFound,
    /// <summary>A rate limit that does not reset within the allowed wait.</summary>
    RateLimited,
    /// <summary>5xx: GitHub failed.</summary>
    Server,
    /// <summary>GraphQL answered with <c>errors</c>.</summary>
    GraphQL,
    /// <summary>The answer is not what the API documents (not JSON, too large).</summary>
    InvalidResponse,
    /// <summary>Another HTTP status.</summary>
    Other,
}

/// <summary>A failed GitHub request. The message names the request and the reason, never the token.</summary>
public sealed class GitHubApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GitHubApiException(GitHubErrorKind kind, string method, string url, int statusCode, string message, string? apiMessage = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Method = method;
        Url = url;
        StatusCode = statusCode;
        ApiMessage = apiMessage;
    }

    /// <summary>The kind of failure.</summary>
    public GitHubErrorKind Kind { get; }
    /// <summary><c>GET</c> or <c>POST</c>.</summary>
    public string Method { get; }
    /// <summary>The URL requested.</summary>
    public string Url { get; }
    /// <summary>The HTTP status; 0 when no answer came.</summary>
    public int StatusCode { get; }
    /// <summary>GitHub's <c>message</c> from the error body, when there is one.</summary>
    public string? ApiMessage { get; }
}

/// <summary>One HTTP answer of the GitHub API.</summary>
public sealed class GitHubResponse
{
    internal GitHubResponse(string method, string url, int statusCode, string body, IReadOnlyDictionary<string, string> headers, string? problem)
    {
        Method = method;
        Url = url;
        StatusCode = statusCode;
        Body = body;
        Headers = headers;
        Problem = problem;
    }

    /// <summary><c>GET</c> or <c>POST</c>.</summary>
    public string Method { get; }
    /// <summary>The URL requested.</summary>
    public string Url { get; }
    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }
    /// <summary>The body as text.</summary>
    public string Body { get; }
    /// <summary>Response headers (lower-case names; repeated headers joined with <c>, </c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }
    /// <summary>Why the client gave up on this request (a rate limit that resets too late…), or null.</summary>
    public string? Problem { get; }
    /// <summary>True for a 2xx status.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;

    /// <summary>GitHub's <c>message</c> field of a JSON error body, or null.</summary>
    public string? ApiMessage
    {
        get
        {
            try
            {
                using var doc = JsonDocument.Parse(Body);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>Throws <see cref="GitHubApiException"/> unless the status is 2xx; returns this response otherwise.</summary>
    public GitHubResponse EnsureSuccess()
    {
        if (IsSuccess) return this;
        var message = ApiMessage;
        var kind = StatusCode switch
        {
            401 => GitHubErrorKind.Unauthorized,
            403 or 429 when Problem is not null => GitHubErrorKind.RateLimited,
            403 => GitHubErrorKind.Forbidden,
            404 => GitHubErrorKind.NotFound,
            >= 500 => GitHubErrorKind.Server,
            _ => GitHubErrorKind.Other,
        };
        var text = $"{Method} {Url} answered {StatusCode}{(message is not null ? $" ('{message}')" : "")}{(Problem is not null ? ": " + Problem : "")}";
        throw new GitHubApiException(kind, Method, Url, StatusCode, text, message);
    }
}

/// <summary>Every page of a paginated list.</summary>
/// <param name="Items">The items of every page read, in order (cloned, independent of any document).</param>
/// <param name="Last">The last answer: the final page, or the page that failed.</param>
/// <param name="Complete">True when every page was read.</param>
/// <param name="Pages">How many pages were read.</param>
public sealed record GitHubPagedResponse(IReadOnlyList<JsonElement> Items, GitHubResponse Last, bool Complete, int Pages);

/// <summary>
/// A small GitHub API client: REST GET with <c>Link</c>-header pagination, GraphQL POST, and rate-limit handling
/// (<c>retry-after</c>, <c>x-ratelimit-remaining</c>/<c>x-ratelimit-reset</c>, secondary limits) with bounded waits.
/// HTTP error statuses come back as <see cref="GitHubResponse"/>s for the caller to interpret; network failures and
/// time-outs throw <see cref="GitHubApiException"/>. The token is sent only to the configured API origin and never
/// appears in a message. Thread-safe; reuse one instance.
/// </summary>
public sealed partial class GitHubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly RateLimitBudget _waitBudget;
    private int _requests;

    /// <summary>Creates a client.</summary>
    public GitHubClient(GitHubClientOptions options)
    {
        Options = options;
        _waitBudget = options.WaitBudget ?? new RateLimitBudget(options.MaxRateLimitWait);
        _base = new Uri(options.BaseUrl.ToString().TrimEnd('/') + "/");
        var handler = options.Handler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler, disposeHandler: options.Handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The options.</summary>
    public GitHubClientOptions Options { get; }

    /// <summary>The requests sent so far (pages and retries included).</summary>
    public int Requests => Volatile.Read(ref _requests);
    /// <summary>True when a token is sent.</summary>
    public bool HasToken => Options.Token is not null;
    /// <summary>The REST base URL without a trailing slash.</summary>
    public string BaseUrl => _base.ToString().TrimEnd('/');

    /// <summary>The absolute URL of an API path (<c>repos/o/r</c> or <c>/repos/o/r</c>); absolute URLs are returned as they are.</summary>
    public Uri Url(string pathOrUrl) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute : new Uri(_base, pathOrUrl.TrimStart('/'));

    /// <summary>
    /// GETs a REST resource. Returns the answer whatever its status (after waiting out rate limits within
    /// <see cref="GitHubClientOptions.MaxRateLimitWait"/>); throws <see cref="GitHubApiException"/> when no answer came.
    /// </summary>
    public Task<GitHubResponse> GetAsync(string pathOrUrl, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Url(pathOrUrl), null, cancellationToken);

    /// <summary>GETs a REST resource and parses it as JSON; throws <see cref="GitHubApiException"/> for any failure.</summary>
    public async Task<JsonElement> GetJsonAsync(string pathOrUrl, CancellationToken cancellationToken = default)
    {
        var response = (await GetAsync(pathOrUrl, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        return Parse(response);
    }

    /// <summary>
    /// GETs every page of a list (adding <c>per_page=100</c> when the URL has no <c>per_page</c>), following <c>Link: rel="next"</c>
    /// on the API's own origin only, up to <see cref="GitHubClientOptions.MaxPages"/>. A failing page stops the walk:
    /// <see cref="GitHubPagedResponse.Complete"/> is then false and <see cref="GitHubPagedResponse.Last"/> is that page's answer.
    /// </summary>
    public async Task<GitHubPagedResponse> GetAllPagesAsync(string pathOrUrl, CancellationToken cancellationToken = default)
    {
        var url = Url(pathOrUrl);
        if (!url.Query.Contains("per_page=", StringComparison.Ordinal))
            url = new Uri(url + (url.Query.Length > 0 ? "&" : "?") + "per_page=100");
        var items = new List<JsonElement>();
        GitHubResponse response;
        var pages = 0;
        while (true)
        {
            response = await SendAsync(HttpMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess) return new GitHubPagedResponse(items, response, false, pages);
            pages++;
            JsonElement page;
            try { page = Parse(response); }
            catch (GitHubApiException) { return new GitHubPagedResponse(items, response, false, pages); }
            if (page.ValueKind != JsonValueKind.Array)
                return new GitHubPagedResponse(items, WithProblem(response, "the answer is not a JSON list"), false, pages);
            items.AddRange(page.EnumerateArray());
            var next = NextLink(response.Header("link"));
            if (next is null) return new GitHubPagedResponse(items, response, true, pages);
            if (!SameOrigin(next))
                return new GitHubPagedResponse(items, WithProblem(response, $"the next page is on another host ({next.GetLeftPart(UriPartial.Authority)}); it was not followed, so that the token stays with {_base.GetLeftPart(UriPartial.Authority)}"), false, pages);
            if (pages >= Options.MaxPages)
                return new GitHubPagedResponse(items, WithProblem(response, $"more than {Options.MaxPages} pages; the rest was not read"), false, pages);
            url = next;
        }
    }

    /// <summary>
    /// POSTs a GraphQL query and returns its <c>data</c>. Throws <see cref="GitHubApiException"/> for HTTP errors, for an
    /// answer with <c>errors</c> (kind <see cref="GitHubErrorKind.GraphQL"/>, messages joined), and when no answer came.
    /// A <c>RATE_LIMITED</c> error is waited out like a REST rate limit, within the allowed wait.
    /// </summary>
    /// <param name="query">The GraphQL document.</param>
    /// <param name="variables">Variables (serialised with System.Text.Json), or null.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<JsonElement> GraphQLAsync(string query, IReadOnlyDictionary<string, object?>? variables = null, CancellationToken cancellationToken = default)
    {
        var body = JsonText.Object(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables ?? new Dictionary<string, object?>() });
        for (var attempt = 0; ; attempt++)
        {
            var response = (await SendAsync(HttpMethod.Post, Options.EffectiveGraphQLUrl, body, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
            var root = Parse(response);
            if (root.ValueKind != JsonValueKind.Object)
                throw new GitHubApiException(GitHubErrorKind.InvalidResponse, "POST", response.Url, response.StatusCode, $"POST {response.Url} answered with JSON that is not an object");
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var messages = errors.EnumerateArray().Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : e.ToString()).ToList();
                var rateLimited = errors.EnumerateArray().Any(e => e.TryGetProperty("type", out var t) && t.GetString() == "RATE_LIMITED");
                if (rateLimited && attempt < Options.MaxRetries && RateLimitWait(response) is { Wait: var wait } && wait <= Options.MaxRateLimitWait &&
                    _waitBudget.TryReserve(wait))
                {
                    await Options.Delay(wait, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                throw new GitHubApiException(rateLimited ? GitHubErrorKind.RateLimited : GitHubErrorKind.GraphQL, "POST", response.Url, response.StatusCode,
                    $"POST {response.Url}: GraphQL errors: {string.Join("; ", messages)}", messages.FirstOrDefault());
            }
            if (!root.TryGetProperty("data", out var data))
                throw new GitHubApiException(GitHubErrorKind.InvalidResponse, "POST", response.Url, response.StatusCode, $"POST {response.Url} answered without 'data'");
            return data;
        }
    }

    /// <summary>
    /// Sends one request with the API headers, retrying rate-limited answers (403/429 with <c>retry-after</c>, an exhausted
    /// <c>x-ratelimit-remaining</c>, or a secondary-limit message) and 502/503/504, each wait bounded by
    /// <see cref="GitHubClientOptions.MaxRateLimitWait"/>. Returns the last answer; throws only when no answer came.
    /// </summary>
    /// <param name="method">GET or POST.</param>
    /// <param name="url">An absolute URL on the API's origin (the token is not sent elsewhere).</param>
    /// <param name="jsonBody">A JSON body for POST, or null.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<GitHubResponse> SendAsync(HttpMethod method, Uri url, string? jsonBody, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await SendOnceAsync(method, url, jsonBody, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is 403 or 429)
            {
                if (RateLimitWait(response) is not { } limit) return response; // a real permission error
                if (limit.Wait > Options.MaxRateLimitWait)
                    return WithProblem(response, $"{limit.Reason}; that is longer than the {Options.MaxRateLimitWait.TotalSeconds:0} s ReleaseLint waits, so try again later or use a token with a higher limit");
                if (attempt >= Options.MaxRetries)
                    return WithProblem(response, $"{limit.Reason}; still limited after {attempt + 1} attempts");
                if (!_waitBudget.TryReserve(limit.Wait))
                    return WithProblem(response, $"{limit.Reason}; ReleaseLint waits at most {_waitBudget.Total.TotalSeconds:0} s in all for rate limits in one run and has waited {_waitBudget.Waited.TotalSeconds:0} s, so it stops here: try again later or use a token with a higher limit");
                await Options.Delay(limit.Wait, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (response.StatusCode is 502 or 503 or 504 && attempt < Options.MaxRetries)
            {
                await Options.Delay(TimeSpan.FromSeconds(Math.Min(8, 1 << attempt)), cancellationToken).ConfigureAwait(false);
                continue;
            }
            return response;
        }
    }

    private async Task<GitHubResponse> SendOnceAsync(HttpMethod method, Uri url, string? jsonBody, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _requests) > Options.MaxRequests)
            throw new GitHubApiException(GitHubErrorKind.Other, method.Method, Display(url), 0,
                $"{method.Method} {Display(url)} was not sent: this run already made {Options.MaxRequests:N0} requests to the API, the most it makes (a server that never stops paginating?)");
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.UserAgent.ParseAdd(Options.UserAgent);
        if (Options.Token is { } token && SameOrigin(url)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (jsonBody is not null) request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.RequestTimeout);
        var display = Display(url);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var h in response.Headers.Concat(response.Content.Headers))
                headers[h.Key.ToLowerInvariant()] = string.Join(", ", h.Value);
            var body = await ReadBodyAsync(response, display, method.Method, timeout.Token).ConfigureAwait(false);
            return new GitHubResponse(method.Method, display, (int)response.StatusCode, body, headers, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitHubApiException(GitHubErrorKind.Timeout, method.Method, display, 0,
                $"{method.Method} {display} failed: no answer within {Options.RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw new GitHubApiException(GitHubErrorKind.Network, method.Method, display, 0,
                $"{method.Method} {display} failed: cannot connect to {url.GetLeftPart(UriPartial.Authority)} ({Innermost(e)})", null, e);
        }
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, string url, string method, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > Options.MaxResponseBytes)
            throw new GitHubApiException(GitHubErrorKind.InvalidResponse, method, url, (int)response.StatusCode, $"{method} {url} answered {length:N0} bytes, over the {Options.MaxResponseBytes:N0} accepted");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > Options.MaxResponseBytes)
                throw new GitHubApiException(GitHubErrorKind.InvalidResponse, method, url, (int)response.StatusCode, $"{method} {url} answered more than the {Options.MaxResponseBytes:N0} bytes accepted");
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>How long to wait before retrying a rate-limited answer, and why; null when the answer is not about a rate limit.</summary>
    internal (TimeSpan Wait, string Reason)? RateLimitWait(GitHubResponse response)
    {
        if (response.Header("retry-after") is { } retryAfter)
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                return (TimeSpan.FromSeconds(seconds), $"rate limited: GitHub asks to retry after {seconds} s");
            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return (Max0(at - Options.Clock()), $"rate limited: GitHub asks to retry at {at.UtcDateTime:HH:mm:ss} UTC");
        }
        if (response.Header("x-ratelimit-remaining") == "0" &&
            long.TryParse(response.Header("x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(reset);
            var wait = Max0(at - Options.Clock()) + TimeSpan.FromSeconds(1);
            var limit = response.Header("x-ratelimit-limit");
            return (wait, $"rate limit exhausted ({(limit is not null ? limit + " requests an hour" : "no requests left")}{(HasToken ? "" : "; without GITHUB_TOKEN the limit is 60 an hour")}); it resets at {at.UtcDateTime:HH:mm:ss} UTC, in {Describe(wait)}");
        }
        if (response.ApiMessage is { } message && message.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase))
            return (TimeSpan.FromSeconds(60), "secondary rate limit (too many requests at once); GitHub asks to wait at least a minute");
        return null;
    }

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private static string Describe(TimeSpan t) => t.TotalMinutes >= 2 ? $"{t.TotalMinutes:0} min" : $"{t.TotalSeconds:0} s";

    private static GitHubResponse WithProblem(GitHubResponse r, string problem) =>
        new(r.Method, r.Url, r.StatusCode, r.Body, r.Headers, problem);

    private static JsonElement Parse(GitHubResponse response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new GitHubApiException(GitHubErrorKind.InvalidResponse, response.Method, response.Url, response.StatusCode,
                $"{response.Method} {response.Url} answered {response.StatusCode} with a body that is not JSON ({e.Message.Split(" LineNumber")[0].TrimEnd('.')})", null, e);
        }
    }

    private bool SameOrigin(Uri url) => Uri.Compare(url, _base, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>The URL without <c>per_page</c> noise, for messages (a token is never part of a URL).</summary>
    private static string Display(Uri url)
    {
        var text = url.GetLeftPart(UriPartial.Path);
        var query = string.Join("&", url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("per_page=", StringComparison.Ordinal)));
        return query.Length > 0 ? text + "?" + query : text;
    }

    [GeneratedRegex("<([^>]+)>\\s*;\\s*rel=\"?next\"?", RegexOptions.IgnoreCase)]
    private static partial Regex NextPattern();

    private static Uri? NextLink(string? link)
    {
        if (link is null) return null;
        var m = NextPattern().Match(link);
        return m.Success && Uri.TryCreate(m.Groups[1].Value, UriKind.Absolute, out var next) ? next : null;
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
