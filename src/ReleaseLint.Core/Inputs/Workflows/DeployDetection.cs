using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Policy;

namespace ReleaseLint.Inputs.Workflows;

/// <summary>A step that deploys, and how it was recognised.</summary>
/// <param name="Step">The step.</param>
/// <param name="Evidence">The node that shows it deploys (the <c>run:</c> block or the <c>uses:</c> value).</param>
/// <param name="Location">Where exactly (the <c>flyctl deploy</c> command inside the block, or the <c>uses:</c> value).</param>
/// <param name="Reason">For messages: <c>runs 'flyctl deploy'</c>, <c>uses superfly/flyctl-actions</c>.</param>
/// <param name="Command">The deploy command line as written (for <c>run:</c> steps and <c>args:</c>), or null.</param>
public sealed record DeployStep(WorkflowStep Step, YamlScalar Evidence, SourceLocation Location, string Reason, string? Command);

/// <summary>A job that deploys.</summary>
/// <param name="Job">The job.</param>
/// <param name="Steps">Its deploy steps (empty when the job deploys by calling a deploy workflow, or is taken as the deploy job of a configured deploy workflow).</param>
/// <param name="Reason">For messages: why this job counts as a deploy job.</param>
public sealed record DeployJob(WorkflowJob Job, IReadOnlyList<DeployStep> Steps, string Reason);

/// <summary>What deploy detection found in one workflow.</summary>
/// <param name="Workflow">The workflow.</param>
/// <param name="IsConfigured">True when policy's <c>deploy.workflows</c> names it.</param>
/// <param name="Jobs">Its deploy jobs.</param>
public sealed record DeployWorkflow(WorkflowFile Workflow, bool IsConfigured, IReadOnlyList<DeployJob> Jobs)
{
    /// <summary>For messages: why the workflow counts as a deploy workflow.</summary>
    public string Reason => IsConfigured ? "it is listed in deploy.workflows" : Jobs.FirstOrDefault() is { } j ? $"job '{j.Job.Id}' {j.Reason}" : "it deploys";
}

/// <summary>
/// Deploy-workflow detection as the policy defines it, shared by every rule family: a workflow is a deploy
/// workflow when <c>deploy.workflows</c> lists it, when a step runs <c>flyctl deploy</c> / <c>fly deploy</c>, when
/// a step uses a <c>superfly/</c> deploy action, or when a job calls a local reusable workflow that deploys.
/// Results are computed once per workspace (a <see cref="IWorkspaceFact{TSelf}"/>).
/// </summary>
public sealed partial class DeployDetection : IWorkspaceFact<DeployDetection>
{
    private DeployDetection(IReadOnlyList<DeployWorkflow> workflows) => Workflows = workflows;

    /// <summary>Every deploy workflow of the workspace.</summary>
    public IReadOnlyList<DeployWorkflow> Workflows { get; }

    /// <inheritdoc />
    static DeployDetection IWorkspaceFact<DeployDetection>.Compute(Workspace workspace) =>
        new(Compute(workspace.Workflows, workspace.Facts<PolicyGlobs>()));

