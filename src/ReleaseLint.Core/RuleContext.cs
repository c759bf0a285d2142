using System.Collections.Concurrent;
using ReleaseLint.Engine;
using ReleaseLint.Policy;

namespace ReleaseLint;

/// <summary>What a rule sees while it runs: the workspace, the policy, and the way to report findings.</summary>
public sealed class RuleContext
{
    private readonly ConcurrentQueue<Finding> _sink;
    private readonly ConcurrentDictionary<string, int> _reportsPerFile = new(StringComparer.Ordinal);
    private volatile bool _abandoned;

    internal RuleContext(Rule rule, Workspace workspace, Severity severity, ConcurrentQueue<Finding> sink, CancellationToken cancellationToken)
    {
        Rule = rule;
        Workspace = workspace;
        Severity = severity;
        _sink = sink;
        CancellationToken = cancellationToken;
    }

    /// <summary>The rule being run.</summary>
    public Rule Rule { get; }
    /// <summary>The repository being linted, with its inputs parsed once and shared.</summary>
    public Workspace Workspace { get; }
    /// <summary>The effective release policy.</summary>
    public ReleasePolicy Policy => Workspace.Policy;
    /// <summary>The severity findings of this rule get.</summary>
    public Severity Severity { get; }
    /// <summary>Signalled when the rule's time is up; long loops should check it.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// True once this rule has reported <see cref="FindingBudget.PerRuleAndFile"/> findings in <paramref name="path"/>: the
    /// ones after that are counted in a summary finding, not listed, so a rule may leave out what only a listed finding shows
    /// and costs work per finding ("did you mean" help that compares with every candidate, fixes). That keeps a file with
    /// 100,000 broken links linear. (Suppressed findings count here too: a file whose first findings are all suppressed
    /// lists the next ones without that help.)
    /// </summary>
    public bool ListingFull(string path) => _reportsPerFile.TryGetValue(path, out var n) && n >= FindingBudget.PerRuleAndFile;

    /// <summary>Starts a finding at <paramref name="location"/> (see <see cref="FindingBuilder"/>).</summary>
    public FindingBuilder At(SourceLocation location) => new(this, location);

    /// <summary>Starts a finding at a YAML node (its key or value, first line).</summary>
    public FindingBuilder At(Inputs.Yaml.YamlNode node) => new(this, node.Location);

    /// <summary>Starts a finding at the <paramref name="occurrence"/>-th <paramref name="text"/> inside a scalar (falls back to the scalar).</summary>
    public FindingBuilder At(Inputs.Yaml.YamlScalar scalar, string text, int occurrence = 0) => new(this, scalar.LocateText(text, occurrence));

    /// <summary>Reports a finding of this rule (the builder <see cref="At(SourceLocation)"/> composes these arguments).</summary>
    /// <param name="location">The primary location.</param>
    /// <param name="message">Lower-case start; quote the offending value; say what is expected.</param>
    /// <param name="fingerprintKey">Logical place plus offending text (job/step id, heading, tag…), never a line number.</param>
    /// <param name="related">Other annotated locations.</param>
    /// <param name="logical">Named things (tag, branch, commit…) the finding is about.</param>
    /// <param name="fixes">Repairs of the problem (see <see cref="Fix"/>).</param>
    /// <param name="severity">A lower severity than the rule's for this finding (e.g. a note that a configuration key asked for); never higher.</param>
    public void Report(SourceLocation location, string message, string? fingerprintKey = null,
        IReadOnlyList<RelatedLocation>? related = null, IReadOnlyList<LogicalLocation>? logical = null, IReadOnlyList<Fix>? fixes = null, Severity? severity = null)
    {
        if (_abandoned) return;
        _reportsPerFile.AddOrUpdate(location.Path, 1, static (_, n) => n + 1);
        _sink.Enqueue(new Finding(Rule.Descriptor, severity is { } lower && lower < Severity ? lower : Severity, message, location)
        {
            FingerprintKey = fingerprintKey ?? "",
            Related = related ?? [],
            LogicalLocations = logical ?? [],
            Fixes = fixes ?? [],
        });
    }

    /// <summary>
    /// Runs <paramref name="check"/> on one input; if it throws, reports RL0003 naming the rule and
    /// <paramref name="input"/> and returns normally, so the rule goes on with its other inputs.
    /// </summary>
    public void Isolate(string? input, Action check)
    {
        try
        {
            check();
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            ReportFailure(e, input);
        }
    }

    internal void ReportFailure(Exception e, string? input)
    {
        if (_abandoned) return;
        var where = input is null ? "" : $" on '{input}'";
        var location = input is not null && Workspace.Files.Contains(input) ? SourceLocation.At(input, 1) : Workspace.FallbackLocation();
        _sink.Enqueue(new Finding(EngineRules.RuleFailure, Workspace.Policy.SeverityOf(EngineRules.RuleFailure),
            $"rule {Rule.Descriptor.Id} ({Rule.Descriptor.Name}) failed{where}: {e.GetType().Name}: {FirstLine(e.Message)}; its results for this input are missing",
            location)
        {
            FingerprintKey = $"{Rule.Descriptor.Id}|{input}|{e.GetType().Name}",
        });
    }

    internal void Abandon() => _abandoned = true;

    private static string FirstLine(string text)
    {
        var nl = text.IndexOfAny(['\r', '\n']);
        return nl < 0 ? text : text[..nl];
    }
}
