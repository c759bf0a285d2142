using System.Text.Json;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Policy;

namespace ReleaseLint.Rules.History;

/// <summary>RL3008: workflow tag filters and ruleset tag-name patterns that disagree with the policy tag format.</summary>
public sealed class RL3008TagPatternDrift : Rule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Rule = new("RL3008", "tag-pattern-drift",
        "Tag filter disagrees with the tag format",
        "The policy tag format, workflow on.push.tags filters and tag-ruleset tag_name_pattern rules disagree: a filter aimed at release tags that can never match one (so the release workflow never runs), a filter list that misses some release tags (v2025.03.10.2), regular-expression syntax inside a glob filter (v\\d+ means a literal 'd' to GitHub), or a ruleset pattern that rejects release tags. Filters are judged with GitHub's filter-pattern syntax (*, **, +, ?, [], !) and compared exactly with the language of the tag format, not by sampling.",
        Severity.Error, RuleCategory.History, ["tags", "workflows"]);

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override void Check(RuleContext context)
    {
        var format = context.Policy.TagFormatOrDefault;
        var language = format.Language;
        var aim = NameLanguage.FromRegex("^" + RegexEscape(format.LiteralPrefix) + "[0-9]", search: true);
        foreach (var workflow in context.Workspace.Workflows)
            context.Isolate(workflow.Path, () => CheckWorkflow(context, workflow, format, language, aim));
        if (language is null) return;
        foreach (var path in context.Workspace.Files.Files.Where(p => p.StartsWith(".github/rulesets/", StringComparison.Ordinal) && p.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
            context.Isolate(path, () => CheckRuleset(context, path, format, language));
    }

    private static void CheckWorkflow(RuleContext context, WorkflowFile workflow, TagFormat format, NameLanguage? language, NameLanguage? aim)
    {
        if (workflow.Event("push")?.Tags is not { Count: > 0 } patterns) return;
        var name = workflow.Name is { } n ? $"workflow '{n}'" : $"workflow {workflow.Path}";
        var suggestion = format.ToFilterPattern();
        var reported = new HashSet<YamlScalar>();
        foreach (var p in patterns)
        {
            if (RegexSyntax(p.Value) is not { } fragment) continue;
            reported.Add(p);
            context.Report(p.Location(workflow.Source),
                $"tags filter '{p.Value}' in {name} uses regular-expression syntax ('{fragment}'), but workflow filters are GitHub filter patterns (*, **, +, ?, [], !); write '{suggestion}' for the tag format '{format.Text}'",
                $"{workflow.Path}|tags|{p.Value}", logical: [new LogicalLocation("setting", "on.push.tags")]);
        }
        if (language is null) return;

        var languages = patterns.Select(p => NameLanguage.FromFilterPattern(p.Value)).ToList();
        var negated = patterns.Select(p => p.Value.StartsWith('!')).ToArray();
        var aimed = new bool[patterns.Count];
        for (var i = 0; i < patterns.Count; i++)
        {
            if (negated[i] || reported.Contains(patterns[i])) continue;
            var alone = NameLanguage.Compare(language, [languages[i]], m => m[0]);
            aimed[i] = !alone.AcceptsNone || (aim is not null && !NameLanguage.Compare(aim, [languages[i]], m => m[0]).AcceptsNone);
            if (!aimed[i] || !alone.AcceptsNone) continue;
            reported.Add(patterns[i]);
            context.Report(patterns[i].Location(workflow.Source),
                $"tags filter '{patterns[i].Value}' in {name} can never match a release tag of the format '{format.Text}' (such as '{Example(format, language)}'); write '{suggestion}'",
                $"{workflow.Path}|tags|{patterns[i].Value}", logical: [new LogicalLocation("setting", "on.push.tags")]);
        }
        if (!aimed.Any(a => a) || reported.Count > 0) return;
        var list = NameLanguage.Compare(language, languages, m => Passes(m, negated));
        if (!list.Complete || list.Rejected is null) return;
        var missed = format.Examples().FirstOrDefault(e => !Passes(languages.Select(l => l.Contains(e)).ToArray(), negated)) ?? list.Rejected;
        var first = patterns[Array.IndexOf(aimed, true)];
        context.Report(first.Location(workflow.Source),
            $"tags filter of {name} misses release tags such as '{missed}' (format '{format.Text}'), so those releases never trigger it; write '{suggestion}'",
            $"{workflow.Path}|tags-list|{string.Join(",", patterns.Select(p => p.Value))}", logical: [new LogicalLocation("setting", "on.push.tags")]);
    }

    private static void CheckRuleset(RuleContext context, string path, TagFormat format, NameLanguage language)
    {
        var source = context.Workspace.ReadText(path);
        if (source is null) return;
        foreach (var rule in RulesetTagPatterns.Read(source))
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
            var comparison = NameLanguage.Compare(language, [pattern], m => m[0] != rule.Negate);
            if (!comparison.Complete || comparison.Rejected is null) continue;
            var rejected = format.Examples().FirstOrDefault(e => pattern.Contains(e) == rule.Negate) ?? comparison.Rejected;
            var what = comparison.AcceptsNone ? "rejects every release tag" : "rejects release tags";
            context.Report(rule.Location,
                $"tag_name_pattern '{rule.Pattern}' ({rule.Operator}{(rule.Negate ? ", negated" : "")}) of ruleset '{rule.Ruleset}' {what} of the format '{format.Text}', such as '{rejected}'; tags that policy requires could not be pushed",
                $"{path}|{rule.Ruleset}|{rule.Pattern}", logical: [new LogicalLocation("setting", "tag_name_pattern")]);
        }
    }

    private static bool Passes(bool[] matches, bool[] negated)
    {
        var included = false;
        for (var i = 0; i < matches.Length; i++)
            if (matches[i]) included = !negated[i];
        return included;
    }

    private static string Example(TagFormat format, NameLanguage language) => format.Examples().FirstOrDefault() ?? language.Example() ?? format.Text;

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

    private static string RegexEscape(string text) => System.Text.RegularExpressions.Regex.Escape(text).Replace("/", "\\/");
}

