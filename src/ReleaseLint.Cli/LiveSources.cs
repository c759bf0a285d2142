using System.Runtime.CompilerServices;
using ReleaseLint.GitHub;
using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.Cli;

/// <summary>
/// The live discussions source of <c>check --github OWNER/REPO</c>. Like <see cref="LiveMode"/>, kept apart (and not
/// inlined) so that ReleaseLint.GitHub and the HTTP stack load only in live mode.
/// </summary>
public static class LiveSources
{
    /// <summary>
    /// The live discussions source for <paramref name="repository"/> over a <see cref="GitHubClient"/> configured from
    /// <c>GITHUB_API_URL</c>, <c>GITHUB_GRAPHQL_URL</c> and <c>GITHUB_TOKEN</c> as read by <paramref name="environment"/>;
    /// the second item disposes the client. A missing token is not an error here: the source reports it (RL5006)
    /// and the rest of the run goes on.
    /// </summary>
    /// <exception cref="UsageException">When <c>GITHUB_API_URL</c> is not a URL.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static (IDiscussionSource Source, IDisposable Owner) Discussions(string repository, Func<string, string?> environment,
        Inputs.Protection.ILiveProtectionReader? protection = null)
    {
        GitHubClientOptions options;
        try { options = GitHubClientOptions.FromEnvironment(environment); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        // The run's rate-limit minute is shared with the protection reader's client.
        var client = new GitHubClient(LiveMode.WithRunBudget(options, (protection as GitHubProtectionReader)?.WaitBudget));
        return (new GitHubDiscussionSource(repository, new GitHubGraphQLTransport(client)), client);
    }
}
