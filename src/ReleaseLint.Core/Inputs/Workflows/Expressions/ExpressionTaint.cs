using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Expressions;

/// <summary>A value reaching an expression's result that someone other than the maintainers controls.</summary>
/// <param name="Node">The access in the analysed expression (<c>github.event.issue.title</c>, <c>env.TITLE</c>, <c>steps.x.outputs.y</c>).</param>
/// <param name="Path">Its context path, lower case.</param>
/// <param name="Origin"><see cref="ValueOrigin.AttackerControlled"/> or <see cref="ValueOrigin.CallerControlled"/>.</param>
/// <param name="Source">The context the text comes from in the end (<c>github.event.issue.title</c>), after following env, step outputs and job outputs.</param>
/// <param name="Via">How it gets there when indirect (<c>env.TITLE</c> ← <c>github.event.issue.title</c>), else "".</param>
public sealed record UntrustedValue(ExpressionNode Node, string Path, ValueOrigin Origin, string Source, string Via);

/// <summary>
/// Where an expression is evaluated: the workflow, job and step (or composite action and step), so that
/// <c>env.X</c>, <c>steps.X.outputs.Y</c>, <c>needs.J.outputs.Y</c> and <c>inputs.X</c> can be followed to the
/// values they come from.
/// </summary>
public sealed class ExpressionScope
{
    private ExpressionScope(WorkflowFile? workflow, WorkflowJob? job, WorkflowStep? step, ActionFile? action)
    {
        Workflow = workflow;
        Job = job;
        Step = step;
        Action = action;
    }

    /// <summary>The workflow (null inside a composite action).</summary>
    public WorkflowFile? Workflow { get; }
    /// <summary>The job (null inside a composite action).</summary>
    public WorkflowJob? Job { get; }
    /// <summary>The step the expression belongs to, or null for job-level values.</summary>
    public WorkflowStep? Step { get; }
    /// <summary>The composite action, or null in a workflow.</summary>
    public ActionFile? Action { get; }
    /// <summary>The steps that <c>steps.*</c> can name.</summary>
    public IReadOnlyList<WorkflowStep> Steps => Job?.Steps ?? Action?.Steps ?? [];

    /// <summary>A scope for an expression of <paramref name="step"/> (or, with a null step, of the job itself).</summary>
    public static ExpressionScope ForWorkflow(WorkflowFile workflow, WorkflowJob? job, WorkflowStep? step = null) => new(workflow, job, step, null);

    /// <summary>A scope for an expression of a step of a composite action.</summary>
    public static ExpressionScope ForAction(ActionFile action, WorkflowStep? step) => new(null, null, step, action);

    /// <summary>The <c>env:</c> value named <paramref name="name"/> visible here (step, then job, then workflow), with the scope it is evaluated in.</summary>
    public (YamlScalar Value, ExpressionScope Scope)? FindEnv(string name)
    {
        if (Step?.Env is { } stepEnv && Find(stepEnv, name) is { } s) return (s, this);
        if (Job?.Env is { } jobEnv && Find(jobEnv, name) is { } j) return (j, new ExpressionScope(Workflow, Job, null, Action));
        if (Workflow?.Env is { } wfEnv && Find(wfEnv, name) is { } w) return (w, new ExpressionScope(Workflow, null, null, null));
        return null;

        static YamlScalar? Find(YamlMapping env, string key)
        {
            foreach (var e in env.Entries)
                if (e.Key is YamlScalar k && string.Equals(k.Value, key, StringComparison.OrdinalIgnoreCase))
                    return e.Value as YamlScalar;
            return null;
        }
    }

    /// <summary>The step with id <paramref name="id"/> among <see cref="Steps"/>, or null.</summary>
    public WorkflowStep? FindStep(string id) => Steps.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The same location, for a step of the same job.</summary>
    public ExpressionScope WithStep(WorkflowStep step) => new(Workflow, Job, step, Action);

    /// <summary>A scope for the job <paramref name="job"/> of the same workflow.</summary>
    public ExpressionScope WithJob(WorkflowJob job) => new(Workflow, job, null, null);
}

