using System.Text.RegularExpressions;

namespace ReleaseLint.Inputs.Protection;

/// <summary>Whether a layer is classic branch protection or a ruleset.</summary>
public enum ProtectionLayerKind
{
    /// <summary>Classic branch protection of one branch (REST export, <c>settings.yml</c> <c>branches:</c>, or the live API).</summary>
    Classic,
    /// <summary>A repository or organisation ruleset.</summary>
    Ruleset,
}

/// <summary>A ruleset's <c>enforcement</c>.</summary>
public enum RulesetEnforcement
{
    /// <summary>The rules are enforced.</summary>
    Active,
    /// <summary>The rules are only evaluated and reported ("insights"); nothing is blocked.</summary>
    Evaluate,
    /// <summary>The ruleset is switched off.</summary>
    Disabled,
}

/// <summary>What a ruleset applies to.</summary>
public enum RulesetTarget
{
    /// <summary>Branches (<c>refs/heads/…</c>).</summary>
    Branch,
    /// <summary>Tags (<c>refs/tags/…</c>).</summary>
    Tag,
    /// <summary>Pushes (file-path and size rules); never protects a ref.</summary>
    Push,
}

/// <summary>A value read from a protection source, with where it is written (null for live API data).</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Location">The key or value in the repository file; null when the value came from the live API.</param>
public sealed record Located<T>(T Value, SourceLocation? Location);

/// <summary>Where a layer was read from: a file of the repository, or a live API URL.</summary>
/// <param name="Path">Repository-relative path, or the API URL for live data.</param>
/// <param name="IsLive">True when read from the GitHub API.</param>
public sealed record ProtectionOrigin(string Path, bool IsLive)
{
    /// <summary>For messages: the path, or <c>GET url</c>.</summary>
    public string Describe() => IsLive ? "GET " + Path : Path;
}

/// <summary>A required status check.</summary>
/// <param name="Context">The check's name (for GitHub Actions: the job's name).</param>
/// <param name="AppId">The app that must produce it (<c>app_id</c> / <c>integration_id</c>), null for any. GitHub Actions is 15368.</param>
/// <param name="Location">Where the context is written.</param>
public sealed record RequiredCheck(string Context, long? AppId, SourceLocation? Location)
{
    /// <summary>The app id of GitHub Actions.</summary>
    public const long GitHubActionsAppId = 15368;

    /// <summary>True when GitHub Actions may produce the check (no app given, "any source", or the Actions app).</summary>
    public bool MayComeFromActions => AppId is null or -1 or 0 or GitHubActionsAppId;
}

/// <summary>Someone who may skip a layer's rules: a ruleset bypass actor, or a classic <c>bypass_pull_request_allowances</c> entry.</summary>
/// <param name="Type">Ruleset actor type (<c>RepositoryRole</c>, <c>Team</c>, <c>Integration</c>, <c>OrganizationAdmin</c>, <c>DeployKey</c>…), or <c>User</c>/<c>Team</c>/<c>App</c> for classic allowances.</param>
/// <param name="Id">The actor id, when given.</param>
/// <param name="Name">A login or slug, when given (classic allowances).</param>
/// <param name="Mode">Ruleset <c>bypass_mode</c> (<c>always</c>, <c>pull_request</c>, <c>exempt</c>); <c>pull_request</c> for classic allowances.</param>
/// <param name="Location">Where it is written.</param>
public sealed record BypassActor(string Type, long? Id, string? Name, string Mode, SourceLocation? Location)
{
    /// <summary>For messages: <c>repository role 'admin'</c>, <c>team #42</c>, <c>user 'octocat'</c>…</summary>
    public string Describe()
    {
        var who = Type switch
        {
            "RepositoryRole" => "repository role " + (Id switch { 1 => "'read'", 2 => "'maintain'", 3 => "'triage'", 4 => "'write'", 5 => "'admin'", _ => "#" + Id }),
            "OrganizationAdmin" => "organization admins",
            "EnterpriseOwner" => "enterprise owners",
            "DeployKey" => "deploy keys",
            "Integration" => "app #" + Id,
            _ => Type.ToLowerInvariant() + (Name is not null ? $" '{Name}'" : Id is not null ? " #" + Id : ""),
        };
        return Mode == "always" ? who : $"{who} ({Mode.Replace('_', ' ')})";
    }
}

