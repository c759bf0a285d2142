using System.Text.RegularExpressions;
using ReleaseLint.Inputs;

namespace ReleaseLint.Engine;

/// <summary>One suppression comment and the lines it covers.</summary>
public sealed class Suppression
{
    internal Suppression(string directive, SourceLocation location, IReadOnlyList<string> rules, int fromLine, int toLine)
    {
        Directive = directive;
        Location = location;
        Rules = rules;
        FromLine = fromLine;
        ToLine = toLine;
    }

    /// <summary><c>disable-line</c>, <c>disable-next-line</c>, <c>disable-file</c> or <c>disable</c>.</summary>
    public string Directive { get; }
    /// <summary>Where the comment is.</summary>
    public SourceLocation Location { get; }
    /// <summary>Rule ids or names; empty means every rule.</summary>
    public IReadOnlyList<string> Rules { get; }
    /// <summary>First covered line.</summary>
    public int FromLine { get; }
    /// <summary>Last covered line (inclusive).</summary>
    public int ToLine { get; internal set; }
    internal HashSet<string> UsedBy { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when this suppression covers <paramref name="finding"/>; records the use.</summary>
    public bool Covers(Finding finding)
    {
        if (finding.Location.Path != Location.Path || finding.Location.Line < FromLine || finding.Location.Line > ToLine) return false;
        if (Rules.Count == 0)
        {
            UsedBy.Add("*");
            return true;
        }
        foreach (var r in Rules)
        {
            if (!finding.Rule.Matches(r)) continue;
            UsedBy.Add(r);
            return true;
        }
        return false;
    }
}

/// <summary>Reads suppression comments as POLICY.md writes them, in YAML and markdown.</summary>
public static partial class SuppressionParser
{
    [GeneratedRegex(@"(?:^|\s)#\s*releaselint-(disable-line|disable-next-line|disable-file)\b([^\r\n]*)")]
    private static partial Regex YamlDirective();

    [GeneratedRegex(@"<!--\s*releaselint-(disable-line|disable-next-line|disable-file|disable|enable)\b(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex MarkdownDirective();

    /// <summary>Suppressions in a YAML file (<c># releaselint-disable-line|disable-next-line|disable-file [ids]</c>).</summary>
    public static IReadOnlyList<Suppression> ParseYaml(SourceText text)
    {
        var list = new List<Suppression>();
        for (var line = 1; line <= text.LineCount; line++)
        {
            var content = text.Line(line);
            if (!content.Contains("releaselint-", StringComparison.Ordinal)) continue;
            var m = YamlDirective().Match(content);
            if (!m.Success) continue;
            var col = m.Value.IndexOf('#') + m.Index + 1;
            var at = text.At(line, col, content.Length - col + 1);
            var rules = Ids(m.Groups[2].Value);
            list.Add(m.Groups[1].Value switch
            {
                "disable-line" => new Suppression("disable-line", at, rules, line, line),
                "disable-next-line" => new Suppression("disable-next-line", at, rules, line + 1, line + 1),
                _ => new Suppression("disable-file", at, rules, 1, int.MaxValue),
            });
        }
        return list;
    }

    /// <summary>Suppressions in markdown comments (outside code) given with their offsets.</summary>
    public static IReadOnlyList<Suppression> ParseMarkdown(SourceText text, IEnumerable<(string Comment, int Offset)> comments)
    {
        var list = new List<Suppression>();
        var open = new List<Suppression>();
        foreach (var (comment, offset) in comments)
        {
            foreach (Match m in MarkdownDirective().Matches(comment))
            {
                var at = text.Span(offset + m.Index, m.Length);
                var line = at.Line;
                var endLine = at.EndLine;
                var rules = Ids(m.Groups[2].Value);
                switch (m.Groups[1].Value)
                {
                    case "disable-line":
                        list.Add(new Suppression("disable-line", at, rules, line, endLine));
                        break;
                    case "disable-next-line":
                        list.Add(new Suppression("disable-next-line", at, rules, endLine + 1, endLine + 1));
                        break;
                    case "disable-file":
                        list.Add(new Suppression("disable-file", at, rules, 1, int.MaxValue));
                        break;
                    case "disable":
                        var s = new Suppression("disable", at, rules, line, int.MaxValue);
                        list.Add(s);
                        open.Add(s);
                        break;
                    case "enable":
                        foreach (var o in open.ToList())
                        {
                            if (rules.Count > 0 && !o.Rules.Any(r => rules.Contains(r, StringComparer.OrdinalIgnoreCase))) continue;
                            o.ToLine = line;
                            open.Remove(o);
                        }
                        break;
                }
            }
        }
        return list;
    }

    /// <summary>
    /// Rule ids and names in the text after a directive. A <c>--</c> starts a free-text reason; so does the
    /// first word that cannot be a rule id or name (so <c># releaselint-disable-line RL1004 because …</c> works).
    /// </summary>
    private static List<string> Ids(string text)
    {
        var reason = text.IndexOf("--", StringComparison.Ordinal);
        if (reason >= 0) text = text[..reason];
        var ids = new List<string>();
        foreach (var token in text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!IdLike().IsMatch(token)) break;
            ids.Add(token);
        }
        return ids;
    }

    [GeneratedRegex("^(RL[0-9]{4}|[A-Za-z][A-Za-z0-9]*(-[a-z0-9]+)+|[A-Z][A-Za-z]*[0-9]+)$")]
    private static partial Regex IdLike();
}
