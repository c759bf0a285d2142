namespace ReleaseLint.Inputs.Protection;

/// <summary>The strictest value of a setting over a branch's layers, with the layer (and place) that gives it.</summary>
/// <typeparam name="T">The setting's type.</typeparam>
/// <param name="Value">The strictest value.</param>
/// <param name="Location">Where it is written; null for live data.</param>
/// <param name="Layer">The layer that gives it.</param>
public sealed record Contribution<T>(T Value, SourceLocation? Location, ProtectionLayer Layer);

/// <summary>
/// The protection a branch really has: its classic protection plus every active ruleset whose conditions match it,
/// merged setting by setting with the strictest value winning. Rulesets in <c>evaluate</c> or <c>disabled</c> that
/// target the branch are kept apart in <see cref="Inactive"/>: they do not protect, and findings say so.
/// </summary>
public sealed class EffectiveProtection
{
    internal EffectiveProtection(string branch, IReadOnlyList<ProtectionLayer> layers, IReadOnlyList<ProtectionLayer> inactive,
        Located<string>? notProtected, string? incomplete)
    {
        Branch = branch;
        Layers = layers;
        Inactive = inactive;
        NotProtected = notProtected;
        Incomplete = incomplete;
    }

    /// <summary>The branch.</summary>
    public string Branch { get; }
    /// <summary>The layers that protect it: classic protection first, then active rulesets.</summary>
    public IReadOnlyList<ProtectionLayer> Layers { get; }
    /// <summary>Rulesets that target the branch but do not protect it (<c>evaluate</c>, <c>disabled</c>).</summary>
    public IReadOnlyList<ProtectionLayer> Inactive { get; }
    /// <summary>Evidence that classic protection is off (a saved <c>Branch not protected</c> answer, <c>protection: null</c>), or null.</summary>
    public Located<string>? NotProtected { get; }
    /// <summary>
    /// Why the picture is incomplete (a source that may protect this branch could not be read), or null. Rules report
    /// nothing "missing" for an incomplete branch, since the unread source may provide it; RL2001 says what failed.
    /// </summary>
    public string? Incomplete { get; }
    /// <summary>True when at least one layer protects the branch.</summary>
    public bool IsProtected => Layers.Count > 0;
    /// <summary>The first protecting layer (classic protection when there is one), where missing settings are reported.</summary>
    public ProtectionLayer? Primary => Layers.Count > 0 ? Layers[0] : null;

    /// <summary>The strictest value of a setting over <see cref="Layers"/>, or null when no layer sets it.</summary>
    /// <param name="setting">Reads the setting from a layer (null: the layer says nothing).</param>
    /// <param name="isStricter">True when the first value is stricter than the second.</param>
    public Contribution<T>? Strictest<T>(Func<ProtectionLayer, Located<T>?> setting, Func<T, T, bool> isStricter)
    {
        Contribution<T>? best = null;
        foreach (var layer in Layers)
        {
            if (setting(layer) is not { } value) continue;
            if (best is null || isStricter(value.Value, best.Value)) best = new Contribution<T>(value.Value, value.Location, layer);
        }
        return best;
    }

    /// <summary>Whether pull requests are required.</summary>
    public Contribution<bool>? PullRequest => Strictest(l => l.PullRequest, (a, b) => a && !b);
    /// <summary>Required approving reviews (only from layers that require pull requests).</summary>
    public Contribution<int>? Approvals => Strictest(l => l.PullRequest?.Value == true ? l.Approvals : null, (a, b) => a > b);
    /// <summary>Whether stale approvals are dismissed.</summary>
    public Contribution<bool>? DismissStaleReviews => Strictest(l => l.PullRequest?.Value == true ? l.DismissStaleReviews : null, (a, b) => a && !b);
    /// <summary>Whether code owners must approve.</summary>
    public Contribution<bool>? CodeOwnerReviews => Strictest(l => l.PullRequest?.Value == true ? l.CodeOwnerReviews : null, (a, b) => a && !b);
    /// <summary>Whether status checks are required.</summary>
    public Contribution<bool>? StatusChecks => Strictest(l => l.StatusChecks, (a, b) => a && !b);
    /// <summary>Whether the branch must be up to date before merging.</summary>
    public Contribution<bool>? Strict => Strictest(l => l.StatusChecks?.Value == true ? l.Strict : null, (a, b) => a && !b);
    /// <summary>Whether force pushes are allowed (false wins).</summary>
    public Contribution<bool>? ForcePushesAllowed => Strictest(l => l.ForcePushesAllowed, (a, b) => !a && b);
    /// <summary>Whether the branch may be deleted (false wins).</summary>
    public Contribution<bool>? DeletionsAllowed => Strictest(l => l.DeletionsAllowed, (a, b) => !a && b);

    /// <summary>Every required check of every layer that requires status checks, with its layer.</summary>
    public IReadOnlyList<(RequiredCheck Check, ProtectionLayer Layer)> Checks =>
        Layers.Where(l => l.StatusChecks?.Value == true).SelectMany(l => l.Checks.Select(c => (c, l))).ToList();
}
