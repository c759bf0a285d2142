using System.Collections.Frozen;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1002: a deploy workflow can run from something other than the release branch.</summary>
public sealed class RL1002DeployTrigger : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Rule = new("RL1002", "deploy-trigger",
        "Deploy workflow runs from outside the release branch",
        "A deploy workflow (listed in deploy.workflows, or with a step that runs flyctl deploy / fly deploy or uses a superfly/ deploy action) that can run from something other than the release branch: a pull_request* event, a push to another branch or to any branch, a tag push, a schedule, or workflow_dispatch when no 'if:' on the deploy job (or a job it needs, or every deploy step) checks that github.ref is the release branch. Production then runs code that never went through the release branch's reviews and checks.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "release-policy", "deploy"], securitySeverity: 7.0);

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    private static readonly FrozenSet<string> PullRequestEvents = FrozenSet.Create(StringComparer.Ordinal,
    [
        "pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment", "merge_group",
    ]);

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        if (DeployDetection.Find(context.Workspace, workflow) is not { } deploy || deploy.Jobs.Count == 0) return;
        if (workflow.IsReusableOnly) return; // the callers' triggers decide; their jobs are deploy jobs too
        var release = context.Policy.ReleaseBranch;
        var unguarded = deploy.Jobs.Where(j => ReleaseBranchGuard.Find(workflow, j.Job, j.Steps.Select(s => s.Step).ToList(), release) is null).ToList();
        if (unguarded.Count == 0) return;
        var source = workflow.Source;
        var job = unguarded[0];
        var deploys = $"job '{job.Job.Id}' {job.Reason}";
        var related = new List<RelatedLocation>
        {
            new(job.Steps.Count > 0 ? job.Steps[0].Location : job.Job.IdNode.Location(source), "the deploy"),
        };
        var guard = $"\"if: github.ref == 'refs/heads/{release}'\"";

        foreach (var ev in workflow.Events)
        {
            var name = ev.Name;
            if (PullRequestEvents.Contains(name))
            {
                context.Report(ev.NameNode.Location(source),
                    context.Policy.HasReleaseBranch
                        ? $"deploy workflow runs on '{name}', so a pull request's code can reach production ({deploys}); deploy only on push to '{release}', or add {guard} to the deploy job"
                        : $"deploy workflow runs on '{name}', so a pull request's code can reach production ({deploys})",
                    name, related);
                continue;
            }
            // branches.release: null: no branch mirrors production, so no trigger is judged against one
            if (!context.Policy.HasReleaseBranch) continue;
            switch (name)
            {
                case "push":
                    CheckPush(context, source, ev, release, deploys, guard, related);
                    break;
                case "workflow_dispatch":
                    context.Report(ev.NameNode.Location(source),
                        $"'workflow_dispatch' lets anyone with write access run this deploy on any branch, and no 'if:' on job '{job.Job.Id}' checks the ref; add {guard} to the deploy job",
                        name, related);
                    break;
                case "workflow_call":
                    break;
                case "workflow_run":
                    if (ev.BranchFilter is { Patterns.Count: > 0 } runBranches && runBranches.Patterns.All(b => !b.CanMatchOtherThan(release))) break;
                    context.Report(ev.NameNode.Location(source),
                        $"deploy workflow runs after other workflows ('workflow_run') on any branch ({deploys}); add 'branches: [{release}]' under 'workflow_run:' or {guard} to the deploy job",
                        name, related);
                    break;
                case "schedule":
                    context.Report(ev.NameNode.Location(source),
                        $"deploy workflow runs on a schedule, which runs the default branch's latest commit rather than '{release}' ({deploys}); deploy on push to '{release}' instead",
                        name, related);
                    break;
                default:
                    context.Report(ev.NameNode.Location(source),
                        $"deploy workflow runs on '{name}', which is not a push to the release branch '{release}' ({deploys}); deploy on push to '{release}', or add {guard} to the deploy job",
                        name, related);
                    break;
            }
        }
    }

    private static void CheckPush(RuleContext context, SourceText source, WorkflowEvent ev, string release, string deploys, string guard, List<RelatedLocation> related)
    {
        var branches = ev.Branches;
        var ignore = ev.BranchesIgnore;
        var tags = ev.Tags ?? ev.TagsIgnore;
        if (branches is null && ignore is null && tags is null)
        {
            context.Report(ev.NameNode.Location(source),
                $"deploy workflow runs on push to any branch ({deploys}); add 'branches: [{release}]' under 'push:'",
                "push:any", related);
            return;
        }
        if (branches is not null && ev.BranchFilter is { } filter)
        {
            foreach (var (b, pattern) in branches.Zip(filter.Patterns))
                if (pattern.CanMatchOtherThan(release))
                    context.Report(b.Location(source),
                        $"deploy workflow runs on push to '{b.Value}', not only to the release branch '{release}' ({deploys}); limit 'branches:' to [{release}]",
                        "push:" + b.Value, related);
        }
        else if (ignore is not null && ev.Config?.Find("branches-ignore") is { } ignoreEntry)
        {
            context.Report(ignoreEntry.Key.Location(source),
                $"deploy workflow runs on push to every branch not in 'branches-ignore' ({deploys}); use 'branches: [{release}]' instead",
                "push:branches-ignore", related);
        }
        if (tags is not null && ev.Config?.Find(ev.Tags is not null ? "tags" : "tags-ignore") is { } tagEntry)
            context.Report(tagEntry.Key.Location(source),
                $"deploy workflow runs on tag pushes, which deploy whatever commit the tag points at, on any branch ({deploys}); deploy on push to '{release}', or add {guard} to the deploy job",
                "push:tags", related);
    }
}
