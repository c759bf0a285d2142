using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Policy;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>Everything deploy detection found in a repository, shared by the deploy rules.</summary>
public sealed class DeployAnalysis : IWorkspaceFact<DeployAnalysis>
{
    /// <inheritdoc />
    static DeployAnalysis IWorkspaceFact<DeployAnalysis>.Compute(Workspace workspace) => DeployFinder.Analyze(workspace);

    internal DeployAnalysis(IReadOnlyList<DeployWorkflow> workflows, CallGraph calls, IReadOnlyDictionary<(string, string), IReadOnlyList<DeploySignal>> signals)
    {
        Workflows = workflows;
        Calls = calls;
        _signals = signals;
        Jobs = workflows.SelectMany(w => w.Jobs).ToList();
    }

    private readonly IReadOnlyDictionary<(string, string), IReadOnlyList<DeploySignal>> _signals;

    /// <summary>Workflows with deploy jobs (and workflows <c>deploy.workflows</c> names), in path order.</summary>
    public IReadOnlyList<DeployWorkflow> Workflows { get; }
    /// <summary>Every deploy job.</summary>
    public IReadOnlyList<DeployJob> Jobs { get; }
    /// <summary>The calls between the repository's workflows.</summary>
    public CallGraph Calls { get; }

    /// <summary>The deploy job <paramref name="job"/> of <paramref name="workflow"/>, or null.</summary>
    public DeployJob? Find(WorkflowFile workflow, WorkflowJob job) => Jobs.FirstOrDefault(j => j.Workflow.Path == workflow.Path && j.Job.Id == job.Id);

    /// <summary>Every signal found in a job's steps, production or not (for tests and notes).</summary>
    public IReadOnlyList<DeploySignal> SignalsOf(WorkflowFile workflow, WorkflowJob job) => _signals.TryGetValue((workflow.Path, job.Id), out var s) ? s : [];
}

/// <summary>
/// Finds the jobs that deploy to production, by what they do: a step with a known deploy or publish command or action
/// (directly, in a repository script it runs, or in a local composite action), a production-like environment name, or a
/// call of a local reusable workflow that deploys with the inputs the call passes. Preview, staging and test deploys and
/// draft releases do not count. <c>deploy.workflows</c> and <c>deploy.jobs</c> add jobs (and <c>deploy.jobs</c> narrows
/// the workflows it names to the jobs it names); <c>deploy.ignore</c> removes them.
/// </summary>
public static partial class DeployFinder
{
    /// <summary>Most levels of reusable-workflow calls followed.</summary>
    public const int MaxCallDepth = 4;

