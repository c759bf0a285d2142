namespace ReleaseLint.Inputs.Workflows;

/// <summary>
/// Where in a workflow (or composite action) a finding is: a job, a step of a job, or a step of an action. Messages
/// name it with <see cref="Describe"/>; <see cref="FindingBuilder.In(WorkflowPlace)"/> turns it into the fingerprint's
/// place and the logical locations.
/// </summary>
/// <param name="Job">The job, or null for a step of a composite action.</param>
/// <param name="Step">The step, or null for the job itself.</param>
public sealed record WorkflowPlace(WorkflowJob? Job, WorkflowStep? Step)
{
    /// <summary>A job, or a step of it.</summary>
    public static WorkflowPlace Of(WorkflowJob job, WorkflowStep? step = null) => new(job, step);

    /// <summary>A step of a composite action.</summary>
    public static WorkflowPlace Of(WorkflowStep step) => new(null, step);

    /// <summary>For messages: <c>job 'deploy'</c>, <c>step push of job 'deploy'</c>, <c>step "Push image"</c>.</summary>
    public string Describe() => (Job, Step) switch
    {
        ({ } job, null) => $"job '{job.Id}'",
        ({ } job, { } step) => $"step {step.Label} of job '{job.Id}'",
        (null, { } step) => $"step {step.Label}",
        _ => "the workflow",
    };
}
