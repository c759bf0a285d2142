using ReleaseLint.Inputs.Git;

namespace ReleaseLint.Rules.History;

/// <summary>RL3006: the date in a release tag's name disagrees with when it was tagged, or tags are out of date order.</summary>
public sealed class RL3006TagDateMismatch : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL3006", "tag-date-mismatch",
        "Release tag date disagrees with history",
        "The date in a release tag's name differs from its tagger date (the commit date for a lightweight tag) by more than tags.date-tolerance-days (default 1), or release tags are out of date order along the release branch: a tag that joined the branch after another tag names an earlier date. Both usually mean a typo in the tag or a retroactively tagged commit, and both send a rollback to the wrong release.",
        Severity.Warning, RuleCategory.History, ["tags", "history"])
    {
        Reads = RuleInputs.History,
        History = HistoryNeeds.Tags,
        HistoryParts = new Dictionary<string, HistoryNeeds> { ["release order"] = HistoryNeeds.FullHistory | HistoryNeeds.ReleaseBranch },
        ReportsIn = RuleInputs.None,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var history = context.Workspace.History;
        if (!history.CanCheckTags || !history.TagFormat.HasDate) return;
        var tolerance = context.Policy.TagDateToleranceDays;
        var at = context.Workspace.RequirementLocation("tags.date-tolerance-days", "tag-format");
        var dated = new List<(GitTag Tag, DateOnly Date, int Number)>();
        foreach (var tag in history.ReleaseTags)
        {
            var match = history.TagFormat.Match(tag.Name);
            if (!match.Success || match.Date is not { } date) continue;
            dated.Add((tag, date, match.Number ?? 0));
            var when = tag.TaggerDate ?? tag.CommitDate;
            if (when is not { } w) continue;
            var actual = DateOnly.FromDateTime(w.DateTime); // the calendar day where it was tagged
            var days = Math.Abs(actual.DayNumber - date.DayNumber);
            if (days <= tolerance) continue;
            var what = tag.TaggerDate is not null ? "was tagged on" : "is a lightweight tag on a commit dated";
            context.At(at).About("tag", tag.Name).Key("tag-date", tag.Name)
                .Report($"release tag '{tag.Name}' names {date:yyyy-MM-dd} but {what} {actual:yyyy-MM-dd} ({days} days apart; tags.date-tolerance-days is {tolerance})");
        }

        if (!history.CanCheckReachability) return;
        var release = history.ReleaseBranch!.Name;
        var placed = dated.Select(d => (d.Tag, d.Date, d.Number, Position: d.Tag.Target is { } t ? history.ReleasePosition(t) : null))
            .Where(d => d.Position is not null).OrderBy(d => d.Position).ThenBy(d => d.Date).ThenBy(d => d.Number).ToList();
        (GitTag Tag, DateOnly Date, int Number)? latest = null;
        foreach (var group in placed.GroupBy(p => p.Position))
        {
            var groupLatest = latest;
            foreach (var (tag, date, number, _) in group)
            {
                if (latest is { } l && (date < l.Date || (date == l.Date && number < l.Number)))
                {
                    context.At(at).About("tag", tag.Name).About("tag", l.Tag.Name).Key("tag-order", tag.Name)
                        .Report($"release tag '{tag.Name}' is out of date order on the release branch '{release}': it joined '{release}' after '{l.Tag.Name}', which names a later release");
                    continue;
                }
                if (groupLatest is not { } g || date > g.Date || (date == g.Date && number > g.Number)) groupLatest = (tag, date, number);
            }
            latest = groupLatest;
        }
    }
}
