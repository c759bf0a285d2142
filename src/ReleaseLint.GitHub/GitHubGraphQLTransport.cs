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

/// <summary>
/// The discussions source's GraphQL transport over the shared <see cref="GitHubClient"/> (token, <c>GITHUB_API_URL</c>,
/// rate limits, retries, size limits): turns every <see cref="GitHubApiException"/> into a
/// <see cref="DiscussionSourceException"/> that says what to do, and refuses to send a query without a token
/// (GitHub's GraphQL API always needs one). Messages never contain the token.
/// </summary>
/// <param name="client">The client.</param>
public sealed class GitHubGraphQLTransport(GitHubClient client) : IGraphQLTransport
{
    /// <inheritdoc />
    public Uri Endpoint => client.Options.EffectiveGraphQLUrl;

    /// <inheritdoc />
    public JsonElement Query(string query, JsonObject variables, CancellationToken cancellationToken)
    {
        if (!client.HasToken)
            throw new DiscussionSourceException($"the GitHub GraphQL API ({Endpoint}) needs a token: set GITHUB_TOKEN to a token that can read the repository's discussions (in Actions: permissions: discussions: read)");
        var values = variables.ToDictionary(p => p.Key, p => (object?)p.Value);
        try
        {
            return client.GraphQLAsync(query, values, cancellationToken).GetAwaiter().GetResult();
        }
        catch (GitHubApiException e)
        {
            throw new DiscussionSourceException($"the GitHub GraphQL API: {e.Message}{Hint(e.Kind)}");
        }
    }

    private static string Hint(GitHubErrorKind kind) => kind switch
    {
        GitHubErrorKind.Unauthorized => "; GITHUB_TOKEN was not accepted (expired, revoked or mistyped)",
        GitHubErrorKind.Forbidden => "; the token cannot read discussions of this repository (it needs read access to the repository; in Actions: permissions: discussions: read)",
        GitHubErrorKind.NotFound => "; check GITHUB_API_URL (no GraphQL endpoint there)",
        GitHubErrorKind.RateLimited => "; run again later",
        _ => "",
    };
}