/// <summary>
/// Follows an expression to the values its result can contain: <c>a &amp;&amp; b || c</c> yields <c>b</c> or <c>c</c>
/// (a falsy <c>a</c> is harmless), comparisons, <c>!</c> and functions like <c>contains()</c> yield booleans,
/// <c>format()</c>, <c>join()</c>, <c>toJSON()</c> and <c>fromJSON()</c> pass their arguments through. Context
/// accesses are classified with <see cref="KnownContexts"/>; <c>env.*</c>, step outputs, job outputs and
/// untyped inputs are followed through the <see cref="ExpressionScope"/>.
/// </summary>
public static class ExpressionTaint
{
    private const int MaxDepth = 16;

    /// <summary>The untrusted values that can reach the result of <paramref name="node"/>.</summary>
    public static IReadOnlyList<UntrustedValue> Find(ExpressionNode node, ExpressionScope scope)
    {
        var found = new List<UntrustedValue>();
        Walk(node, scope, found, new HashSet<string>(StringComparer.Ordinal), 0);
        return found;
    }

    private static void Walk(ExpressionNode node, ExpressionScope scope, List<UntrustedValue> found, HashSet<string> visiting, int depth)
    {
        if (depth > MaxDepth) return;
        switch (node)
        {
            case LiteralNode or NotNode:
                return;
            case GroupNode g:
                Walk(g.Inner, scope, found, visiting, depth);
                return;
            case BinaryNode { IsComparison: true }:
                return;
            case BinaryNode { Operator: ExpressionTokenKind.And } and:
                Walk(and.Right, scope, found, visiting, depth);
                return;
            case BinaryNode or:
                Walk(or.Left, scope, found, visiting, depth);
                Walk(or.Right, scope, found, visiting, depth);
                return;
            case CallNode call when KnownContexts.OpaqueFunctions.Contains(call.Name):
                return;
            case CallNode call:
                foreach (var argument in call.Arguments) Walk(argument, scope, found, visiting, depth);
                return;
        }
        var path = node.ContextPath();
        if (path is null)
        {
            // An access on a computed value (fromJSON(x).y, (a || b).c): its text comes from the computed value.
            switch (node)
            {
                case PropertyNode p: Walk(p.Target, scope, found, visiting, depth); break;
                case IndexNode ix: Walk(ix.Target, scope, found, visiting, depth); break;
                case StarNode s: Walk(s.Target, scope, found, visiting, depth); break;
            }
            return;
        }
        switch (KnownContexts.Classify(path))
        {
            case ValueOrigin.Safe:
                return;
            case ValueOrigin.AttackerControlled:
                found.Add(new UntrustedValue(node, path, ValueOrigin.AttackerControlled, node.ContextPath(preserveCase: true)!, ""));
                return;
        }
        foreach (var (origin, source, via) in Resolve(node.ContextPath(preserveCase: true)!, scope, visiting, depth))
            found.Add(new UntrustedValue(node, path, origin, source, via));
    }

