namespace ReleaseLint.Scripting;

/// <summary>
/// A custom rule as the engine runs it: the user's rule with its descriptor read once, while it was loaded
/// (where a throwing <see cref="Rule.Descriptor"/> getter became RL0003), so that the engine never calls user
/// code outside the isolation and time-out it gives <see cref="Rule.Check"/>.
/// </summary>
public sealed class CustomRule : Rule
{
    internal CustomRule(Rule inner, RuleDescriptor descriptor, string? sourcePath)
    {
        Inner = inner;
        Descriptor = descriptor;
        SourcePath = sourcePath;
    }

    /// <summary>The user's rule object.</summary>
    public Rule Inner { get; }
    /// <inheritdoc />
    public override RuleDescriptor Descriptor { get; }
    /// <summary>The repository-relative file that declares the rule class, when known.</summary>
    public string? SourcePath { get; }

    /// <inheritdoc />
    public override void Check(RuleContext context) => Inner.Check(context);
}
