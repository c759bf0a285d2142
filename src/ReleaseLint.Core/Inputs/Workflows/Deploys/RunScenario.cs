using System.Collections.Frozen;
namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>
/// One way a workflow can be started: the event, the ref and what the run's <c>github</c> context then holds. The guard
/// evaluator asks, for each scenario in which the code comes from somewhere other than the release branch or a tag,
/// whether the deploy step can still run. What a scenario does not fix (step outputs, secrets, variables, what a
/// person types into a dispatch form, who the actor is) stays unknown.
/// </summary>
public sealed class RunScenario : IExpressionContext
{
    /// <summary>The event (<c>push</c>, <c>workflow_dispatch</c>…); in a called workflow, the caller's event.</summary>
    public required string Event { get; init; }
    /// <summary>The full ref (<c>refs/heads/x</c>, <c>refs/pull/1/merge</c>), or null when unknown.</summary>
    public string? Ref { get; init; }
    /// <summary>The branch whose code the run deploys (the pushed, dispatched or triggering branch), or null for a pull request.</summary>
    public string? Branch { get; init; }
    /// <summary>For <c>workflow_run</c>: the triggering run's branch.</summary>
    public string? HeadBranch { get; init; }
    /// <summary>For pull-request events: the base branch.</summary>
    public string? BaseBranch { get; init; }
    /// <summary>The repository's default branch.</summary>
    public required string DefaultBranch { get; init; }
    /// <summary>The event's activity type when the trigger allows only one, else null.</summary>
    public string? Action { get; init; }
    /// <summary>For messages: <c>a push to 'feature/x'</c>, <c>a dispatch on 'feature/x'</c>.</summary>
    public required string Description { get; init; }
    /// <summary>Inputs declared by the workflow being evaluated for <c>workflow_dispatch</c>.</summary>
    public IReadOnlyDictionary<string, WorkflowInput> DispatchInputs { get; init; } = new Dictionary<string, WorkflowInput>();
    /// <summary>Inside a called workflow: the inputs the call gives (passed values and declared defaults), else null.</summary>
    public IReadOnlyDictionary<string, ExprValue>? CallInputs { get; init; }

    private static readonly System.Collections.Frozen.FrozenDictionary<string, string[]> PayloadRoots = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["pull_request"] = ["pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"],
        ["number"] = ["pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment", "issues", "issue_comment"],
        ["release"] = ["release"],
        ["workflow_run"] = ["workflow_run"],
        ["inputs"] = ["workflow_dispatch"],
        ["commits"] = ["push"],
        ["head_commit"] = ["push"],
        ["pusher"] = ["push"],
        ["before"] = ["push", "pull_request", "pull_request_target", "merge_group"],
        ["after"] = ["push", "pull_request", "pull_request_target"],
        ["forced"] = ["push"],
        ["issue"] = ["issues", "issue_comment"],
        ["comment"] = ["issue_comment", "pull_request_review_comment", "commit_comment", "discussion_comment"],
        ["merge_group"] = ["merge_group"],
        ["schedule"] = ["schedule"],
        ["discussion"] = ["discussion", "discussion_comment"],
        ["review"] = ["pull_request_review"],
        ["deployment"] = ["deployment", "deployment_status"],
        ["check_run"] = ["check_run"],
        ["check_suite"] = ["check_suite"],
        ["registry_package"] = ["registry_package"],
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly System.Collections.Frozen.FrozenSet<string> EventsWithActions = System.Collections.Frozen.FrozenSet.Create(StringComparer.Ordinal,
    [
        "pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment", "release", "workflow_run", "issues", "issue_comment",
        "merge_group", "discussion", "discussion_comment", "label", "milestone", "check_run", "check_suite", "registry_package", "branch_protection_rule"
    ]);

    private bool IsPullRequest => Event.StartsWith("pull_request", StringComparison.Ordinal);

    /// <summary>The same run, seen from inside a workflow it calls with <paramref name="inputs"/>.</summary>
    public RunScenario ForCallee(IReadOnlyDictionary<string, ExprValue> inputs) => new()
    {
        Event = Event, Ref = Ref, Branch = Branch, HeadBranch = HeadBranch, BaseBranch = BaseBranch, DefaultBranch = DefaultBranch,
        Action = Action, Description = Description, DispatchInputs = new Dictionary<string, WorkflowInput>(), CallInputs = inputs,
    };

    /// <summary>The same run with the activity type <paramref name="action"/>.</summary>
    public RunScenario WithAction(string action) => new()
    {
        Event = Event, Ref = Ref, Branch = Branch, HeadBranch = HeadBranch, BaseBranch = BaseBranch, DefaultBranch = DefaultBranch,
        Action = action, Description = Description, DispatchInputs = DispatchInputs, CallInputs = CallInputs,
    };

