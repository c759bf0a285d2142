using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Files;

namespace Acme.ReleaseRules;

/// <summary>
/// ACME002: CHANGELOG.md has an entry for the latest release that was deployed. The latest release is read from
/// the repository's own files, the deployment updates under the policy's discussion paths (their "Deployed
/// commit/tag" field), so the rule works on a plain folder as well as on a clone.
/// </summary>
public sealed partial class ChangelogLatestRelease : Rule
{
    public static readonly RuleDescriptor Definition = new("ACME002", "changelog-latest-release",
        "CHANGELOG lacks the latest release",
        "The newest release tag named by a deployment update (the 'Deployed commit/tag' field of a post under docs/discussions/) has no heading in CHANGELOG.md. Support reads the changelog to learn what production runs; it must not lag behind a deployment.",
        Severity.Warning, RuleCategory.Custom, ["docs", "deploy"],
        helpUri: "https://github.com/PR-CYBR/vTOC/blob/main/.releaselint/rules/ACME002.md");

    public override RuleDescriptor Descriptor => Definition;

    [GeneratedRegex(@"Deployed commit/tag\W*:\W*(?<rest>.*)", RegexOptions.IgnoreCase)]
    private static partial Regex DeployedField();

    [GeneratedRegex(@"\bv\d+(?:\.\d+)+\b")]
    private static partial Regex ReleaseTag();

    public override void Check(RuleContext context)
    {
        var workspace = context.Workspace;
        var postGlobs = context.Policy.DiscussionPaths.Select(g => new Glob(g)).ToList();
        (string Tag, SourceLocation At)? latest = null;
        foreach (var path in workspace.Files.Files.Where(p => Workspace.IsMarkdownPath(p) && postGlobs.Any(g => g.IsMatch(p))))
        {
            if (workspace.GetMarkdown(path) is not { } post) continue;
            for (var line = 1; line <= post.Source.LineCount; line++)
            {
                var field = DeployedField().Match(post.Source.Line(line));
                if (!field.Success) continue;
                var tag = ReleaseTag().Match(field.Value);
                if (!tag.Success) continue;
                var at = post.Source.At(line, field.Index + tag.Index + 1, tag.Length);
                if (latest is null || Compare(tag.Value, latest.Value.Tag) > 0) latest = (tag.Value, at);
            }
        }
        if (latest is not { } release) return; // nothing deployed yet

        var changelogPath = workspace.Files.Files.FirstOrDefault(p => p.Equals("CHANGELOG.md", StringComparison.OrdinalIgnoreCase));
        if (changelogPath is null || workspace.GetMarkdown(changelogPath) is not { } changelog)
        {
            context.At(release.At).About("tag", release.Tag).Key("no-changelog:" + release.Tag)
                .Report($"release '{release.Tag}' was deployed but the repository has no CHANGELOG.md; add one with a '## {release.Tag}' entry");
            return;
        }
        if (changelog.Headings.Any(h => h.Text.Contains(release.Tag, StringComparison.Ordinal))) return;

        // The new entry belongs above the newest one: point there (or at the top of a changelog with no entries).
        var firstEntry = changelog.Headings.FirstOrDefault(h => h.Level == 2);
        context.At(firstEntry?.Location ?? changelog.Source.At(1, 1))
            .About("tag", release.Tag)
            .Related(release.At, "the deployment update that names the release")
            .Key("missing-entry:" + release.Tag)
            .Report($"CHANGELOG.md has no entry for '{release.Tag}', the latest deployed release; add a '## {release.Tag}' section above the older entries");
    }

    /// <summary>Orders tags by their numbers: v2025.03.10.2 after v2025.03.10, v2025.10.01 after v2025.9.30.</summary>
    private static int Compare(string a, string b)
    {
        var x = a[1..].Split('.').Select(long.Parse).ToArray();
        var y = b[1..].Split('.').Select(long.Parse).ToArray();
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return x[i].CompareTo(y[i]);
        return x.Length.CompareTo(y.Length);
    }
}
