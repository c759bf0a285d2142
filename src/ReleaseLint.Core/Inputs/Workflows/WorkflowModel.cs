using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Patterns;

namespace ReleaseLint.Inputs.Workflows;

/// <summary>One event of a workflow's <c>on:</c>, whichever of the three shapes (string, list, map) it was written in.</summary>
public sealed class WorkflowEvent
{
    private readonly Lazy<FilterList?> _branchFilter;
    private readonly Lazy<FilterList?> _branchIgnoreFilter;
    private readonly Lazy<FilterList?> _tagFilter;

    internal WorkflowEvent(YamlScalar nameNode, YamlMapping? config)
    {
        NameNode = nameNode;
        Config = config;
        _branchFilter = new(() => Parsed(Branches));
        _branchIgnoreFilter = new(() => Parsed(BranchesIgnore));
        _tagFilter = new(() => Parsed(Tags));
    }

    private static FilterList? Parsed(IReadOnlyList<YamlScalar>? values) => values is null ? null : FilterList.Parse(values.Select(v => v.Value));

    /// <summary>The event name, e.g. <c>push</c>.</summary>
    public string Name => NameNode.Value;
    /// <summary>The node naming the event (for locations).</summary>
    public YamlScalar NameNode { get; }
    /// <summary>The event's settings (<c>branches:</c>, <c>types:</c>…), or null.</summary>
    public YamlMapping? Config { get; }

    /// <summary>Filter values under <paramref name="key"/> (<c>branches</c>, <c>branches-ignore</c>, <c>tags</c>, <c>paths</c>, <c>types</c>…); null when absent.</summary>
    public IReadOnlyList<YamlScalar>? Filter(string key) => Config?[key] switch
    {
        YamlSequence seq => seq.Items.OfType<YamlScalar>().ToList(),
        YamlScalar { IsNull: false } s => [s],
        _ => null,
    };

    /// <summary><c>branches</c> filter.</summary>
    public IReadOnlyList<YamlScalar>? Branches => Filter("branches");
    /// <summary><c>branches-ignore</c> filter.</summary>
    public IReadOnlyList<YamlScalar>? BranchesIgnore => Filter("branches-ignore");
    /// <summary><c>tags</c> filter.</summary>
    public IReadOnlyList<YamlScalar>? Tags => Filter("tags");
    /// <summary><c>tags-ignore</c> filter.</summary>
    public IReadOnlyList<YamlScalar>? TagsIgnore => Filter("tags-ignore");
    /// <summary><c>paths</c> filter.</summary>
    public IReadOnlyList<YamlScalar>? Paths => Filter("paths");
    /// <summary><c>paths-ignore</c> filter.</summary>
    public IReadOnlyList<YamlScalar>? PathsIgnore => Filter("paths-ignore");
    /// <summary><c>types</c> filter.</summary>
    public IReadOnlyList<YamlScalar>? Types => Filter("types");

    /// <summary>The <c>branches</c> filter, parsed once (its patterns in the order of <see cref="Branches"/>); null when absent.</summary>
    public FilterList? BranchFilter => _branchFilter.Value;
    /// <summary>The <c>branches-ignore</c> filter, parsed once; null when absent.</summary>
    public FilterList? BranchIgnoreFilter => _branchIgnoreFilter.Value;
    /// <summary>The <c>tags</c> filter, parsed once (its patterns in the order of <see cref="Tags"/>); null when absent.</summary>
    public FilterList? TagFilter => _tagFilter.Value;

    /// <summary>
    /// Whether a push or pull request on branch <paramref name="name"/> passes the event's branch filters: the
    /// <c>branches</c> list, else the <c>branches-ignore</c> list, else every branch passes.
    /// </summary>
    public bool BranchesPass(string name) => FilterList.Passes(BranchFilter, BranchIgnoreFilter, name);
}

/// <summary>A <c>permissions:</c> block at workflow or job level.</summary>
public sealed class WorkflowPermissions
{
    internal WorkflowPermissions(YamlEntry entry)
    {
        Entry = entry;
        if (entry.Value is YamlScalar s && !s.IsNull) Shorthand = s;
        if (entry.Value is YamlMapping m)
            Scopes = m.Entries.Where(e => e.Key is YamlScalar).Select(e => (Scope: (YamlScalar)e.Key, Level: e.Value as YamlScalar)).ToList();
    }