/// <summary>A <c>tag_name_pattern</c> or <c>branch_name_pattern</c> rule: names of matching refs must (or, negated, must not) fit it.</summary>
/// <param name="Operator"><c>starts_with</c>, <c>ends_with</c>, <c>contains</c> or <c>regex</c>.</param>
/// <param name="Pattern">The pattern.</param>
/// <param name="Negate">True when matching names are refused instead.</param>
/// <param name="Location">Where the pattern is written.</param>
public sealed record NamePattern(string Operator, string Pattern, bool Negate, SourceLocation? Location)
{
    /// <summary>True when a ref named <paramref name="name"/> (without <c>refs/tags/</c>) is allowed by this rule; null when the regular expression is invalid.</summary>
    public bool? Allows(string name)
    {
        bool matches;
        switch (Operator)
        {
            case "starts_with": matches = name.StartsWith(Pattern, StringComparison.Ordinal); break;
            case "ends_with": matches = name.EndsWith(Pattern, StringComparison.Ordinal); break;
            case "contains": matches = name.Contains(Pattern, StringComparison.Ordinal); break;
            case "regex":
                try { matches = Regex.IsMatch(name, Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
                catch (ArgumentException) { return null; }
                catch (RegexMatchTimeoutException) { return null; }
                break;
            default: return null;
        }
        return matches != Negate;
    }
}

/// <summary>
/// One source of protection rules for refs, normalised: the classic branch protection of one branch, or a
/// ruleset. Each setting is null when this layer says nothing about it; each keeps where it is written, so
/// findings point at the file and line of the setting that failed.
/// </summary>
public sealed record ProtectionLayer
{
    /// <summary>Classic protection or ruleset.</summary>
    public required ProtectionLayerKind Kind { get; init; }
    /// <summary>For messages: <c>classic branch protection</c>, <c>ruleset 'release tags'</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Where the layer was read from.</summary>
    public required ProtectionOrigin Origin { get; init; }
    /// <summary>Where the layer starts (the ruleset's name, the branch's entry, line 1 of an export); null for live data.</summary>
    public SourceLocation? Location { get; init; }
    /// <summary>The branch of a classic layer.</summary>
    public string? Branch { get; init; }
    /// <summary>The ruleset id, when known.</summary>
    public long? RulesetId { get; init; }
    /// <summary>What a ruleset targets (classic layers target their branch).</summary>
    public RulesetTarget Target { get; init; } = RulesetTarget.Branch;
    /// <summary>The enforcement (always active for classic protection).</summary>
    public Located<RulesetEnforcement> Enforcement { get; init; } = new(RulesetEnforcement.Active, null);
    /// <summary>Ruleset <c>conditions.ref_name.include</c> patterns.</summary>
    public IReadOnlyList<Located<string>> Include { get; init; } = [];
    /// <summary>Ruleset <c>conditions.ref_name.exclude</c> patterns.</summary>
    public IReadOnlyList<Located<string>> Exclude { get; init; } = [];
    /// <summary>Where the ruleset's conditions are written.</summary>
    public SourceLocation? ConditionsLocation { get; init; }
    /// <summary>Where the ruleset's <c>rules</c> are written (missing rules are reported here).</summary>
    public SourceLocation? RulesLocation { get; init; }

    /// <summary>Pull requests are required before merging.</summary>
    public Located<bool>? PullRequest { get; init; }
    /// <summary>Required approving reviews.</summary>
    public Located<int>? Approvals { get; init; }
    /// <summary>New commits dismiss earlier approvals.</summary>
    public Located<bool>? DismissStaleReviews { get; init; }
    /// <summary>Code owners must approve.</summary>
    public Located<bool>? CodeOwnerReviews { get; init; }
    /// <summary>Status checks are required (classic <c>required_status_checks</c> present, ruleset rule present).</summary>
    public Located<bool>? StatusChecks { get; init; }
    /// <summary>The required checks.</summary>
    public IReadOnlyList<RequiredCheck> Checks { get; init; } = [];
    /// <summary>The branch must be up to date before merging.</summary>
    public Located<bool>? Strict { get; init; }
    /// <summary>Whether force pushes are allowed (classic <c>allow_force_pushes</c>; a ruleset's <c>non_fast_forward</c> rule gives false).</summary>
    public Located<bool>? ForcePushesAllowed { get; init; }
    /// <summary>Whether the ref may be deleted (classic <c>allow_deletions</c>; a ruleset's <c>deletion</c> rule gives false).</summary>
    public Located<bool>? DeletionsAllowed { get; init; }
    /// <summary>Whether the ref may be updated (a ruleset's <c>update</c> rule gives false).</summary>
    public Located<bool>? UpdatesAllowed { get; init; }
    /// <summary>Classic <c>enforce_admins</c>: the rules apply to administrators too.</summary>
    public Located<bool>? EnforceAdmins { get; init; }
    /// <summary>Who may skip the rules (ruleset <c>bypass_actors</c>, classic <c>bypass_pull_request_allowances</c>).</summary>
    public IReadOnlyList<BypassActor> Bypass { get; init; } = [];
    /// <summary>Where the bypass list is written.</summary>
    public SourceLocation? BypassLocation { get; init; }
    /// <summary>Ref-name rules (<c>tag_name_pattern</c>, <c>branch_name_pattern</c>).</summary>
    public IReadOnlyList<NamePattern> NamePatterns { get; init; } = [];

    /// <summary>True when the layer protects anything (classic, or an active ruleset).</summary>
    public bool IsActive => Enforcement.Value == RulesetEnforcement.Active;

    /// <summary>For messages: the layer and where it comes from, e.g. <c>ruleset 'release tags' (.github/rulesets/tags.json)</c>.</summary>
    public string Describe() => $"{Name} ({Origin.Describe()})";

    /// <summary>
    /// True when this layer applies to <paramref name="refName"/> (<c>refs/heads/live</c>, <c>refs/tags/v1</c>), whatever
    /// its enforcement: a classic layer to its branch, a ruleset when a <c>ref_name.include</c> pattern matches and no
    /// <c>exclude</c> pattern does (<c>~ALL</c>, <c>~DEFAULT_BRANCH</c> and fnmatch patterns).
    /// </summary>
    public bool AppliesTo(string refName, string? defaultBranch)
    {
        if (Kind == ProtectionLayerKind.Classic) return refName == "refs/heads/" + Branch;
        var isTag = refName.StartsWith("refs/tags/", StringComparison.Ordinal);
        if (Target == RulesetTarget.Push || isTag != (Target == RulesetTarget.Tag)) return false;
        var prefix = isTag ? "refs/tags/" : "refs/heads/";
        return Include.Any(p => RefPattern.Matches(p.Value, refName, prefix, defaultBranch))
            && !Exclude.Any(p => RefPattern.Matches(p.Value, refName, prefix, defaultBranch));
    }
}

/// <summary>Ruleset <c>ref_name</c> patterns: <c>~ALL</c>, <c>~DEFAULT_BRANCH</c>, and fnmatch (<c>*</c> within a segment, <c>**</c> across segments, <c>?</c>, <c>[…]</c>).</summary>
public static class RefPattern
{
    /// <summary>True when <paramref name="pattern"/> matches the full ref <paramref name="refName"/>. A pattern without <c>refs/</c> is taken relative to <paramref name="prefix"/>.</summary>
    public static bool Matches(string pattern, string refName, string prefix, string? defaultBranch)
    {
        if (pattern == "~ALL") return true;
        if (pattern == "~DEFAULT_BRANCH") return defaultBranch is not null && refName == "refs/heads/" + defaultBranch;
        if (!pattern.StartsWith("refs/", StringComparison.Ordinal)) pattern = prefix + pattern;
        // git's wildmatch: a malformed bracket in an exported ruleset matches nothing instead of failing the run.
        return Files.WildMatch.IsMatch(pattern, refName);
    }
}
