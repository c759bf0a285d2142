using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Markdown;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Docs;

/// <summary>The front matter of a page (YAML between <c>---</c> lines, or TOML between <c>+++</c>) as plain data.</summary>
public static partial class FrontMatter
{

    [GeneratedRegex(@"\A---[ \t]*\r?\n(?<body>(?:.*\r?\n){0,400}?)(?:---|\.\.\.)[ \t]*(?:\r?\n|\z)")]
    private static partial Regex Yaml();

    [GeneratedRegex(@"\A\+\+\+[ \t]*\r?\n(?<body>(?:.*\r?\n){0,400}?)\+\+\+[ \t]*(?:\r?\n|\z)")]
    private static partial Regex Toml();

    /// <summary>The front matter of <paramref name="document"/>; empty when it has none or it does not parse.</summary>
    public static Dictionary<string, object> Of(MarkdownDocument document) => document.Derived(d => Parse(d.Source.Text));

    /// <summary>Parses the front matter at the start of <paramref name="text"/>.</summary>
    public static Dictionary<string, object> Parse(string text)
    {
        var yaml = Yaml().Match(text);
        if (yaml.Success)
        {
            var parsed = YamlFile.Parse(new SourceText("front-matter", yaml.Groups["body"].Value), new YamlLimits(32, 1000));
            return ConfigText.FromYaml(parsed.Root) as Dictionary<string, object> ?? new Dictionary<string, object>(StringComparer.Ordinal);
        }
        var toml = Toml().Match(text);
        if (toml.Success) return MiniToml.Parse(toml.Groups["body"].Value) ?? new Dictionary<string, object>(StringComparer.Ordinal);
        return new Dictionary<string, object>(StringComparer.Ordinal);
    }
}
