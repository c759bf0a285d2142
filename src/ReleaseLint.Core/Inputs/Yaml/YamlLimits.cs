namespace ReleaseLint.Inputs.Yaml;

/// <summary>Bounds on the work spent on one YAML file; crossing one gives RL0004 instead of a crash.</summary>
/// <param name="MaxDepth">Deepest nesting of mappings and sequences (GitHub's own workflows stay under 20).</param>
/// <param name="MaxAliasExpansion">Most nodes that aliases may add when expanded (billion-laughs guard).</param>
/// <param name="MaxNodes">Most nodes in one file.</param>
public sealed record YamlLimits(int MaxDepth = 128, long MaxAliasExpansion = 100_000, int MaxNodes = 2_000_000)
{
    /// <summary>The defaults.</summary>
    public static YamlLimits Default { get; } = new();
}
