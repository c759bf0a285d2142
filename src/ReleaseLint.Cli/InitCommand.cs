using System.CommandLine;
using System.Text;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Git;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Patterns;
using ReleaseLint.Policy;

namespace ReleaseLint.Cli;

/// <summary>
/// <c>releaselint init</c>: looks at the branches, tags, deploy workflows, guide and protection sources actually
/// present and writes a commented <c>.releaselint.yml</c> fitted to them, validated against the schema.
/// </summary>
public static class InitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var path = new Argument<string?>("PATH") { Description = "The repository (default: the repository root of the current directory).", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing .releaselint.yml." };
        var print = new Option<bool>("--print") { Description = "Print the configuration instead of writing it." };
        var command = new Command("init", "Write a .releaselint.yml fitted to what the repository has.") { path, force, print };
        command.SetAction(parse =>
        {
            var root = CheckCommand.ResolveRoot(parse.GetValue(path));
            var target = Path.Combine(root, PolicyLoader.ConfigFileNames[0]);
            if (!parse.GetValue(print) && File.Exists(target) && !parse.GetValue(force))
                throw new UsageException($"{target} exists; use --force to replace it, or --print to see what init would write");
            var text = Generate(root);
            var (_, problems) = PolicyLoader.Load(new SourceText(PolicyLoader.ConfigFileNames[0], text));
            if (problems.Count > 0)
                throw new InvalidOperationException("init produced an invalid configuration: " + string.Join("; ", problems.Select(p => p.Message)));
            if (parse.GetValue(print))
            {
                stdout.Write(text);
                return ReleaseLintCli.ExitClean;
            }
            AtomicFile.WriteText(target, text);
            stdout.WriteLine($"wrote {target}; review it, then run 'releaselint check'");
            return ReleaseLintCli.ExitClean;
        });
        return command;
    }

    /// <summary>The commented configuration for the repository at <paramref name="root"/>.</summary>
    public static string Generate(string root)
    {
        var defaults = new ReleasePolicy();
        var files = FileSet.Scan(root, defaults.Ignore.Select(g => new Glob(g)));
        var workspace = new Workspace(files, defaults);
        using var git = LibGit2Repository.Open(root);
        var sb = new StringBuilder();
        sb.AppendLine("# yaml-language-server: $schema=https://github.com/releaselint/releaselint/blob/main/rules/releaselint.schema.json");
        sb.AppendLine("# Written by `releaselint init` from what this repository has; every key is optional and");
        sb.AppendLine("# defaults to the live-branch operations guide. Review it, then run `releaselint check`.");
        sb.AppendLine();

        var branches = git is null ? [] : git.Branches.Select(b => b.BranchName).Where(b => b != "HEAD").Distinct().ToList();
        var integration = new[] { "main", "master", "trunk", "develop" }.FirstOrDefault(branches.Contains) ?? git?.Head.Branch ?? defaults.IntegrationBranch;
        var release = new[] { "live", "production", "prod", "release", "stable" }.FirstOrDefault(branches.Contains);
        var candidates = branches.Where(b => b.StartsWith("release/", StringComparison.Ordinal)).ToList();
        sb.AppendLine("branches:");
        sb.AppendLine(git is null ? "  # not a git repository: branch names are the defaults" : $"  # found {branches.Count} branch{(branches.Count == 1 ? "" : "es")}");
        sb.AppendLine($"  integration: {Quote(integration)}");
        if (release is null) sb.AppendLine($"  release: {Quote(defaults.ReleaseBranch)}  # no live/production/release branch found: set the branch production deploys from");
        else sb.AppendLine($"  release: {Quote(release)}");
        var rcMatches = candidates.Count(c => defaults.ReleaseCandidatePattern.Match(c).Success);
        sb.AppendLine($"  release-candidate: {Quote(defaults.ReleaseCandidatePattern.Text)}" +
            (candidates.Count > 0 ? $"  # {rcMatches} of {candidates.Count} release/* branches match" : ""));
        sb.AppendLine();

        var tags = git?.Tags ?? [];
        var inferred = TagSchemeInference.Infer(tags.Select(t => t.Name).ToList());
        var scheme = inferred.Scheme ?? defaults.TagFormat;
        var releaseTags = tags.Where(t => scheme.Match(t.Name).Success).ToList();
        var annotated = releaseTags.Count == 0 || releaseTags.Count(t => t.IsAnnotated) * 2 >= releaseTags.Count;
        sb.AppendLine("tags:");
        AppendTagFormat(sb, tags.Count, inferred, defaults.TagFormat);
        sb.AppendLine($"  annotated: {(annotated ? "true" : "false")}" + (releaseTags.Count > 0 ? $"  # {releaseTags.Count(t => t.IsAnnotated)} of {releaseTags.Count} release tags are annotated" : ""));
        sb.AppendLine();

        // Deploy jobs are found by what they do; the config only refines that, so init lists what it found instead.
        var deployJobs = DeployDetection.Analysis(workspace).Jobs;
        sb.AppendLine(deployJobs.Count == 0
            ? "# No deploy job found (none deploys or publishes in a way releaselint recognises)."
            : $"# Deploy jobs found by what they do ({deployJobs.Count}):");
        foreach (var job in deployJobs.Take(20))
            sb.AppendLine($"#   {job.Name}: {Comment(job.Reason)}");
        if (deployJobs.Count > 20) sb.AppendLine($"#   … and {deployJobs.Count - 20} more");
        sb.AppendLine("# To add jobs it misses or drop ones that are not production deploys:");
        sb.AppendLine("# deploy:");
        sb.AppendLine("#   jobs: [\"workflow.yml:job\"]");
        sb.AppendLine("#   ignore: [\"docs-preview.yml:*\"]");
        sb.AppendLine();

        var integrationWorkflows = defaults.IntegrationWorkflows.Where(files.Contains).ToList();
        sb.AppendLine("workflows:");
        sb.AppendLine("  # workflows that must run on pushes to the integration branch and offer workflow_dispatch");
        sb.AppendLine($"  integration: [{string.Join(", ", integrationWorkflows.Select(Quote))}]");
        sb.AppendLine();

        var guide = files.Contains(defaults.Guide) ? defaults.Guide
            : new[] { "RELEASING.md", "RELEASE.md", "docs/RELEASING.md", "docs/release.md", "docs/releasing.md", "docs/DEPLOYMENT.md", "DEPLOYMENT.md" }.FirstOrDefault(files.Contains);
        sb.AppendLine("docs:");
        if (guide is null)
        {
            sb.AppendLine("  # no release operations guide found: write one (see the live-branch guide) and name it here");
            sb.AppendLine($"  guide: {Quote(defaults.Guide)}");
        }
        else
        {
            sb.AppendLine($"  guide: {Quote(guide)}");
            var headings = workspace.GetMarkdown(guide)?.Headings.Where(h => h.Level == 2).Select(h => h.Text).Take(12).ToList() ?? [];
            if (guide != defaults.Guide && headings.Count > 0)
            {
                sb.AppendLine($"  # the guide's sections today: {Rules.Docs.RL4002GuideSectionMissing.Definition.Id} reports one that goes missing");
                sb.AppendLine($"  guide-sections: [{string.Join(", ", headings.Select(Quote))}]");
            }
        }
        sb.AppendLine();

        var sources = files.Files.Where(f => f.StartsWith(".github/branch-protection/", StringComparison.Ordinal) || f.StartsWith(".github/rulesets/", StringComparison.Ordinal) || f == ".github/settings.yml").ToList();
        sb.AppendLine("# Branch protection is read from " + (sources.Count > 0 ? string.Join(", ", sources) : "no file yet") + ".");
        if (sources.Count == 0)
            sb.AppendLine($"# Export it with: gh api repos/OWNER/REPO/branches/{release ?? defaults.ReleaseBranch}/protection > .github/branch-protection/{release ?? defaults.ReleaseBranch}.json");
        sb.AppendLine("protection:");
        sb.AppendLine("  release: { approvals: 1 }");
        sb.AppendLine("  integration: { approvals: 1 }");
        sb.AppendLine();
        var posts = new[] { "docs/discussions", ".github/discussions" }.Where(files.ContainsDirectory).ToList();
        sb.AppendLine("discussions:");
        if (posts.Count == 0) sb.AppendLine("  # no deployment posts found in the repository; --discussions FILE or --github read them from GitHub");
        sb.AppendLine($"  paths: [{string.Join(", ", (posts.Count > 0 ? posts.Select(p => p + "/**/*.md") : defaults.DiscussionPaths).Select(Quote))}]");
        return sb.ToString();
    }

    /// <summary>
    /// Writes <c>tags.format</c> with its evidence: the families the tags follow (one string, or a list with the number of
    /// tags of each family), or, when no scheme accepts <see cref="InferredScheme.Threshold"/> of them, the guide's format
    /// and the closest scheme found.
    /// </summary>
    private static void AppendTagFormat(StringBuilder sb, int tagCount, InferredScheme inferred, TagScheme fallback)
    {
        if (inferred.Scheme is not { } scheme)
        {
            sb.AppendLine(tagCount == 0 ? "  # no tags found: the format is the guide's"
                : inferred.Total == 0 ? $"  # none of the {tagCount} tags carries a version: the format is the guide's"
                : $"  # no tag scheme fits: the closest accepts {inferred.Evidence}, under {InferredScheme.Threshold:P0}; the format is the guide's");
            sb.AppendLine($"  format: {Quote(fallback.Text)}");
            return;
        }
        var others = tagCount - inferred.Total;
        sb.AppendLine($"  # inferred from the tags: {inferred.Accepted} of {inferred.Total} release tags follow it" +
            (others > 0 ? $" ({others} other tags, without a version or of no family, are not release tags)" : ""));
        if (scheme.Families.Count == 1)
        {
            sb.AppendLine($"  format: {Quote(scheme.Families[0].Text)}  # e.g. {Quote(inferred.Families[0].Example)}");
            return;
        }
        sb.AppendLine("  format:  # one tag family per line");
        var width = inferred.Families.Max(f => Quote(f.Format.Text).Length);
        foreach (var family in inferred.Families)
            sb.AppendLine($"    - {Quote(family.Format.Text).PadRight(width)}  # {family.Count} tags, e.g. {Quote(family.Example)}");
    }

    private static string Comment(string text)
    {
        var line = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return line.Length <= 120 ? line : line[..117] + "...";
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
