using System.Collections.Concurrent;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Core;

/// <summary>The finding builder: the location from the node (which knows its file), the place, the key and the logical locations.</summary>
public sealed class FindingBuilderTests : IDisposable
{
    private readonly TempDir _root = new();

    /// <inheritdoc />
    public void Dispose() => _root.Dispose();

    private static readonly RuleDescriptor Descriptor = new("RLT100", "test-builder", "Test", "Test.", Severity.Warning, RuleCategory.Custom);

    private sealed class Probe : Rule
    {
        public override RuleDescriptor Descriptor => FindingBuilderTests.Descriptor;
        public override void Check(RuleContext context) { }
    }

    private (RuleContext Context, ConcurrentQueue<Finding> Sink) NewContext()
    {
        var sink = new ConcurrentQueue<Finding>();
        var workspace = new Workspace(FileSet.Scan(_root.Path, []), new ReleasePolicy());
        return (new RuleContext(new Probe(), workspace, Severity.Warning, sink, CancellationToken.None), sink);
    }

    private static WorkflowFile Workflow(string text) =>
        WorkflowFile.From(YamlFile.Parse(new SourceText(".github/workflows/ci.yml", text)));

    [Fact]
    public void A_step_finding_has_the_node_location_the_job_and_step_place_and_logical_locations()
    {
        var workflow = Workflow("on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - name: Check out\n        uses: actions/checkout@main\n");
        var job = workflow.Jobs[0];
        var step = job.Steps[0];
        var (context, sink) = NewContext();
        context.At(step.Uses!).InJob(job).InStep(step).Key("actions/checkout@main").Related(job.IdNode, "the job").Report("unpinned");
        var finding = Assert.Single(sink);
        Assert.Equal(".github/workflows/ci.yml:7:15", finding.Location.ToString());
        Assert.Equal("job:build/step:Check out|actions/checkout@main", finding.FingerprintKey);
        Assert.Equal([new LogicalLocation("job", "build"), new LogicalLocation("step", "\"Check out\"")], finding.LogicalLocations);
        Assert.Equal(".github/workflows/ci.yml:3:3", Assert.Single(finding.Related).Location.ToString());
    }

    [Fact]
    public void Keys_join_the_place_and_the_parts_with_bars_and_default_to_the_message()
    {
        var workflow = Workflow("on: push\njobs:\n  build:\n    runs-on: x\n");
        var (context, sink) = NewContext();
        Assert.Equal("job:build/no-steps", context.At(workflow.Jobs[0].IdNode).InJob(workflow.Jobs[0]).Within("no-steps").FingerprintKey);
        Assert.Equal("tag|v1", context.At(SourceLocation.At("a", 1)).Key("tag", "v1").FingerprintKey);
        Assert.Equal("job:build|a|", context.At(SourceLocation.At("a", 1)).InJob(workflow.Jobs[0]).Key("a", null).FingerprintKey);
        var builder = context.At(SourceLocation.At("a", 1));
        builder.Report("plain");
        Assert.Equal("", Assert.Single(sink).FingerprintKey);
        Assert.Throws<InvalidOperationException>(() => builder.Report("twice"));
    }

    [Fact]
    public void Describe_names_the_step_with_the_one_label()
    {
        var workflow = Workflow("on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - id: one\n        run: a\n      - name: Two\n        run: b\n      - run: c\n");
        var job = workflow.Jobs[0];
        Assert.Equal(["step one of job 'build'", "step \"Two\" of job 'build'", "step #3 of job 'build'"],
            job.Steps.Select(s => WorkflowPlace.Of(job, s).Describe()).ToList());
        Assert.Equal("job 'build'", WorkflowPlace.Of(job).Describe());
    }

    [Fact]
    public void Built_in_rules_report_through_the_builder()
    {
        var direct = Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src", "ReleaseLint.Rules"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => x.line.Contains("context.Report(", StringComparison.Ordinal))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}").ToList();
        Assert.True(direct.Count == 0, "call context.At(…)…Report(message) instead: " + string.Join(", ", direct));
    }
}