    /// <summary>The <c>permissions:</c> entry (key for location, value for content).</summary>
    public YamlEntry Entry { get; }
    /// <summary><c>read-all</c>, <c>write-all</c> or another scalar; null for a mapping.</summary>
    public YamlScalar? Shorthand { get; }
    /// <summary>Scope → level pairs of a mapping (<c>contents: read</c>); empty for <c>{}</c> or a shorthand.</summary>
    public IReadOnlyList<(YamlScalar Scope, YamlScalar? Level)> Scopes { get; } = [];
    /// <summary>True for <c>write-all</c>.</summary>
    public bool IsWriteAll => Shorthand?.Value == "write-all";
}

/// <summary>A step of a job or of a composite action.</summary>
public sealed class WorkflowStep
{
    internal WorkflowStep(int index, YamlMapping node)
    {
        Index = index;
        Node = node;
    }

    /// <summary>0-based position in the job.</summary>
    public int Index { get; }
    /// <summary>The step's mapping.</summary>
    public YamlMapping Node { get; }
    /// <summary><c>id:</c></summary>
    public string? Id => Node.GetString("id");
    /// <summary><c>name:</c></summary>
    public string? Name => Node.GetString("name");
    /// <summary><c>uses:</c> value node.</summary>
    public YamlScalar? Uses => Node["uses"] as YamlScalar;
    /// <summary><c>run:</c> value node.</summary>
    public YamlScalar? Run => Node["run"] as YamlScalar;
    /// <summary><c>with:</c> mapping.</summary>
    public YamlMapping? With => Node["with"] as YamlMapping;
    /// <summary><c>env:</c> mapping.</summary>
    public YamlMapping? Env => Node["env"] as YamlMapping;
    /// <summary><c>if:</c> value node.</summary>
    public YamlScalar? If => Node["if"] as YamlScalar;
    /// <summary><c>shell:</c></summary>
    public string? Shell => Node.GetString("shell");
    /// <summary>The parsed <c>uses:</c> reference, or null for a <c>run:</c> step.</summary>
    public ActionReference? Action => Uses is { } uses ? ActionReference.Parse(uses.Value) : null;
    /// <summary>True when the step uses <paramref name="ownerRepo"/> (e.g. <c>actions/checkout</c>, case-insensitive), at any ref and path.</summary>
    public bool UsesAction(string ownerRepo)
    {
        var action = Action;
        if (action is not { Kind: ActionReferenceKind.Repository }) return false;
        var name = action.Path.Length > 0 ? action.OwnerRepo + "/" + action.Path : action.OwnerRepo;
        return string.Equals(action.OwnerRepo, ownerRepo, StringComparison.OrdinalIgnoreCase) ||
               string.Equals(name, ownerRepo, StringComparison.OrdinalIgnoreCase);
    }
    /// <summary>The scalar value of <c>with.<paramref name="input"/></c>, or null.</summary>
    public YamlScalar? WithInput(string input) => With?[input] as YamlScalar;
    /// <summary>
    /// The step as messages name it: the id, else the name in double quotes, else <c>#n</c> (1-based position). The one
    /// label of messages; fingerprints use <see cref="StableLabel"/>.
    /// </summary>
    public string Label => Id ?? (Name is { } name ? $"\"{name}\"" : "#" + (Index + 1));
    /// <summary>
    /// A label for fingerprints: the id or name, never the position, so that inserting a step above does
    /// not turn an existing alert into a new one ("" for an anonymous step; the offending text then identifies it).
    /// </summary>
    public string StableLabel => Id ?? Name ?? "";
}

/// <summary>A job of a workflow.</summary>
public sealed class WorkflowJob
{
    internal WorkflowJob(YamlScalar idNode, YamlNode node)
    {
        IdNode = idNode;
        Node = node as YamlMapping;
        var steps = Node?["steps"] as YamlSequence;
        Steps = steps is null ? [] : steps.Items.Select((s, i) => (s, i)).Where(t => t.s is YamlMapping).Select(t => new WorkflowStep(t.i, (YamlMapping)t.s)).ToList();
        if (Node?.Find("permissions") is { } p) Permissions = new WorkflowPermissions(p);
    }

