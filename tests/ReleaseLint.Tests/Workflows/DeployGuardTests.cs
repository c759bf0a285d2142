using System.Text.Json;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Deploys;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Policy;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Workflows;

/// <summary>Deploy detection by job, the three-valued evaluator and the guard evaluator over run scenarios.</summary>
public sealed class DeployGuardTests
{
    private static RunScenario Scenario(string eventName, string reference, string? action = null) => new()
    {
        Event = eventName, Ref = reference, Branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference[11..] : null,
        DefaultBranch = "main", Action = action, Description = "test",
    };

    private static Truth Eval(string condition, RunScenario scenario) =>
        ExpressionEvaluator.Condition(ExpressionParser.Parse(condition), scenario);

    [Theory]
    [InlineData("github.event_name == 'release'", "pull_request", "refs/pull/1/merge", Truth.False)]
    [InlineData("github.event_name == 'release'", "release", "refs/tags/v1", Truth.True)]
    [InlineData("startsWith(github.ref, 'refs/tags/')", "workflow_dispatch", "refs/heads/feature", Truth.False)]
    [InlineData("github.ref_type == 'tag'", "pull_request", "refs/pull/1/merge", Truth.False)]
    [InlineData("github.ref == 'refs/heads/live' || github.event_name == 'release'", "push", "refs/heads/main", Truth.False)]
    [InlineData("github.repository == 'psf/black'", "workflow_dispatch", "refs/heads/main", Truth.Unknown)]
    [InlineData("github.repository == 'psf/black' && github.ref == 'refs/heads/live'", "workflow_dispatch", "refs/heads/main", Truth.False)]
    [InlineData("needs.build.outputs.ok == 'true' || github.event_name == 'push'", "push", "refs/heads/main", Truth.True)]
    [InlineData("github.event.release.draft == false", "pull_request", "refs/pull/1/merge", Truth.True)] // null == false: both become 0
    [InlineData("github.event.workflow_run.conclusion == 'success'", "workflow_dispatch", "refs/heads/main", Truth.False)] // no workflow_run payload
    [InlineData("contains(fromJSON('[\"push\", \"release\"]'), github.event_name)", "pull_request", "refs/pull/1/merge", Truth.False)]
    [InlineData("contains(github.ref, 'live')", "push", "refs/heads/live-x", Truth.True)]
    [InlineData("!startsWith(github.ref, 'refs/tags/')", "push", "refs/tags/v1", Truth.False)]
    [InlineData("format('refs/heads/{0}', 'LIVE') == github.ref", "push", "refs/heads/live", Truth.True)] // strings compare case-insensitively
    [InlineData("inputs.plan != ''", "workflow_dispatch", "refs/heads/main", Truth.False)] // an undeclared input is null, and null == ''
    public void Conditions_are_decided_where_the_scenario_decides_them(string condition, string eventName, string reference, Truth expected) =>
        Assert.Equal(expected, Eval(condition, Scenario(eventName, reference)));

    [Fact]
    public void Activity_types_decide_event_action_guards()
    {
        Assert.Equal(Truth.False, Eval("github.event.action == 'published'", Scenario("pull_request", "refs/pull/1/merge", "opened")));
        Assert.Equal(Truth.True, Eval("github.event.action == 'published'", Scenario("release", "refs/tags/v1", "published")));
    }

    [Fact]
    public void Strings_with_a_known_start_decide_prefix_checks_and_inequality()
    {
        var partial = ExprValue.Prefix("review-pr-");
        var context = new MapContext(new() { ["env.environment"] = partial });
        Assert.Equal(Truth.True, ExpressionEvaluator.Condition(ExpressionParser.Parse("startsWith(env.ENVIRONMENT, 'review')"), context));
        Assert.Equal(Truth.False, ExpressionEvaluator.Condition(ExpressionParser.Parse("env.ENVIRONMENT == 'production'"), context));
        Assert.Equal(Truth.Unknown, ExpressionEvaluator.Condition(ExpressionParser.Parse("env.ENVIRONMENT == 'review-pr-12'"), context));
        Assert.Equal(Truth.Unknown, ExpressionEvaluator.Condition(ExpressionParser.Parse("endsWith(env.ENVIRONMENT, '12')"), context));
    }

