using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>Where a deploy goes.</summary>
public enum DeployTarget
{
    /// <summary>Users or production: a package registry, a production app or site, a published release.</summary>
    Production,
    /// <summary>A preview: a pull-request deploy, a Vercel/Netlify draft, pkg.pr.new, a preview channel.</summary>
    Preview,
    /// <summary>A staging, development or other non-production environment.</summary>
    Staging,
    /// <summary>A test registry or a throwaway cluster (test.pypi.org, a kind cluster).</summary>
    Test,
    /// <summary>A draft release: nothing reaches users until someone publishes it.</summary>
    Draft,
}

/// <summary>How strongly a step shows that it deploys.</summary>
public enum SignalStrength
{
    /// <summary>A known deploy or publish command or action.</summary>
    Strong,
    /// <summary>
    /// A step that writes outward without naming where (a <c>git push</c>, <c>gh pr merge</c>, a task or script named
    /// publish/deploy/release): it marks which steps deploy in a job whose environment says it deploys, and is not
    /// enough on its own.
    /// </summary>
    Weak,
}

/// <summary>
/// A production deploy that happens only when a condition written into the step holds: <c>push: ${{ expr }}</c> on a
/// build-push action, a <c>--prod</c> flag chosen by an expression, image tags that only some refs get.
/// </summary>
/// <param name="Describe">For messages: what decides it (<c>push: ${{ github.event_name == 'release' }}</c>).</param>
/// <param name="Evaluate">Whether the production deploy happens in a scenario.</param>
public sealed record SignalCondition(string Describe, Func<IExpressionContext, Truth> Evaluate);

/// <summary>One piece of evidence that a step deploys.</summary>
public sealed record DeploySignal
{
    /// <summary>The kind of deploy: <c>fly</c>, <c>pypi</c>, <c>npm</c>, <c>container</c>, <c>pages</c>, <c>release</c>…</summary>
    public required string Kind { get; init; }
    /// <summary>Where it goes.</summary>
    public required DeployTarget Target { get; init; }
    /// <summary>For messages: what the step does (<c>runs 'flyctl deploy --remote-only'</c>, <c>uses pypa/gh-action-pypi-publish</c>).</summary>
    public required string What { get; init; }
    /// <summary>The exact place (the command line inside the run block, the <c>uses:</c> value).</summary>
    public required SourceLocation Location { get; init; }
    /// <summary>The deploy command as written (continuation lines joined), or null for actions.</summary>
    public string? Command { get; init; }
    /// <summary>The whole logical line the command is on (its arguments too), or null for actions.</summary>
    public string? CommandLine { get; init; }
    /// <summary>True when the deploy overwrites something that moves (an app, a site, <c>:latest</c>, a gh-pages index), false for append-only publishing (a package version, a release).</summary>
    public bool Mutable { get; init; }
    /// <summary>How strongly this shows a deploy.</summary>
    public SignalStrength Strength { get; init; } = SignalStrength.Strong;
    /// <summary>A production condition written into the step, or null when the step always deploys to <see cref="Target"/>.</summary>
    public SignalCondition? Condition { get; init; }
    /// <summary>Why the target is not production (for notes and tests), or null.</summary>
    public string? NotProductionBecause { get; init; }
    /// <summary>The step (of the job, or of the composite action it goes through) that carries the evidence.</summary>
    public required WorkflowStep Step { get; init; }
    /// <summary>The node holding the evidence (the run block, the <c>uses:</c> value or the input).</summary>
    public required YamlScalar Evidence { get; init; }
    /// <summary>The composite actions the evidence was found through (outermost first), empty when the step is the job's own.</summary>
    public IReadOnlyList<string> Via { get; init; } = [];

    /// <summary>True for a strong signal that goes to production.</summary>
    public bool IsProduction => Target == DeployTarget.Production && Strength == SignalStrength.Strong;

