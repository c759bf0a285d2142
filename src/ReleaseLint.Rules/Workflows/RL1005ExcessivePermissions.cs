using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1005: the <c>GITHUB_TOKEN</c> gets more than the jobs need.</summary>
public sealed class RL1005ExcessivePermissions : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1005", "excessive-permissions",
        "GITHUB_TOKEN has more permissions than needed",
        "A workflow with no 'permissions:' at workflow or job level (its jobs get the repository's default token, which is read-write in many repositories), 'permissions: write-all', or a write scope in a job where no step could use it. A step counts as a possible use when it runs gh, git push or other commands that need that scope (see the scope table in the rule's page), is handed the token, calls the API, or uses an action that is not known to need less. A compromised dependency or an injected command acts with whatever the token allows.",
        Severity.Warning, RuleCategory.Workflows, ["workflows", "security", "least-privilege"], securitySeverity: 5.0)
    {
        Reads = RuleInputs.Workflows,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        if (workflow.Root is null || workflow.Jobs.Count == 0) return;
        CheckWriteAll(context, workflow.Permissions, null);
        foreach (var job in workflow.Jobs)
            CheckWriteAll(context, job.Permissions, job);

        // Missing permissions. A workflow that only runs when called gets the caller's token, which it can only narrow.
        if (workflow.Permissions is null && !workflow.IsReusableOnly)
        {
            var bare = workflow.Jobs.Where(j => j.Permissions is null && j.Node is not null).ToList();
            if (bare.Count == workflow.Jobs.Count)
            {
                var first = workflow.Root.Entries[0].Key;
                context.At(first).Key("no-permissions")
                    .Report($"workflow has no 'permissions:', so {(bare.Count == 1 ? $"job '{bare[0].Id}' gets" : "its jobs get")} the repository's default GITHUB_TOKEN permissions (read-write in many repositories); add 'permissions: {{ contents: read }}' at the top and grant write scopes only in the jobs that need them");
            }
            else
            {
                foreach (var job in bare)
                    context.At(job.IdNode).Key("no-permissions:" + job.Id)
                        .Report($"job '{job.Id}' has no 'permissions:' and neither has the workflow, so it gets the repository's default GITHUB_TOKEN permissions; give it 'permissions: {{ contents: read }}' plus the write scopes it needs");
            }
        }

        // Unused write scopes.
        foreach (var job in workflow.Jobs)
            if (job.Permissions is { } own)
                CheckUnused(context, own, [job], workflow, job);
        if (workflow.Permissions is { } top)
        {
            var inheriting = workflow.Jobs.Where(j => j.Permissions is null).ToList();
            CheckUnused(context, top, inheriting, workflow, null);
        }
    }

    /// <summary>
    /// The scopes a reusable-workflow call can use: a called workflow of this repository whose jobs all set their own
    /// permissions (or that sets them at its top) gets at most those, so a scope granted to the call that none of them
    /// asks for is unused; any other call could use every scope it is given.
    /// </summary>
    private static ScopeUse CallUse(RuleContext context, WorkflowJob job)
    {
        var all = ScopeUse.All($"job '{job.Id}' calls a reusable workflow");
        if (Inputs.Workflows.Deploys.CallGraph.CalledPath(job) is not { } path || context.Workspace.Workflows.FirstOrDefault(w => w.Path == path) is not { } callee || callee.Jobs.Count == 0) return all;
        var declared = new List<WorkflowPermissions>();
        foreach (var calleeJob in callee.Jobs)
        {
            if (calleeJob.IsReusableWorkflowCall) return all;
            var permissions = calleeJob.Permissions ?? callee.Permissions;
            if (permissions is null || permissions.IsWriteAll) return all;
            declared.Add(permissions);
        }
        var scopes = declared.SelectMany(p => p.Scopes).Where(s => s.Level?.Value == "write").Select(s => s.Scope.Value).Distinct().ToArray();
        return ScopeUse.Of($"calls {path}, whose jobs ask for {(scopes.Length == 0 ? "no write scope" : string.Join(", ", scopes.Select(x => x + ": write")))}", scopes);
    }

    /// <summary>Starts a finding about the permissions of <paramref name="job"/> (null: of the workflow).</summary>
    private static FindingBuilder At(RuleContext context, YamlNode node, WorkflowJob? job) =>
        job is null ? context.At(node).Key("workflow") : context.At(node).InJob(job);

    private static void CheckWriteAll(RuleContext context, WorkflowPermissions? permissions, WorkflowJob? job)
    {
        if (permissions is not { IsWriteAll: true }) return;
        var owner = job is null ? "workflow" : WorkflowPlace.Of(job).Describe();
        At(context, permissions.Shorthand!, job).Key("write-all")
            .Report($"'permissions: write-all' in {owner} gives the GITHUB_TOKEN every write scope; list only the scopes it needs, e.g. 'permissions: {{ contents: read }}'");
    }

    private static void CheckUnused(RuleContext context, WorkflowPermissions permissions, IReadOnlyList<WorkflowJob> jobs, WorkflowFile workflow, WorkflowJob? job)
    {
        var owner = job is null ? "the workflow" : WorkflowPlace.Of(job).Describe();
        var writes = permissions.Scopes.Where(s => s.Level?.Value == "write").ToList();
        if (writes.Count == 0) return;
        var uses = jobs.SelectMany(j => j.IsReusableWorkflowCall
            ? [CallUse(context, j)]
            : j.Steps.Select(s => TokenScopes.For(workflow, j, s))).ToList();
        if (uses.Any(u => u.Any)) return;
        foreach (var (scope, level) in writes)
        {
            if (uses.Any(u => u.Covers(scope.Value))) continue;
            var purpose = TokenScopes.Purpose.TryGetValue(scope.Value, out var p) ? $" (needed for {p})" : "";
            var subject = jobs.Count == 0
                ? $"'{scope.Value}: write' in {owner} applies to no job: every job sets its own 'permissions:'; remove it"
                : owner == "the workflow"
                    ? $"'{scope.Value}: write' in {owner} is not used by any job that inherits it{purpose}; lower it to 'read' or grant it only in the job that needs it"
                    : $"'{scope.Value}: write' in {owner} is not used by any of its steps{purpose}; lower it to '{(scope.Value == "id-token" ? "none" : "read")}' or remove it";
            At(context, level!, job).Key($"{scope.Value}:write").Report(subject);
        }
    }
}
