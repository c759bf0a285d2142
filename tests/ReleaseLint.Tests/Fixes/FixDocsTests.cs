using ReleaseLint.Engine;
using ReleaseLint.Fixes;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Fixes;

/// <summary>The docs fixes (RL4003 links, RL4006 workflow names): which are offered, at which safety, and what they write.</summary>
public sealed class FixDocsTests
{
    private static LintResult Lint(TempDir dir) => LintEngine.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create() });

    private static Finding Only(LintResult result, string rule, string quoted) =>
        Assert.Single(result.Findings, f => f.Rule.Id == rule && f.Message.Contains(quoted, StringComparison.Ordinal));

    [Fact]
    public void A_link_is_fixed_to_a_sibling_only_when_it_is_the_same_kind_of_file()
    {
        using var dir = new TempDir();
        dir.Write("docs/DEPLOYMENT.md", "# Deploy\n");
        dir.Write("docs/rollback.md", "# Rollback\n");
        dir.Write("scripts/bootstrap_cli.py", "print()\n");
        dir.Write("app/opengraph-image.tsx", "export default 1\n");
        dir.Write("README.md", "[a](docs/Deployment.md#steps) [b](./docs/rolback.md) [c](scripts/bootstrap_cli)\n\n![banner](app/opengraph-image.jpg)\n");
        var result = Lint(dir);

        var caseOnly = Only(result, "RL4003", "docs/Deployment.md").Fixes.Single();
        Assert.Equal(FixSafety.Safe, caseOnly.Safety);
        Assert.Equal("DEPLOYMENT.md", caseOnly.Edits.Single().NewText);
        Assert.Equal("Deployment.md", caseOnly.Edits.Single().OldText); // the anchor stays
        Assert.Equal(FixSafety.Unsafe, Only(result, "RL4003", "rolback.md").Fixes.Single().Safety);
        Assert.Equal("bootstrap_cli.py", Only(result, "RL4003", "scripts/bootstrap_cli'").Fixes.Single().Edits.Single().NewText);
        // The .tsx generates the banner: the hint may name it, the fix must not write it.
        Assert.Empty(Only(result, "RL4003", "opengraph-image.jpg").Fixes);

        var run = FixRunner.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create() }, new FixOptions { Safety = FixSafety.Safe });
        Assert.Equal("[a](docs/DEPLOYMENT.md#steps) [b](./docs/rolback.md) [c](scripts/bootstrap_cli)\n\n![banner](app/opengraph-image.jpg)\n", run.Files.Single().Fixed);
    }

    [Fact]
    public void A_workflow_mention_takes_the_suggested_display_name_only_under_fix_unsafe()
    {
        using var dir = new TempDir();
        dir.Write(".github/workflows/deploy.yml", "name: Fly Deploy\non: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n");
        dir.Write("docs/OPS.md", "# Ops\n\nIn GitHub Actions, re-run the \"fly deploy\" workflow, or the \"Deploy to Fly\" workflow.\n");
        var result = Lint(dir);
        // The page speaks of GitHub Actions (elsewhere "workflow" is an ordinary word). Display names match whatever their case: "fly deploy" is not reported, so there is nothing to fix.
        Assert.DoesNotContain(result.Findings, f => f.Rule.Id == "RL4006" && f.Message.Contains("'fly deploy'", StringComparison.Ordinal));
        var guess = Only(result, "RL4006", "'Deploy to Fly'").Fixes.Single();
        Assert.Equal(FixSafety.Unsafe, guess.Safety);
        Assert.Equal("Fly Deploy", guess.Edits.Single().NewText);
        Assert.Empty(FixRunner.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create() }, new FixOptions { Safety = FixSafety.Safe }).Files);
        var unsafeRun = FixRunner.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create() }, new FixOptions { Safety = FixSafety.Unsafe });
        Assert.Equal("# Ops\n\nIn GitHub Actions, re-run the \"fly deploy\" workflow, or the \"Fly Deploy\" workflow.\n", unsafeRun.Files.Single().Fixed);
    }
}
