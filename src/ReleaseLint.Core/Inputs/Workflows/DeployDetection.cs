using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Workflows.Deploys;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Policy;

namespace ReleaseLint.Inputs.Workflows;

/// <summary>
/// Deploy detection as the policy defines it, shared by every rule family: the jobs that deploy to production, found by
/// what they do (see <see cref="DeployFinder"/>), with <c>deploy.workflows</c>, <c>deploy.jobs</c> and
/// <c>deploy.ignore</c> applied. Results are computed once per workspace (<see cref="Workspace.Facts{T}"/>).
/// </summary>
public static class DeployDetection
{
    /// <summary><c>flyctl deploy</c> or <c>fly deploy</c> as a command (also <c>~/.fly/bin/flyctl deploy</c>, <c>flyctl -a app deploy</c>).</summary>
    public static Regex FlyDeployCommand() => DeploySignals.FlyDeploy();

    /// <summary>The deploy analysis of the workspace (computed once).</summary>
    public static DeployAnalysis Analysis(Workspace workspace) => workspace.Facts<DeployAnalysis>();

    /// <summary>Every workflow with deploy jobs (and every workflow <c>deploy.workflows</c> names).</summary>
    public static IReadOnlyList<DeployWorkflow> DeployWorkflows(Workspace workspace) => Analysis(workspace).Workflows;

    /// <summary>The deploy analysis of <paramref name="workflow"/>, or null when it does not deploy.</summary>
    public static DeployWorkflow? Find(Workspace workspace, WorkflowFile workflow) =>
        DeployWorkflows(workspace).FirstOrDefault(d => ReferenceEquals(d.Workflow, workflow) || d.Workflow.Path == workflow.Path);

    /// <summary>The run's deploy jobs as listed in the output, in path and job order.</summary>
    public static IReadOnlyList<DeployJobSummary> Summaries(Workspace workspace) =>
        Analysis(workspace).Jobs.Select(j => new DeployJobSummary(j.Workflow.Path, j.Job.Id, j.Reason)).ToList();

    /// <summary>The production deploy signals of <paramref name="step"/> of a workflow (no scripts or local actions are followed), or an empty list.</summary>
    public static IReadOnlyList<DeploySignal> Classify(WorkflowStep step) =>
        DeploySignals.ForStep(step, new SignalContext()).Where(s => s.IsProduction).ToList();

    /// <summary>A local <c>uses:</c> path (<c>./.github/workflows/x.yml</c>) as a repository-relative path.</summary>
    public static string LocalPath(string uses)
    {
        var path = uses.Trim();
        while (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
        return path.TrimStart('/');
    }
}

/// <summary>The release-branch guard: a condition that keeps a job or step from running on any ref but the release branch.</summary>
public static class ReleaseBranchGuard
{
    /// <summary>True when the condition can only hold when the ref is <paramref name="releaseBranch"/>.</summary>
    public static bool IsGuard(YamlScalar? condition, string releaseBranch) =>
        WorkflowConditions.Parse(condition) is { } node && WorkflowConditions.Requires(node, a => WorkflowConditions.IsRefEquals(a, releaseBranch));
}