    [Fact]
    public void And_and_or_keep_what_an_unknown_side_cannot_change()
    {
        var context = new MapContext(new());
        Assert.Equal(Truth.False, ExpressionEvaluator.Condition(ExpressionParser.Parse("steps.x.outputs.y == 'a' && false"), context));
        Assert.Equal(Truth.True, ExpressionEvaluator.Condition(ExpressionParser.Parse("steps.x.outputs.y || 'text'"), context));
        Assert.Equal(Truth.Unknown, ExpressionEvaluator.Condition(ExpressionParser.Parse("steps.x.outputs.y || ''"), context));
    }

    private sealed class MapContext(Dictionary<string, ExprValue> values) : IExpressionContext
    {
        public ExprValue Lookup(string path) => values.TryGetValue(path, out var v) ? v : ExprValue.Unknown;
    }

    private static IReadOnlyList<DeploySignal> Signals(string run)
    {
        var source = new SourceText(".github/workflows/x.yml", "jobs:\n  j:\n    runs-on: x\n    steps:\n      - run: |\n          " + run.Replace("\n", "\n          ") + "\n");
        var step = WorkflowFile.From(YamlFile.Parse(source)).Jobs[0].Steps[0];
        return DeploySignals.ForStep(step, new SignalContext());
    }

    [Theory]
    [InlineData("flyctl deploy --remote-only", "fly", DeployTarget.Production)]
    [InlineData("flyctl deploy -c fly.development.toml", "fly", DeployTarget.Staging)]
    [InlineData("npx vercel --confirm --prod --token $T", "vercel", DeployTarget.Production)]
    [InlineData("npx vercel --confirm --token $T", "vercel", DeployTarget.Preview)]
    [InlineData("netlify deploy --dir site --prod", "netlify", DeployTarget.Production)]
    [InlineData("netlify deploy --dir site", "netlify", DeployTarget.Preview)]
    [InlineData("kubectl set image deployment/web web=ghcr.io/a/b:$GITHUB_SHA --namespace=production", "kubernetes", DeployTarget.Production)]
    [InlineData("kubectl apply -f k8s/staging/", "kubernetes", DeployTarget.Staging)]
    [InlineData("twine upload dist/*", "pypi", DeployTarget.Production)]
    [InlineData("twine upload --repository testpypi dist/*", "pypi", DeployTarget.Test)]
    [InlineData("uv publish --trusted-publishing always", "pypi", DeployTarget.Production)]
    [InlineData("npm publish --access public --provenance", "npm", DeployTarget.Production)]
    [InlineData("pnpm dlx pkg-pr-new publish", "npm", DeployTarget.Preview)]
    [InlineData("gh release create v1 dist/*", "release", DeployTarget.Production)]
    [InlineData("gh release create v1 --draft dist/*", "release", DeployTarget.Draft)]
    [InlineData("mike deploy -b docs-site dev --push", "pages", DeployTarget.Production)]
    [InlineData("mkdocs gh-deploy --force", "pages", DeployTarget.Production)]
    [InlineData("aws s3 sync \"${DIR}\" \"s3://${BUCKET}/site\"", "cloud", DeployTarget.Production)]
    [InlineData("supabase db push", "cloud", DeployTarget.Production)]
    [InlineData("sst deploy --stage prod", "cloud", DeployTarget.Production)]
    [InlineData("docker buildx imagetools create \"${tags[@]}\" \"${image}@${DIGEST}\"", "container", DeployTarget.Production)]
    [InlineData("make ${{ env.DEPLOY_ENV }} ci terraform-app-apply", "cloud", DeployTarget.Production)]
    [InlineData("goreleaser release --clean", "release", DeployTarget.Production)]
    public void Recognises_deploy_commands_and_where_they_go(string run, string kind, DeployTarget target)
    {
        var signal = Assert.Single(Signals(run), s => s.Strength == SignalStrength.Strong);
        Assert.Equal((kind, target), (signal.Kind, signal.Target));
    }

