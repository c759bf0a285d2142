using ReleaseLint.Engine;
using ReleaseLint.Fixes;
using ReleaseLint.Rules;

namespace ReleaseLint.Tests.Fixes;

/// <summary>
/// RL1005's fix that writes the permissions the steps need: which commands and actions need which scope, which steps
/// make the needs unknown (no fix, the finding names the step), and how the shell scan reads scripts.
/// </summary>
public sealed class PermissionsFixTests
{
    private const string Head = "name: W\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n";

    private static (Finding Finding, string? Fixed) Check(string steps, params (string Path, string Text)[] files)
    {
        using var dir = new TempDir();
        dir.Write(".github/workflows/w.yml", Head + steps);
        foreach (var (path, text) in files) dir.Write(path, text);
        var result = LintEngine.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create() });
        var finding = Assert.Single(result.Findings, f => f.Rule.Id == "RL1005");
        var run = FixRunner.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create() }, new FixOptions { Safety = FixSafety.Unsafe });
        return (finding, run.Files.SingleOrDefault(f => f.Path == ".github/workflows/w.yml")?.Fixed);
    }

    /// <summary>The job's block the fix writes (the lines after the job's 'runs-on:'), or null.</summary>
    private static string? JobBlock(string? fixedText)
    {
        if (fixedText is null) return null;
        var start = fixedText.IndexOf("    runs-on: ubuntu-latest\n", StringComparison.Ordinal) + "    runs-on: ubuntu-latest\n".Length;
        var end = fixedText.IndexOf("    steps:\n", start, StringComparison.Ordinal);
        return end < 0 || end == start ? null : fixedText[start..end];
    }

    [Fact]
    public void Gh_handed_the_job_token_needs_the_scope_of_its_subcommand_and_a_token_secret_needs_none()
    {
        var (_, release) = Check("      - env:\n          GH_TOKEN: ${{ github.token }}\n        run: |\n          echo \"notes | curl x\" > notes.md\n          gh release create v1 --notes-file notes.md\n");
        Assert.Equal("    permissions:\n      contents: write  # gh release create (step #1)\n", JobBlock(release));
        var (_, comment) = Check("      - name: Comment\n        env:\n          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n        run: gh pr comment 1 --body hi && gh issue view 2\n");
        Assert.Equal("    permissions:\n      contents: read\n      issues: read          # gh issue view (step \"Comment\")\n      pull-requests: write  # gh pr comment (step \"Comment\")\n", JobBlock(comment));
        // With a token secret of its own, gh writes with that: the job needs nothing (a safe-or-unsafe contents: read fix).
        var (_, bot) = Check("      - env:\n          GH_TOKEN: ${{ secrets.BOT_TOKEN }}\n        run: gh release create v1\n");
        Assert.Equal("    permissions:\n      contents: read\n", JobBlock(bot) ?? TopBlock(bot));
    }

    private static string? TopBlock(string? fixedText) =>
        fixedText is not null && fixedText.Contains("\npermissions:\n  contents: read\njobs:", StringComparison.Ordinal) ? "    permissions:\n      contents: read\n" : null;

    [Fact]
    public void Git_push_needs_contents_only_with_the_credentials_of_the_job_token()
    {
        var (_, kept) = Check("      - uses: actions/checkout@v4\n      - run: git tag v1 && git push origin v1\n");
        Assert.Equal("    permissions:\n      contents: write  # git push (step #2)\n", JobBlock(kept));
        var (_, other) = Check("      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.PAT }}\n      - run: git push origin v1\n");
        Assert.Equal("    permissions:\n      contents: read\n", JobBlock(other) ?? TopBlock(other));
    }

    [Fact]
    public void Here_documents_and_quoted_text_are_not_commands()
    {
        var (_, heredoc) = Check("      - uses: actions/checkout@v4\n      - run: |\n          cat > a.md <<'EOF'\n          ./not-there.sh\n          EOF\n          tr a b <<< \"$X\"\n          git push origin v1\n");
        Assert.Equal("    permissions:\n      contents: write  # git push (step #2)\n", JobBlock(heredoc));
        var (_, quoted) = Check("      - uses: actions/checkout@v4\n      - run: echo 'git push is done by the release job'\n");
        Assert.Equal("    permissions:\n      contents: read\n", JobBlock(quoted) ?? TopBlock(quoted));
    }

    [Fact]
    public void A_script_of_the_repository_is_read_and_a_missing_one_leaves_no_fix()
    {
        var (_, read) = Check("      - uses: actions/checkout@v4\n      - name: Tag\n        run: bash scripts/tag.sh\n", ("scripts/tag.sh", "#!/bin/sh\ngit push origin \"v$1\"\n"));
        Assert.Equal("    permissions:\n      contents: write  # git push (scripts/tag.sh in step \"Tag\")\n", JobBlock(read));
        var (finding, missing) = Check("      - uses: actions/checkout@v4\n      - name: Tag\n        run: ./scripts/missing.sh\n");
        Assert.Null(missing);
        Assert.Contains("no automatic fix: step \"Tag\" of job 'a' runs ./scripts/missing.sh, which the scan cannot read", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("      - uses: actions/github-script@v7\n        with:\n          script: core.info('x')\n", "uses actions/github-script, which is not in the scope table")]
    [InlineData("      - env:\n          GH_TOKEN: ${{ github.token }}\n        run: gh api repos/o/r/branches\n", "runs 'gh api repos/o/r/branches', which may use any scope")]
    [InlineData("      - env:\n          GITHUB_TOKEN: ${{ github.token }}\n        run: npx semantic-release\n", "which calls the GitHub API with the token")]
    [InlineData("      - env:\n          GITHUB_TOKEN: ${{ github.token }}\n        run: npm run release\n", "hands the token to 'npm', whose use of it is unknown")]
    [InlineData("      - uses: ./.github/actions/missing\n", "uses the local action ./.github/actions/missing, which the scan cannot read")]
    public void A_step_whose_needs_are_unknown_leaves_no_fix_and_is_named(string steps, string named)
    {
        var (finding, fixedText) = Check(steps);
        Assert.Null(fixedText);
        Assert.Contains("(no automatic fix: step ", finding.Message, StringComparison.Ordinal);
        Assert.Contains(named, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Actions_need_what_their_inputs_say()
    {
        var (_, snapshot) = Check("      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: build --snapshot\n      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          password: ${{ secrets.PYPI }}\n");
        Assert.Equal("    permissions:\n      contents: read\n", JobBlock(snapshot) ?? TopBlock(snapshot));
        var (_, oidc) = Check("      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean\n      - uses: pypa/gh-action-pypi-publish@release/v1\n");
        Assert.Equal("    permissions:\n      contents: write  # goreleaser/goreleaser-action\n      id-token: write  # pypa/gh-action-pypi-publish\n", JobBlock(oidc));
    }

    [Fact]
    public void A_local_reusable_workflow_gets_the_scopes_its_jobs_declare_and_a_remote_one_leaves_no_fix()
    {
        using var dir = new TempDir();
        dir.Write(".github/workflows/w.yml", "name: W\non: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: make\n  image:\n    uses: ./.github/workflows/image.yml\n  remote:\n    uses: octo/ci/.github/workflows/x.yml@v1\n");
        dir.Write(".github/workflows/image.yml", "on: workflow_call\njobs:\n  push:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      packages: write\n    steps:\n      - run: docker push ghcr.io/o/r\n");
        var result = LintEngine.Run(new LintRequest { Root = dir.Path, Rules = BuiltInRules.Create() });
        var image = Assert.Single(result.Findings, f => f.Rule.Id == "RL1005" && f.Message.Contains("job 'image'", StringComparison.Ordinal));
        var edit = Assert.Single(Assert.Single(image.Fixes).Edits);
        Assert.Equal("    permissions:\n      contents: read\n      packages: write  # .github/workflows/image.yml (job 'push')\n", edit.NewText);
        var remote = Assert.Single(result.Findings, f => f.Rule.Id == "RL1005" && f.Message.Contains("job 'remote'", StringComparison.Ordinal));
        Assert.Empty(remote.Fixes);
        Assert.Contains("calls 'octo/ci/.github/workflows/x.yml@v1', a workflow of another repository", remote.Message, StringComparison.Ordinal);
    }
}
