using ReleaseLint.Fixes;

namespace ReleaseLint.Rules.History;

/// <summary>RL3001: a release tag that does not match the policy tag format.</summary>
public sealed class RL3001TagFormat : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL3001", "tag-format",
        "Release tag does not match the tag format",
        "A release tag (one that matches tags.format or looks like an attempt at it: by default a 'v' followed by a digit) whose name does not match the policy format, default v{yyyy}.{MM}.{dd}[.{n}]. Dates must be real calendar dates (no 2025-02-30, no month 13) and the optional number starts at 1. Operators roll back to 'the last known good tag'; tags that sort and parse differently make that guesswork. Other tags (docs-2025) are left alone.",
        Severity.Error, RuleCategory.History, ["tags", "history"])
    {
        Reads = RuleInputs.History,
        History = HistoryNeeds.Tags,
        ReportsIn = RuleInputs.None, // at the policy key or guide line that sets the format
        Fix = new("git commands to re-create the tag under a name of the policy format", "printed, never run") { CommandsOnly = true },
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var history = context.Workspace.History;
        if (!history.CanCheckTags) return;
        var format = history.TagFormat;
        var at = context.Workspace.RequirementLocation("tags.format", "tag-format");
        foreach (var tag in history.ReleaseTags)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var match = format.Match(tag.Name);
            if (match.Success) continue;
            string message;
            IReadOnlyList<Fix>? fixes = null;
            if (match.Problem is { } problem)
                message = $"release tag '{tag.Name}' does not match the tag format {format.Describe()}: {problem}";
            else if (format.Suggest(tag.Name) is { } suggestion)
            {
                message = $"release tag '{tag.Name}' does not match the tag format {format.Describe()}; did you mean '{suggestion}'?";
                // Commands only when the suggestion is the same release written right: its date is the tag's own (a day
                // either side for time zones). 'v2025.1.4' may be version 2025.1.4, not 4 January: then only the hint.
                if (tag.Target is { } target && !history.ReleaseTags.Any(t => t.Name == suggestion) && SameDay(format.Match(suggestion).Date, tag.TaggerDate ?? tag.CommitDate))
                    fixes = [Fix.WithCommands($"rename the tag to '{suggestion}' (an annotated tag on the same commit) and replace it on the remote",
                        ShellCommand.Join("git", "tag", "-a", suggestion, target.ToString(), "-m", "Release " + suggestion),
                        ShellCommand.Join("git", "tag", "-d", tag.Name),
                        ShellCommand.Join("git", "push", "origin", "refs/tags/" + suggestion, ":refs/tags/" + tag.Name))];
            }
            else
                message = $"release tag '{tag.Name}' does not match the tag format {format.Describe()}" +
                    (format.ExamplesFor(tag.Name).FirstOrDefault() is { } example ? $" (e.g. '{example}')" : "");
            context.At(at).About("tag", tag.Name).Key("tag", tag.Name).Fix(fixes).Report(message);
        }
    }

    private static bool SameDay(DateOnly? suggested, DateTimeOffset? tagged) =>
        suggested is { } date && tagged is { } when && Math.Abs(date.DayNumber - DateOnly.FromDateTime(when.UtcDateTime).DayNumber) <= 1;
}