    [Theory]
    [InlineData("npm publish --dry-run")]
    [InlineData("cargo publish --dry-run")]
    [InlineData("goreleaser release --snapshot --clean")]
    [InlineData("vercel pull --yes --environment=production")]
    [InlineData("mkdocs build --strict")]
    [InlineData("mike deploy dev")]
    [InlineData("# flyctl deploy happens elsewhere")]
    [InlineData("echo \"run twine upload later\"")]
    [InlineData("aws s3 cp s3://bucket/file .")]
    public void Leaves_commands_that_publish_nothing_alone(string run) =>
        Assert.DoesNotContain(Signals(run), s => s.Strength == SignalStrength.Strong);

    [Theory]
    [InlineData("production", EnvironmentKind.Production)]
    [InlineData("Release", EnvironmentKind.Production)]
    [InlineData("ice-prod-frontend", EnvironmentKind.Production)]
    [InlineData("pypi", EnvironmentKind.Production)]
    [InlineData("github-pages", EnvironmentKind.Production)]
    [InlineData("release-gate", EnvironmentKind.Other)]
    [InlineData("automations", EnvironmentKind.Other)]
    [InlineData("version", EnvironmentKind.Other)]
    [InlineData("staging", EnvironmentKind.NonProduction)]
    [InlineData("uv-test-publish", EnvironmentKind.NonProduction)]
    [InlineData("ice-pr-${{ github.event.number }}-frontend", EnvironmentKind.NonProduction)]
    [InlineData("${{ inputs.environment }}", EnvironmentKind.Dynamic)]
    public void Classifies_environment_names(string name, EnvironmentKind kind) => Assert.Equal(kind, EnvironmentNames.Classify(name));

    [Theory]
    [InlineData("push-dev: ${{ needs.plan.outputs.push-docker == 'true' }}", true)]
    [InlineData("push-dev: false", false)]
    [InlineData("environment: staging", true)]
    [InlineData("environment: production", false)]
    [InlineData("plan: ${{ needs.plan.outputs.val }}", false)]
    [InlineData("run-tests: true", false)]
    [InlineData("dry-run: true", true)]
    public void Calls_that_switch_a_deploy_to_a_preview_are_not_production_calls(string with, bool preview)
    {
        var source = new SourceText(".github/workflows/x.yml", "jobs:\n  call:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      " + with + "\n");
        var job = WorkflowFile.From(YamlFile.Parse(source)).Jobs[0];
        Assert.Equal(preview, CallGraph.NonProductionInputs(job) is not null);
    }

    [Fact]
    public void Metadata_action_tags_publish_on_other_branches_only_what_is_enabled_there()
    {
        var rules = ContainerTags.Parse("type=raw,value=latest,enable={{is_default_branch}}\ntype=ref,event=branch\ntype=ref,event=tag");
        Assert.Equal(Truth.False, ContainerTags.Publishes(rules, Scenario("workflow_dispatch", "refs/heads/feature")));
        Assert.Equal(Truth.True, ContainerTags.Publishes(rules, Scenario("push", "refs/heads/main")));
        Assert.Equal(Truth.True, ContainerTags.Publishes(rules, Scenario("push", "refs/tags/1.0.0")));
        Assert.Equal(Truth.True, ContainerTags.Publishes(ContainerTags.Parse("type=raw,value=latest\ntype=sha"), Scenario("workflow_dispatch", "refs/heads/feature")));
    }

