using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>RL4008: the docs describe a release process that contradicts the policy.</summary>
public sealed partial class RL4008PolicyDrift : MarkdownRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4008", "policy-drift",
        "Docs contradict the release policy",
        "The docs describe a release process that contradicts the policy: another release branch (a branch in inline code that the sentence calls the release or production branch, deploys from, or merges releases into), a tag example in inline code in a sentence about tags that does not follow tags.format, or a release-candidate branch example that does not follow branches.release-candidate. Placeholder examples (vYYYY.MM.DD, release/<date>) are judged by their shape. Only repositories that state a process are checked: the operations guide exists, or .releaselint.yml sets branches, tags or docs.guide.",
        Severity.Warning, RuleCategory.Docs, ["docs", "policy", "drift"])
    {
        Reads = RuleInputs.Markdown,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    [GeneratedRegex(@"\btag(?:s|ged|ging)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex TagWord();

    [GeneratedRegex(@"\b(?:image|docker|container|npm|dist)[- ]tags?\b", RegexOptions.IgnoreCase)]
    private static partial Regex OtherTags();

    [GeneratedRegex(@"""[^""]*""|'[^']*'|\S+")]
    private static partial Regex ShellWord();

    /// <summary>The tag of <c>git tag [-a] [-m "msg"] NAME [commit]</c> or <c>git push REMOTE NAME</c>; null for other commands.</summary>
    private static string? TagOfGitCommand(string command)
    {
        var words = ShellWord().Matches(command).Select(m => m.Value).ToList();
        if (words.Count < 3 || words[0] != "git") return null;
        var i = words[1] switch { "tag" => 2, "push" => 3, _ => -1 };
        if (i < 0) return null;
        for (; i < words.Count; i++)
        {
            var w = words[i];
            if (w is "-m" or "-F" or "--message" or "--file" or "-u" or "--local-user" or "--cleanup") { i++; continue; }
            if (w.StartsWith('-') || w.StartsWith('"') || w.StartsWith('\'')) continue;
            return w;
        }
        return null;
    }

    /// <summary>A release-tag-like token: starting with <c>v</c> (bare versions such as <c>1.2.3</c> are package versions more often than tags).</summary>
    [GeneratedRegex(@"^(?:refs/tags/)?(?<tag>v(?:\d+(?:[.\-]\d+)+\S*|\d{8}|YYYY\S*|[Xx]\.[Yy]\S*|<[^>]+>\S*|\{[^}]+\}\S*|\d+\S*|[A-Z]+\.\S*))$")]
    private static partial Regex TagLike();

    [GeneratedRegex(@"^[A-Za-z0-9._/<>{}-]+$")]
    private static partial Regex BranchLike();

    /// <summary>A key of <c>.releaselint.yml</c> (<c>branches.release</c>), not a branch.</summary>
    [GeneratedRegex(@"^(?:branches|tags|docs|discussions|deploy|protection|workflows|actions|rules|limits)\.[a-z-]+(?:\.[a-z-]+)*$")]
    private static partial Regex ConfigKey();

    [GeneratedRegex(@"^\s*(?:branch\s+)?(?:is|as|becomes|remains)\s+(?:the|our|a)\s+(?:protected\s+)?(?:release|production|deploy(?:ment)?)\s+branch\b", RegexOptions.IgnoreCase)]
    private static partial Regex IsTheReleaseBranch();

    [GeneratedRegex(@"\b(?:release|production|deploy(?:ment)?)\s+branch\s*(?:is\s+|named\s+|called\s+|\(|:|,)?\s*(?:the\s+)?\**$", RegexOptions.IgnoreCase)]
    private static partial Regex ReleaseBranchThen();

    [GeneratedRegex(@"\bdeploy\w*\b[^.`]{0,60}?\bfrom\s+(?:the\s+)?\**$", RegexOptions.IgnoreCase)]
    private static partial Regex DeployFrom();

    [GeneratedRegex(@"\b(?:merg|promot)\w*\b[^`]{0,60}?\b(?:into|onto|to)\s+(?:the\s+)?\**$|\bpull\s+requests?\s+(?:targeting|against|into|to)\s+(?:the\s+)?\**$", RegexOptions.IgnoreCase)]
    private static partial Regex MergeInto();

    [GeneratedRegex(@"\b(?:release|production|deploy\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReleaseContext();

    /// <summary>What is merged, when a sentence names it in code right before the merge verb ("`main` is merged into").</summary>
    [GeneratedRegex(@"`(?<branch>[^`\s]+)`\s*(?:branch\s+)?(?:is\s+|was\s+|gets\s+|get\s+|are\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex MergedSubject();

    [GeneratedRegex(@"\bbranch(?:es)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex BranchWord();

    /// <summary>
    /// A sentence about another product or environment than the release: the website or docs site, a preview, staging,
    /// review or sandbox app, a demo or playground. "The website is deployed from the `website` branch" and "deploy the
    /// pull request to the staging app by merging it into `staging`" say nothing about the release branch.
    /// </summary>
    [GeneratedRegex(@"\b(?:web\s?site|docs?\s+site|documentation(?:\s+site)?|homepage|landing\s+page|gh-pages|github\s+pages|netlify|vercel|preview|staging|stage\s+(?:app|environment|server)|review\s+app|sandbox|demo|playground|storybook|dev(?:elopment)?\s+(?:app|environment|server|instance|deploy\w*)|test(?:ing)?\s+(?:app|environment|server|instance)|qa\s+(?:app|environment|server))\b", RegexOptions.IgnoreCase)]
    private static partial Regex OtherEnvironment();

    /// <summary>Branch names of other products and environments (the website, docs, previews, staging), never a release branch claim.</summary>
    [GeneratedRegex(@"^(?:gh-pages|website|site|docs?|documentation|pages|preview|previews|staging|stage|sandbox|demo|playground|storybook)(?:[-/].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex EnvironmentBranch();

    /// <summary>A sentence about repositories in general ("in single-package repositories", "monorepos"), not this one.</summary>
    [GeneratedRegex(@"\b(?:repos|repositories|monorepos|projects|packages)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RepositoriesInGeneral();

    /// <summary>
    /// A version series (<c>v2.6</c>, <c>v1.x</c>), also written with placeholders (<c>vX.Y</c>, <c>vMAJOR.MINOR</c>): fewer
    /// components than the release tags have, as in "since v2.6".
    /// </summary>
    [GeneratedRegex(@"^v(?:\d+|[A-Z]+)(?:\.(?:\d+|[xX*]|[A-Z]+))?$")]
    private static partial Regex VersionSeries();

    /// <summary>True when <paramref name="name"/> is a version series whose full versions (one or two more components, as digits or placeholders) are release tags.</summary>
    private static bool IsSeriesOfTags(Patterns.TagScheme tags, string name) =>
        VersionSeries().IsMatch(name) && tags.AcceptsWrittenExample(name) == false &&
        new[] { ".0", ".0.0", ".Z", ".Y.Z", ".PATCH", ".MINOR.PATCH" }.Any(more => tags.AcceptsWrittenExample(name + more) == true);

    /// <inheritdoc />
    protected override void CheckDocument(RuleContext context, MarkdownDocument document)
    {
        if (WorkflowFacts.IsRecord(context.Workspace, document.Path)) return;
        var workspace = context.Workspace;
        var policy = workspace.Policy;
        // A repository that states no release process (no operations guide, no branches/tags/docs.guide settings) cannot
        // contradict one: a .releaselint.yml that only sets severities or custom rules states none.
        if (!(policy.Guide is { } guide && workspace.Files.Contains(guide)) && !policy.KeyLocations.Keys.Any(k =>
                k.StartsWith("branches.", StringComparison.Ordinal) || k.StartsWith("tags.", StringComparison.Ordinal) || k == "docs.guide")) return;
        var text = DocText.Of(context.Workspace, document);
        if (text.AddressesReadersRepository) return; // a guide for the reader's own repository: its branches and tags are the reader's
        var tags = policy.TagFormat;
        var candidates = policy.ReleaseCandidatePattern;
        var rcPrefix = candidates.LiteralPrefix.Length > 1 ? candidates.LiteralPrefix : "release/";
        foreach (var code in document.Code)
        {
            if (code.IsBlock) continue;
            var content = code.Content.Trim();
            if (content.Length == 0 || content.Length > 120) continue;
            var start = document.Source.Offset(code.Location.Line, code.Location.Column);
            var end = document.Source.Offset(code.Location.EndLine, code.Location.EndColumn);
            var (sStart, sEnd) = text.SentenceAround(start, end);
            var sentence = text.Prose[sStart..sEnd];
            if (DocText.NamesOtherRepository(sentence, workspace.GitHubRepository) || sentence.Contains("your ", StringComparison.OrdinalIgnoreCase)) continue;
            var before = text.Prose[sStart..start];
            var after = text.Prose[end..sEnd];

            // Tag examples (not of repositories in general: "in single-package repos, it is `vX.X.X`"; not a branch: "a `v1` branch").
            if (TagWord().IsMatch(sentence) && !OtherTags().IsMatch(sentence) && !RepositoriesInGeneral().IsMatch(sentence) && !after.TrimStart('*', ' ').StartsWith("branch", StringComparison.OrdinalIgnoreCase))
            {
                var tag = TagOfGitCommand(content) ?? content;
                var like = TagLike().Match(tag);
                if (like.Success && tag.IndexOfAny(['*', '?', '[', '!', '…']) < 0 && !tag.Contains("...", StringComparison.Ordinal) && !tag.StartsWith(rcPrefix, StringComparison.Ordinal))
                {
                    var name = like.Groups["tag"].Value;
                    // "v2.6" where tags are v2.6.0: the minor series a feature shipped in, not a tag to create.
                    if (IsSeriesOfTags(tags, name)) continue;
                    if (tags.AcceptsWrittenExample(name) == false)
                    {
                        Report(context, code.Location, $"tag example '{name}' does not follow the release tag format {policy.TagFormat.Describe()} (tags.format)", "tags.format", "tag|" + name);
                        continue;
                    }
                }
            }

            if (!BranchLike().IsMatch(content) || ConfigKey().IsMatch(content)) continue;
            var branch = content.StartsWith("origin/", StringComparison.Ordinal) ? content["origin/".Length..] : content;
            var claim = IsTheReleaseBranch().IsMatch(after) || ReleaseBranchThen().IsMatch(before) ||
                        (DeployFrom().IsMatch(before) && (after.TrimStart().StartsWith("branch", StringComparison.OrdinalIgnoreCase) || after.Trim().TrimEnd('.', ',', ';', ')').Length == 0 || after.TrimStart().StartsWith('(')));
            var merge = claim ? null : MergeInto().Match(before);
            // "When `main` is merged into `next`": the policy's own branch flows into another one (a pre-release or
            // downstream branch kept in sync), which says nothing about where releases are merged.
            var mergeClaim = merge is { Success: true } && ReleaseContext().IsMatch(sentence)
                && !(MergedSubject().Match(before[..merge.Index]) is { Success: true } subject
                     && subject.Groups["branch"].Value is var merged && (merged == policy.ReleaseBranch || merged == policy.IntegrationBranch));
            if (branch == rcPrefix || branch.EndsWith('/')) continue; // the prefix itself ("`release/` by default"), not an example
            var looksLikeCandidate = branch.StartsWith(rcPrefix, StringComparison.Ordinal) || candidates.AcceptsWrittenExample(branch) == true;
            if (looksLikeCandidate && !policy.HasReleaseCandidates) continue; // the policy has no candidates to contradict
            if (looksLikeCandidate)
            {
                if ((claim || mergeClaim || BranchWord().IsMatch(sentence)) && candidates.AcceptsWrittenExample(branch) == false)
                    Report(context, code.Location, $"release-candidate branch example '{branch}' does not follow the policy pattern '{policy.ReleaseCandidatePattern}' (branches.release-candidate)", "branches.release-candidate", "rc|" + branch);
                continue;
            }
            if (!claim && !mergeClaim) continue;
            if (branch == policy.ReleaseBranch || !policy.HasReleaseBranch) continue;
            if (policy.MaintenanceBranches.Count > 0 && Patterns.FilterList.Parse(policy.MaintenanceBranches).Passes(branch)) continue; // a release line of its own
            if (EnvironmentBranch().IsMatch(branch) || OtherEnvironment().IsMatch(sentence)) continue; // another product or environment
            if (branch == policy.IntegrationBranch && mergeClaim) continue; // merging back into the integration branch is normal
            if (branch.IndexOfAny(['<', '{']) >= 0) continue;
            var says = mergeClaim ? $"the docs merge releases into '{branch}'" : $"the docs make '{branch}' the release branch";
            var candidatesAre = policy.HasReleaseCandidates ? $" and release candidates are '{policy.ReleaseCandidatePattern}' branches" : "";
            Report(context, code.Location, $"{says}, but the policy's release branch is '{policy.ReleaseBranch}' (branches.release){candidatesAre}", "branches.release", "release-branch|" + branch);
        }
    }

    private static void Report(RuleContext context, SourceLocation location, string message, string key, string fingerprint)
    {
        var related = context.Policy.KeyLocations.TryGetValue(key, out var at) ? new[] { new RelatedLocation(at, $"the policy's {key}") } : null;
        context.At(location).Related(related).Key(fingerprint).Report(message);
    }
}
