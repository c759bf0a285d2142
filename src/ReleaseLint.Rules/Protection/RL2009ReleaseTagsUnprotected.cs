using ReleaseLint.Inputs.Protection;

namespace ReleaseLint.Rules.Protection;

/// <summary>RL2009: no tag ruleset keeps release tags from being moved or deleted, or its name pattern rejects the policy format.</summary>
public sealed class RL2009ReleaseTagsUnprotected : ProtectionRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL2009", "release-tags-unprotected",
        "Release tags can be moved or deleted",
        "Release tags are what production images and rollbacks refer to ('Tag the release commit so Fly.io builds can reference an immutable image'), so an active tag ruleset should cover them (its ref_name conditions match tags of the policy format) with the deletion and update rules. Reported when no active tag ruleset covers release tags, when the covering one lacks deletion or update, when the only one is in 'evaluate' or 'disabled', or when a tag_name_pattern rule rejects tags of the policy format (tags.format), so that releases could not be tagged at all.",
        Severity.Warning, RuleCategory.Protection, ["protection", "tags", "security"], securitySeverity: 5.0)
    {
        Reads = RuleInputs.Protection,
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override void Check(RuleContext context, ProtectionModel model)
    {
        if (model.Incomplete is not null) return;
        var format = context.Policy.TagFormat;
        var plain = format.PlainExamples();
        var examples = plain.Count > 0 ? plain : null; // a re: format has no example to test ruleset patterns with
        var refs = examples?.Select(t => "refs/tags/" + t).ToList();
        var example = examples is null ? "" : $", e.g. '{examples[0]}'";
        var eg = examples is null ? "" : $" (e.g. '{examples[0]}')";
        bool Covers(ProtectionLayer l) => refs is null || refs.All(r => l.AppliesTo(r, model.DefaultBranch));
        var tagRulesets = model.TagRulesets.ToList();
        var covering = tagRulesets.Where(l => l.IsActive && Covers(l)).ToList();
        var keeping = covering.Where(l => l.DeletionsAllowed?.Value == false && l.UpdatesAllowed?.Value == false).ToList();
        var requirement = (SourceLocation? at) => Where(context, at, "tagging", "tags.format", "tags");
        var logical = new[] { new LogicalLocation("setting", "tag ruleset") };

        if (keeping.Count == 0)
        {
            if (covering.FirstOrDefault() is { } partial)
            {
                var missing = new List<string>();
                if (partial.DeletionsAllowed?.Value != false) missing.Add("deletion");
                if (partial.UpdatesAllowed?.Value != false) missing.Add("update");
                var verbs = missing.Count == 2 ? "moved or deleted" : missing[0] == "deletion" ? "deleted" : "moved";
                context.At(requirement(partial.RulesLocation)).About(logical).Key($"tags|missing|{partial.Name}|{string.Join(",", missing)}")
                    .Report($"{partial.Describe()} covers release tags{eg} but does not keep them from being {verbs}; add the {string.Join(" and ", missing)} rule{(missing.Count == 2 ? "s" : "")}");
            }
            else if (tagRulesets.FirstOrDefault(l => !l.IsActive && Covers(l)) is { } inactive)
            {
                var mode = inactive.Enforcement.Value == RulesetEnforcement.Evaluate ? "evaluate" : "disabled";
                context.At(requirement(inactive.Enforcement.Location)).About(logical).Key("tags", "inactive", inactive.Name)
                    .Report($"{inactive.Describe()} would keep release tags{eg} from being moved or deleted, but its enforcement is '{mode}', so it blocks nothing; set \"enforcement\": \"active\"");
            }
            else if (tagRulesets.FirstOrDefault(l => l.IsActive) is { } other)
            {
                var patterns = string.Join(", ", other.Include.Select(p => $"'{p.Value}'"));
                // with several tag families, name a tag of a family the ruleset leaves out
                if (format.Families.Count > 1 && examples?.FirstOrDefault(t => !other.AppliesTo("refs/tags/" + t, model.DefaultBranch)) is { } uncovered)
                    example = $", e.g. '{uncovered}'";
                context.At(requirement(other.Include.FirstOrDefault()?.Location ?? other.ConditionsLocation ?? other.Location)).About(logical).Key("tags", "uncovered", other.Name)
                    .Report($"no active tag ruleset covers release tags (tags.format {format.Describe()}{example}): {other.Describe()} includes {(patterns.Length > 0 ? patterns : "no tag")}; include 'refs/tags/v*' or a pattern that matches the policy format");
            }
            else
            {
                var where = model.IsLive ? $" (GET {model.ApiBase}/repos/{model.Repository}/rulesets lists none)" : "";
                context.At(requirement(null)).About(logical).Key("tags|none")
                    .Report($"no tag ruleset keeps release tags (tags.format {format.Describe()}{example}) from being moved or deleted{where}; add a ruleset with target 'tag', ref_name include 'refs/tags/v*' and the deletion and update rules{(model.IsLive ? "" : $", and export it to {ProtectionModel.RulesetFolder}")}");
            }
        }

        if (examples is null) return;
        foreach (var ruleset in covering)
            foreach (var pattern in ruleset.NamePatterns)
            {
                var rejected = examples.FirstOrDefault(t => pattern.Allows(t) == false);
                if (rejected is null) continue;
                var how = pattern.Negate ? $"must not match {pattern.Operator} '{pattern.Pattern}'" : $"must match {pattern.Operator} '{pattern.Pattern}'";
                context.At(requirement(pattern.Location)).About("tag", rejected).Key("tags", "pattern", ruleset.Name, pattern.Pattern)
                    .Report($"tag_name_pattern of {ruleset.Describe()} rejects release tag '{rejected}' (tag names {how}; policy tags.format is {format.Describe()}), so releases cannot be tagged; make the pattern accept the policy format");
            }
    }
}
