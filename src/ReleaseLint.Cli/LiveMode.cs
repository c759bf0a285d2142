using System.Runtime.CompilerServices;
using ReleaseLint.GitHub;
using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Cli;

/// <summary>
/// Live mode's connection to the GitHub API. Only this method names ReleaseLint.GitHub types, and it is never
/// inlined, so that ReleaseLint.GitHub and System.Net.Http are loaded only when <c>--github</c> is given.
/// </summary>
public static class LiveMode
{
    /// <summary>
    /// <paramref name="options"/> with the run's rate-limit waiting budget (the documented minute in all, see
    /// <see cref="RateLimitBudget"/>): <paramref name="shared"/>, the budget of the run's other client, or a new one.
    /// </summary>
    internal static GitHubClientOptions WithRunBudget(GitHubClientOptions options, RateLimitBudget? shared) => new()
    {
        BaseUrl = options.BaseUrl,
        GraphQLUrl = options.GraphQLUrl,
        Token = options.Token,
        WaitBudget = shared ?? new RateLimitBudget(options.MaxRateLimitWait),
    };

    /// <summary>
    /// Creates the protection reader from <c>GITHUB_API_URL</c>, <c>GITHUB_GRAPHQL_URL</c> and <c>GITHUB_TOKEN</c>;
    /// the caller disposes it (it is <see cref="IDisposable"/>).
    /// </summary>
    /// <exception cref="UsageException">When <c>GITHUB_API_URL</c> is not a URL.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ILiveProtectionReader CreateReader(Func<string, string?> environment)
    {
        GitHubClientOptions options;
        try
        {
            options = GitHubClientOptions.FromEnvironment(environment);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        return new GitHubProtectionReader(WithRunBudget(options, null));
    }
}
