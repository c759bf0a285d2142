using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint;

/// <summary>
/// Builds one finding from symbolic places rather than strings: where it is (a YAML node knows its file), which job
/// and step it is in, which named things it is about, what else explains it, and the offending text. The builder turns
/// these into the location, the logical locations and the fingerprint key (the logical place plus the offending text,
/// never a line number), so that every rule builds them the same way:
/// <code>
/// context.At(step.Uses).InJob(job).InStep(step).Key(reference.Raw).Report($"'{reference.Raw}' is not pinned…");
/// </code>
/// Get one from <see cref="RuleContext.At(SourceLocation)"/>; a builder reports once.
/// </summary>
public sealed class FindingBuilder
{
    private readonly RuleContext _context;
    private readonly SourceLocation _location;
    private readonly List<RelatedLocation> _related = [];
    private readonly List<LogicalLocation> _logical = [];
    private readonly List<string> _key = [];
    private readonly List<Fix> _fixes = [];
    private string _place = "";
    private Severity? _severity;
    private bool _reported;

    internal FindingBuilder(RuleContext context, SourceLocation location)
    {
        _context = context;
        _location = location;
    }

    /// <summary>The finding is in <paramref name="job"/>: its place starts with <c>job:ID</c> and it names the job as a logical location.</summary>
    public FindingBuilder InJob(WorkflowJob job)
    {
        _place = Join(_place, "job:" + job.Id);
        _logical.Add(new LogicalLocation("job", job.Id));
        return this;
    }

    /// <summary>
    /// The finding is in <paramref name="step"/> (of the job given before, or of a composite action): its place gets
    /// <c>step:LABEL</c> with the step's <see cref="WorkflowStep.StableLabel"/> (its id or name, never its position), and it
    /// names the step as a logical location.
    /// </summary>
    public FindingBuilder InStep(WorkflowStep step)
    {
        _place = Join(_place, "step:" + step.StableLabel);
        _logical.Add(new LogicalLocation("step", step.Label));
        return this;
    }

    /// <summary>The finding is at <paramref name="place"/>: its job, then its step (see <see cref="InJob"/>, <see cref="InStep"/>).</summary>
    public FindingBuilder In(WorkflowPlace place)
    {
        if (place.Job is { } job) InJob(job);
        if (place.Step is { } step) InStep(step);
        return this;
    }

    /// <summary>Narrows the place with one more segment (<c>job:deploy/step:push/both</c>).</summary>
    public FindingBuilder Within(string segment)
    {
        _place = Join(_place, segment);
        return this;
    }

    /// <summary>The finding is about a named thing that is not a place in a file (a tag, a branch, a setting…).</summary>
    public FindingBuilder About(string kind, string name) => About(new LogicalLocation(kind, name));

    /// <summary>The finding is about these named things.</summary>
    public FindingBuilder About(params IEnumerable<LogicalLocation> things)
    {
        _logical.AddRange(things);
        return this;
    }

    /// <summary>Another place that explains the finding, with what it has to do with it.</summary>
    public FindingBuilder Related(SourceLocation location, string note)
    {
        _related.Add(new RelatedLocation(location, note));
        return this;
    }

    /// <summary>Another YAML node that explains the finding.</summary>
    public FindingBuilder Related(YamlNode node, string note) => Related(node.Location, note);

    /// <summary>Other places that explain the finding (none when null).</summary>
    public FindingBuilder Related(IEnumerable<RelatedLocation>? related)
    {
        if (related is not null) _related.AddRange(related);
        return this;
    }

    /// <summary>
    /// The offending text that, with the place, identifies the problem (parts are joined with <c>|</c>, after the
    /// place): what stays the same when unrelated lines move, and differs between two problems at one place.
    /// </summary>
    public FindingBuilder Key(params IEnumerable<string?> parts)
    {
        _key.AddRange(parts.Select(p => p ?? ""));
        return this;
    }

    /// <summary>Repairs of the problem (<c>check --fix</c>, SARIF <c>fixes</c>); null or empty adds none.</summary>
    public FindingBuilder Fix(IEnumerable<Fix>? fixes)
    {
        if (fixes is not null) _fixes.AddRange(fixes);
        return this;
    }

    /// <summary>The fingerprint key built so far (place, then the key parts); "" when neither was given (the message is used).</summary>
    public string FingerprintKey =>
        _key.Count == 0 ? _place : _place.Length == 0 ? string.Join('|', _key) : _place + "|" + string.Join('|', _key);

    /// <summary>A lower severity than the rule's for this finding (a note that a configuration key asked for); never higher.</summary>
    public FindingBuilder AtSeverity(Severity severity)
    {
        _severity = severity;
        return this;
    }

    /// <summary>Reports the finding with <paramref name="message"/> (lower-case start; quote the offending value; say what is expected).</summary>
    public void Report(string message)
    {
        if (_reported) throw new InvalidOperationException("a finding builder reports once");
        _reported = true;
        // Logical locations in the order they were given, without repeats.
        _context.Report(_location, message, FingerprintKey, _related, _logical.Distinct().ToList(), _fixes.Count == 0 ? null : _fixes.ToList(), _severity);
    }

    private static string Join(string place, string segment) => place.Length == 0 ? segment : place + "/" + segment;
}
