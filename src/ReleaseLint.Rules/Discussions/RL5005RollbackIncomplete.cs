using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Discussions;

namespace ReleaseLint.Rules.Discussions;

/// <summary>RL5005: a post reporting a rollback lacks the root cause or the fix-forward plan.</summary>
public sealed partial class RL5005RollbackIncomplete : DiscussionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL5005", "rollback-incomplete",
        "Rollback post lacks root cause or fix-forward plan",
        "A deployment update that reports a rollback (its title or first heading speaks of a rollback or revert, or its Rollback status says one happened) lacks the root cause or the fix-forward plan that the operations guide asks for. Each is present when the post has a label or heading ('Root cause:', '## Fix-forward plan') with a real value, or says 'root cause' / 'fix forward' in its text.",
        Severity.Warning, RuleCategory.Discussions, ["discussions", "deployments", "rollback"])
    {
        Reads = RuleInputs.Discussions,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    [GeneratedRegex(@"\broot[- ]?causes?\b|\bcaused by\b", RegexOptions.IgnoreCase)]
    private static partial Regex RootCause();

    [GeneratedRegex(@"\bfix(?:ed|ing)?[- \u2011]?forward\b|\broll(?:ing)?[- ]forward\b", RegexOptions.IgnoreCase)]
    private static partial Regex FixForward();

    /// <inheritdoc />
    protected override void CheckUpdate(RuleContext context, DeploymentUpdate update)
    {
        var post = update.Post;
        var rollbackField = RollbackField(context) is { } name ? update[name] : null;
        var fieldSays = rollbackField is not null && UpdateValues.SaysRolledBack(rollbackField.Entry.Value);
        var titleSays = !post.IsComment && UpdateValues.SpeaksOfRollback(post.Title) || update.FirstHeading is { } h && UpdateValues.SpeaksOfRollback(h);
        if (!fieldSays && !titleSays) return;
        var missing = new List<string>();
        if (!Has(update, RootCause())) missing.Add("the root cause");
        if (!Has(update, FixForward())) missing.Add("the fix-forward plan");
        if (missing.Count == 0) return;
        var place = fieldSays ? post.Place(rollbackField!.Entry.ValueOffset, rollbackField.Entry.ValueLength) : post.TitlePlace;
        Report(context, update, place,
            $"the post reports a rollback but does not give {string.Join(" or ", missing)}; the operations guide asks rollbacks to record the root cause and the fix-forward plan",
            "rollback|" + string.Join("+", missing));
    }

    /// <summary>True when a label or heading names it with a real value, or the prose says it.</summary>
    private static bool Has(DeploymentUpdate update, Regex phrase)
    {
        foreach (var entry in update.Entries)
            if (phrase.IsMatch(entry.Label))
                return UpdateValues.Placeholder(entry.Value) is null;
        // Not as a label: the words anywhere in the post's text (outside code) count.
        return phrase.IsMatch(update.Prose);
    }
}
