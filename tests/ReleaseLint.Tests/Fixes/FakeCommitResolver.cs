using System.Security.Cryptography;
using System.Text;
using ReleaseLint.Fixes;

namespace ReleaseLint.Tests.Fixes;

/// <summary>
/// An in-memory pin resolver: a ref that looks like a version is a tag, <c>main</c>/<c>master</c> are branches, an
/// abbreviated SHA is expanded; each names commit sha1("owner/repo@ref") (an abbreviated SHA its own prefix). Counts calls.
/// </summary>
public sealed class FakeCommitResolver : ICommitResolver
{
    private int _calls;

    /// <summary>How many refs were asked for.</summary>
    public int Calls => _calls;

    /// <summary>The commit the fake gives <paramref name="gitRef"/>.</summary>
    public static string Sha(string owner, string repo, string gitRef) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{owner.ToLowerInvariant()}/{repo.ToLowerInvariant()}@{gitRef}")));

    /// <inheritdoc />
    public ResolvedRef? Resolve(string owner, string repo, string gitRef)
    {
        Interlocked.Increment(ref _calls);
        if (System.Text.RegularExpressions.Regex.IsMatch(gitRef, "^[0-9a-f]{40}$")) return new ResolvedRef(gitRef, GitRefKind.Commit);
        if (System.Text.RegularExpressions.Regex.IsMatch(gitRef, "^[0-9a-f]{7,39}$")) return new ResolvedRef(gitRef + Sha(owner, repo, gitRef)[gitRef.Length..], GitRefKind.Commit);
        if (gitRef is "main" or "master") return new ResolvedRef(Sha(owner, repo, gitRef), GitRefKind.Branch);
        if (System.Text.RegularExpressions.Regex.IsMatch(gitRef, @"^v?\d+(\.\d+){0,2}$")) return new ResolvedRef(Sha(owner, repo, gitRef), GitRefKind.Tag);
        return null;
    }

    /// <inheritdoc />
    public IReadOnlyList<string>? TagsAt(string owner, string repo, string sha) => [];

    /// <inheritdoc />
    public IReadOnlyList<string> Notes => [];
}