    /// <summary><c>flyctl deploy</c> or <c>fly deploy</c> as a command (also <c>~/.fly/bin/flyctl deploy</c>, <c>flyctl -a app deploy</c>).</summary>
    [GeneratedRegex(@"(?<![\w.-])(?:[\w~$./{}-]*/)?(?:flyctl|fly)(?:\.exe)?[""']?(?:\s+-{1,2}[\w-]+(?:[= ](?!deploy\b)[^\s;&|]+)?)*\s+deploy\b[^\n;&|]*(?:(?<=\\)\n[^\n;&|]*)*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    public static partial Regex FlyDeployCommand();

    /// <summary>Every deploy workflow of the workspace (computed once).</summary>
    public static IReadOnlyList<DeployWorkflow> DeployWorkflows(Workspace workspace) => workspace.Facts<DeployDetection>().Workflows;

    /// <summary>The deploy analysis of <paramref name="workflow"/>, or null when it does not deploy.</summary>
    public static DeployWorkflow? Find(Workspace workspace, WorkflowFile workflow) =>
        DeployWorkflows(workspace).FirstOrDefault(d => ReferenceEquals(d.Workflow, workflow) || d.Workflow.Path == workflow.Path);

    /// <summary>Whether <paramref name="step"/> deploys, and how.</summary>
    public static DeployStep? Classify(WorkflowStep step)
    {
        if (step.Run is { } run)
        {
            foreach (Match m in FlyDeployCommand().Matches(run.Value))
            {
                if (IsComment(run.Value, m.Index)) continue;
                var command = Regex.Replace(m.Value.TrimEnd(), @"\\\n\s*", "");
                var firstLine = m.Value.Split('\n')[0].TrimEnd('\\', ' ', '\t');
                return new DeployStep(step, run, run.LocateText(firstLine), $"runs '{firstLine.Trim()}'", command);
            }
            return null;
        }
        if (step.Action is not { Kind: ActionReferenceKind.Repository } action || !action.Owner.Equals("superfly", StringComparison.OrdinalIgnoreCase)) return null;
        var name = action.Path.Length > 0 ? $"{action.OwnerRepo}/{action.Path}" : action.OwnerRepo;
        var at = step.Uses!.LocateText(step.Uses.Value.Trim());
        if (action.Repo.Equals("flyctl-actions", StringComparison.OrdinalIgnoreCase) && action.Path.Length == 0)
        {
            var argsNode = step.WithInput("args");
            var args = argsNode?.Value ?? "";
            return argsNode is not null && Regex.IsMatch(args, @"(^|\s)deploy\b") ? new DeployStep(step, argsNode, at, $"uses {name} with 'args: {args.Trim()}'", "flyctl " + args.Trim()) : null;
        }
        if (name.Contains("setup", StringComparison.OrdinalIgnoreCase)) return null;
        if (name.Contains("deploy", StringComparison.OrdinalIgnoreCase) || name.Contains("review-app", StringComparison.OrdinalIgnoreCase))
            return new DeployStep(step, step.Uses, at, $"uses the deploy action {name}", null);
        return null;
    }

    private static IReadOnlyList<DeployWorkflow> Compute(IReadOnlyList<WorkflowFile> workflows, PolicyGlobs policy)
    {
        var direct = new Dictionary<string, List<DeployJob>>(StringComparer.Ordinal);
        foreach (var wf in workflows)
        {
            var jobs = new List<DeployJob>();
            foreach (var job in wf.Jobs)
            {
                var steps = job.Steps.Select(Classify).Where(s => s is not null).Select(s => s!).ToList();
                if (steps.Count > 0) jobs.Add(new DeployJob(job, steps, steps[0].Reason));
            }
            direct[wf.Path] = jobs;
        }
        // A job that calls a local reusable workflow which deploys is a deploy job too (followed to a fixed point).
        var deploying = new HashSet<string>(direct.Where(d => d.Value.Count > 0).Select(d => d.Key), StringComparer.Ordinal);
        deploying.UnionWith(workflows.Where(w => policy.IsDeployWorkflow(w.Path)).Select(w => w.Path));
        var callers = new Dictionary<string, List<DeployJob>>(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var wf in workflows)
                foreach (var job in wf.Jobs)
                {
                    if (job.ReusableWorkflow is not { Kind: ActionReferenceKind.Local } local) continue;
                    var target = LocalPath(local.Path);
                    if (!deploying.Contains(target)) continue;
                    var list = callers.TryGetValue(wf.Path, out var l) ? l : callers[wf.Path] = [];
                    if (list.Any(j => j.Job == job)) continue;
                    list.Add(new DeployJob(job, [], $"calls the deploy workflow {target}"));
                    if (deploying.Add(wf.Path)) changed = true;
                }
        } while (changed);

        var result = new List<DeployWorkflow>();
        foreach (var wf in workflows)
        {
            var configured = policy.IsDeployWorkflow(wf.Path);
            var jobs = direct[wf.Path].Concat(callers.TryGetValue(wf.Path, out var c) ? c : []).ToList();
            if (jobs.Count == 0 && configured)
            {
                // Listed as a deploy workflow without a recognisable deploy step: its deploy-named jobs, else all.
                var named = wf.Jobs.Where(j => j.Id.Contains("deploy", StringComparison.OrdinalIgnoreCase) || (j.Name?.Contains("deploy", StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
                jobs = (named.Count > 0 ? named : wf.Jobs).Select(j => new DeployJob(j, [], "is a job of a workflow listed in deploy.workflows")).ToList();
            }
            if (jobs.Count > 0 || configured) result.Add(new DeployWorkflow(wf, configured, jobs));
        }
        return result;
    }

    /// <summary>A local <c>uses:</c> path (<c>./.github/workflows/x.yml</c>) as a repository-relative path.</summary>
    public static string LocalPath(string uses)
    {
        var path = uses.Trim();
        while (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
        return path.TrimStart('/');
    }

    private static bool IsComment(string text, int index)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        if (index == 0) lineStart = 0;
        var before = text.AsSpan(lineStart, index - lineStart).TrimStart();
        return before.StartsWith("#") || before.StartsWith("echo ") || before.StartsWith("REM ", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The release-branch guard: a condition that keeps a job or step from running on any ref but the release branch.</summary>
public static class ReleaseBranchGuard
{
    /// <summary>
    /// The <c>if:</c> node that guards <paramref name="job"/> (or all of <paramref name="steps"/>) to
    /// <paramref name="releaseBranch"/>: the job's own condition, a condition of a job it needs (a skipped
    /// dependency skips it, unless its condition uses a status function such as <c>always()</c>), or the
    /// condition of every deploy step. Null when nothing guards it.
    /// </summary>
    public static YamlScalar? Find(WorkflowFile workflow, WorkflowJob job, IReadOnlyList<WorkflowStep> steps, string releaseBranch)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var found = FindInJob(workflow, job, releaseBranch, seen);
        if (found is not null) return found;
        if (steps.Count > 0 && steps.All(s => IsGuard(s.If, releaseBranch))) return steps[0].If;
        return null;
    }

    /// <summary>True when the condition can only hold when the ref is <paramref name="releaseBranch"/>.</summary>
    public static bool IsGuard(YamlScalar? condition, string releaseBranch) =>
        WorkflowConditions.Parse(condition) is { } node && WorkflowConditions.Requires(node, a => WorkflowConditions.IsRefEquals(a, releaseBranch));

    private static YamlScalar? FindInJob(WorkflowFile workflow, WorkflowJob job, string releaseBranch, HashSet<string> seen)
    {
        if (!seen.Add(job.Id)) return null;
        if (IsGuard(job.If, releaseBranch)) return job.If;
        if (WorkflowConditions.Parse(job.If) is { } own && WorkflowConditions.HasStatusFunction(own)) return null;
        foreach (var need in job.Needs)
            if (workflow.Job(need.Value) is { } upstream && FindInJob(workflow, upstream, releaseBranch, seen) is { } guard)
                return guard;
        return null;
    }
}
