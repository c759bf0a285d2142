using ReleaseLint.Inputs;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Core;

/// <summary>The defaults are one configuration file: valid against the schema, documented, and what a run without configuration uses.</summary>
public sealed class DefaultPolicyTests
{
    private static string File_ => Path.Combine(TestPaths.Root, "rules", "default-policy.yml");

    [Fact]
    public void The_default_policy_file_is_a_valid_configuration()
    {
        var (_, problems) = PolicyLoader.Load(new SourceText(".releaselint.yml", File.ReadAllText(File_)));
        Assert.Empty(problems.Select(p => $"{p.Location}: {p.Message}"));
    }

    [Fact]
    public void The_tool_embeds_the_file_and_its_page_shows_it_whole()
    {
        var text = File.ReadAllText(File_).Replace("\r\n", "\n");
        Assert.Equal(text, PolicyLoader.DefaultPolicyText().Replace("\r\n", "\n"));
        var page = File.ReadAllText(Path.Combine(TestPaths.Root, "rules", "default-policy.md")).Replace("\r\n", "\n");
        Assert.Contains("```yaml\n" + text + "```", page);
    }

    [Fact]
    public void Loading_the_file_as_a_configuration_changes_nothing_but_where_keys_are()
    {
        var defaults = new ReleasePolicy();
        var (loaded, _) = PolicyLoader.Load(new SourceText(".releaselint.yml", File.ReadAllText(File_)));
        // Lists compare by content; ignore: adds to the defaults, so it doubles.
        Assert.Equal(defaults.ReleaseBranch, loaded.ReleaseBranch);
        Assert.Equal(defaults.DiscussionFields, loaded.DiscussionFields);
        Assert.Equal(defaults.GuidePhrases.OrderBy(p => p.Key), loaded.GuidePhrases.OrderBy(p => p.Key));
        Assert.Equal(defaults.ReleaseProtection, loaded.ReleaseProtection with { StatusChecks = defaults.ReleaseProtection.StatusChecks });
        Assert.Equal([.. defaults.Ignore, .. defaults.Ignore], loaded.Ignore);
        Assert.Null(defaults.ConfigPath);
        Assert.Empty(defaults.KeyLocations);
    }

    [Fact]
    public void A_configuration_overrides_one_guide_phrase_and_one_protection_setting_and_keeps_the_rest()
    {
        var (policy, problems) = PolicyLoader.Load(new SourceText(".releaselint.yml",
            "docs:\n  guide-phrases:\n    tagging: Every release gets a tag\nprotection:\n  release:\n    approvals: 2\n"));
        Assert.Empty(problems);
        Assert.Equal("Every release gets a tag", policy.GuidePhrases["tagging"]);
        Assert.Equal("vYYYY.MM.DD", policy.GuidePhrases["tag-format"]);
        Assert.Equal(2, policy.ReleaseProtection.Approvals);
        Assert.True(policy.ReleaseProtection.EnforceAdmins);
        Assert.True(policy.ReleaseProtection.RequireStatusChecks);
    }

    [Fact]
    public void An_unknown_guide_statement_is_reported()
    {
        var (_, problems) = PolicyLoader.Load(new SourceText(".releaselint.yml", "docs:\n  guide-phrases:\n    taging: x\n"));
        Assert.Contains(problems, p => p.Message.Contains("did you mean 'tagging'", StringComparison.Ordinal));
    }
}