    /// <summary>
    /// For messages: what the step does and where, seen from <paramref name="fromPath"/> (<c>runs 'flyctl deploy' at line
    /// 30</c>; <c>uses ./.github/actions/deploy, which runs 'flyctl deploy' at .github/actions/deploy/action.yml:12</c>).
    /// </summary>
    public string Describe(string fromPath)
    {
        var where = Location.Path == fromPath ? $"at line {Location.Line}" : $"at {Location.Path}:{Location.Line}";
        var through = string.Concat(Via.Select(v => $"uses {v}, which "));
        return $"{through}{What} {where}";
    }
}

/// <summary>A step of a deploy job that deploys, with its evidence.</summary>
/// <param name="Step">The job's step (for a signal found inside a composite action, the step that uses the action).</param>
/// <param name="Signals">What shows it deploys (the first one is shown in messages).</param>
public sealed record DeployStep(WorkflowStep Step, IReadOnlyList<DeploySignal> Signals)
{
    /// <summary>The main signal.</summary>
    public DeploySignal Signal => Signals[0];
    /// <summary>For messages, seen from the job's workflow <paramref name="fromPath"/>.</summary>
    public string Describe(string fromPath) => Signal.Describe(fromPath);
    /// <summary>Where the evidence is.</summary>
    public SourceLocation Location => Signal.Location;
    /// <summary>The deploy command, or null.</summary>
    public string? Command => Signal.Command;
}

/// <summary>Why a job counts as a deploy job.</summary>
public enum DeployBasis
{
    /// <summary>A step deploys (a known command or action, also through a local composite action).</summary>
    Steps,
    /// <summary>The job's environment has a production-like name (the steps only show where it writes).</summary>
    Environment,
    /// <summary>It calls a local reusable workflow that deploys.</summary>
    Call,
    /// <summary>The configuration names it (<c>deploy.workflows</c> or <c>deploy.jobs</c>).</summary>
    Configured,
}

/// <summary>A job that deploys to production, and why it counts as one.</summary>
public sealed record DeployJob
{
    /// <summary>The workflow.</summary>
    public required WorkflowFile Workflow { get; init; }
    /// <summary>The job.</summary>
    public required WorkflowJob Job { get; init; }
    /// <summary>What shows that it deploys.</summary>
    public required DeployBasis Basis { get; init; }
    /// <summary>
    /// The steps whose running is the deploy: the steps with production signals, else (for a job counted by its
    /// environment or by configuration) the steps that write outward; empty when the whole job is the deploy (a call, or
    /// a job with nothing more specific).
    /// </summary>
    public required IReadOnlyList<DeployStep> Steps { get; init; }
    /// <summary>For messages: why the job counts as a deploy job (<c>runs 'flyctl deploy' at line 30</c>).</summary>
    public required string Reason { get; init; }
    /// <summary>For a job that calls a reusable workflow: the called workflow's deploy jobs.</summary>
    public IReadOnlyList<DeployJob> Callees { get; init; } = [];
    /// <summary>The called workflow's path, for a call.</summary>
    public string? CalledWorkflow { get; init; }

    /// <summary>True when some deploy of this job overwrites a moving target (an app, a site, a moving image tag), so two runs must not race.</summary>
    public bool Mutable { get; init; }

    /// <summary>The <c>workflow.yml:job</c> name used by <c>deploy.jobs</c> and <c>deploy.ignore</c>.</summary>
    public string Name => $"{Workflow.Path[(Workflow.Path.LastIndexOf('/') + 1)..]}:{Job.Id}";
}

/// <summary>What deploy detection found in one workflow.</summary>
/// <param name="Workflow">The workflow.</param>
/// <param name="IsConfigured">True when policy's <c>deploy.workflows</c> names it.</param>
/// <param name="Jobs">Its deploy jobs.</param>
public sealed record DeployWorkflow(WorkflowFile Workflow, bool IsConfigured, IReadOnlyList<DeployJob> Jobs);

/// <summary>One deploy job in the run's output (<c>check --format json</c>, <c>deployJobs</c>).</summary>
/// <param name="Workflow">The workflow's repository-relative path.</param>
/// <param name="Job">The job id.</param>
/// <param name="Reason">Why it counts as a deploy job.</param>
public sealed record DeployJobSummary(string Workflow, string Job, string Reason);
