using System.Runtime.CompilerServices;
using ReleaseLint.GitHub;
using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.Cli;

/// <summary>
/// The live GitHub sources of <c>check --github OWNER/REPO</c>. Kept apart (and not inlined) so that the GitHub
/// assembly and the HTTP stack load only in live mode.
/// </summary>
public static class LiveSources
{
    /// <summary>
    /// The live discussions source for <paramref name="repository"/>, configured from <c>GITHUB_API_URL</c> and
    /// <c>GITHUB_TOKEN</c> as read by <paramref name="getVariable"/>; the second item disposes its HTTP client.
    /// A missing token is not an error here: the source reports it (RL5006) and the rest of the run goes on.
    /// </summary>
    /// <exception cref="UsageException">When <c>GITHUB_API_URL</c> is not an absolute http(s) URL.</exception>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static (IDiscussionSource Source, IDisposable Owner) Discussions(string repository, Func<string, string?> getVariable)
    {
        GraphQLOptions options;
        try { options = GraphQLOptions.FromEnvironment(getVariable); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        var transport = new DiscussionsGraphQLTransport(options);
        return (new GitHubDiscussionSource(repository, transport), transport);
    }
}
