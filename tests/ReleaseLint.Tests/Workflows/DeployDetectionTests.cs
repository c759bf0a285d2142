using ReleaseLint.Engine;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Workflows;

public sealed class DeployDetectionTests
{
    [Theory]
    [InlineData("flyctl deploy", true)]
    [InlineData("fly deploy --remote-only", true)]
    [InlineData("~/.fly/bin/flyctl deploy --image x:1", true)]
    [InlineData("\"$HOME/.fly/bin/flyctl\" deploy", true)]
    [InlineData("flyctl -a acme deploy", true)]
    [InlineData("make build && flyctl deploy --app acme", true)]
    [InlineData("flyctl version", false)]
    [InlineData("flyctl deploys", false)]
    [InlineData("butterfly deploy", false)]
    [InlineData("flyctl secrets set X=1", false)]
    public void Recognises_fly_deploy_commands(string command, bool deploys) =>
        Assert.Equal(deploys, DeployDetection.FlyDeployCommand().IsMatch(command));

    private static WorkflowStep Step(string yaml, out SourceText source)
    {
        source = new SourceText(".github/workflows/x.yml", "jobs:\n  j:\n    runs-on: x\n    steps:\n" + yaml);
        return WorkflowFile.From(YamlFile.Parse(source)).Jobs[0].Steps[0];
    }

    [Theory]
    [InlineData("      - run: |\n          # fly deploy is elsewhere\n          echo \"fly deploy later\"\n", false)]
    [InlineData("      - uses: superfly/flyctl-actions/setup-flyctl@v1\n", false)]
    [InlineData("      - uses: superfly/flyctl-actions@v1\n        with:\n          args: deploy --remote-only\n", true)]
    [InlineData("      - uses: superfly/flyctl-actions@v1\n        with:\n          args: status\n", false)]
    [InlineData("      - uses: superfly/fly-pr-review-apps@v1\n", false)] // a pull-request review app: a preview, not production
    [InlineData("      - run: flyctl deploy \\\n          --image ghcr.io/acme/app:1\n", true)]
    public void Classifies_steps(string yaml, bool deploys)
    {
        var step = Step(yaml, out var source);
        Assert.Equal(deploys, DeployDetection.Classify(step).Count > 0);
    }

    [Fact]
    public void Continued_command_lines_are_joined_and_located_on_their_first_line()
    {
        var step = Step("      - run: |\n          echo start\n          flyctl deploy \\\n            --image ghcr.io/acme/app:latest\n", out var source);
        var found = Assert.Single(DeployDetection.Classify(step));
        Assert.Equal("flyctl deploy --image ghcr.io/acme/app:latest", found.Command);
        Assert.Equal((7, 11), (found.Location.Line, found.Location.Column));
    }

    [Fact]
    public void Configured_workflows_and_callers_of_deploy_workflows_are_deploy_workflows()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, ".github/workflows"));
        File.WriteAllText(Path.Combine(dir.Path, ".github/workflows/ship.yml"), "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - run: make\n  deploy-prod:\n    runs-on: x\n    steps:\n      - run: ./ship.sh\n");
        File.WriteAllText(Path.Combine(dir.Path, ".github/workflows/release.yml"), "on: push\njobs:\n  go:\n    uses: ./.github/workflows/ship.yml\n");
        File.WriteAllText(Path.Combine(dir.Path, ".github/workflows/ci.yml"), "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make test\n");
        var policy = new ReleasePolicy { DeployWorkflows = [".github/workflows/ship.yml"] };
        var workspace = new Workspace(FileSet.Scan(dir.Path, []), policy);
        var found = DeployDetection.DeployWorkflows(workspace).ToDictionary(d => d.Workflow.Path);
        Assert.Equal(["deploy-prod"], found[".github/workflows/ship.yml"].Jobs.Select(j => j.Job.Id));
        Assert.True(found[".github/workflows/ship.yml"].IsConfigured);
        Assert.Equal("is in a workflow listed in deploy.workflows; runs './ship.sh' at line 10", found[".github/workflows/ship.yml"].Jobs[0].Reason);
        Assert.Equal("calls .github/workflows/ship.yml, whose job 'deploy-prod' is in a workflow listed in deploy.workflows; runs './ship.sh' at line 10", Assert.Single(found[".github/workflows/release.yml"].Jobs).Reason);
        Assert.False(found.ContainsKey(".github/workflows/ci.yml"));
    }

    [Theory]
    [InlineData("      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n", true)]
    [InlineData("      - uses: actions/checkout@v4\n        with:\n          ref: refs/pull/${{ github.event.number }}/merge\n", true)]
    [InlineData("      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.base.sha }}\n", false)]
    [InlineData("      - uses: actions/checkout@v4\n", false)]
    [InlineData("      - run: git fetch origin pull/${{ github.event.number }}/head:pr && git checkout pr\n", true)]
    [InlineData("      - run: gh pr checkout 12\n", true)]
    public void Recognises_checkouts_of_the_pull_request_head(string yaml, bool untrusted)
    {
        var step = Step(yaml, out var source);
        Assert.Equal(untrusted, UntrustedCode.Classify(step) is not null);
    }
}
