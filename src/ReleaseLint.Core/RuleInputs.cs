namespace ReleaseLint;

/// <summary>
/// The inputs a rule reads, declared in its <see cref="RuleDescriptor"/>. The engine reads the declarations: it starts
/// the revision walk early when an enabled rule reads <see cref="History"/>, reads live protection before the rules
/// start when one reads <see cref="Protection"/>, and <c>check --staged</c> runs a rule only when a staged file is one
/// its findings land in (<see cref="RuleDescriptor.ReportsIn"/>).
/// </summary>
[Flags]
public enum RuleInputs
{
    /// <summary>Nothing of the repository (a rule that reports on the policy alone).</summary>
    None = 0,
    /// <summary>Workflows under <c>.github/workflows/</c>.</summary>
    Workflows = 1,
    /// <summary>Action metadata files (<c>action.yml</c>) anywhere in the tree.</summary>
    Actions = 2,
    /// <summary>The linted markdown documents.</summary>
    Markdown = 4,
    /// <summary>Branch protection: exports, rulesets, <c>.github/settings.yml</c> or the live API.</summary>
    Protection = 8,
    /// <summary>The shared history facts of the revision walk (<see cref="Workspace.History"/>); declare the needs in <see cref="RuleDescriptor.History"/>.</summary>
    History = 16,
    /// <summary>The git repository itself, asked directly (<see cref="Workspace.Git"/>: refs, commits), without the revision walk.</summary>
    Git = 32,
    /// <summary>Discussion posts: markdown files under <c>discussions.paths</c>, the <c>--discussions</c> export, the live API.</summary>
    Discussions = 64,
}

/// <summary>
/// What of the git history a history rule needs (<see cref="RuleDescriptor.History"/>). Where the repository lacks one
/// (a shallow clone, tags not fetched, a branch missing), the history facts switch the dependent checks off and RL0005
/// names exactly the rules, or parts of rules, whose needs are missing.
/// </summary>
[Flags]
public enum HistoryNeeds
{
    /// <summary>Nothing beyond a readable repository.</summary>
    None = 0,
    /// <summary>A repository git can read (its refs): every rule that reads history needs it, declared or not.</summary>
    Repository = 1,
    /// <summary>The tags (a shallow CI checkout fetches none).</summary>
    Tags = 2,
    /// <summary>The whole history (not a shallow clone): reachability and first-parent chains.</summary>
    FullHistory = 4,
    /// <summary>The release branch, locally or as a remote-tracking branch.</summary>
    ReleaseBranch = 8,
    /// <summary>The integration branch, locally or as a remote-tracking branch.</summary>
    IntegrationBranch = 16,
}
