using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>
/// The expression context inside a local composite action: <c>inputs.*</c> are the values the calling step passes
/// (evaluated in the caller's context) or the action's declared defaults; <c>steps.*</c> are the action's own steps
/// (unknown); everything else (<c>github</c>, <c>env</c>…) is the caller's.
/// </summary>
public sealed class CompositeContext(IExpressionContext caller, WorkflowStep call, ActionFile action) : IExpressionContext
{
    /// <inheritdoc />
    public ExprValue Lookup(string path)
    {
        if (path.StartsWith("steps.", StringComparison.Ordinal)) return ExprValue.Unknown;
        if (!path.StartsWith("inputs.", StringComparison.Ordinal)) return caller.Lookup(path);
        var name = path["inputs.".Length..];
        if (name.Contains('.', StringComparison.Ordinal)) return ExprValue.Unknown;
        var passed = call.With?.Entries.FirstOrDefault(e => string.Equals(e.KeyText, name, StringComparison.OrdinalIgnoreCase));
        if (passed?.Value is YamlScalar value) return ExpressionEvaluator.Value(value.Value, caller);
        var declared = (action.Root?["inputs"] as YamlMapping)?.Entries.FirstOrDefault(e => string.Equals(e.KeyText, name, StringComparison.OrdinalIgnoreCase));
        if ((declared?.Value as YamlMapping)?["default"] is YamlScalar { IsNull: false } d) return ExpressionEvaluator.Value(d.Value, caller);
        return declared is null ? ExprValue.Unknown : ExprValue.Of("");
    }
}

/// <summary>A context in which nothing is known (for judging what a step's own text decides, whatever the run).</summary>
public sealed class UnknownContext : IExpressionContext
{
    /// <summary>The instance.</summary>
    public static UnknownContext Instance { get; } = new();

    /// <inheritdoc />
    public ExprValue Lookup(string path) => ExprValue.Unknown;
}
