using ReleaseLint.Inputs.Files;

namespace ReleaseLint.Tests.Hostile;

/// <summary>
/// Hostile configuration and content: globs git accepts but no regular expression would, unknown rule keys, a tag
/// format that backtracks catastrophically, and a file built to make one rule report 100,000 times. Each is a located
/// finding; budgets are asserted by what the run reports when they are hit, not by timing.
/// </summary>
public sealed class HostileConfigTests
{
    [Theory]
    [InlineData("[", "[", false)]           // no closing bracket: git matches nothing
    [InlineData("a[", "a[", false)]
    [InlineData("[z-a]", "m", false)]       // a reversed range is empty
    [InlineData("[^]", "]", false)]         // ']' right after '[^' is a member, and the set never closes
    [InlineData("[^]]", "a", true)]
    [InlineData("[]]", "]", true)]
    [InlineData("[!a-c]x", "dx", true)]
    [InlineData("[[:digit:]]", "7", true)]
    [InlineData("[[:nope:]]", "7", false)]  // an unknown class: git matches nothing
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/*/b", "a/x/y/b", false)]
    [InlineData("**/*.md", "docs/a.md", true)]
    [InlineData("*.md", "a.md", true)]
    [InlineData("\\*.md", "*.md", true)]
    [InlineData("\\*.md", "a.md", false)]
    [InlineData("a?c", "a/c", false)]
    public void Wildmatch_follows_git_including_malformed_brackets(string pattern, string text, bool expected) =>
        Assert.Equal(expected, WildMatch.IsMatch(pattern, text));

    [Fact]
    public void Wildmatch_is_not_exponential_on_many_stars()
    {
        // git's abort results cut the search: this would take 2^30 steps with naive backtracking.
        var pattern = string.Concat(Enumerable.Repeat("*a", 30)) + "b";
        Assert.False(WildMatch.IsMatch(pattern, new string('a', 200)));
        Assert.False(new Glob("**/" + pattern).IsMatch(string.Join('/', Enumerable.Repeat(new string('a', 40), 20))));
    }

    [Fact]
    public void Malformed_brackets_in_gitignore_and_every_glob_setting_are_no_crash_and_no_finding_is_lost()
    {
        using var repo = new TempDir();
        repo.Write(".gitignore", "[\na[\n[z-a]\n[^]\n*.log\n");
        repo.Write(".releaselint.yml", "ignore: [\"[\", \"docs/[z-a]/**\"]\ndocs:\n  ignore: [\"[^]\", \"a[\"]\ndiscussions:\n  paths: [\"a[\", \"[\"]\n");
        repo.Write("README.md", "# Readme\n\n[bad](missing.md)\n");
        repo.Write("docs/guide.md", "# Guide\n\n[bad](#nowhere)\n");
        repo.Write("[", "not ignored: git's '[' matches nothing");
        var (code, output, _) = Hostile.Run("check", repo.Path);
        Assert.Equal(1, code);
        Assert.Equal(
        [
            "README.md:3:7: error RL4003 link target 'missing.md' does not exist",
            "docs/guide.md:3:7: error RL4004 anchor '#nowhere' matches no heading or anchor in this file",
        ], Hostile.Findings(output));
    }