/// <summary>The <c>tag_name_pattern</c> rules of a ruleset export, with the location of each pattern.</summary>
internal static class RulesetTagPatterns
{
    public sealed record Entry(string Ruleset, string Operator, string Pattern, bool Negate, SourceLocation Location);

    public static IReadOnlyList<Entry> Read(SourceText source)
    {
        var result = new List<Entry>();
        JsonDocument document;
        try { document = JsonDocument.Parse(source.Text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException) { return result; } // unreadable protection sources are RL2001's
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return result;
            if (root.TryGetProperty("target", out var target) && target.ValueKind == JsonValueKind.String && target.GetString() != "tag") return result;
            if (root.TryGetProperty("enforcement", out var enforcement) && enforcement.ValueKind == JsonValueKind.String && enforcement.GetString() == "disabled") return result;
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : source.Path;
            if (!root.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array) return result;
            var offsets = PatternOffsets(source.Text);
            var k = 0;
            foreach (var rule in rules.EnumerateArray())
            {
                var index = k++;
                if (rule.ValueKind != JsonValueKind.Object || !rule.TryGetProperty("type", out var type) || type.GetString() != "tag_name_pattern") continue;
                if (!rule.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object) continue;
                if (!parameters.TryGetProperty("pattern", out var pattern) || pattern.ValueKind != JsonValueKind.String) continue;
                var op = parameters.TryGetProperty("operator", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : "regex";
                var negate = parameters.TryGetProperty("negate", out var neg) && neg.ValueKind == JsonValueKind.True;
                var at = offsets.TryGetValue(index, out var offset) ? source.Span(offset.Start, offset.Length) : source.At(1, 1);
                result.Add(new Entry(name, op, pattern.GetString()!, negate, at));
            }
        }
        return result;
    }

    /// <summary>Character offsets of <c>rules[i].parameters.pattern</c> string values, by rule index.</summary>
    private static Dictionary<int, (int Start, int Length)> PatternOffsets(string text)
    {
        var result = new Dictionary<int, (int, int)>();
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var path = new List<string>();
        var arrayIndex = new Stack<int>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Add(Segment());
                        if (reader.TokenType == JsonTokenType.StartArray) arrayIndex.Push(0);
                        else arrayIndex.Push(-1);
                        property = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        arrayIndex.Pop();
                        property = null;
                        break;
                    default:
                        var segment = Segment();
                        if (segment == "pattern" && path.Count == 4 && path[1] == "rules" && path[3] == "parameters" && reader.TokenType == JsonTokenType.String
                            && int.TryParse(path[2], out var ruleIndex))
                        {
                            var start = System.Text.Encoding.UTF8.GetCharCount(bytes, 0, (int)reader.TokenStartIndex);
                            var length = System.Text.Encoding.UTF8.GetCharCount(bytes, (int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex));
                            result[ruleIndex] = (start, length);
                        }
                        property = null;
                        break;
                }
            }
        }
        catch (JsonException) { }
        return result;

        string Segment()
        {
            if (property is not null) return property;
            if (arrayIndex.Count > 0 && arrayIndex.Peek() >= 0)
            {
                var i = arrayIndex.Pop();
                arrayIndex.Push(i + 1);
                return i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return "";
        }
    }
}
