using ReleaseLint.Inputs.Markdown;

namespace ReleaseLint.Rules.Docs;

/// <summary>RL4002: a section that policy requires is missing from the operations guide.</summary>
public sealed class RL4002GuideSectionMissing : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL4002", "guide-section-missing",
        "Operations guide lacks a required section",
        "A section that policy requires (docs.guide-sections; by default Purpose of the `live` branch, Promotion workflow to Fly.io, Rollback strategy, Expectations for contributors) is missing from the operations guide. Sections are matched by heading text, case-insensitively, with markup (backticks, emphasis, links) and surrounding spaces ignored; any heading level counts.",
        Severity.Warning, RuleCategory.Docs, ["docs", "policy"])
    {
        Reads = RuleInputs.Markdown,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var workspace = context.Workspace;
        var policy = workspace.Policy;
        if (policy.Guide is null || !workspace.Files.Contains(policy.Guide)) return; // RL4001's business
        var guide = workspace.GetMarkdown(policy.Guide);
        if (guide is null) return; // unreadable: RL0004
        var headings = guide.Headings.Select(h => (Heading: h, Key: Key(h.Text))).ToList();
        var renderedRequirement = policy.ConfigPath is not null && policy.KeyLocations.TryGetValue("docs.guide-sections", out var at) ? at : null;
        foreach (var section in policy.GuideSections)
        {
            var key = Key(StripMarkup(section));
            if (key.Length == 0 || headings.Any(h => h.Key == key)) continue;
            var close = headings
                .Select(h => (h.Heading, Distance: Suggestions.Distance(h.Key, key)))
                .Where(h => h.Distance <= Math.Max(3, key.Length / 3) || h.Heading.Text.Length > 0 && (Key(h.Heading.Text).Contains(key, StringComparison.Ordinal) || key.Contains(Key(h.Heading.Text), StringComparison.Ordinal) && Key(h.Heading.Text).Length >= 4))
                .OrderBy(h => h.Distance)
                .Select(h => h.Heading)
                .FirstOrDefault();
            var related = renderedRequirement is not null ? new[] { new RelatedLocation(renderedRequirement, "the required sections (docs.guide-sections)") } : null;
            if (close is not null)
            {
                context.At(close.Location).Related(related).About("heading", section).Key("section", section)
                    .Report($"the operations guide has no section '{section}' (docs.guide-sections); heading '{close.Text}' comes closest: rename it to '{StripMarkup(section)}'");
            }
            else
            {
                var where = guide.Headings.FirstOrDefault()?.Location ?? guide.Source.At(1, 1);
                context.At(where).Related(related).About("heading", section).Key("section", section)
                    .Report($"the operations guide has no section '{section}' (docs.guide-sections); add a heading '## {StripMarkup(section)}'");
            }
        }
    }

    /// <summary>Heading text for matching: markup removed, spaces collapsed, lower-case, trailing ':' dropped.</summary>
    private static string Key(string text)
    {
        var t = StripMarkup(text).Trim().TrimEnd(':').Trim();
        return string.Join(' ', t.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
    }

    private static string StripMarkup(string text) => Inputs.Discussions.DeploymentUpdate.StripMarkup(text);
}