    [GeneratedRegex(@"\b(?:docs?|site|website|pages|web|www|app|frontend|mirror|installers?)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SiteWords();

    /// <summary>Analyses the workspace.</summary>
    public static DeployAnalysis Analyze(Workspace workspace)
    {
        var workflows = workspace.Workflows.OrderBy(w => w.Path, StringComparer.Ordinal).ToList();
        var policy = workspace.Policy;
        SourceText? Read(string path) => workspace.Files.Contains(path) ? workspace.Read(path, InputKind.Other, UnreadableReport.ByCaller).Text : null;
        ActionFile? Action(string dir)
        {
            dir = dir.TrimEnd('/');
            return workspace.Actions.FirstOrDefault(a => a.Path == dir + "/action.yml" || a.Path == dir + "/action.yaml");
        }

        var signals = new Dictionary<(string, string), IReadOnlyList<DeploySignal>>();
        var direct = new Dictionary<string, List<DeployJob>>(StringComparer.Ordinal);
        foreach (var wf in workflows)
        {
            var jobs = new List<DeployJob>();
            foreach (var job in wf.Jobs)
            {
                if (job.IsReusableWorkflowCall || job.Node is null) continue;
                var context = new SignalContext { Workflow = wf, Job = job, ReadFile = Read, FindAction = Action };
                var found = job.Steps.SelectMany(s => DeploySignals.ForStep(s, context)).ToList();
                signals[(wf.Path, job.Id)] = found;
                if (Judge(wf, job, found) is { } deploy) jobs.Add(deploy);
            }
            direct[wf.Path] = jobs;
        }

        var calls = new CallGraph(workflows);
        ApplyConfiguration(workflows, policy, direct, signals);
        // Callers of deploy workflows deploy too, when the call does not switch the callee to a preview (fixed point).
        var result = direct.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
        for (var round = 0; round < MaxCallDepth; round++)
        {
            var changed = false;
            foreach (var wf in workflows)
                foreach (var job in wf.Jobs)
                {
                    if (CallGraph.CalledPath(job) is not { } path || !result.TryGetValue(path, out var callee) || callee.Count == 0) continue;
                    if (result[wf.Path].Any(j => j.Job == job)) continue;
                    if (CallGraph.NonProductionInputs(job) is not null) continue;
                    var first = callee[0];
                    result[wf.Path].Add(new DeployJob
                    {
                        Workflow = wf, Job = job, Basis = DeployBasis.Call, Steps = [], CalledWorkflow = path, Callees = callee.ToList(),
                        Reason = $"calls {path}, whose job '{first.Job.Id}' {first.Reason}", Mutable = callee.Any(c => c.Mutable),
                    });
                    changed = true;
                }
            if (!changed) break;
        }

        ApplyConfiguration(workflows, policy, result, signals);
        var list = workflows.Select(w => new DeployWorkflow(w, IsConfigured(w.Path, policy), result[w.Path].OrderBy(j => IndexOf(w, j.Job)).ToList()))
            .Where(d => d.Jobs.Count > 0 || d.IsConfigured).ToList();
        return new DeployAnalysis(list, calls, signals);
    }

    private static int IndexOf(WorkflowFile wf, WorkflowJob job)
    {
        for (var i = 0; i < wf.Jobs.Count; i++) if (wf.Jobs[i] == job) return i;
        return int.MaxValue;
    }

    /// <summary>Whether a job with these signals deploys to production, and why.</summary>
    private static DeployJob? Judge(WorkflowFile wf, WorkflowJob job, IReadOnlyList<DeploySignal> found)
    {
        var (kind, name) = EnvironmentNames.Of(job);
        if (kind == EnvironmentKind.NonProduction) return null; // a staging or preview environment: whatever it runs is not production
        // A workflow named for refreshing caches (rebuild_docker_cache.yml, "Warm CI cache") pushes build caches, not releases.
        if (Regex.IsMatch(wf.Path[(wf.Path.LastIndexOf('/') + 1)..] + " " + wf.Name, @"(?:^|[\W_])cache(?:[\W_]|$)", RegexOptions.IgnoreCase)) return null;
        // A workflow named for staging or development (deploy-staging.yml, "Deploy Dev") deploys there unless its environment says production.
        var file = wf.Path[(wf.Path.LastIndexOf('/') + 1)..];
        var title = file[..file.LastIndexOf('.')] + " " + wf.Name;
        if (kind != EnvironmentKind.Production && DeploySignals.NonProduction(title) is { Target: DeployTarget.Staging or DeployTarget.Preview }
            && !Regex.IsMatch(title, @"\b(?:prod|production|live|release)\b", RegexOptions.IgnoreCase)) return null;
        var environment = name is null ? "" : $"; environment '{name.Value}'";
        var production = Steps(found.Where(s => s.IsProduction));
        if (production.Count > 0)
        {
            var main = production.SelectMany(s => s.Signals).Where(s => s.IsProduction).OrderBy(s => Rank(s.Kind)).First();
            var reason = main.Describe(wf.Path) + environment;
            return new DeployJob { Workflow = wf, Job = job, Basis = DeployBasis.Steps, Steps = production, Reason = reason, Mutable = production.Any(s => s.Signals.Any(x => x.Mutable)) };
        }
        if (kind != EnvironmentKind.Production) return null;
        // The environment alone says where credentials come from, not that the job ships anything: it also needs a step that
        // writes outward (a push, a merge, a publish task or script) or a publishing secret (TWINE_PASSWORD, NPM_TOKEN…).
        var weak = Steps(found.Where(s => s.Target == DeployTarget.Production && s.Strength == SignalStrength.Weak));
        if (weak.Count == 0 && !HasPublishingSecret(job)) return null;
        var why = $"has the production environment '{name!.Value}'" + (weak.Count > 0 ? $" and {weak[0].Describe(wf.Path)}" : "");
        var mutable = SiteWords().IsMatch(job.Id) || SiteWords().IsMatch(job.Name ?? "") || SiteWords().IsMatch(wf.Path[(wf.Path.LastIndexOf('/') + 1)..].Replace('-', ' ').Replace('_', ' '));
        return new DeployJob { Workflow = wf, Job = job, Basis = DeployBasis.Environment, Steps = weak, Reason = why, Mutable = mutable };
    }

    [GeneratedRegex(@"(?:TWINE|PYPI|NPM|NODE_AUTH|CARGO_REGISTRY|CRATES|NUGET|GEM_HOST|RUBYGEMS|DEPLOY|PUBLISH|RELEASE)\w*(?:TOKEN|PASSWORD|KEY|SECRET|PAT)|(?:TOKEN|KEY)\w*(?:DEPLOY|PUBLISH|RELEASE)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PublishingSecretName();

    /// <summary>True when the job hands its steps a secret named for publishing (TWINE_PASSWORD, NPM_TOKEN, a deploy key).</summary>
    private static bool HasPublishingSecret(WorkflowJob job)
    {
        foreach (var scalar in ScalarsOf(job.Node).Take(5000))
        {
            if (!scalar.Value.Contains("secrets.", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (Match m in Regex.Matches(scalar.Value, @"secrets\.(\w+)", RegexOptions.IgnoreCase))
                if (PublishingSecretName().IsMatch(m.Groups[1].Value)) return true;
        }
        return false;
    }

    private static IEnumerable<Yaml.YamlScalar> ScalarsOf(Yaml.YamlNode? root)
    {
        if (root is null) yield break;
        var stack = new Stack<Yaml.YamlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case Yaml.YamlScalar s: yield return s; break;
                case Yaml.YamlMapping m: foreach (var e in m.Entries) { stack.Push(e.Key); stack.Push(e.Value); } break;
                case Yaml.YamlSequence q: foreach (var i in q.Items) stack.Push(i); break;
            }
        }
    }

    /// <summary>Which signal names a job's deploy best: deploying an app or site first, publishing next, pushing images last.</summary>
    public static int Rank(string kind) => kind switch
    {
        "fly" or "vercel" or "netlify" or "kubernetes" or "cloud" or "pages" or "webhook" => 0,
        "pypi" or "npm" or "crates" or "package" or "helm" or "release" => 1,
        "container" => 2,
        _ => 3,
    };

    private static List<DeployStep> Steps(IEnumerable<DeploySignal> signals) =>
        signals.GroupBy(s => s.Step).Select(g => new DeployStep(g.Key, g.ToList())).OrderBy(s => s.Step.Index).ToList();

    /// <summary>True when <c>deploy.workflows</c> names <paramref name="path"/> (a path, a file name or a glob).</summary>
    public static bool IsConfigured(string path, ReleasePolicy policy) => policy.DeployWorkflows.Any(p => WorkflowMatches(p, path));

    /// <summary>True when a <c>deploy.workflows</c> entry, or the workflow part of a <c>deploy.jobs</c> entry, names <paramref name="path"/>.</summary>
    public static bool WorkflowMatches(string pattern, string path)
    {
        pattern = pattern.Trim();
        if (pattern.StartsWith("./", StringComparison.Ordinal)) pattern = pattern[2..];
        pattern = pattern.TrimStart('/');
        var file = path[(path.LastIndexOf('/') + 1)..];
        if (string.Equals(pattern, path, StringComparison.Ordinal) || string.Equals(pattern, file, StringComparison.Ordinal)) return true;
        return pattern.Contains('/') ? new Glob(pattern).IsExactMatch(path) : new Glob(pattern).IsExactMatch(file);
    }

    /// <summary>True when a <c>WORKFLOW:JOB</c> glob (<c>deploy.jobs</c>, <c>deploy.ignore</c>) names the job; a pattern without <c>:</c> names every job of the workflows it matches.</summary>
    public static bool JobMatches(string pattern, string workflowPath, string jobId)
    {
        var colon = pattern.LastIndexOf(':');
        var workflowPart = colon < 0 ? pattern : pattern[..colon];
        var jobPart = colon < 0 ? "*" : pattern[(colon + 1)..];
        if (!WorkflowMatches(workflowPart, workflowPath)) return false;
        return jobPart == "*" || string.Equals(jobPart, jobId, StringComparison.Ordinal) || new Glob(jobPart).IsExactMatch(jobId);
    }

    private static void ApplyConfiguration(IReadOnlyList<WorkflowFile> workflows, ReleasePolicy policy, Dictionary<string, List<DeployJob>> result,
        Dictionary<(string, string), IReadOnlyList<DeploySignal>> signals)
    {
        foreach (var wf in workflows)
        {
            var jobs = result[wf.Path];
            IReadOnlyList<DeploySignal> SignalsOf(WorkflowJob j) => signals.TryGetValue((wf.Path, j.Id), out var s) ? s : [];
            DeployJob Configured(WorkflowJob j, string why)
            {
                var steps = Steps(SignalsOf(j));
                var reason = steps.Count > 0 ? $"{why}; {steps[0].Describe(wf.Path)}" : why;
                return new DeployJob { Workflow = wf, Job = j, Basis = DeployBasis.Configured, Steps = steps, Reason = reason, Mutable = true };
            }

            // deploy.workflows: a listed workflow deploys; if nothing in it was recognised, its jobs that show any deploy
            // sign (preview, staging, weak), else its deploy-named jobs, else its last jobs (those no other job needs).
            if (IsConfigured(wf.Path, policy) && jobs.Count == 0)
            {
                var candidates = wf.Jobs.Where(j => j.Node is not null && !j.IsReusableWorkflowCall && SignalsOf(j).Count > 0).ToList();
                if (candidates.Count == 0)
                    candidates = wf.Jobs.Where(j => j.Node is not null && Regex.IsMatch(j.Id + " " + j.Name, "deploy|publish|release|ship", RegexOptions.IgnoreCase)).ToList();
                if (candidates.Count == 0)
                {
                    var needed = wf.Jobs.SelectMany(j => j.Needs.Select(n => n.Value)).ToHashSet(StringComparer.Ordinal);
                    candidates = wf.Jobs.Where(j => j.Node is not null && !needed.Contains(j.Id)).ToList();
                }
                jobs.AddRange(candidates.Select(j => Configured(j, "is in a workflow listed in deploy.workflows")));
            }

            // deploy.jobs adds the jobs it names and narrows the workflows it names to them.
            var named = policy.DeployJobs.Where(p => WorkflowMatches(p.LastIndexOf(':') < 0 ? p : p[..p.LastIndexOf(':')], wf.Path)).ToList();
            if (named.Count > 0)
            {
                jobs.RemoveAll(j => !named.Any(p => JobMatches(p, wf.Path, j.Job.Id)));
                foreach (var job in wf.Jobs.Where(j => j.Node is not null && named.Any(p => JobMatches(p, wf.Path, j.Id)) && jobs.All(d => d.Job != j)))
                    jobs.Add(Configured(job, "is listed in deploy.jobs"));
            }

            jobs.RemoveAll(j => policy.DeployIgnore.Any(p => JobMatches(p, wf.Path, j.Job.Id)));
        }
    }
}
