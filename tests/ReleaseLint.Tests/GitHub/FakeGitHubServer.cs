using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ReleaseLint.Tests.GitHub;

/// <summary>A request the fake server received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">The path, percent-decoded, without the query (<c>/repos/o/r/rulesets</c>).</param>
/// <param name="Query">Query parameters.</param>
/// <param name="Headers">Request headers (lower-case names).</param>
/// <param name="Body">The request body.</param>
public sealed record FakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The <c>Authorization</c> header, or null.</summary>
    public string? Authorization => Headers.TryGetValue("authorization", out var a) ? a : null;

    /// <summary>The body parsed as JSON (GraphQL requests).</summary>
    public JsonElement Json
    {
        get
        {
            using var doc = JsonDocument.Parse(Body.Length == 0 ? "null" : Body);
            return doc.RootElement.Clone();
        }
    }
}

/// <summary>An answer of the fake server.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Body">The body (JSON text).</param>
/// <param name="Headers">Extra headers (e.g. <c>link</c>, <c>retry-after</c>, <c>x-ratelimit-*</c>).</param>
public sealed record FakeResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A JSON answer: <paramref name="json"/> is JSON text, or an object serialised with System.Text.Json.</summary>
    public static FakeResponse Json(object json, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, json as string ?? JsonSerializer.Serialize(json), headers);

    /// <summary>A GitHub error body: <c>{"message": …, "documentation_url": …}</c>.</summary>
    public static FakeResponse Error(int status, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        Json(new Dictionary<string, object> { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest", ["status"] = status.ToString() }, status, headers);

    /// <summary>What GitHub answers for classic protection of an unprotected branch.</summary>
    public static FakeResponse BranchNotProtected() => Error(404, "Branch not protected");

    /// <summary>A primary rate limit: 403 with <c>x-ratelimit-remaining: 0</c> and the reset time.</summary>
    public static FakeResponse RateLimited(DateTimeOffset reset, int status = 403) => Error(status, "API rate limit exceeded for user ID 1.", new Dictionary<string, string>
    {
        ["x-ratelimit-limit"] = "5000",
        ["x-ratelimit-remaining"] = "0",
        ["x-ratelimit-used"] = "5000",
        ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["x-ratelimit-resource"] = "core",
    });

    /// <summary>A secondary rate limit with <c>retry-after</c>.</summary>
    public static FakeResponse SecondaryLimit(int retryAfterSeconds, int status = 403) =>
        Error(status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            new Dictionary<string, string> { ["retry-after"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
}

/// <summary>
/// A local stand-in for the GitHub API on 127.0.0.1 (an <see cref="HttpListener"/> in the test process), serving
/// responses in GitHub's documented shapes: REST routes (fixed answers, sequences such as "rate limited, then OK",
/// paginated lists with <c>Link</c> headers, whole directories of JSON files) and a GraphQL endpoint. Every request is
/// recorded. Unknown routes answer 404 <c>{"message": "Not Found"}</c>, as GitHub does. No test touches the internet.
/// </summary>
public sealed class FakeGitHubServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<(string Method, string Path), Func<FakeRequest, FakeResponse>> _routes = new();
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly Task _loop;

    private FakeGitHubServer(HttpListener listener, int port)
    {
        _listener = listener;
        Port = port;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c> (what <c>GITHUB_API_URL</c> is set to).</summary>
    public string Url => $"http://127.0.0.1:{Port}";
    /// <summary>The port.</summary>
    public int Port { get; }
    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests => _requests.ToList();
    /// <summary>When set, a request whose <c>Authorization</c> is not <c>Bearer</c> this token answers 401 <c>Bad credentials</c>; a request without one is served (GitHub serves public data without a token).</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Starts a server on a free port of 127.0.0.1.</summary>
    public static FakeGitHubServer Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new FakeGitHubServer(listener, port);
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
    }

    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>
    /// A port on 127.0.0.1 that nothing listens on (for "connection refused"), never the same one twice in this process:
    /// tests run in parallel, and the system may hand a just-released probe port to the next probe, which put two
    /// servers on one port (requests crossing over, "Address already in use" when one of them closed).
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (HandedOut.TryAdd(port, true)) return port;
        }
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with <paramref name="handler"/>.</summary>
    public FakeGitHubServer Map(string method, string path, Func<FakeRequest, FakeResponse> handler)
    {
        _routes[(method.ToUpperInvariant(), Normalize(path))] = handler;
        return this;
    }

    /// <summary>Answers GET <paramref name="path"/> with <paramref name="responses"/> in turn (the last one repeats).</summary>
    public FakeGitHubServer Get(string path, params FakeResponse[] responses)
    {
        var index = -1;
        return Map("GET", path, _ => responses[Math.Min(Interlocked.Increment(ref index), responses.Length - 1)]);
    }

    /// <summary>Answers GET <paramref name="path"/> with a JSON value.</summary>
    public FakeGitHubServer GetJson(string path, object json) => Get(path, FakeResponse.Json(json));

    /// <summary>
    /// Serves a list in pages of <paramref name="pageSize"/> (ignoring the client's <c>per_page</c>, as a server with a lower
    /// maximum would), with <c>Link: &lt;…?page=N&gt;; rel="next"</c> and <c>rel="last"</c> headers as GitHub sends them.
    /// </summary>
    public FakeGitHubServer GetPaged(string path, IReadOnlyList<object> items, int pageSize)
    {
        return Map("GET", path, request =>
        {
            var page = request.Query.TryGetValue("page", out var p) && int.TryParse(p, out var n) ? Math.Max(1, n) : 1;
            var pages = Math.Max(1, (items.Count + pageSize - 1) / pageSize);
            var slice = items.Skip((page - 1) * pageSize).Take(pageSize).ToList();
            var links = new List<string>();
            string Link(int target, string rel)
            {
                var query = request.Query.Where(kv => kv.Key != "page").Select(kv => $"{kv.Key}={kv.Value}").Append($"page={target}");
                return $"<{Url}{path}?{string.Join("&", query)}>; rel=\"{rel}\"";
            }
            if (page < pages) links.Add(Link(page + 1, "next"));
            links.Add(Link(pages, "last"));
            if (page > 1) links.Add(Link(page - 1, "prev"));
            return FakeResponse.Json(slice, 200, new Dictionary<string, string> { ["link"] = string.Join(", ", links) });
        });
    }

    /// <summary>Answers POST <c>/graphql</c>: <paramref name="handler"/> gets the query and the variables.</summary>
    public FakeGitHubServer GraphQL(Func<string, JsonElement, FakeResponse> handler) => Map("POST", "/graphql", request =>
    {
        var json = request.Json;
        var query = json.TryGetProperty("query", out var q) ? q.GetString() ?? "" : "";
        var variables = json.TryGetProperty("variables", out var v) ? v.Clone() : default;
        return handler(query, variables);
    });

    /// <summary>
    /// Serves a directory of JSON files as GET routes: <c>repos/o/r/branches/live/protection.json</c> answers
    /// <c>GET /repos/o/r/branches/live/protection</c> with 200; a status before <c>.json</c>
    /// (<c>protection.404.json</c>, <c>rulesets.500.json</c>) sets the status. Other files are ignored.
    /// </summary>
    public FakeGitHubServer ServeDirectory(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/')[..^".json".Length];
            var status = 200;
            var dot = relative.LastIndexOf('.');
            // Only a three-digit HTTP status is one (a tag file such as v3.1.0.json keeps its dots).
            if (dot > relative.LastIndexOf('/') && relative.Length - dot - 1 == 3 && int.TryParse(relative[(dot + 1)..], out var s) && s is >= 100 and <= 599)
            {
                status = s;
                relative = relative[..dot];
            }
            var body = File.ReadAllText(file);
            Get("/" + relative, new FakeResponse(status, body));
        }
        return this;
    }

    private static string Normalize(string path) => "/" + path.Trim('/');

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        try
        {
            var raw = context.Request.RawUrl ?? "/";
            var q = raw.IndexOf('?');
            var path = Uri.UnescapeDataString(q < 0 ? raw : raw[..q]);
            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            if (q >= 0)
                foreach (var pair in raw[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=');
                    query[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                }
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k] ?? "");
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = reader.ReadToEnd();
            var request = new FakeRequest(context.Request.HttpMethod, Normalize(path), query, headers, body);
            _requests.Enqueue(request);

            FakeResponse response;
            if (RequiredToken is not null && request.Authorization is { } auth && auth != "Bearer " + RequiredToken)
                response = FakeResponse.Error(401, "Bad credentials");
            else if (_routes.TryGetValue((request.Method, request.Path), out var handler))
                response = handler(request);
            else
                response = FakeResponse.Error(404, "Not Found");
            Write(context.Response, response);
        }
        catch (Exception e)
        {
            try { Write(context.Response, FakeResponse.Error(500, "fake server failed: " + e.Message)); }
            catch (Exception) { /* the client went away */ }
        }
    }

    private static void Write(HttpListenerResponse http, FakeResponse response)
    {
        http.StatusCode = response.Status;
        http.ContentType = "application/json; charset=utf-8";
        http.Headers["x-github-media-type"] = "github.v3; format=json";
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>()) http.Headers[name] = value;
        var bytes = Encoding.UTF8.GetBytes(response.Body);
        http.ContentLength64 = bytes.Length;
        http.OutputStream.Write(bytes);
        http.OutputStream.Close();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The managed HttpListener looks its endpoint up again while closing, and throws "address already in
        // use" when another test's listener has meanwhile taken a port of the same range: nothing is left open then.
        try { _listener.Stop(); } catch (Exception e) when (e is ObjectDisposedException or HttpListenerException) { }
        try { _listener.Close(); } catch (Exception e) when (e is ObjectDisposedException or HttpListenerException) { }
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