    [Fact]
    public void Environment_written_by_an_earlier_step_is_followed_per_run()
    {
        var yaml = "jobs:\n  deploy:\n    runs-on: x\n    steps:\n" +
                   "      - if: github.event_name == 'push'\n        run: echo \"ENVIRONMENT=${{ matrix.environment }}\" >> $GITHUB_ENV\n" +
                   "      - if: github.event_name == 'pull_request'\n        run: |\n          ENVIRONMENT=review-pr-${{ github.event.number }}\n          echo \"ENVIRONMENT=${ENVIRONMENT}\" >> $GITHUB_ENV\n" +
                   "      - run: make ${{ env.ENVIRONMENT }} deploy\n";
        var job = WorkflowFile.From(YamlFile.Parse(new SourceText(".github/workflows/x.yml", yaml))).Jobs[0];
        var onPr = new StepContext(Scenario("pull_request", "refs/pull/1/merge"), job.Steps, job.Steps[2], []);
        var onPush = new StepContext(Scenario("push", "refs/heads/main"), job.Steps, job.Steps[2], []);
        Assert.Equal("review-pr-", onPr.Lookup("env.environment").KnownPrefix);
        Assert.False(onPush.Lookup("env.environment").IsKnown);
        Assert.Equal(Truth.True, ExpressionEvaluator.Condition(ExpressionParser.Parse("startsWith(env.ENVIRONMENT, 'review')"), onPr));
    }

    [Fact]
    public void Tags_named_after_the_branch_are_branch_specific()
    {
        Assert.True(DeploySignals.BranchSpecific("ghcr.io/a/b:builder-${{ env.GIT_BRANCH }}", null, null));
        Assert.True(DeploySignals.BranchSpecific("ghcr.io/a/b:${{ github.sha }}\nghcr.io/a/b:pr-${{ github.event.number }}", null, null));
        Assert.False(DeploySignals.BranchSpecific("ghcr.io/a/b:latest", null, null));
        Assert.False(DeploySignals.BranchSpecific("ghcr.io/a/b:${{ github.sha }}\nghcr.io/a/b:latest", null, null));
        Assert.False(DeploySignals.BranchSpecific("ghcr.io/a/b:${{ inputs.tag }}", null, null));
    }

    private static (DeployAnalysis Analysis, GuardEvaluator Guards, Workspace Workspace) Analyse(TempDir dir, ReleasePolicy? policy = null)
    {
        var workspace = new Workspace(FileSet.Scan(dir.Path, []), policy ?? new ReleasePolicy());
        return (DeployDetection.Analysis(workspace), GuardEvaluator.For(workspace), workspace);
    }

    [Fact]
    public void A_composite_action_switched_by_a_production_input_deploys_only_where_it_is_on()
    {
        using var dir = new TempDir();
        dir.Write(".github/actions/deploy/action.yml", "name: d\ninputs:\n  production:\n    default: \"false\"\nruns:\n  using: composite\n  steps:\n" +
                  "    - if: ${{ inputs.production != 'true' }}\n      shell: bash\n      run: npx vercel deploy --prebuilt\n" +
                  "    - if: ${{ inputs.production == 'true' }}\n      shell: bash\n      run: npx vercel deploy --prebuilt --prod\n");
        dir.Write(".github/workflows/prod.yml", "on:\n  push:\n    branches: [live]\n  pull_request:\njobs:\n  deploy:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/deploy\n        with:\n          production: ${{ github.event_name == 'push' }}\n");
        dir.Write(".github/workflows/staging.yml", "on: push\njobs:\n  deploy:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/deploy\n        with:\n          production: false\n");
        var (analysis, guards, _) = Analyse(dir);
        var job = Assert.Single(analysis.Jobs);
        Assert.Equal(".github/workflows/prod.yml", job.Workflow.Path);
        Assert.StartsWith("uses ./.github/actions/deploy, which runs 'npx vercel deploy --prebuilt --prod' at .github/actions/deploy/action.yml:", job.Reason);
        Assert.Empty(guards.Escapes(job)); // the pull request passes production: false
    }

