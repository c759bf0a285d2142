namespace ReleaseLint;

/// <summary>One problem reported by a rule.</summary>
public sealed record Finding
{
    /// <summary>Creates a finding.</summary>
    public Finding(RuleDescriptor rule, Severity severity, string message, SourceLocation location)
    {
        Rule = rule;
        Severity = severity;
        Message = message;
        Location = location;
    }

    /// <summary>The rule that reported it.</summary>
    public RuleDescriptor Rule { get; init; }
    /// <summary>The effective severity (after configuration overrides).</summary>
    public Severity Severity { get; init; }
    /// <summary>What is wrong: lower-case start, quotes the offending value, says what is expected.</summary>
    public string Message { get; init; }
    /// <summary>The primary location. Never missing: findings about tags or settings point at the line that sets the requirement.</summary>
    public SourceLocation Location { get; init; }
    /// <summary>Other places that explain the finding.</summary>
    public IReadOnlyList<RelatedLocation> Related { get; init; } = [];
    /// <summary>Named things the finding is about (tag, branch, commit, job, step, setting…).</summary>
    public IReadOnlyList<LogicalLocation> LogicalLocations { get; init; } = [];
    /// <summary>
    /// The logical place and offending text that identify this problem independently of line numbers
    /// (e.g. <c>job:deploy/step:2</c> and <c>actions/checkout@main</c>); hashed into the SARIF fingerprint.
    /// Defaults to the message when empty.
    /// </summary>
    public string FingerprintKey { get; init; } = "";
    /// <summary>Repairs of the problem (text edits or commands to run by hand); empty when there is no mechanical repair.</summary>
    public IReadOnlyList<Fix> Fixes { get; init; } = [];
}
