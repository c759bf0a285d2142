using ReleaseLint.Fixes;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1005: the <c>GITHUB_TOKEN</c> gets more than the jobs need.</summary>
public sealed class RL1005ExcessivePermissions : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1005", "excessive-permissions",
        "GITHUB_TOKEN has more permissions than needed",
        "A workflow with no 'permissions:' at workflow or job level (its jobs get the repository's default token, which is read-write in many repositories), 'permissions: write-all', or a write scope in a job where no step could use it. A step counts as a possible use when it runs gh, git push or other commands that need that scope (see the scope table in the rule's page), is handed the token, calls the API, or uses an action that is not known to need less. A compromised dependency or an injected command acts with whatever the token allows.",
        Severity.Warning, RuleCategory.Workflows, ["workflows", "security", "least-privilege"], securitySeverity: 5.0)
    {
        Reads = RuleInputs.Workflows | RuleInputs.Actions, // local composite actions, whose steps decide the scopes a job needs
        Fix = new("lower an unused write scope to `read` (`none` for `id-token`); add `permissions: { contents: read }` where no step can write with the token; where steps write, or for `write-all`, write the scopes every step needs (each write scope commented with the step that needs it) when all of them are known", "safe; unsafe for `contents` when scripts run after a checkout that keeps the token, or an action reads pull requests with it; writing the scopes the steps need is always unsafe"),
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        if (workflow.Root is null || workflow.Jobs.Count == 0) return;
        CheckWriteAll(context, workflow, workflow.Permissions, null);
        foreach (var job in workflow.Jobs)
            CheckWriteAll(context, workflow, job.Permissions, job);

        // Missing permissions. A workflow that only runs when called gets the caller's token, which it can only narrow.
        if (workflow.Permissions is null && !workflow.IsReusableOnly)
        {
            var bare = workflow.Jobs.Where(j => j.Permissions is null && j.Node is not null).ToList();
            if (bare.Count == workflow.Jobs.Count)
            {
                var first = workflow.Root.Entries[0].Key;
                string? unknown = null;
                var fix = AddReadFix(context, workflow, null, bare) ?? GrantFix(context, workflow, null, bare, out unknown);
                context.At(first).Key("no-permissions").Fix(fix)
                    .Report($"workflow has no 'permissions:', so {(bare.Count == 1 ? $"job '{bare[0].Id}' gets" : "its jobs get")} the repository's default GITHUB_TOKEN permissions (read-write in many repositories); add 'permissions: {{ contents: read }}' at the top and grant write scopes only in the jobs that need them" + NoFix(unknown));
            }
            else
            {
                foreach (var job in bare)
                {
                    string? unknown = null;
                    var fix = AddReadFix(context, workflow, job, [job]) ?? GrantFix(context, workflow, job, [job], out unknown);
                    context.At(job.IdNode).Key("no-permissions:" + job.Id).Fix(fix)
                        .Report($"job '{job.Id}' has no 'permissions:' and neither has the workflow, so it gets the repository's default GITHUB_TOKEN permissions; give it 'permissions: {{ contents: read }}' plus the write scopes it needs" + NoFix(unknown));
                }
            }
        }

        // Unused write scopes.
        foreach (var job in workflow.Jobs)
            if (job.Permissions is { } own)
                CheckUnused(context, own, [job], workflow, job);
        if (workflow.Permissions is { } top)
        {
            var inheriting = workflow.Jobs.Where(j => j.Permissions is null).ToList();
            CheckUnused(context, top, inheriting, workflow, null);
        }
    }

    /// <summary>
    /// The scopes a reusable-workflow call can use: a called workflow of this repository whose jobs all set their own
    /// permissions (or that sets them at its top) gets at most those, so a scope granted to the call that none of them
    /// asks for is unused; any other call could use every scope it is given.
    /// </summary>
    private static ScopeUse CallUse(RuleContext context, WorkflowJob job)
    {
        var all = ScopeUse.All($"job '{job.Id}' calls a reusable workflow");
        if (Inputs.Workflows.Deploys.CallGraph.CalledPath(job) is not { } path || context.Workspace.Workflows.FirstOrDefault(w => w.Path == path) is not { } callee || callee.Jobs.Count == 0) return all;
        var declared = new List<WorkflowPermissions>();
        foreach (var calleeJob in callee.Jobs)
        {
            if (calleeJob.IsReusableWorkflowCall) return all;
            var permissions = calleeJob.Permissions ?? callee.Permissions;
            if (permissions is null || permissions.IsWriteAll) return all;
            declared.Add(permissions);
        }
        var scopes = declared.SelectMany(p => p.Scopes).Where(s => s.Level?.Value == "write").Select(s => s.Scope.Value).Distinct().ToArray();
        return ScopeUse.Of($"calls {path}, whose jobs ask for {(scopes.Length == 0 ? "no write scope" : string.Join(", ", scopes.Select(x => x + ": write")))}", scopes);
    }

    /// <summary>Starts a finding about the permissions of <paramref name="job"/> (null: of the workflow).</summary>
    private static FindingBuilder At(RuleContext context, YamlNode node, WorkflowJob? job) =>
        job is null ? context.At(node).Key("workflow") : context.At(node).InJob(job);

    private static void CheckWriteAll(RuleContext context, WorkflowFile workflow, WorkflowPermissions? permissions, WorkflowJob? job)
    {
        if (permissions is not { IsWriteAll: true }) return;
        var owner = job is null ? "workflow" : WorkflowPlace.Of(job).Describe();
        var jobs = job is null ? workflow.Jobs.Where(j => j.Permissions is null).ToList() : [job];
        var fix = GrantFix(context, workflow, job, jobs, out var unknown, permissions);
        At(context, permissions.Shorthand!, job).Key("write-all").Fix(fix)
            .Report($"'permissions: write-all' in {owner} gives the GITHUB_TOKEN every write scope; list only the scopes it needs, e.g. 'permissions: {{ contents: read }}'" + NoFix(unknown));
    }

    private static string NoFix(string? unknown) => unknown is null ? "" : $" (no automatic fix: {unknown}, so the scopes it needs are unknown)";

    private static void CheckUnused(RuleContext context, WorkflowPermissions permissions, IReadOnlyList<WorkflowJob> jobs, WorkflowFile workflow, WorkflowJob? job)
    {
        var owner = job is null ? "the workflow" : WorkflowPlace.Of(job).Describe();
        var writes = permissions.Scopes.Where(s => s.Level?.Value == "write").ToList();
        if (writes.Count == 0) return;
        var uses = jobs.SelectMany(j => j.IsReusableWorkflowCall
            ? [CallUse(context, j)]
            : j.Steps.Select(s => TokenScopes.For(workflow, j, s))).ToList();
        if (uses.Any(u => u.Any)) return;
        // What the needs computation finds (a script file of the repository that pushes) is a use too.
        var needed = jobs.Where(j => !j.IsReusableWorkflowCall).Select(j => TokenNeeds.For(context.Workspace, workflow, j)).Where(n => n.Unknown is null)
            .SelectMany(n => n.Items).Where(n => n.Write).Select(n => n.Scope).ToHashSet(StringComparer.Ordinal);
        foreach (var (scope, level) in writes)
        {
            if (uses.Any(u => u.Covers(scope.Value)) || needed.Contains(scope.Value)) continue;
            var purpose = TokenScopes.Purpose.TryGetValue(scope.Value, out var p) ? $" (needed for {p})" : "";
            var subject = jobs.Count == 0
                ? $"'{scope.Value}: write' in {owner} applies to no job: every job sets its own 'permissions:'; remove it"
                : owner == "the workflow"
                    ? $"'{scope.Value}: write' in {owner} is not used by any job that inherits it{purpose}; lower it to 'read' or grant it only in the job that needs it"
                    : $"'{scope.Value}: write' in {owner} is not used by any of its steps{purpose}; lower it to '{(scope.Value == "id-token" ? "none" : "read")}' or remove it";
            At(context, level!, job).Key($"{scope.Value}:write").Fix(LowerFix(workflow, scope, level!, jobs)).Report(subject);
        }
    }

    /// <summary>Actions that read with the job token what <c>contents: read</c> does not grant (pull request files, comments).</summary>
    private static readonly System.Collections.Frozen.FrozenSet<string> ReadsMoreThanContents = System.Collections.Frozen.FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        ["dorny/paths-filter", "tj-actions/changed-files", "peter-evans/find-comment"]);

    /// <summary>
    /// True when a run step of <paramref name="job"/> comes after an <c>actions/checkout</c> that leaves the token in the
    /// git configuration: a script it runs can then push with it, out of sight of the command scan.
    /// </summary>
    private static bool ScriptsCanPush(WorkflowJob job)
    {
        var persisted = false;
        foreach (var step in job.Steps)
        {
            if (step.Action is { Kind: ActionReferenceKind.Repository } a && a.OwnerRepo.Equals("actions/checkout", StringComparison.OrdinalIgnoreCase) &&
                !string.Equals(step.WithInput("persist-credentials")?.Value, "false", StringComparison.OrdinalIgnoreCase))
                persisted = true;
            else if (step.Run is not null && persisted)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Lowers an unused <c>write</c> of a known scope to <c>read</c> (<c>none</c> for <c>id-token</c>, which has no read level). Unsafe for
    /// <c>contents</c> when a job runs a script after a checkout that keeps the token (the script may push); safe otherwise.
    /// </summary>
    private static IReadOnlyList<Fix>? LowerFix(WorkflowFile workflow, YamlScalar scope, YamlScalar level, IReadOnlyList<WorkflowJob> jobs)
    {
        if (!TokenScopes.Purpose.ContainsKey(scope.Value)) return null; // not a scope GitHub knows: RL1001's business
        var lower = scope.Value == "id-token" ? "none" : "read";
        var unsafeFix = scope.Value == "contents" && jobs.Any(ScriptsCanPush);
        var edit = TextEdit.Replace(workflow.Source, level.Start.Offset, level.End.Offset - level.Start.Offset, lower);
        return [Fix.WithEdits($"lower '{scope.Value}: write' to '{lower}'" + (unsafeFix ? " (unsafe: a script run after actions/checkout may push with the token it keeps)" : ""),
            unsafeFix ? FixSafety.Unsafe : FixSafety.Safe, edit)];
    }

    /// <summary>
    /// Adds <c>permissions: contents: read</c> to the workflow (<paramref name="job"/> null, above <c>jobs:</c>) or to a job
    /// (above its <c>steps:</c>), only when no step of <paramref name="jobs"/> could use the token for writing: no step is
    /// handed the token or calls the API, no action outside the scope table, no command of the table that writes, no
    /// reusable-workflow call, and the token appears nowhere else in the job (a <c>container:</c>'s credentials). The default
    /// token never has <c>id-token</c>, so an OIDC-capable program changes nothing. Unsafe when a script runs after a
    /// checkout that keeps the token (it may push) or an action reads pull requests or comments with it; none otherwise.
    /// </summary>
    private static IReadOnlyList<Fix>? AddReadFix(RuleContext context, WorkflowFile workflow, WorkflowJob? job, IReadOnlyList<WorkflowJob> jobs)
    {
        // A script of the repository that pushes is a writer too (the needs read it; the command scan does not), and one
        // the scan cannot read may be: then the grant fix says which step leaves no fix.
        foreach (var j in jobs.Where(j => !j.IsReusableWorkflowCall))
            if (TokenNeeds.For(context.Workspace, workflow, j) is var needs && (needs.Unknown is not null || needs.Items.Any(n => n.Write))) return null;
        foreach (var j in jobs)
        {
            if (j.IsReusableWorkflowCall || j.Node is null || j.Steps.Count == 0 || YamlText.IsFlow(workflow.Source, j.Node)) return null;
            if (TokenScopes.HandsOverToken(workflow, j, j.Steps[0]) || ReferencesTokenAnywhere(j.Node)) return null;
            foreach (var step in j.Steps)
            {
                var use = TokenScopes.For(workflow, j, step);
                if (use.Any || use.Scopes.Any(s => s != "id-token")) return null;
            }
        }
        var reads = jobs.SelectMany(j => j.Steps).FirstOrDefault(s => s.Action is { Kind: ActionReferenceKind.Repository } a && ReadsMoreThanContents.Contains(a.OwnerRepo));
        var scripts = jobs.FirstOrDefault(ScriptsCanPush);
        var unit = YamlText.IndentUnit(workflow.Root, workflow.Source);
        const string block = "permissions:\n  contents: read";
        TextEdit? edit;
        if (job is null)
            edit = workflow.Root is { } root && root.Find("jobs") is { } jobsEntry ? YamlText.InsertBefore(workflow.Source, root, jobsEntry, block, unit) : null;
        else
            edit = job.Node!.Find("steps") is { } steps ? YamlText.InsertBefore(workflow.Source, job.Node, steps, block, unit) : null;
        if (edit is null) return null;
        var why = reads is not null ? $" (unsafe: {reads.Action!.OwnerRepo} may read pull requests or comments with the token, which 'contents: read' does not allow)"
            : scripts is not null ? $" (unsafe: job '{scripts.Id}' runs scripts after actions/checkout, which keeps the token for git; a script that pushes would fail)"
            : "";
        return [Fix.WithEdits($"add 'permissions: {{ contents: read }}' to {(job is null ? "the workflow" : $"job '{job.Id}'")}: no step can write with the token" + why,
            why.Length > 0 ? FixSafety.Unsafe : FixSafety.Safe, edit)];
    }

    /// <summary>
    /// Writes the permissions the steps need: for the workflow (<paramref name="job"/> null) <c>contents: read</c> and the
    /// read scopes every job needs at the top, and a block for each job of <paramref name="jobs"/> that needs more (a job's
    /// block replaces the workflow's, so it repeats them); for a job, its block. Each scope but <c>contents: read</c> has a
    /// comment naming the step that needs it. <paramref name="writeAll"/>: the <c>write-all</c> it replaces (else the block is
    /// added). Null, with <paramref name="unknown"/> saying why when it is a step, when a job's needs cannot be known or the
    /// YAML cannot be edited in block style. Always unsafe: a reviewer confirms the scopes.
    /// </summary>
    private static IReadOnlyList<Fix>? GrantFix(RuleContext context, WorkflowFile workflow, WorkflowJob? job, IReadOnlyList<WorkflowJob> jobs, out string? unknown, WorkflowPermissions? writeAll = null)
    {
        unknown = null;
        if (workflow.Root is not { } root || YamlText.IsFlow(workflow.Source, root)) return null;
        var needs = new List<(WorkflowJob Job, Dictionary<string, (bool Write, List<string> Why)> Scopes)>();
        string? opaque = null;
        foreach (var j in jobs)
        {
            var n = TokenNeeds.For(context.Workspace, workflow, j);
            if (n.Unknown is not null) { unknown = n.Unknown; return null; }
            opaque ??= n.OpaquePush;
            var scopes = new Dictionary<string, (bool Write, List<string> Why)>(StringComparer.Ordinal);
            foreach (var item in n.Items)
            {
                var (write, reasons) = scopes.TryGetValue(item.Scope, out var had) ? had : (false, new List<string>());
                if (item.Write && !write) reasons.Clear();
                if (item.Write || !write) reasons.Add(item.Why);
                scopes[item.Scope] = (write || item.Write, reasons);
            }
            needs.Add((j, scopes));
        }
        var unit = YamlText.IndentUnit(root, workflow.Source);
        var edits = new List<TextEdit>();
        var described = new List<string>();
        Dictionary<string, (bool Write, List<string> Why)> top;
        if (job is null)
        {
            // The top: contents: read, and a read scope every job of several needs (and none writes).
            top = new(StringComparer.Ordinal) { ["contents"] = (false, []) };
            if (needs.Count > 1)
                foreach (var scope in needs[0].Scopes.Keys.Where(k => k != "contents" && needs.All(n => n.Scopes.TryGetValue(k, out var v) && !v.Write)))
                    top[scope] = (false, needs.SelectMany(n => n.Scopes[scope].Why).ToList());
            var block = Block(top);
            var edit = writeAll is not null ? YamlText.ValueToBlock(workflow.Source, writeAll.Entry, block[(block.IndexOf('\n') + 1)..].Replace("\n  ", "\n", StringComparison.Ordinal).TrimStart(), unit)
                : root.Find("jobs") is { } jobsEntry && YamlText.InsertBefore(workflow.Source, root, jobsEntry, block, unit) is { } insert ? [insert] : null;
            if (edit is null) return null;
            edits.AddRange(edit);
            described.Add(Summary(top));
        }
        else top = new(StringComparer.Ordinal);
        foreach (var (j, scopes) in needs)
        {
            var merged = new Dictionary<string, (bool Write, List<string> Why)>(top, StringComparer.Ordinal);
            if (!merged.ContainsKey("contents")) merged["contents"] = (false, []);
            foreach (var (scope, need) in scopes)
                if (!merged.TryGetValue(scope, out var had) || need.Write && !had.Write) merged[scope] = need;
            if (job is null && merged.All(m => top.TryGetValue(m.Key, out var t) && t.Write == m.Value.Write)) continue;
            if (j.Node is not { } node || YamlText.IsFlow(workflow.Source, node)) return null;
            var block = Block(merged);
            IReadOnlyList<TextEdit>? edit;
            if (job is not null && writeAll is not null)
                edit = YamlText.ValueToBlock(workflow.Source, writeAll.Entry, block[(block.IndexOf('\n') + 1)..].Replace("\n  ", "\n", StringComparison.Ordinal).TrimStart(), unit);
            else
                edit = (node.Find("steps") ?? node.Find("uses")) is { } before && YamlText.InsertBefore(workflow.Source, node, before, block, unit) is { } insert ? [insert] : null;
            if (edit is null) return null;
            edits.AddRange(edit);
            described.Add($"job '{TokenNeeds.Short(j.Id)}': {Summary(merged)}");
        }
        var verb = writeAll is null ? "add" : "replace 'write-all' by";
        var why = opaque is not null ? $"; {opaque}: check that it does not push" : "";
        return [Fix.WithEdits($"{verb} the permissions the steps need ({string.Join("; ", described)}) (unsafe: a reviewer confirms the scopes{why})", FixSafety.Unsafe, edits)];
    }

    private static string Summary(Dictionary<string, (bool Write, List<string> Why)> scopes) =>
        string.Join(", ", Order(scopes).Select(s => $"{s.Key}: {(s.Value.Write ? "write" : "read")}"));

    private static IEnumerable<KeyValuePair<string, (bool Write, List<string> Why)>> Order(Dictionary<string, (bool Write, List<string> Why)> scopes) =>
        scopes.OrderBy(s => s.Key == "contents" ? 0 : 1).ThenBy(s => s.Key, StringComparer.Ordinal);

    /// <summary>A <c>permissions:</c> block (two spaces a level), each scope but <c>contents: read</c> with a comment saying what needs it.</summary>
    private static string Block(Dictionary<string, (bool Write, List<string> Why)> scopes)
    {
        var lines = Order(scopes).Select(s =>
        {
            var line = $"{s.Key}: {(s.Value.Write ? "write" : "read")}";
            var why = s.Value.Why.Distinct().ToList();
            var comment = why.Count == 0 ? "" : string.Join(", ", why.Take(2)) + (why.Count > 2 ? $" and {why.Count - 2} more" : "");
            return (line, comment);
        }).ToList();
        var width = lines.Where(l => l.comment.Length > 0).Select(l => l.line.Length).DefaultIfEmpty(0).Max();
        return "permissions:\n" + string.Join("\n", lines.Select(l => "  " + (l.comment.Length == 0 ? l.line : l.line.PadRight(width) + "  # " + l.comment)));
    }

    private static bool ReferencesTokenAnywhere(YamlNode node)
    {
        var stack = new Stack<YamlNode>();
        stack.Push(node);
        var count = 0;
        while (stack.Count > 0 && count++ < 100_000)
        {
            switch (stack.Pop())
            {
                case YamlScalar s when TokenScopes.ReferencesToken(s.Value): return true;
                case YamlMapping m: foreach (var e in m.Entries) stack.Push(e.Value); break;
                case YamlSequence q: foreach (var i in q.Items) stack.Push(i); break;
            }
        }
        return false;
    }
}