    /// <summary>The job id.</summary>
    public string Id => IdNode.Value;
    /// <summary>The key naming the job.</summary>
    public YamlScalar IdNode { get; }
    /// <summary>The job's mapping (null when the job is not a mapping).</summary>
    public YamlMapping? Node { get; }
    /// <summary><c>name:</c></summary>
    public string? Name => Node?.GetString("name");
    /// <summary><c>runs-on:</c> node.</summary>
    public YamlNode? RunsOn => Node?["runs-on"];
    /// <summary><c>uses:</c> of a reusable-workflow call.</summary>
    public YamlScalar? Uses => Node?["uses"] as YamlScalar;
    /// <summary><c>if:</c></summary>
    public YamlScalar? If => Node?["if"] as YamlScalar;
    /// <summary><c>environment:</c> node (a name or a mapping with <c>name</c>/<c>url</c>).</summary>
    public YamlNode? Environment => Node?["environment"];
    /// <summary>The node holding the environment's name: the scalar <c>environment: production</c> or <c>environment.name</c>; null when absent or empty.</summary>
    public YamlScalar? EnvironmentName => Environment switch
    {
        YamlScalar { IsNull: false } s when s.Value.Trim().Length > 0 => s,
        YamlMapping m when m["name"] is YamlScalar { IsNull: false } n && n.Value.Trim().Length > 0 => n,
        _ => null,
    };
    /// <summary><c>concurrency:</c> node.</summary>
    public YamlNode? Concurrency => Node?["concurrency"];
    /// <summary>The job's <c>concurrency:</c> settings, or null.</summary>
    public WorkflowConcurrency? ConcurrencySettings => WorkflowConcurrency.From(Node?.Find("concurrency"));
    /// <summary><c>secrets:</c> node of a reusable-workflow call (<c>inherit</c> or a mapping).</summary>
    public YamlNode? Secrets => Node?["secrets"];
    /// <summary>True for a job that calls a reusable workflow (<c>uses:</c> at job level).</summary>
    public bool IsReusableWorkflowCall => Uses is not null;
    /// <summary>The parsed <c>uses:</c> of a reusable-workflow call, or null.</summary>
    public ActionReference? ReusableWorkflow => Uses is { } uses ? ActionReference.Parse(uses.Value) : null;
    /// <summary>The <c>inherit</c> scalar of <c>secrets: inherit</c>, or null when the job passes secrets explicitly or not at all.</summary>
    public YamlScalar? SecretsInherit => Secrets is YamlScalar { Value: "inherit" } s ? s : null;
    /// <summary><c>outputs:</c> of the job (name → expression).</summary>
    public YamlMapping? Outputs => Node?["outputs"] as YamlMapping;
    /// <summary><c>container:</c> node.</summary>
    public YamlNode? Container => Node?["container"];
    /// <summary><c>with:</c> of a reusable-workflow call.</summary>
    public YamlMapping? With => Node?["with"] as YamlMapping;
    /// <summary><c>env:</c></summary>
    public YamlMapping? Env => Node?["env"] as YamlMapping;
    /// <summary><c>strategy:</c></summary>
    public YamlMapping? Strategy => Node?["strategy"] as YamlMapping;
    /// <summary>The job's <c>permissions:</c>, or null.</summary>
    public WorkflowPermissions? Permissions { get; }
    /// <summary>Steps in order.</summary>
    public IReadOnlyList<WorkflowStep> Steps { get; }

    /// <summary>Job ids in <c>needs:</c> with their nodes.</summary>
    public IReadOnlyList<YamlScalar> Needs => Node?["needs"] switch
    {
        YamlSequence seq => seq.Items.OfType<YamlScalar>().ToList(),
        YamlScalar { IsNull: false } s => [s],
        _ => [],
    };
}

/// <summary>
/// A GitHub Actions workflow file parsed once into a typed model over the positioned YAML: events with
/// their filters, permissions, jobs and steps. Every part keeps its YAML node for locations.
/// </summary>
public sealed class WorkflowFile
{
    private WorkflowFile(YamlFile yaml)
    {
        Yaml = yaml;
        Root = yaml.Root as YamlMapping;
        if (Root is null) return;
        OnEntry = Root.Find("on") ?? Root.Find("true"); // YAML 1.1 readers turn a bare `on` into true; keep both
        Events = ReadEvents(OnEntry?.Value);
        if (Root.Find("permissions") is { } p) Permissions = new WorkflowPermissions(p);
        if (Root["jobs"] is YamlMapping jobs)
            Jobs = jobs.Entries.Where(e => e.Key is YamlScalar).Select(e => new WorkflowJob((YamlScalar)e.Key, e.Value)).ToList();
    }

