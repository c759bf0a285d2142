namespace ReleaseLint.Rules.Discussions;

/// <summary>RL5006: a discussions source (the export file or the live API) cannot be read.</summary>
public sealed class RL5006DiscussionsUnavailable : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL5006", "discussions-unavailable",
        "Discussions source cannot be read",
        "A discussions source given on the command line cannot be read: the --discussions export is not JSON, holds GraphQL errors or no discussions; or the live GraphQL API (--github) fails (no GITHUB_TOKEN, 401/403/404, rate limit, network error, unknown discussions.category); or one of its posts is over the markdown budgets and is not checked. Says what was tried; the posts of the other sources are still checked.",
        Severity.Warning, RuleCategory.Discussions, ["discussions"])
    {
        Reads = RuleInputs.Discussions,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        foreach (var problem in context.Workspace.Discussions.Problems)
        {
            var message = problem.ExportHelp ? $"{problem.Message} (see rules/{Definition.Id}.md)" : problem.Message;
            context.At(problem.Location).About("setting", "discussions source " + problem.Source).Key("source", problem.Source + "|" + message)
                .Report(message);
        }
    }
}
