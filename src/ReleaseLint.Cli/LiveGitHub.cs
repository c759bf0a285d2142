using System.Runtime.CompilerServices;
using ReleaseLint.GitHub;
using ReleaseLint.Inputs.Discussions;
using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Cli;

/// <summary>
/// Live mode (<c>check --github OWNER/REPO</c>): one connection to the GitHub API, configured once from
/// <c>GITHUB_API_URL</c>, <c>GITHUB_GRAPHQL_URL</c> and <c>GITHUB_TOKEN</c>, that both the protection reader and the
/// discussions source use: one client, so one request budget and one rate-limit waiting minute per run.
/// Its members name only Core's interfaces, and <see cref="Connect"/> (the only method that names ReleaseLint.GitHub
/// types) is never inlined, so ReleaseLint.GitHub and System.Net.Http load only when <c>--github</c> is given.
/// </summary>
public sealed class LiveGitHub : IDisposable
{
    private readonly IDisposable _client;

    private LiveGitHub(string repository, ILiveProtectionReader protection, IDiscussionSource discussions, IDisposable client)
    {
        Repository = repository;
        Protection = protection;
        Discussions = discussions;
        _client = client;
    }

    /// <summary>The repository, <c>OWNER/REPO</c>.</summary>
    public string Repository { get; }

    /// <summary>Reads branch protection and rulesets.</summary>
    public ILiveProtectionReader Protection { get; }

    /// <summary>Reads the repository's discussions. A missing token is not an error here: the source reports it (RL5006).</summary>
    public IDiscussionSource Discussions { get; }

    /// <summary>Connects to <paramref name="repository"/> with the endpoint and token that <paramref name="environment"/> gives.</summary>
    /// <exception cref="UsageException">When <c>GITHUB_API_URL</c> or <c>GITHUB_GRAPHQL_URL</c> is not a URL.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static LiveGitHub Connect(string repository, Func<string, string?> environment)
    {
        GitHubClientOptions options;
        try { options = GitHubClientOptions.FromEnvironment(environment); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        var client = new GitHubClient(options);
        return new LiveGitHub(repository, new GitHubProtectionReader(client), new GitHubDiscussionSource(repository, new GitHubGraphQLTransport(client)), client);
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _client.Dispose();
}