    /// <summary>The activity types an event has when its trigger lists none (GitHub's defaults), or null when any type can start it.</summary>
    public static IReadOnlyList<string>? DefaultActions(string eventName) => eventName switch
    {
        "pull_request" or "pull_request_target" => ["opened", "synchronize", "reopened"],
        "merge_group" => ["checks_requested"],
        "workflow_run" => ["completed", "requested", "in_progress"],
        "pull_request_review" => ["submitted", "edited", "dismissed"],
        "pull_request_review_comment" or "issue_comment" => ["created", "edited", "deleted"],
        _ => null,
    };

    /// <summary>The same run for another workflow's dispatch inputs (the caller's own inputs).</summary>
    public RunScenario WithDispatchInputs(IReadOnlyDictionary<string, WorkflowInput> inputs) => new()
    {
        Event = Event, Ref = Ref, Branch = Branch, HeadBranch = HeadBranch, BaseBranch = BaseBranch, DefaultBranch = DefaultBranch,
        Action = Action, Description = Description, DispatchInputs = inputs, CallInputs = CallInputs,
    };

    /// <inheritdoc />
    public ExprValue Lookup(string path)
    {
        var parts = path.Split('.');
        switch (parts[0])
        {
            case "inputs":
                return parts.Length == 2 ? Input(parts[1]) : ExprValue.Unknown;
            case "github":
                break;
            default:
                return ExprValue.Unknown; // env, vars, secrets, steps, matrix, runner, job, strategy (needs is answered by the job context)
        }
        if (parts.Length == 1) return ExprValue.Unknown;
        switch (parts[1])
        {
            case "event_name": return ExprValue.Of(Event);
            case "ref": return Ref is null ? ExprValue.UnknownTruthy : ExprValue.Of(Ref);
            case "ref_name": return Ref is null ? ExprValue.UnknownTruthy : ExprValue.Of(ShortName(Ref));
            case "ref_type":
                if (Ref is null) return ExprValue.Unknown;
                return ExprValue.Of(Ref.StartsWith("refs/tags/", StringComparison.Ordinal) ? "tag" : "branch"); // pull-request refs are never tags
            case "head_ref": return IsPullRequest ? ExprValue.UnknownTruthy : ExprValue.Of("");
            case "base_ref": return IsPullRequest ? (BaseBranch is null ? ExprValue.UnknownTruthy : ExprValue.Of(BaseBranch)) : ExprValue.Of("");
            case "event" when parts.Length >= 3:
                return Payload(parts);
            default:
                return ExprValue.Unknown;
        }
    }

    private ExprValue Input(string name)
    {
        if (CallInputs is not null) return CallInputs.TryGetValue(name, out var v) ? v : ExprValue.Null;
        if (Event == "workflow_dispatch") return DispatchInputs.ContainsKey(name) ? ExprValue.Unknown : ExprValue.Null;
        return ExprValue.Null;
    }

    private ExprValue Payload(string[] parts)
    {
        var root = parts[2];
        switch (root)
        {
            case "action":
                if (Action is not null) return ExprValue.Of(Action);
                return EventsWithActions.Contains(Event) ? ExprValue.UnknownTruthy : ExprValue.Null;
            case "ref":
                if (Event is "push" or "create" or "delete" or "workflow_dispatch") return Ref is null ? ExprValue.UnknownTruthy : ExprValue.Of(Event is "create" or "delete" ? ShortName(Ref) : Ref);
                return ExprValue.Null;
            case "repository" when parts.Length == 4 && parts[3] == "default_branch":
                return ExprValue.Of(DefaultBranch);
            case "workflow_run" when Event == "workflow_run" && parts.Length == 4 && parts[3] == "head_branch":
                return HeadBranch is null ? ExprValue.UnknownTruthy : ExprValue.Of(HeadBranch);
            case "pull_request" when IsPullRequest && parts.Length == 5 && parts[3] == "base" && parts[4] == "ref":
                return BaseBranch is null ? ExprValue.UnknownTruthy : ExprValue.Of(BaseBranch);
            case "inputs" when Event == "workflow_dispatch" && parts.Length == 4:
                return DispatchInputs.ContainsKey(parts[3]) ? ExprValue.Unknown : ExprValue.Null;
        }
        if (PayloadRoots.TryGetValue(root, out var owners) && !owners.Contains(Event)) return ExprValue.Null;
        return ExprValue.Unknown;
    }

    /// <summary><c>refs/heads/x</c> → <c>x</c>, <c>refs/tags/v1</c> → <c>v1</c>, <c>refs/pull/1/merge</c> → <c>1/merge</c>.</summary>
    public static string ShortName(string reference)
    {
        foreach (var prefix in new[] { "refs/heads/", "refs/tags/", "refs/pull/", "refs/" })
            if (reference.StartsWith(prefix, StringComparison.Ordinal)) return reference[prefix.Length..];
        return reference;
    }
}
