using System.Text;
using System.Text.Json;
using Json.Schema;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Yaml;
using ReleaseLint.Patterns;

namespace ReleaseLint.Policy;

/// <summary>A problem in <c>.releaselint.yml</c> (reported as RL0001).</summary>
/// <param name="Message">What is wrong.</param>
/// <param name="Location">The offending key or value.</param>
public sealed record ConfigProblem(string Message, SourceLocation Location);

/// <summary>Reads <c>.releaselint.yml</c>, validates it against the published JSON schema and merges it over the defaults.</summary>
public static class PolicyLoader
{
    /// <summary>The file names looked for at the repository root, in order.</summary>
    public static readonly IReadOnlyList<string> ConfigFileNames = [".releaselint.yml", ".releaselint.yaml"];

    // In a class of its own so that JsonSchema.Net is loaded only when there is a configuration file to validate.
    private static class CompiledSchema
    {
        public static readonly JsonSchema Value = Load();

        private static JsonSchema Load()
        {
            using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream("releaselint.schema.json")
                ?? throw new InvalidOperationException("the configuration schema is not embedded");
            using var reader = new StreamReader(stream);
            return JsonSchema.FromText(reader.ReadToEnd());
        }
    }

    /// <summary>The default policy file (<c>rules/default-policy.yml</c>, embedded) as text.</summary>
    public static string DefaultPolicyText()
    {
        using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream("default-policy.yml")
            ?? throw new InvalidOperationException("the default policy is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The default policy: the embedded <c>default-policy.yml</c> applied to an empty policy. The file is part of the
    /// build (a test validates it against the schema), so it is not validated here.
    /// </summary>
    internal static ReleasePolicy LoadDefaults()
    {
        var yaml = YamlFile.Parse(new SourceText("default-policy.yml", DefaultPolicyText()));
        if (yaml.Root is not YamlMapping root) throw new InvalidOperationException($"the default policy does not parse: {yaml.Error?.Message}");
        var policy = Apply(ReleasePolicy.Empty(), root, [], out var tagFormat, out var candidatePattern);
        return policy with
        {
            TagFormat = new TagScheme((tagFormat ?? throw new InvalidOperationException("the default policy sets no tags.format")).Select(f => NameFormat.Parse(f.Text)).ToList()),
            ReleaseCandidatePattern = NameFormat.Parse(candidatePattern ?? throw new InvalidOperationException("the default policy sets no branches.release-candidate")),
        };
    }

    /// <summary>The JSON schema of <c>.releaselint.yml</c> as text.</summary>
    public static string SchemaText()
    {
        using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream("releaselint.schema.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Loads the policy from <paramref name="config"/> (null: defaults only). Keys that break the schema are
    /// reported and fall back to their defaults; the rest still apply.
    /// </summary>
    public static (ReleasePolicy Policy, IReadOnlyList<ConfigProblem> Problems) Load(SourceText? config)
    {
        if (config is null) return (new ReleasePolicy(), []);
        return LoadFrom(config);
    }

    // Kept apart from Load: compiling this method loads YAML and JSON-schema assemblies, which a run without a
    // configuration file never needs.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (ReleasePolicy Policy, IReadOnlyList<ConfigProblem> Problems) LoadFrom(SourceText config)
    {
        var policy = new ReleasePolicy { ConfigPath = config.Path };
        var problems = new List<ConfigProblem>();
        var yaml = YamlFile.Parse(config, new YamlLimits(MaxDepth: 32, MaxAliasExpansion: 1_000, MaxNodes: 100_000));
        if (yaml.Error is { } error)
        {
            problems.Add(new ConfigProblem($"{config.Path} cannot be read: {error.Message}", config.At(error.Line, error.Column)));
            return (policy, problems);
        }
        if (yaml.Root is null || yaml.Root is YamlScalar { IsNull: true }) return (policy, problems);
        if (yaml.Root is not YamlMapping root)
        {
            problems.Add(new ConfigProblem($"{config.Path} must be a mapping of keys (branches:, tags:, …), not a {Describe(yaml.Root)}", yaml.Root.Location));
            return (policy, problems);
        }

        var pointers = new Dictionary<string, (YamlNode Node, YamlNode? Key)>(StringComparer.Ordinal);
        var json = ToJson(root, pointers);
        var bad = new HashSet<string>(StringComparer.Ordinal);
        var validMarker = ValidMarker(json);
        if (validMarker is null || !File.Exists(validMarker))
            Validate(json, pointers, config, bad, problems);
        if (problems.Count == 0 && validMarker is not null && !File.Exists(validMarker)) RememberValid(validMarker);
        var badPointers = new HashSet<string>(bad.Select(b => b[..b.IndexOf('|')]), StringComparer.Ordinal);
        var locations = pointers.Where(p => p.Value.Key is not null)
            .ToDictionary(p => p.Key.TrimStart('/').Replace('/', '.'), p => p.Value.Key!.Location, StringComparer.Ordinal);
        policy = Apply(policy, root, badPointers, out var tagFormats, out var candidatePattern) with { KeyLocations = locations };
        policy = ParseFormats(policy, tagFormats, candidatePattern, pointers, config, problems);
        if (policy.TagsSince is { } since && System.Text.RegularExpressions.Regex.IsMatch(since, @"^\d{4}-\d{1,2}-\d{1,2}$") && ReleasePolicy.SinceDate(since) is null)
        {
            problems.Add(new ConfigProblem($"'tags.since' is '{since}', which is not a date (YYYY-MM-DD, a real calendar date); all history is judged",
                pointers.TryGetValue("/tags/since", out var n) ? n.Node.Location : config.At(1, 1)));
            policy = policy with { TagsSince = null };
        }
        return (policy, problems);
    }

    /// <summary>
    /// Name formats are parsed here, once for the run, by their own parser: a broken one is reported at its value and
    /// left out (a tag scheme with no family left, and a broken candidate pattern, keep their defaults).
    /// </summary>
    private static ReleasePolicy ParseFormats(ReleasePolicy policy, IReadOnlyList<(string Text, string Pointer)>? tagFormats, string? candidatePattern,
        Dictionary<string, (YamlNode Node, YamlNode? Key)> pointers, SourceText config, List<ConfigProblem> problems)
    {
        SourceLocation At(string pointer) => pointers.TryGetValue(pointer, out var n) ? n.Node.Location : config.At(1, 1);
        if (tagFormats is { Count: > 0 })
        {
            var families = new List<NameFormat>();
            foreach (var (text, pointer) in tagFormats)
            {
                if (NameFormat.TryParse(text, out var family, out var tagError)) families.Add(family);
                else problems.Add(new ConfigProblem(tagFormats.Count == 1
                    ? $"'tags.format': {tagError}; the default '{policy.TagFormat}' is used"
                    : $"'tags.format': {tagError}; this family is left out", At(pointer)));
            }
            if (families.Count > 0) policy = policy with { TagFormat = new TagScheme(families) };
        }
        if (candidatePattern is not null)
        {
            if (NameFormat.TryParse(candidatePattern, out var candidates, out var branchError)) policy = policy with { ReleaseCandidatePattern = candidates };
            else problems.Add(new ConfigProblem($"'branches.release-candidate': {branchError}; the default '{policy.ReleaseCandidatePattern}' is used", At("/branches/release-candidate")));
        }
        return policy;
    }

    /// <summary>
    /// Evaluates the configuration against the schema and turns each error into a located problem. A method of
    /// its own, so that JsonSchema.Net is loaded only when a configuration is actually evaluated.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Validate(byte[] json, Dictionary<string, (YamlNode Node, YamlNode? Key)> pointers, SourceText config,
        HashSet<string> bad, List<ConfigProblem> problems)
    {
        using var document = JsonDocument.Parse(json);
        var results = CompiledSchema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return;
        foreach (var detail in (results.Details is { Count: > 0 } ? results.Details! : [results]).Where(d => d.Errors is { Count: > 0 }))
        {
            var pointer = detail.InstanceLocation.ToString();
            if (pointer == "/") pointer = "";
            foreach (var (keyword, message) in detail.Errors!)
            {
                var (text, at) = Explain(keyword, message, pointer, detail, pointers, config);
                if (bad.Add(pointer + "|" + text)) problems.Add(new ConfigProblem(text, at));
            }
        }
    }

    /// <summary>
    /// Validating against the schema costs more start-up time than the rest of a small run (JsonSchema.Net's
    /// first use), so a configuration found valid once is remembered by the hash of its JSON form and of
    /// the schema: a pre-commit hook on an unchanged configuration skips the evaluator entirely.
    /// </summary>
    private static string? ValidMarker(byte[] json)
    {
        try
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            hash.AppendData(json);
            hash.AppendData(Encoding.UTF8.GetBytes(SchemaText()));
            return Path.Combine(Engine.CacheDirectory.Default(), "valid-config", Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static void RememberValid(string marker)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
            File.WriteAllBytes(marker, []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static (string Text, SourceLocation At) Explain(string keyword, string message, string pointer, EvaluationResults detail,
        Dictionary<string, (YamlNode Node, YamlNode? Key)> pointers, SourceText config)
    {
        var key = pointer.Length == 0 ? "the file" : "'" + pointer.TrimStart('/').Replace('/', '.') + "'";
        SourceLocation Where(bool atKey)
        {
            if (!pointers.TryGetValue(pointer, out var n)) return config.At(1, 1);
            return (atKey && n.Key is not null ? n.Key : n.Node).Location;
        }
        var schemaPath = detail.EvaluationPath.ToString();
        if (keyword == "false" || message.Contains("false schema", StringComparison.OrdinalIgnoreCase))
        {
            var parent = pointer[..Math.Max(0, pointer.LastIndexOf('/'))];
            var name = pointer[(pointer.LastIndexOf('/') + 1)..];
            var known = KnownKeys(parent);
            var hint = known.Count > 0 ? $"; expected one of: {string.Join(", ", known)}" : "";
            var close = Suggestions.Closest(known, name, 2);
            if (close is not null) hint = $"; did you mean '{close}'?";
            return ($"unknown key {key}{hint}", Where(true));
        }
        return keyword switch
        {
            "type" => ($"{key} must be {Expected(message)}, not {Actual(pointers, pointer)}", Where(false)),
            "minimum" or "exclusiveMinimum" or "maximum" or "minLength" => ($"{key}: {message.TrimEnd('.')}", Where(false)),
            "enum" => ($"{key} must be one of error, warning, note or off", Where(false)),
            "pattern" when schemaPath.Contains("propertyNames", StringComparison.Ordinal) => ($"{key} is not a rule id (RLnnnn) or rule name (kebab-case)", Where(true)),
            _ => ($"{key}: {message.TrimEnd('.')}", Where(keyword is "propertyNames")),
        };
    }

    private static string Expected(string message)
    {
        if (message.Contains("string", StringComparison.Ordinal) && message.Contains("array", StringComparison.Ordinal)) return "a string or a list of strings";
        var m = System.Text.RegularExpressions.Regex.Match(message, "should be \"(\\w+)\"");
        return (m.Success ? m.Groups[1].Value : "another type") switch
        {
            "boolean" => "true or false",
            "integer" => "a whole number",
            "number" => "a number",
            "string" => "a string",
            "array" => "a list",
            "object" => "a mapping of keys",
            var other => other,
        };
    }

    private static string Actual(Dictionary<string, (YamlNode Node, YamlNode? Key)> pointers, string pointer) =>
        pointers.TryGetValue(pointer, out var n) ? n.Node switch
        {
            YamlScalar s when s.IsNull => "empty",
            YamlScalar s => "'" + s.Value + "'",
            YamlSequence => "a list",
            _ => "a mapping",
        } : "this value";

    private static List<string> KnownKeys(string parentPointer)
    {
        using var doc = JsonDocument.Parse(SchemaText());
        var node = doc.RootElement;
        var parts = parentPointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (!node.TryGetProperty("properties", out var props) || !props.TryGetProperty(Unescape(part), out node)) return [];
            if (node.TryGetProperty("$ref", out var r) && r.GetString() is { } reference && reference.StartsWith("#/$defs/", StringComparison.Ordinal))
                node = doc.RootElement.GetProperty("$defs").GetProperty(reference["#/$defs/".Length..]);
        }
        return node.TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(o => o.Name).Where(n => n != "$schema").ToList() : [];
    }

    private static string Unescape(string token) => token.Replace("~1", "/").Replace("~0", "~");

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequence => "list",
        YamlScalar => "scalar",
        _ => "mapping",
    };

    /// <summary>Converts YAML to JSON text for the schema, recording which node each JSON pointer came from.</summary>
    private static byte[] ToJson(YamlNode root, Dictionary<string, (YamlNode Node, YamlNode? Key)> pointers)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            Write(writer, root, "", null, pointers);
        return stream.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, string pointer, YamlNode? key, Dictionary<string, (YamlNode, YamlNode?)> pointers)
    {
        pointers[pointer] = (node, key);
        switch (node)
        {
            case YamlMapping map:
                writer.WriteStartObject();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var entry in map.Entries)
                {
                    var name = entry.KeyText;
                    if (!seen.Add(name)) continue;
                    writer.WritePropertyName(name);
                    Write(writer, entry.Value, pointer + "/" + name.Replace("~", "~0").Replace("/", "~1"), entry.Key, pointers);
                }
                writer.WriteEndObject();
                break;
            case YamlSequence seq:
                writer.WriteStartArray();
                for (var i = 0; i < seq.Items.Count; i++) Write(writer, seq.Items[i], pointer + "/" + i, null, pointers);
                writer.WriteEndArray();
                break;
            case YamlScalar s when s.IsNull:
                writer.WriteNullValue();
                break;
            case YamlScalar s when s.Style == YamlScalarStyle.Plain && s.AsBool() is { } b:
                writer.WriteBooleanValue(b);
                break;
            case YamlScalar s when s.Style == YamlScalarStyle.Plain && long.TryParse(s.Value, out var l):
                writer.WriteNumberValue(l);
                break;
            case YamlScalar s when s.Style == YamlScalarStyle.Plain && double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case YamlScalar s:
                writer.WriteStringValue(s.Value);
                break;
        }
    }

    private static ReleasePolicy Apply(ReleasePolicy p, YamlMapping root, HashSet<string> bad, out IReadOnlyList<(string Text, string Pointer)>? tagFormats, out string? candidatePattern)
    {
        bool Ok(string pointer) => !bad.Any(b => b == pointer || b.StartsWith(pointer + "/", StringComparison.Ordinal));
        string? Str(YamlMapping? map, string key, string pointer) =>
            map?[key] is YamlScalar { IsNull: false } s && Ok(pointer) ? s.Value : null;
        bool? Bool(YamlMapping? map, string key, string pointer) =>
            map?[key] is YamlScalar s && Ok(pointer) ? s.AsBool() : null;
        long? Long(YamlMapping? map, string key, string pointer) =>
            map?[key] is YamlScalar s && Ok(pointer) && long.TryParse(s.Value, out var v) ? v : null;
        double? Double(YamlMapping? map, string key, string pointer) =>
            map?[key] is YamlScalar s && Ok(pointer) && double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        IReadOnlyList<string>? List(YamlMapping? map, string key, string pointer) =>
            map?[key] is YamlSequence seq && Ok(pointer) ? seq.Items.OfType<YamlScalar>().Select(s => s.Value).ToList() : null;
        YamlMapping? Map(YamlMapping? map, string key) => map?[key] as YamlMapping;
        // a key written with no value (`guide: null`, `guide: ~`, `guide:`) says "none", unlike a key left out
        bool IsNull(YamlMapping? map, string key, string pointer) => map?[key] is YamlScalar { IsNull: true } && Ok(pointer);

        var branches = Map(root, "branches");
        var tags = Map(root, "tags");
        var docs = Map(root, "docs");
        var phrases = Map(docs, "guide-phrases");
        var discussions = Map(root, "discussions");
        var limits = Map(root, "limits");
        // tags.format: one format, or a list of tag families
        tagFormats = tags?["format"] switch
        {
            YamlScalar { IsNull: false } one when Ok("/tags/format") => [(one.Value, "/tags/format")],
            YamlSequence many when Ok("/tags/format") => many.Items.Select((item, i) => (Item: item, Pointer: $"/tags/format/{i}"))
                .Where(x => x.Item is YamlScalar { IsNull: false }).Select(x => (((YamlScalar)x.Item).Value, x.Pointer)).ToList(),
            _ => null,
        };
        candidatePattern = Str(branches, "release-candidate", "/branches/release-candidate");
        p = p with
        {
            IntegrationBranch = Str(branches, "integration", "/branches/integration") ?? p.IntegrationBranch,
            ReleaseBranch = Str(branches, "release", "/branches/release") ?? p.ReleaseBranch,
            TagsAnnotated = Bool(tags, "annotated", "/tags/annotated") ?? p.TagsAnnotated,
            HasReleaseCandidates = !IsNull(branches, "release-candidate", "/branches/release-candidate"),
            HasReleaseBranch = !IsNull(branches, "release", "/branches/release"),
            MaintenanceBranches = List(branches, "maintenance", "/branches/maintenance") ?? p.MaintenanceBranches,
            TagsSince = Str(tags, "since", "/tags/since") ?? p.TagsSince,
            TagsIgnore = List(tags, "ignore", "/tags/ignore") ?? p.TagsIgnore,
            TagDateToleranceDays = (int?)Long(tags, "date-tolerance-days", "/tags/date-tolerance-days") ?? p.TagDateToleranceDays,
            DeployWorkflows = List(Map(root, "deploy"), "workflows", "/deploy/workflows") ?? p.DeployWorkflows,
            DeployJobs = List(Map(root, "deploy"), "jobs", "/deploy/jobs") ?? p.DeployJobs,
            DeployIgnore = List(Map(root, "deploy"), "ignore", "/deploy/ignore") ?? p.DeployIgnore,
            IntegrationWorkflows = List(Map(root, "workflows"), "integration", "/workflows/integration") ?? p.IntegrationWorkflows,
            AllowUnpinnedActions = List(Map(root, "actions"), "allow-unpinned", "/actions/allow-unpinned") ?? p.AllowUnpinnedActions,
            Guide = IsNull(docs, "guide", "/docs/guide") ? null : Str(docs, "guide", "/docs/guide") ?? p.Guide,
            GuideDeployWorkflows = List(docs, "guide-deploy-workflows", "/docs/guide-deploy-workflows") ?? p.GuideDeployWorkflows,
            GuideSections = List(docs, "guide-sections", "/docs/guide-sections") ?? p.GuideSections,
            GuidePhrases = phrases is null ? p.GuidePhrases : p.GuidePhrases.Concat(phrases.Entries
                    .Where(e => Str(phrases, e.KeyText, "/docs/guide-phrases/" + e.KeyText) is not null)
                    .Select(e => KeyValuePair.Create(e.KeyText, ((YamlScalar)e.Value).Value)))
                .GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
            DocsIgnore = List(docs, "ignore", "/docs/ignore") ?? p.DocsIgnore,
            DocsInclude = List(docs, "include", "/docs/include") ?? p.DocsInclude,
            DocsGitHubCompat = Bool(docs, "github-compat", "/docs/github-compat") ?? p.DocsGitHubCompat,
            DiscussionPaths = List(discussions, "paths", "/discussions/paths") ?? p.DiscussionPaths,
            DiscussionFields = List(discussions, "fields", "/discussions/fields") ?? p.DiscussionFields,
            DiscussionCategory = Str(discussions, "category", "/discussions/category") ?? p.DiscussionCategory,
            Ignore = List(root, "ignore", "/ignore") is { } extra ? [.. p.Ignore, .. extra] : p.Ignore,
            CustomRules = Str(root, "custom-rules", "/custom-rules") ?? p.CustomRules,
            MaxFileBytes = Long(limits, "max-file-bytes", "/limits/max-file-bytes") ?? p.MaxFileBytes,
            YamlMaxDepth = (int?)Long(limits, "yaml-max-depth", "/limits/yaml-max-depth") ?? p.YamlMaxDepth,
            YamlMaxAliasExpansion = Long(limits, "yaml-max-alias-expansion", "/limits/yaml-max-alias-expansion") ?? p.YamlMaxAliasExpansion,
            RuleTimeout = Double(limits, "rule-timeout-seconds", "/limits/rule-timeout-seconds") is { } t ? TimeSpan.FromSeconds(t) : p.RuleTimeout,
        };
        var protection = Map(root, "protection");
        p = p with
        {
            ReleaseProtection = ApplyProtection(p.ReleaseProtection, Map(protection, "release"), "/protection/release"),
            IntegrationProtection = ApplyProtection(p.IntegrationProtection, Map(protection, "integration"), "/protection/integration"),
        };
        if (Map(root, "rules") is { } rules)
        {
            var severities = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in rules.Entries)
                if (Ok("/rules/" + entry.KeyText) && entry.Value is YamlScalar s && SeverityNames.TryParse(s.Value, out var sev))
                    severities[entry.KeyText] = sev;
            p = p with { RuleSeverities = severities };
        }
        return p;

        BranchProtectionPolicy ApplyProtection(BranchProtectionPolicy b, YamlMapping? m, string ptr)
        {
            if (m is null) return b;
            var checks = List(m, "status-checks", ptr + "/status-checks");
            return b with
            {
                Approvals = (int?)Long(m, "approvals", ptr + "/approvals") ?? b.Approvals,
                StatusChecks = checks ?? b.StatusChecks,
                RequireStatusChecks = checks is { Count: > 0 } || (Bool(m, "require-status-checks", ptr + "/require-status-checks") ?? b.RequireStatusChecks),
                Strict = Bool(m, "strict", ptr + "/strict") ?? b.Strict,
                DismissStaleReviews = Bool(m, "dismiss-stale-reviews", ptr + "/dismiss-stale-reviews") ?? b.DismissStaleReviews,
                CodeOwnerReviews = Bool(m, "code-owner-reviews", ptr + "/code-owner-reviews") ?? b.CodeOwnerReviews,
                EnforceAdmins = Bool(m, "enforce-admins", ptr + "/enforce-admins") ?? b.EnforceAdmins,
                AllowForcePushes = Bool(m, "allow-force-pushes", ptr + "/allow-force-pushes") ?? b.AllowForcePushes,
                AllowDeletions = Bool(m, "allow-deletions", ptr + "/allow-deletions") ?? b.AllowDeletions,
            };
        }
    }
}