    [Fact]
    public void Unknown_rule_keys_are_RL0001_at_the_key_with_a_did_you_mean()
    {
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "rules:\n  RL1040: off\n  unpined-action: off\n  broken-link: warning\n  ZZ9999: off\n");
        repo.Write("README.md", "# R\n\n[bad](missing.md)\n");
        var (code, output, _) = Hostile.Run("check", repo.Path);
        Assert.Equal(1, code);
        Assert.Equal(
        [
            ".releaselint.yml:2:3: error RL0001 'rules.RL1040' names no rule (neither a rule id nor a rule name); did you mean 'RL1004'?",
            ".releaselint.yml:3:3: error RL0001 'rules.unpined-action' names no rule (neither a rule id nor a rule name); did you mean 'unpinned-action'?",
            ".releaselint.yml:5:3: error RL0001 'rules.ZZ9999' names no rule (neither a rule id nor a rule name); 'releaselint rules' lists the ids and names",
            "README.md:3:7: warning RL4003 link target 'missing.md' does not exist",
        ], Hostile.Findings(output));
        // When the repository's custom rules cannot be loaded, a key that could name one of them is left alone; a built-in typo is not.
        repo.Write(".releaselint.yml", "custom-rules: no-such-folder\nrules:\n  RL1040: off\n  unpined-action: off\n  ZZ9999: off\n");
        var unloaded = Hostile.Findings(Hostile.Run("check", repo.Path).Out);
        Assert.Equal(2, unloaded.Count(l => l.Contains(" RL0001 ", StringComparison.Ordinal)));
        Assert.Contains(unloaded, l => l.Contains(" RL0002 custom-rules folder 'no-such-folder' does not exist", StringComparison.Ordinal));
        Assert.DoesNotContain(unloaded, l => l.Contains("ZZ9999", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tag_format_that_backtracks_catastrophically_is_RL0001_naming_it_and_no_tag_check_times_out()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var repo = new TempDir();
        repo.Write(".releaselint.yml", "tags:\n  format: \"re:(a+)+$\"\n");
        repo.Write("README.md", "# R\n");
        Hostile.Shell(repo.Path, """
            export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
            git init -q -b main && git -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m one && git branch live
            for i in $(seq 1 40); do git tag "$(printf 'a%.0s' $(seq 1 34))$i!"; done
            """);
        var (code, output, _) = Hostile.Run("check", repo.Path);
        var findings = Hostile.Findings(output);
        Assert.Equal(1, code);
        var slow = Assert.Single(findings, l => l.Contains(" RL0001 ", StringComparison.Ordinal));
        Assert.StartsWith(".releaselint.yml:2:3: error RL0001 'tags.format': the regular expression '(a+)+$' took longer than 200 ms to match the tag 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", slow);
        Assert.Contains("the tag checks (RL3001, RL3002, RL3003, RL3006, RL3007) were skipped", slow);
        Assert.DoesNotContain(findings, l => l.Contains(" RL0003 ", StringComparison.Ordinal) || l.Contains(" RL3001 ", StringComparison.Ordinal));
    }

    [Fact]
    public void One_hundred_thousand_links_to_one_missing_anchor_hit_the_findings_budget()
    {
        using var repo = new TempDir();
        repo.Write("README.md", "# Title\n\n" + string.Concat(Enumerable.Repeat("[a](#missing)\n", 100_000)));
        var (code, output, _) = Hostile.Run("check", repo.Path);
        Assert.Equal(1, code);
        var findings = Hostile.Findings(output);
        Assert.Equal(101, findings.Count);
        Assert.All(findings.Take(100), l => Assert.EndsWith(" error RL4004 anchor '#missing' matches no heading or anchor in this file", l));
        Assert.Equal("README.md:103:5: error RL4004 99,900 more RL4004 findings in this file are not listed (all: anchor '#missing' matches no heading or anchor in this file): a rule reports at most 100 per file; fix the ones above and run again",
            findings[^1]);
    }

    [Fact]
    public void Links_on_one_line_many_anchors_and_many_reference_definitions_cost_linear_time()
    {
        // Each shape was quadratic: a line scanned again for every link on it (strike-through), every anchor compared with
        // every broken link ("did you mean"), the prose searched again for every reference definition. At these sizes the
        // quadratic code ran past the 30 s rule time-out (RL0003, findings lost); linear code takes a second or two.
        using var repo = new TempDir();
        repo.Write("one-line.md", "# T\n\n" + string.Join(' ', Enumerable.Repeat("[a](#missing)", 20_000)) + "\n");
        repo.Write("anchors.md", "# T\n\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"<a name=\"n{i}\"></a>\n")) +
                                 string.Concat(Enumerable.Range(0, 5_000).Select(i => $"[a](#n{i}x)\n")));
        repo.Write("refs.md", "# T\n\nSee [the guide][r7].\n\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"[r{i}]: #gone{i}\n")));
        repo.Write("README.md", "# R\n");
        var (code, output, _) = Hostile.Run("check", repo.Path, "--rule-timeout", "30");
        var findings = Hostile.Findings(output);
        Assert.Equal(1, code);
        Assert.DoesNotContain(findings, l => l.Contains(" RL0003 ", StringComparison.Ordinal));
        var oneLine = findings.Where(l => l.StartsWith("one-line.md:", StringComparison.Ordinal)).ToList();
        Assert.Equal(101, oneLine.Count);
        Assert.EndsWith("19,900 more RL4004 findings in this file are not listed (all: anchor '#missing' matches no heading or anchor in this file): a rule reports at most 100 per file; fix the ones above and run again", oneLine[^1]);
        var anchors = findings.Where(l => l.StartsWith("anchors.md:", StringComparison.Ordinal)).ToList();
        Assert.Equal(101, anchors.Count);
        Assert.Equal("anchors.md:5003:5: error RL4004 anchor '#n0x' matches no heading or anchor in this file; did you mean '#n0'?", anchors[0]);
        Assert.Contains("4,900 more RL4004 findings in this file are not listed", anchors[^1]);
        // Only the definition that a link uses is read: one finding, not 20,000.
        Assert.Equal("refs.md:12:7: error RL4004 anchor '#gone7' matches no heading or anchor in this file",
            Assert.Single(findings, l => l.StartsWith("refs.md:", StringComparison.Ordinal)));
    }
}

/// <summary>Inputs the fuzzers found crashing a rule, kept as regression tests.</summary>
public sealed class FuzzFoundTests
{
    [Fact]
    public void A_link_to_a_workflow_file_name_without_an_extension_is_RL4005_not_a_rule_failure()
    {
        using var repo = new TempDir();
        repo.Write(".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n");
        repo.Write("docs/ops.md", "# Ops\n\nThe [summary](../.github/workflows/discussion-summaryLyml) posts notes.\n");
        var findings = Hostile.Findings(Hostile.Run("check", repo.Path).Out);
        Assert.DoesNotContain(findings, l => l.Contains(" RL0003 ", StringComparison.Ordinal));
        Assert.Contains(findings, l => l.StartsWith("docs/ops.md:3:15: error RL4005 link '../.github/workflows/discussion-summaryLyml' names workflow file '.github/workflows/discussion-summaryLyml', which does not exist; the workflows are 'ci.yml'", StringComparison.Ordinal));
    }
}