    /// <summary>The parsed YAML.</summary>
    public YamlFile Yaml { get; }
    /// <summary>The file's text.</summary>
    public SourceText Source => Yaml.Source;
    /// <summary>Repository-relative path.</summary>
    public string Path => Yaml.Path;
    /// <summary>The root mapping; null when the file is not a mapping (or unparsable).</summary>
    public YamlMapping? Root { get; }
    /// <summary>The workflow's <c>name:</c>, or null.</summary>
    public string? Name => Root?.GetString("name");
    /// <summary>The <c>on:</c> entry, or null.</summary>
    public YamlEntry? OnEntry { get; }
    /// <summary>The events, normalised from any of the three shapes of <c>on:</c>.</summary>
    public IReadOnlyList<WorkflowEvent> Events { get; } = [];
    /// <summary>The workflow-level <c>permissions:</c>, or null.</summary>
    public WorkflowPermissions? Permissions { get; }
    /// <summary>The jobs in order.</summary>
    public IReadOnlyList<WorkflowJob> Jobs { get; } = [];
    /// <summary>The workflow-level <c>env:</c>.</summary>
    public YamlMapping? Env => Root?["env"] as YamlMapping;
    /// <summary>The workflow-level <c>concurrency:</c> settings, or null.</summary>
    public WorkflowConcurrency? Concurrency => WorkflowConcurrency.From(Root?.Find("concurrency"));

    /// <summary>The event named <paramref name="name"/>, or null.</summary>
    public WorkflowEvent? Event(string name) => Events.FirstOrDefault(e => e.Name == name);

    /// <summary>The job with id <paramref name="id"/>, or null.</summary>
    public WorkflowJob? Job(string id) => Jobs.FirstOrDefault(j => j.Id == id);

    /// <summary>True when the workflow runs only when another workflow calls it (<c>on: workflow_call</c> and nothing else).</summary>
    public bool IsReusableOnly => Events.Count > 0 && Events.All(e => e.Name == "workflow_call");

    /// <summary>
    /// The inputs declared under <c>on.workflow_dispatch.inputs</c> and <c>on.workflow_call.inputs</c>, by name
    /// (a name declared under both keeps the first).
    /// </summary>
    public IReadOnlyDictionary<string, WorkflowInput> Inputs => _inputs ??= ReadInputs();

    private IReadOnlyDictionary<string, WorkflowInput>? _inputs;

    private Dictionary<string, WorkflowInput> ReadInputs()
    {
        var inputs = new Dictionary<string, WorkflowInput>(StringComparer.OrdinalIgnoreCase);
        foreach (var ev in Events.Where(e => e.Name is "workflow_dispatch" or "workflow_call"))
        {
            if (ev.Config?["inputs"] is not YamlMapping declared) continue;
            foreach (var entry in declared.Entries)
                if (entry.Key is YamlScalar name && !inputs.ContainsKey(name.Value))
                    inputs[name.Value] = new WorkflowInput(name, ev.Name, (entry.Value as YamlMapping)?.GetString("type"), entry.Value as YamlMapping);
        }
        return inputs;
    }

    /// <summary>Builds the model over an already parsed YAML file.</summary>
    public static WorkflowFile From(YamlFile yaml) => new(yaml);

    private static List<WorkflowEvent> ReadEvents(YamlNode? on) => on switch
    {
        YamlScalar { IsNull: false } s => [new WorkflowEvent(s, null)],
        YamlSequence seq => seq.Items.OfType<YamlScalar>().Select(s => new WorkflowEvent(s, null)).ToList(),
        YamlMapping map => map.Entries.Where(e => e.Key is YamlScalar).Select(e => new WorkflowEvent((YamlScalar)e.Key, e.Value as YamlMapping)).ToList(),
        _ => [],
    };
}