    private static IEnumerable<(ValueOrigin Origin, string Source, string Via)> Resolve(string path, ExpressionScope scope, HashSet<string> visiting, int depth)
    {
        var parts = path.Split('.');
        switch (parts[0].ToLowerInvariant())
        {
            case "inputs" or "github" when parts.Length >= 2:
            {
                var isInputs = parts[0].Equals("inputs", StringComparison.OrdinalIgnoreCase);
                var name = isInputs ? parts[1] : parts.Length >= 4 ? parts[3] : "*";
                if ((isInputs && name == "*") || (!isInputs && parts.Length < 4))
                {
                    yield return (ValueOrigin.CallerControlled, path, "");
                    yield break;
                }
                if (scope.Workflow is { } wf && wf.Inputs.TryGetValue(name, out var input) && input.IsConstrained) yield break;
                yield return (ValueOrigin.CallerControlled, path, "");
                yield break;
            }
            case "env" when parts.Length >= 2 && parts[1] != "*":
            {
                var env = scope.FindEnv(parts[1]);
                if (env is null) yield break;
                var key = $"env:{parts[1]}@{scope.Job?.Id}/{scope.Step?.Index}";
                if (!visiting.Add(key)) yield break;
                foreach (var v in Inner(env.Value.Value.Value, env.Value.Scope, visiting, depth))
                    yield return (v.Origin, v.Source, Chain($"env.{parts[1]}", v));
                visiting.Remove(key);
                yield break;
            }
            case "steps" when parts.Length >= 4 && parts[2].Equals("outputs", StringComparison.OrdinalIgnoreCase):
            {
                var step = scope.FindStep(parts[1]);
                if (step is null) yield break;
                var key = $"step:{scope.Job?.Id}/{parts[1]}";
                if (!visiting.Add(key)) yield break;
                var stepScope = scope.WithStep(step);
                var label = $"steps.{parts[1]}.outputs.{parts[3]}";
                if (step.Action is { Kind: ActionReferenceKind.Repository } action && KnownContexts.AttackerTextOutputActions.Contains(action.OwnerRepo) && IsTextOutput(parts[3]))
                    yield return (ValueOrigin.AttackerControlled, $"{label} ({action.OwnerRepo})", "");
                // A run: step's outputs are what it writes to $GITHUB_OUTPUT; with no such write it has none.
                var writesOutputs = step.Run is null || step.Run.Value.Contains("GITHUB_OUTPUT", StringComparison.Ordinal) || step.Run.Value.Contains("set-output", StringComparison.Ordinal);
                if (writesOutputs)
                {
                    var inputs = new List<string?> { step.Run?.Value };
                    if (step.With is { } with) inputs.AddRange(with.Entries.Select(e => (e.Value as YamlScalar)?.Value));
                    if (step.Env is { } env) inputs.AddRange(env.Entries.Select(e => (e.Value as YamlScalar)?.Value));
                    foreach (var text in inputs)
                        foreach (var v in Inner(text, stepScope, visiting, depth))
                            yield return (v.Origin, v.Source, Chain(label, v));
                    // A script that writes "$VAR" to its outputs passes on whatever env: put in VAR.
                    if (step.Run is { } script)
                        foreach (var name in ShellVariables(script.Value).Distinct(StringComparer.Ordinal))
                        {
                            // The step's own env: values were followed above; job and workflow env: are what is left.
                            if (stepScope.FindEnv(name) is not { } bound || ReferenceEquals(bound.Scope, stepScope)) continue;
                            var envKey = $"env:{name}@{stepScope.Job?.Id}/{stepScope.Step?.Index}";
                            if (!visiting.Add(envKey)) continue;
                            foreach (var v in Inner(bound.Value.Value, bound.Scope, visiting, depth))
                                yield return (v.Origin, v.Source, Chain(label, v with { Via = Chain($"env.{name}", v) }));
                            visiting.Remove(envKey);
                        }
                }
                visiting.Remove(key);
                yield break;
            }
            case "needs" when parts.Length >= 4 && parts[2].Equals("outputs", StringComparison.OrdinalIgnoreCase):
            {
                var job = scope.Workflow?.Job(parts[1]) ?? scope.Workflow?.Jobs.FirstOrDefault(j => string.Equals(j.Id, parts[1], StringComparison.OrdinalIgnoreCase));
                if (job?.Outputs is not { } outputs) yield break;
                var output = outputs.Entries.FirstOrDefault(e => string.Equals(e.KeyText, parts[3], StringComparison.OrdinalIgnoreCase))?.Value as YamlScalar;
                if (output is null) yield break;
                var key = $"needs:{parts[1]}.{parts[3]}";
                if (!visiting.Add(key)) yield break;
                foreach (var v in Inner(output.Value, scope.WithJob(job), visiting, depth))
                    yield return (v.Origin, v.Source, Chain($"needs.{parts[1]}.outputs.{parts[3]}", v));
                visiting.Remove(key);
                yield break;
            }
        }
    }

    private static IEnumerable<string> ShellVariables(string script)
    {
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(script, @"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[}:#%/-]|([A-Za-z_][A-Za-z0-9_]*))|\$env:([A-Za-z_][A-Za-z0-9_]*)"))
            yield return m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
    }

    private static bool IsTextOutput(string output) =>
        output.EndsWith("files", StringComparison.OrdinalIgnoreCase) || output.Contains("branch", StringComparison.OrdinalIgnoreCase) ||
        output.Contains("ref", StringComparison.OrdinalIgnoreCase) || output.Equals("tag", StringComparison.OrdinalIgnoreCase);

    private static List<UntrustedValue> Inner(string? text, ExpressionScope scope, HashSet<string> visiting, int depth)
    {
        var found = new List<UntrustedValue>();
        foreach (var e in ExpressionTemplate.Scan(text))
            if (e.Node is not null) Walk(e.Node, scope, found, visiting, depth + 1);
        return found;
    }

    private static string Chain(string head, UntrustedValue inner) =>
        head + " ← " + (inner.Via.Length > 0 ? inner.Via : inner.Source);
}
