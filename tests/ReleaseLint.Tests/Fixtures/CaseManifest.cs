using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ReleaseLint.Tests.Fixtures;

/// <summary>
/// What a fixture case needs besides its files: <c>tests/fixtures/&lt;RULE&gt;/&lt;case&gt;.case.yml</c>, beside the case
/// folder (the folder is the linted repository, byte for byte, so the manifest is not inside it). Every key is optional;
/// an unknown key fails the case. See CONTRIBUTING.md for the keys and an example of each.
/// </summary>
public sealed record CaseManifest
{
    /// <summary>Test rules added to the built-in ones (<see cref="TestRules.ByName"/>).</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
    /// <summary>The rule time-out.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>The repository's <c>owner/repo</c>, as <c>--github</c> gives it.</summary>
    public string? GitHub { get; init; }
    /// <summary>A custom rules folder, relative to this repository's root, loaded as <c>releaselint check</c> would.</summary>
    public string? CustomRules { get; init; }
    /// <summary>A discussions export passed as <c>--discussions</c>, relative to the case folder (<c>../</c> reaches outside it).</summary>
    public string? Discussions { get; init; }
    /// <summary>A bash script run in a copy of the case folder before it is linted (git history and the like).</summary>
    public string? History { get; init; }
    /// <summary>Live mode: the fake GitHub API's answers by path (null: not live).</summary>
    public IReadOnlyDictionary<string, (int Status, string Body)>? Api { get; init; }
    /// <summary>Live mode: whether the run has a token (<c>ghp_fixture</c>).</summary>
    public bool Token { get; init; } = true;
    /// <summary>A firing case's approved output also holds the run's notes that start with this prefix and a colon (<c>notes: docs</c>: which renderer judged which folder), as <c>note: …</c> lines after the findings.</summary>
    public string? Notes { get; init; }
    /// <summary>The manifest file it was read from (empty for a case without one).</summary>
    public string Source { get; init; } = "";

    private static readonly string[] Keys = ["rules", "timeout", "github", "custom-rules", "discussions", "history", "api", "notes"];

    /// <summary>Reads a <c>.case.yml</c> manifest.</summary>
    public static CaseManifest Parse(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        if (stream.Documents.Count == 0) return new CaseManifest { Source = path };
        if (stream.Documents[0].RootNode is not YamlMappingNode root) throw new InvalidDataException($"{path}: a manifest is a mapping");
        var manifest = new CaseManifest { Source = path };
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            manifest = key switch
            {
                "rules" => manifest with { Rules = ((YamlSequenceNode)value).Children.Select(Text).ToList() },
                "timeout" => manifest with { Timeout = TimeSpan.FromSeconds(double.Parse(Text(value), CultureInfo.InvariantCulture)) },
                "github" => manifest with { GitHub = Text(value) },
                "custom-rules" => manifest with { CustomRules = Text(value) },
                "discussions" => manifest with { Discussions = Text(value) },
                "history" => manifest with { History = Text(value) },
                "notes" => manifest with { Notes = Text(value) },
                "api" => ParseApi(manifest, path, (YamlMappingNode)value),
                _ => throw new InvalidDataException($"{path}: unknown key '{key}' (known: {string.Join(", ", Keys)})"),
            };
        }
        return manifest;
    }

    private static CaseManifest ParseApi(CaseManifest manifest, string path, YamlMappingNode api)
    {
        var answers = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        var token = true;
        foreach (var (keyNode, value) in api.Children)
        {
            var key = Text(keyNode);
            if (key == "token") { token = bool.Parse(Text(value)); continue; }
            if (key != "answers") throw new InvalidDataException($"{path}: api: unknown key '{key}' (known: token, answers)");
            foreach (var (pathNode, answer) in ((YamlMappingNode)value).Children)
                answers[Text(pathNode)] = answer switch
                {
                    YamlScalarNode body => (200, body.Value ?? ""),
                    YamlMappingNode m => (int.Parse(Text(m.Children[new YamlScalarNode("status")]), CultureInfo.InvariantCulture), Text(m.Children[new YamlScalarNode("body")])),
                    _ => throw new InvalidDataException($"{path}: api answer for {Text(pathNode)} is a body or a mapping with status and body"),
                };
        }
        return manifest with { Api = answers, Token = token };
    }

    private static string Text(YamlNode node) => node is YamlScalarNode s ? s.Value ?? "" : throw new InvalidDataException($"{node.Start}: a scalar is expected");
}
