using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>
/// Follows environment variables that earlier steps write to <c>$GITHUB_ENV</c> (<c>echo "ENVIRONMENT=review-pr-${{
/// github.event.number }}" &gt;&gt; $GITHUB_ENV</c> under <c>if: github.event_name == 'pull_request'</c>), so that a deploy
/// target chosen per event is known per run. Simple shell assignments in the same script (<c>ENV=…</c> then
/// <c>echo "ENV=${ENV}"</c>) are followed one level; anything else stays unknown.
/// </summary>
public static partial class EnvFlow
{
    /// <summary>Deepest chain of variables followed.</summary>
    public const int MaxDepth = 4;

    [GeneratedRegex(@"^\s*(?:echo|printf)\s+(?:-[a-z]+\s+)?[""']?(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*?)[""']?\s*>>\s*[""']?\$\{?GITHUB_ENV\}?[""']?\s*$", RegexOptions.CultureInvariant | RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EnvWrite();

    [GeneratedRegex(@"^\s*(?:export\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>[^\n]*)$", RegexOptions.CultureInvariant | RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ShellAssign();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ShellVariable();

    [GeneratedRegex(@"\$\{(?!\{)[^}]*\}|\$\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex OtherShell();

    /// <summary>
    /// The value of <c>env.<paramref name="name"/></c> as the last step before <paramref name="before"/> that can write it to
    /// <c>$GITHUB_ENV</c> leaves it (unknown when that step may or may not run); null when no step writes it.
    /// </summary>
    public static ExprValue? Resolve(string name, IReadOnlyList<WorkflowStep> steps, int before, IExpressionContext context)
    {
        foreach (var step in steps.Where(s => s.Index < before).OrderByDescending(s => s.Index))
        {
            if (step.Run?.Value is not { } run || !run.Contains("GITHUB_ENV", StringComparison.Ordinal)) continue;
            var write = EnvWrite().Matches(run).LastOrDefault(m => string.Equals(m.Groups["name"].Value, name, StringComparison.OrdinalIgnoreCase));
            if (write is null) continue;
            var runs = step.If is null ? Truth.True : WorkflowConditions.Parse(step.If) is { } c ? ExpressionEvaluator.Condition(c, context) : Truth.Unknown;
            if (runs == Truth.False) continue;
            if (runs == Truth.Unknown) return ExprValue.Unknown;
            return ExpressionEvaluator.InterpolatePartial(ExpandShell(write.Groups["value"].Value, run[..write.Index]), context);
        }
        return null;
    }

    /// <summary>The text a step writes for <paramref name="name"/> to <c>$GITHUB_ENV</c> anywhere in <paramref name="steps"/> (for judging what a variable names), or null.</summary>
    public static string? WrittenText(string name, IReadOnlyList<WorkflowStep> steps)
    {
        foreach (var step in steps)
        {
            if (step.Run?.Value is not { } run || !run.Contains("GITHUB_ENV", StringComparison.Ordinal)) continue;
            var write = EnvWrite().Matches(run).LastOrDefault(m => string.Equals(m.Groups["name"].Value, name, StringComparison.OrdinalIgnoreCase));
            if (write is not null) return ExpandShell(write.Groups["value"].Value, run[..write.Index]);
        }
        return null;
    }

    /// <summary>
    /// Replaces <c>$VAR</c> / <c>${VAR}</c> that the script assigned earlier with the assigned text; other variables
    /// become <c>${{ env.VAR }}</c>, which the context answers (or leaves unknown).
    /// </summary>
    public static string ExpandShell(string value, string scriptBefore)
    {
        value = value.Trim().Trim('"', '\'');
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in ShellAssign().Matches(scriptBefore)) assigned[m.Groups["name"].Value] = m.Groups["value"].Value.Trim().Trim('"', '\'');
        var expanded = ShellVariable().Replace(value, v =>
        {
            var name = v.Groups["name"].Value;
            if (assigned.TryGetValue(name, out var text) && !text.Replace("${{", "", StringComparison.Ordinal).Contains('$', StringComparison.Ordinal))
                return text;
            return "${{ env." + name + " }}";
        });
        // Other shell syntax (${VAR##*/}, $(command)) gives a value only the run knows.
        return OtherShell().Replace(expanded, "${{ env.__shell__ }}");
    }
}

/// <summary>
/// The context of one step: <c>env.X</c> is the step's own <c>env:</c>, else what earlier steps wrote to <c>$GITHUB_ENV</c>,
/// else the job's and workflow's <c>env:</c>, else whatever the outer context says (the caller's, inside a composite action).
/// </summary>
public sealed class StepContext : IExpressionContext
{
    private readonly IExpressionContext _inner;
    private readonly IReadOnlyList<WorkflowStep> _steps;
    private readonly WorkflowStep _step;
    private readonly IReadOnlyList<YamlMapping?> _outerEnv;
    private readonly int _depth;

    /// <summary>Creates the context of <paramref name="step"/> among <paramref name="steps"/>.</summary>
    /// <param name="inner">The job's (or the composite action's) context.</param>
    /// <param name="steps">The steps of the job or action.</param>
    /// <param name="step">The step.</param>
    /// <param name="outerEnv">The <c>env:</c> maps that apply below <c>$GITHUB_ENV</c> (job, then workflow).</param>
    /// <param name="depth">How many variables are being followed already.</param>
    public StepContext(IExpressionContext inner, IReadOnlyList<WorkflowStep> steps, WorkflowStep step, IReadOnlyList<YamlMapping?> outerEnv, int depth = 0)
    {
        _inner = inner;
        _steps = steps;
        _step = step;
        _outerEnv = outerEnv;
        _depth = depth;
    }

    /// <inheritdoc />
    public ExprValue Lookup(string path)
    {
        if (!path.StartsWith("env.", StringComparison.Ordinal) || _depth >= EnvFlow.MaxDepth) return _inner.Lookup(path);
        var name = path[4..];
        if (name.Contains('.', StringComparison.Ordinal)) return ExprValue.Unknown;
        var deeper = new StepContext(_inner, _steps, _step, _outerEnv, _depth + 1);
        if (Find(_step.Env, name) is { } own) return ExpressionEvaluator.InterpolatePartial(own.Value, deeper);
        if (EnvFlow.Resolve(name, _steps, _step.Index, deeper) is { } flowed) return flowed;
        foreach (var map in _outerEnv)
            if (Find(map, name) is { } value) return ExpressionEvaluator.InterpolatePartial(value.Value, deeper);
        return _inner.Lookup(path);
    }

    private static YamlScalar? Find(YamlMapping? map, string name) =>
        map?.Entries.FirstOrDefault(e => string.Equals(e.KeyText, name, StringComparison.OrdinalIgnoreCase))?.Value as YamlScalar;
}