    [Fact]
    public void Reusable_workflows_are_judged_through_their_callers_triggers_guards_and_inputs()
    {
        using var dir = new TempDir();
        dir.Write(".github/workflows/deploy.yml", "on:\n  workflow_call:\n    inputs:\n      target:\n        type: string\n        default: production\njobs:\n  fly:\n    runs-on: x\n    environment: production\n    steps:\n      - if: inputs.target == 'production'\n        run: flyctl deploy --remote-only\n");
        dir.Write(".github/workflows/ci.yml", "on: [pull_request, workflow_dispatch]\njobs:\n  preview:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      target: review\n  guarded:\n    if: github.ref == 'refs/heads/live'\n    uses: ./.github/workflows/deploy.yml\n");
        dir.Write(".github/workflows/release.yml", "on: workflow_dispatch\njobs:\n  ship:\n    uses: ./.github/workflows/deploy.yml\n");
        var (analysis, guards, _) = Analyse(dir);
        var callee = analysis.Jobs.Single(j => j.Workflow.Path == ".github/workflows/deploy.yml");
        // One escape per branch tried, all through release.yml's dispatch: the preview call and the guarded call stay quiet.
        var escapes = guards.Escapes(callee);
        Assert.NotEmpty(escapes);
        Assert.All(escapes, e => Assert.Equal((".github/workflows/release.yml", "workflow_dispatch", "ship"), (e.Trigger.Workflow.Path, e.Trigger.Subject, Assert.Single(e.Calls).Job.Id)));
        Assert.Contains(analysis.Jobs, j => j.Workflow.Path == ".github/workflows/release.yml" && j.Basis == DeployBasis.Call);
    }

    [Fact]
    public void Configuration_adds_narrows_and_removes_deploy_jobs()
    {
        using var dir = new TempDir();
        dir.Write(".github/workflows/a.yml", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: make\n  ship:\n    runs-on: x\n    steps:\n      - run: ./scripts/ship.sh\n  fly:\n    runs-on: x\n    steps:\n      - run: flyctl deploy\n");
        dir.Write(".github/workflows/b.yml", "on: push\njobs:\n  pages:\n    runs-on: x\n    steps:\n      - uses: actions/deploy-pages@v4\n");
        Assert.Equal(["a.yml:fly", "b.yml:pages"], Analyse(dir).Analysis.Jobs.Select(j => j.Name));
        var policy = new ReleasePolicy { DeployJobs = ["a.yml:ship"], DeployIgnore = ["b.yml:*"] };
        Assert.Equal(["a.yml:ship"], Analyse(dir, policy).Analysis.Jobs.Select(j => j.Name));
    }

    [Fact]
    public void Json_output_lists_the_deploy_jobs_and_the_summary_counts_them()
    {
        using var dir = new TempDir();
        dir.Write(".github/workflows/fly.yml", "on:\n  push:\n    branches: [live]\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: x\n    steps:\n      - run: flyctl deploy --remote-only\n");
        var result = LintEngine.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create() });
        var writer = new StringWriter();
        JsonFormatter.Write(writer, result);
        using var doc = JsonDocument.Parse(writer.ToString());
        var job = Assert.Single(doc.RootElement.GetProperty("deployJobs").EnumerateArray());
        Assert.Equal(".github/workflows/fly.yml", job.GetProperty("workflow").GetString());
        Assert.Equal("deploy", job.GetProperty("job").GetString());
        Assert.Equal("runs 'flyctl deploy --remote-only' at line 10", job.GetProperty("reason").GetString());
        Assert.Contains(result.Notes, n => n.StartsWith("1 deploy job found by what they do: fly.yml:deploy", StringComparison.Ordinal));
    }
}
