using System.Text.RegularExpressions;

namespace ReleaseLint.Inputs.Workflows;

/// <summary>What a <c>uses:</c> value points at.</summary>
public enum ActionReferenceKind
{
    /// <summary>
    /// <c>./path</c> (in the checked-out workspace) or <c>$/path</c> (GitHub's self-repository syntax: this repository at
    /// the running commit, no checkout needed): an action or reusable workflow in this repository.
    /// </summary>
    Local,
    /// <summary><c>docker://image[:tag|@digest]</c>.</summary>
    Docker,
    /// <summary><c>owner/repo[/path]@ref</c>.</summary>
    Repository,
    /// <summary>Anything else (an expression, garbage).</summary>
    Invalid,
}

/// <summary>A parsed <c>uses:</c> value.</summary>
public sealed partial record ActionReference
{
    /// <summary>The value as written.</summary>
    public required string Raw { get; init; }
    /// <summary>True for <c>$/path</c>, GitHub's self-repository syntax (<see cref="Path"/> is then written <c>./path</c>).</summary>
    public bool SelfRepository { get; init; }
    /// <summary>What it points at.</summary>
    public required ActionReferenceKind Kind { get; init; }
    /// <summary><c>owner</c> of a repository reference.</summary>
    public string Owner { get; init; } = "";
    /// <summary><c>repo</c> of a repository reference.</summary>
    public string Repo { get; init; } = "";
    /// <summary>Path inside the repository (<c>.github/workflows/x.yml</c> for reusable workflows), or "".</summary>
    public string Path { get; init; } = "";
    /// <summary>The ref after <c>@</c> ("" when missing).</summary>
    public string Ref { get; init; } = "";
    /// <summary><c>owner/repo</c>.</summary>
    public string OwnerRepo => Owner + "/" + Repo;
    /// <summary>True when the ref is a full 40-hex commit SHA (or a 64-hex SHA-256 object id).</summary>
    public bool IsPinnedToSha => FullSha().IsMatch(Ref);
    /// <summary>True when the ref is 7–39 hex digits (an abbreviated SHA).</summary>
    public bool IsShortSha => ShortSha().IsMatch(Ref) && !IsPinnedToSha;
    /// <summary>True when the ref looks like a version tag (<c>v4</c>, <c>v4.1.2</c>, <c>1.2</c>).</summary>
    public bool IsVersionTag => VersionTag().IsMatch(Ref);

    /// <summary>Parses a <c>uses:</c> value.</summary>
    public static ActionReference Parse(string value)
    {
        var v = value.Trim();
        if (v.StartsWith("./", StringComparison.Ordinal) || v == ".") return new ActionReference { Raw = value, Kind = ActionReferenceKind.Local, Path = v };
        // "$/.github/actions/setup" (and "$/./actions/x"): resolved in this repository at the running commit.
        if (v.StartsWith("$/", StringComparison.Ordinal) && !v.Contains("${{", StringComparison.Ordinal) && !v.Contains('@'))
            return new ActionReference { Raw = value, Kind = ActionReferenceKind.Local, Path = "./" + DeployDetection.LocalPath(v[2..]), SelfRepository = true };
        if (v.StartsWith("docker://", StringComparison.Ordinal))
        {
            var image = v["docker://".Length..];
            var at = image.IndexOf('@');
            return new ActionReference { Raw = value, Kind = ActionReferenceKind.Docker, Path = at < 0 ? image : image[..at], Ref = at < 0 ? "" : image[(at + 1)..] };
        }
        var m = RepositoryRef().Match(v);
        if (!m.Success || v.Contains("${{", StringComparison.Ordinal)) return new ActionReference { Raw = value, Kind = ActionReferenceKind.Invalid };
        return new ActionReference
        {
            Raw = value,
            Kind = ActionReferenceKind.Repository,
            Owner = m.Groups["owner"].Value,
            Repo = m.Groups["repo"].Value,
            Path = m.Groups["path"].Value.TrimStart('/'),
            Ref = m.Groups["ref"].Value,
        };
    }

    [GeneratedRegex("^(?<owner>[A-Za-z0-9_.-]+)/(?<repo>[A-Za-z0-9_.-]+)(?<path>/[^@]*)?(@(?<ref>.*))?$")]
    private static partial Regex RepositoryRef();

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$")]
    private static partial Regex FullSha();

    [GeneratedRegex("^[0-9a-f]{7,39}$")]
    private static partial Regex ShortSha();

    [GeneratedRegex(@"^v?\d+(\.\d+){0,2}([-+.][0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionTag();
}
