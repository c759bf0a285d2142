using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1001: a workflow that GitHub would reject.</summary>
public sealed partial class RL1001WorkflowStructure : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1001", "workflow-structure",
        "Workflow GitHub would reject",
        "A workflow that GitHub Actions rejects when it is pushed: no 'on:' or no 'jobs:', an unknown top-level key, a job with neither 'runs-on' nor 'uses', a step with both or neither of 'uses' and 'run', 'needs' naming an unknown job or forming a cycle, an unknown event name, an unknown permission scope or level, duplicate keys, an invalid job id, a 'uses:' that is not an action or reusable-workflow reference. A rejected deploy workflow silently stops deploying.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "correctness"])
    {
        Reads = RuleInputs.Workflows,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex JobId();

    [GeneratedRegex(@"^(?:[.$]/[^@]+\.ya?ml|[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/[^@]+\.ya?ml@[^@\s]+)$")]
    private static partial Regex ReusableWorkflowCall();

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        var source = workflow.Source;
        if (workflow.Root is null)
        {
            var what = workflow.Yaml.Root is null ? "empty" : "not a mapping of keys";
            context.At(source.At(1, 1)).Key("root").Report($"workflow is {what}; GitHub needs at least 'on:' and 'jobs:'");
            return;
        }
        CheckDuplicateKeys(context, workflow.Root);
        foreach (var entry in workflow.Root.Entries)
            if (entry.Key is YamlScalar key && !GitHubActionsSchema.WorkflowKeys.Contains(key.Value))
                context.At(key).Key("key:" + key.Value).Report($"unexpected top-level key '{key.Value}'; a workflow may have {string.Join(", ", GitHubActionsSchema.WorkflowKeys)}");

        var firstLine = workflow.Root.Location with { EndLine = 1, EndColumn = 1 + source.Line(1).Length };
        if (workflow.OnEntry is null)
            context.At(firstLine).Key("no-on").Report("workflow has no 'on:' section, so nothing ever triggers it; add the events it should run on");
        else
            CheckEvents(context, workflow);

        if (workflow.Root.Find("jobs") is not { } jobsEntry)
            context.At(firstLine).Key("no-jobs").Report("workflow has no 'jobs:' section; add at least one job");
        else if (jobsEntry.Value is not YamlMapping { Entries.Count: > 0 })
            context.At(jobsEntry.Key).Key("jobs-empty").Report("'jobs:' must be a mapping with at least one job");

        CheckPermissions(context, workflow.Permissions, "workflow");
        var ids = workflow.Jobs.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var job in workflow.Jobs)
            CheckJob(context, job, ids);
        CheckCycles(context, workflow.Jobs);
    }

    private static void CheckEvents(RuleContext context, WorkflowFile workflow)
    {
        var on = workflow.OnEntry!.Value;
        if (on is YamlScalar { IsNull: true } || (on is YamlMapping { Entries.Count: 0 }) || (on is YamlSequence { Items.Count: 0 }))
        {
            context.At(workflow.OnEntry.Key).Key("on-empty").Report("'on:' names no event; add the events the workflow should run on");
            return;
        }
        foreach (var ev in workflow.Events)
        {
            if (GitHubActionsSchema.Events.Contains(ev.Name)) continue;
            var suggestion = Suggestions.Closest(GitHubActionsSchema.Events, ev.Name);
            var hint = suggestion is not null ? $"; did you mean '{suggestion}'?" : "";
            context.At(ev.NameNode).Key("event:" + ev.Name).Report($"unknown event '{ev.Name}'{hint}");
        }
    }

    private static void CheckJob(RuleContext context, WorkflowJob job, HashSet<string> ids)
    {
        if (!JobId().IsMatch(job.Id))
            context.At(job.IdNode).Key("job-id:" + job.Id).Report($"job id '{job.Id}' is invalid: it must start with a letter or '_' and contain only letters, digits, '-' and '_'");
        if (job.Node is null)
        {
            context.At(job.IdNode).InJob(job).Within("not-mapping").Report($"job '{job.Id}' must be a mapping with 'runs-on' and 'steps' (or 'uses')");
            return;
        }
        var runsOn = job.Node.Find("runs-on");
        var uses = job.Node.Find("uses");
        if (runsOn is null && uses is null)
            context.At(job.IdNode).InJob(job).Within("no-runner").Report($"job '{job.Id}' has neither 'runs-on' nor 'uses'; add 'runs-on:' with a runner label");
        if (runsOn is not null && uses is not null)
            context.At(runsOn.Key).InJob(job).Within("runs-on-with-uses").Report($"job '{job.Id}' calls a reusable workflow with 'uses', where 'runs-on' is not allowed; remove 'runs-on'");
        if (uses is null && runsOn is not null && job.Node.Find("steps") is null)
            context.At(job.IdNode).InJob(job).Within("no-steps").Report($"job '{job.Id}' has no 'steps'");

        if (uses?.Value is YamlScalar { IsNull: false } call && !IsExpression(call.Value) && !ReusableWorkflowCall().IsMatch(call.Value.Trim()))
            context.At(call).InJob(job).Within("uses:" + call.Value).Report($"job '{job.Id}' calls '{call.Value}', which is neither a local workflow './path/to/workflow.yml' or '$/path/to/workflow.yml' nor 'owner/repo/path/to/workflow.yml@ref'; GitHub rejects the workflow");

        foreach (var need in job.Needs)
            if (!ids.Contains(need.Value))
                context.At(need).InJob(job).Within("needs:" + need.Value).Report($"job '{job.Id}' needs '{need.Value}', which is not a job of this workflow");

        CheckPermissions(context, job.Permissions, $"job '{job.Id}'");
        foreach (var step in job.Steps)
        {
            var hasUses = step.Node.Find("uses") is not null;
            var hasRun = step.Node.Find("run") is not null;
            if (hasUses && hasRun)
                context.At(step.Node).InJob(job).InStep(step).Within("both").Report($"step {step.Label} of job '{job.Id}' has both 'uses' and 'run'; a step does one or the other");
            else if (!hasUses && !hasRun)
                context.At(step.Node).InJob(job).InStep(step).Within("neither").Report($"step {step.Label} of job '{job.Id}' has neither 'uses' nor 'run'");
            if (step.Uses is { IsNull: false } stepUses && !IsExpression(stepUses.Value) && ActionReference.Parse(stepUses.Value).Kind == ActionReferenceKind.Invalid)
                context.At(stepUses).InJob(job).InStep(step).Within("uses:" + stepUses.Value).Report($"'uses: {stepUses.Value}' in step {step.Label} of job '{job.Id}' is not an action reference; use './path/to/action', '$/path/to/action', 'owner/repo[/path]@ref' or 'docker://image'");
        }
    }

    private static void CheckPermissions(RuleContext context, WorkflowPermissions? permissions, string owner)
    {
        if (permissions is null) return;
        if (permissions.Shorthand is { } shorthand)
        {
            if (!GitHubActionsSchema.PermissionShorthands.Contains(shorthand.Value) && !IsExpression(shorthand.Value))
                context.At(shorthand).Key("permissions:" + owner).Report($"permissions of {owner} is '{shorthand.Value}'; use 'read-all', 'write-all' or a mapping of scopes");
            return;
        }
        foreach (var (scope, level) in permissions.Scopes)
        {
            if (!GitHubActionsSchema.PermissionScopes.TryGetValue(scope.Value, out var levels))
            {
                var suggestion = Suggestions.Closest(GitHubActionsSchema.PermissionScopes.Keys, scope.Value);
                var hint = suggestion is not null ? $"; did you mean '{suggestion}'?" : $"; known scopes: {string.Join(", ", GitHubActionsSchema.PermissionScopes.Keys)}";
                context.At(scope).Key($"permissions:{owner}/{scope.Value}").Report($"unknown permission scope '{scope.Value}' in {owner}{hint}");
                continue;
            }
            if (level is null || IsExpression(level.Value)) continue;
            if (!levels.Contains(level.Value))
                context.At(level).Key($"permissions:{owner}/{scope.Value}:{level.Value}").Report($"permission '{scope.Value}: {level.Value}' in {owner} is not a valid level; use {string.Join(", ", levels)}");
        }
    }

    private static void CheckCycles(RuleContext context, IReadOnlyList<WorkflowJob> jobs)
    {
        var byId = jobs.GroupBy(j => j.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (state.ContainsKey(job.Id)) continue;
            // Iterative depth-first search: the path is kept explicitly so that the cycle can be named.
            var path = new List<(WorkflowJob Job, int Next)> { (job, 0) };
            state[job.Id] = 1;
            while (path.Count > 0)
            {
                var (current, next) = path[^1];
                var needs = current.Needs;
                if (next >= needs.Count)
                {
                    state[current.Id] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                path[^1] = (current, next + 1);
                var need = needs[next];
                if (!byId.TryGetValue(need.Value, out var target)) continue;
                if (!state.TryGetValue(target.Id, out var s))
                {
                    state[target.Id] = 1;
                    path.Add((target, 0));
                }
                else if (s == 1)
                {
                    var start = path.FindIndex(p => p.Job.Id == target.Id);
                    var cycle = path.Skip(start).Select(p => p.Job.Id).Append(target.Id).ToList();
                    var key = string.Join(">", cycle.Skip(1).Order(StringComparer.Ordinal));
                    if (reported.Add(key))
                        context.At(need).Key("needs-cycle:" + key).Report($"'needs' forms a cycle: {string.Join(" -> ", cycle)}; GitHub rejects the workflow");
                }
            }
        }
    }

    private static void CheckDuplicateKeys(RuleContext context, YamlNode root)
    {
        var stack = new Stack<YamlNode>();
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!visited.Add(node)) continue;
            switch (node)
            {
                case YamlMapping map:
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var e in map.Entries)
                    {
                        if (e.Key is YamlScalar k && !seen.Add(k.Value))
                            context.At(k).Key("duplicate:" + k.Value).Report($"key '{k.Value}' is duplicated in this mapping; GitHub rejects duplicate keys");
                        stack.Push(e.Value);
                    }
                    break;
                case YamlSequence seq:
                    foreach (var item in seq.Items) stack.Push(item);
                    break;
            }
        }
    }

    private static bool IsExpression(string value) => value.Contains("${{", StringComparison.Ordinal);
}
