using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Patterns;
using ReleaseLint.Rules.Protection;

namespace ReleaseLint.Rules.History;

/// <summary>RL3008: workflow tag filters and ruleset tag-name patterns that disagree with the policy tag format.</summary>
public sealed class RL3008TagPatternDrift : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL3008", "tag-pattern-drift",
        "Tag filter disagrees with the tag format",
        "The policy tag format, workflow on.push.tags filters and tag-ruleset tag_name_pattern rules disagree: a filter aimed at release tags that can never match one (so the release workflow never runs), a filter list that misses some release tags (v2025.03.10.2), regular-expression syntax inside a glob filter (v\\d+ means a literal 'd' to GitHub), or a ruleset pattern that rejects release tags. Filters are judged with GitHub's filter-pattern syntax (*, **, +, ?, [], !) and compared exactly with the language of the tag format, not by sampling.",
        Severity.Error, RuleCategory.History, ["tags", "workflows"])
    {
        Reads = RuleInputs.Workflows | RuleInputs.Protection, // tag filters and ruleset patterns are files: no revision walk
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var format = context.Policy.TagFormat;
        var language = format.Language;
        var aim = format.AttemptLanguage;
        foreach (var workflow in context.Workspace.Workflows)
            context.Isolate(workflow.Path, () => CheckWorkflow(context, workflow, format, language, aim));
        if (language is null) return;
        context.Isolate(null, () => CheckRulesets(context, format, language));
    }

    private static void CheckWorkflow(RuleContext context, WorkflowFile workflow, TagScheme format, NameLanguage? language, NameLanguage? aim)
    {
        var push = workflow.Event("push");
        if (push?.Tags is not { Count: > 0 } patterns || push.TagFilter is not { } filter) return;
        var name = workflow.Name is { } n ? $"workflow '{n}'" : $"workflow {workflow.Path}";
        var suggestion = format.DescribeFilter();
        var reported = new HashSet<YamlScalar>();
        for (var i = 0; i < patterns.Count; i++)
        {
            var p = patterns[i];
            if (RegexSyntax(p.Value) is not { } fragment) continue;
            // '.*' and '.+' are also glob syntax (a literal dot, then any text or more dots): 'v*.*.*' is a correct filter
            // for SemVer tags; they are regular-expression syntax only where the filter is aimed at release tags and then
            // matches none (a filter of another tag family, 'pnpr@*.*.*' beside 'v{semver}', is left alone)
            if (fragment is ".*" or ".+" && language is not null && i < filter.Patterns.Count &&
                (!NameLanguage.Compare(language, [filter.Patterns[i].Language], m => m[0]).AcceptsNone ||
                 aim is null || NameLanguage.Compare(aim, [filter.Patterns[i].Language], m => m[0]).AcceptsNone)) continue;
            reported.Add(p);
            context.At(p).About("setting", "on.push.tags").Key(workflow.Path, "tags", p.Value)
                .Report($"tags filter '{p.Value}' in {name} uses regular-expression syntax ('{fragment}'), but workflow filters are GitHub filter patterns (*, **, +, ?, [], !); write {suggestion} for the tag format {format.Describe()}");
        }
        if (language is null) return;

        var languages = filter.Patterns.Select(p => p.Language).ToList();
        var negated = filter.Patterns.Select(p => p.IsNegated).ToArray();
        var aimed = new bool[patterns.Count];
        for (var i = 0; i < patterns.Count; i++)
        {
            if (negated[i] || reported.Contains(patterns[i])) continue;
            var alone = NameLanguage.Compare(language, [languages[i]], m => m[0]);
            aimed[i] = !alone.AcceptsNone || (aim is not null && !NameLanguage.Compare(aim, [languages[i]], m => m[0]).AcceptsNone);
            if (!aimed[i] || !alone.AcceptsNone) continue;
            reported.Add(patterns[i]);
            var meant = format.AimedBy(languages[i]);
            context.At(patterns[i]).About("setting", "on.push.tags").Key(workflow.Path, "tags", patterns[i].Value)
                .Report($"tags filter '{patterns[i].Value}' in {name} can never match a release tag of the format {meant.Describe()} (such as '{Example(meant, language)}'); write {meant.DescribeFilter()}");
        }
        if (!aimed.Any(a => a) || reported.Count > 0) return;
        // The list must take every tag of each family it is meant for. With several families a workflow often releases
        // one of them (release-jaxlib.yml on jaxlib-v*): a family none of its patterns can match is not its business.
        foreach (var family in format.Families)
        {
            if (family.Language is not { } familyLanguage) continue;
            if (format.Families.Count > 1 && !Enumerable.Range(0, patterns.Count)
                    .Any(i => aimed[i] && !NameLanguage.Compare(familyLanguage, [languages[i]], m => m[0]).AcceptsNone)) continue;
            var list = NameLanguage.Compare(familyLanguage, languages, m => Passes(m, negated));
            if (!list.Complete || list.Rejected is null) continue;
            // A narrower filter on a workflow that deploys nothing, while another workflow runs on every tag of the
            // family, selects the releases that workflow runs for (pip's CI on final 'YY.N' tags, its release.yml on
            // '*'): every release still triggers the release workflow, so nothing is lost.
            if (DeployDetection.Find(context.Workspace, workflow) is null && TakenElsewhere(context, workflow, familyLanguage)) continue;
            var missed = Samples(family).FirstOrDefault(e => !Passes(languages.Select(l => l.Contains(e)).ToArray(), negated)) ?? list.Rejected;
            var first = patterns[Array.IndexOf(aimed, true)];
            context.At(first).About("setting", "on.push.tags").Key($"{workflow.Path}|tags-list|{string.Join(",", patterns.Select(p => p.Value))}")
                .Report($"tags filter of {name} misses release tags such as '{missed}' (format '{family.Text}'), so those releases never trigger it; write '{family.ToFilterPattern()}'");
            return;
        }
    }

    private static void CheckRulesets(RuleContext context, TagScheme format, NameLanguage language)
    {
        var model = context.Workspace.Protection;
        if (model.Incomplete is not null) return;
        // One finding per problem: RL2009 already reports a pattern that rejects one of its example tags.
        var rl2009 = context.Policy.SeverityOf(RL2009ReleaseTagsUnprotected.Definition) != Severity.Off ? format.PlainExamples() : null;
        foreach (var ruleset in model.TagRulesets.Where(l => l.IsActive))
        {
            // A ruleset's name rules bind only the tags its conditions select: with several families, those families
            // whose tags it covers (a ruleset on refs/tags/v* says nothing about @scope/pkg@1.0.0).
            var scoped = format;
            if (format.Families.Count > 1)
            {
                var covered = format.Families.Where(f => f.PlainExamples() is not { Count: > 0 } examples
                    || examples.Any(e => ruleset.AppliesTo("refs/tags/" + e, model.DefaultBranch))).ToList();
                if (covered.Count == 0) continue; // the ruleset selects no release tag
                if (covered.Count < format.Families.Count) scoped = new TagScheme(covered);
            }
            var scopedLanguage = ReferenceEquals(scoped, format) ? language : scoped.Language;
            if (scopedLanguage is null) continue;
            foreach (var rule in ruleset.NamePatterns)
            {
                var pattern = rule.Operator switch
                {
                    "starts_with" => NameLanguage.FromLiteral(rule.Pattern, anyBefore: false, anyAfter: true),
                    "ends_with" => NameLanguage.FromLiteral(rule.Pattern, anyBefore: true, anyAfter: false),
                    "contains" => NameLanguage.FromLiteral(rule.Pattern, anyBefore: true, anyAfter: true),
                    "regex" => NameLanguage.FromRegex(rule.Pattern, search: true),
                    _ => null,
                };
                if (pattern is null) continue;
                var comparison = NameLanguage.Compare(scopedLanguage, [pattern], m => m[0] != rule.Negate);
                if (!comparison.Complete || comparison.Rejected is null) continue;
                if (rl2009 is not null && rl2009.Any(e => rule.Allows(e) == false)) continue;
                var rejected = Samples(scoped).FirstOrDefault(e => pattern.Contains(e) == rule.Negate) ?? comparison.Rejected;
                var what = comparison.AcceptsNone ? "rejects every release tag" : "rejects release tags";
                context.At(rule.Location ?? context.Workspace.RequirementLocation("tags.format", "tag-format")).About("setting", "tag_name_pattern").About("tag", rejected).Key(ruleset.Name, rule.Pattern)
                    .Report($"tag_name_pattern '{rule.Pattern}' ({rule.Operator}{(rule.Negate ? ", negated" : "")}) of {ruleset.Describe()} {what} of the format {scoped.Describe()}, such as '{rejected}'; tags that policy requires could not be pushed");
            }
        }
    }

    /// <summary>Readable tags of the format to name in messages: its examples, then other years and days.</summary>
    private static IEnumerable<string> Samples(TagScheme format) => format.Families.SelectMany(Samples);

    private static IEnumerable<string> Samples(NameFormat format)
    {
        foreach (var e in format.Examples()) yield return e;
        if (format.IsRegex || !format.HasDate) yield break;
        foreach (var date in new[] { new DateOnly(2026, 1, 15), new DateOnly(2024, 12, 31), new DateOnly(2030, 10, 1) })
        {
            yield return format.Render(date);
            yield return format.Render(date, 2);
        }
    }

    /// <summary>
    /// True when another workflow of the repository runs on every tag of <paramref name="family"/>: its push event has a
    /// tags list that passes all of them (the exact comparison), or no branch or tag filter at all (every push).
    /// </summary>
    private static bool TakenElsewhere(RuleContext context, WorkflowFile workflow, NameLanguage family)
    {
        foreach (var other in context.Workspace.Workflows)
        {
            if (ReferenceEquals(other, workflow) || other.Path == workflow.Path || other.Event("push") is not { } push) continue;
            if (push.Tags is null && push.TagsIgnore is null && push.Branches is null && push.BranchesIgnore is null) return true;
            if (push.TagFilter is not { } filter || push.TagsIgnore is not null) continue;
            var negated = filter.Patterns.Select(p => p.IsNegated).ToArray();
            var all = NameLanguage.Compare(family, filter.Patterns.Select(p => p.Language).ToList(), m => Passes(m, negated));
            if (all.Complete && all.Rejected is null) return true;
        }
        return false;
    }

    private static bool Passes(bool[] matches, bool[] negated)
    {
        var included = false;
        for (var i = 0; i < matches.Length; i++)
            if (matches[i]) included = !negated[i];
        return included;
    }

    private static string Example(TagScheme format, NameLanguage language) => format.Examples().FirstOrDefault() ?? language.Example() ?? format.Text;

    /// <summary>The regular-expression construct in a filter pattern that changes its meaning as a glob, or null.</summary>
    internal static string? RegexSyntax(string pattern)
    {
        var p = pattern.StartsWith('!') ? pattern[1..] : pattern;
        for (var i = 0; i + 1 < p.Length; i++)
            if (p[i] == '\\' && "dwsDWSb".Contains(p[i + 1])) return p.Substring(i, 2);
        if (p.StartsWith('^')) return "^";
        if (p.EndsWith('$')) return "$";
        var brace = System.Text.RegularExpressions.Regex.Match(p, @"\{\d+(,\d*)?\}");
        if (brace.Success) return brace.Value;
        foreach (var s in new[] { ".*", ".+", "(", "|" })
            if (p.Contains(s, StringComparison.Ordinal)) return s;
        return null;
    }
}

