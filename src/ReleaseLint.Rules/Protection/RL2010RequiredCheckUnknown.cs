using ReleaseLint.Inputs.Protection;
using ReleaseLint.Inputs.Workflows;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2010: a required status check that no workflow job produces.</summary>
public sealed class RL2010RequiredCheckUnknown : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2010", "required-check-unknown",
        "Required status check matches no workflow job",
        "A required status check names a context that no job produces in a workflow that runs on pull requests into the branch (pull_request, pull_request_target, merge_group) or on pushes to it. The context of a GitHub Actions check is the job's name: its 'name:' (matrix expressions expanded) or its id, 'name (value, value)' for a matrix job, 'caller / called-job' for a reusable workflow. A required check nobody reports makes every pull request wait forever, or, when it is bypassed, guards nothing. Checks bound to another app (app_id / integration_id other than GitHub Actions, 15368) are not judged; repositories without workflows are not judged.",
        Severity.Error, RuleCategory.Protection, ["protection", "workflows"])
    {
        Reads = RuleInputs.Protection | RuleInputs.Workflows, // the jobs that report checks
        ReportsIn = RuleInputs.Protection,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void Check(RuleContext context, ProtectionModel model)
    {
        var workflows = context.Workspace.Workflows;
        if (workflows.Count == 0) return;
        var all = workflows.SelectMany(JobCheckNames.Of).ToList();
        var policyBranches = PolicyBranches(context.Policy);
        var branches = policyBranches.Select(b => b.Name).Concat(model.ClassicBranches).Distinct(StringComparer.Ordinal).ToList();
        var seen = new HashSet<(string, string, string?)>();
        foreach (var branch in branches)
        {
            var effective = model.For(branch);
            if (!effective.IsProtected) continue;
            var running = all.Where(n => WorkflowTriggers.RunsFor(n.Workflow, branch)).ToList();
            foreach (var (check, layer) in effective.Checks)
            {
                if (!check.MayComeFromActions) continue;
                if (running.Any(n => n.Pattern.IsMatch(check.Context))) continue;
                if (!seen.Add((branch, check.Context, check.Location?.ToString() ?? layer.Origin.Path))) continue;
                var elsewhere = all.FirstOrDefault(n => n.Pattern.IsMatch(check.Context));
                string detail;
                if (elsewhere is not null)
                    detail = $"job '{elsewhere.Job.Id}' of {elsewhere.Workflow.Path} reports it, but that workflow does not run on pull requests into '{branch}' or pushes to it";
                else
                {
                    var names = running.Select(n => n.Display).Distinct().ToList();
                    var close = Suggestions.Closest(names, check.Context, Math.Max(2, check.Context.Length / 3));
                    detail = names.Count == 0
                        ? $"no workflow runs on pull requests into '{branch}' or pushes to it"
                        : $"jobs that run: {string.Join(", ", names.Take(8).Select(n => $"'{n}'"))}{(names.Count > 8 ? ", …" : "")}{(close is not null ? $"; did you mean '{close}'?" : "")}";
                }
                var policyBranch = policyBranches.FirstOrDefault(b => b.Name == branch);
                var location = policyBranch is not null
                    ? Where(context, check.Location, policyBranch, "status-checks")
                    : Where(context, check.Location, "after tests pass", "protection");
                context.At(location).About("branch", branch).About("setting", "required status check " + check.Context).Key(branch, "check", check.Context, layer.Origin.Path)
                    .Report($"required status check '{check.Context}' {In(layer)} is reported by no workflow job that runs for '{branch}', so pull requests wait for it forever; {detail}");
            }
        }
    }
}