/// <summary>An action metadata file (<c>action.yml</c> / <c>action.yaml</c>); composite actions have steps.</summary>
public sealed class ActionFile
{
    private ActionFile(YamlFile yaml)
    {
        Yaml = yaml;
        Root = yaml.Root as YamlMapping;
        var runs = Root?["runs"] as YamlMapping;
        Using = runs?.GetString("using");
        if (runs?["steps"] is YamlSequence steps)
            Steps = steps.Items.Select((s, i) => (s, i)).Where(t => t.s is YamlMapping).Select(t => new WorkflowStep(t.i, (YamlMapping)t.s)).ToList();
    }

    /// <summary>The parsed YAML.</summary>
    public YamlFile Yaml { get; }
    /// <summary>The file's text.</summary>
    public SourceText Source => Yaml.Source;
    /// <summary>Repository-relative path.</summary>
    public string Path => Yaml.Path;
    /// <summary>The root mapping, or null.</summary>
    public YamlMapping? Root { get; }
    /// <summary><c>runs.using</c> (<c>composite</c>, <c>node20</c>, <c>docker</c>…).</summary>
    public string? Using { get; }
    /// <summary>The action's <c>name:</c>, or null.</summary>
    public string? Name => Root?.GetString("name");
    /// <summary>The input names declared under <c>inputs:</c>.</summary>
    public IReadOnlyList<YamlScalar> Inputs => (Root?["inputs"] as YamlMapping)?.Entries.Select(e => e.Key).OfType<YamlScalar>().ToList() ?? [];
    /// <summary>True for a composite action.</summary>
    public bool IsComposite => Using == "composite";
    /// <summary>The <c>runs.steps</c> of a composite action.</summary>
    public IReadOnlyList<WorkflowStep> Steps { get; } = [];

    /// <summary>Builds the model over an already parsed YAML file.</summary>
    public static ActionFile From(YamlFile yaml) => new(yaml);
}

/// <summary>An input declared by a workflow under <c>on.workflow_dispatch.inputs</c> or <c>on.workflow_call.inputs</c>.</summary>
/// <param name="NameNode">The key naming the input.</param>
/// <param name="Event">The event that declares it.</param>
/// <param name="Type">Its <c>type:</c> (<c>string</c>, <c>boolean</c>, <c>number</c>, <c>choice</c>, <c>environment</c>), or null.</param>
/// <param name="Node">Its settings, or null.</param>
public sealed record WorkflowInput(YamlScalar NameNode, string Event, string? Type, YamlMapping? Node)
{
    /// <summary>The input's name.</summary>
    public string Name => NameNode.Value;

    /// <summary>
    /// True when GitHub only lets the value be one of a fixed set or a number (<c>boolean</c>, <c>number</c>,
    /// <c>choice</c> of <c>workflow_dispatch</c>, <c>environment</c>), so it cannot carry shell syntax.
    /// </summary>
    public bool IsConstrained => Type switch
    {
        "boolean" or "number" or "environment" => true,
        "choice" => Event == "workflow_dispatch",
        _ => false,
    };
}

/// <summary>A <c>concurrency:</c> setting (workflow or job level): a group name, or a mapping with <c>group</c> and <c>cancel-in-progress</c>.</summary>
public sealed class WorkflowConcurrency
{
    private WorkflowConcurrency(YamlEntry entry, YamlScalar? group, YamlNode? cancelInProgress)
    {
        Entry = entry;
        Group = group;
        CancelInProgress = cancelInProgress;
    }

    /// <summary>The <c>concurrency:</c> entry.</summary>
    public YamlEntry Entry { get; }
    /// <summary>The group name (may contain expressions); null when missing.</summary>
    public YamlScalar? Group { get; }
    /// <summary>The <c>cancel-in-progress</c> value node, or null.</summary>
    public YamlNode? CancelInProgress { get; }

    /// <summary>Reads a concurrency entry; null when <paramref name="entry"/> is null or empty.</summary>
    public static WorkflowConcurrency? From(YamlEntry? entry) => entry?.Value switch
    {
        YamlScalar { IsNull: false } s => new WorkflowConcurrency(entry, s, null),
        YamlMapping m => new WorkflowConcurrency(entry, m["group"] as YamlScalar is { IsNull: false } g ? g : null, m["cancel-in-progress"]),
        _ => null,
    };
}
