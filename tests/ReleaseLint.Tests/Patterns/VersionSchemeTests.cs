using CsCheck;
using ReleaseLint.Patterns;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Patterns;

/// <summary>
/// The placeholders real release schemes need (calendar versions with unpadded and two-digit parts, version
/// components, PEP 440, package names) and tag schemes of several families.
/// </summary>
public sealed class VersionSchemeTests
{
    [Theory]
    [InlineData("{yyyy}.{M}.{patch}", "2024.12.0", true)]      // Home Assistant
    [InlineData("{yyyy}.{M}.{patch}", "2024.1.3", true)]
    [InlineData("{yyyy}.{M}.{patch}", "2024.13.0", false)]
    [InlineData("{yyyy}.{M}.{patch}", "2024.01.0", false)]     // {M} is not padded
    [InlineData("{yyyy}.{M}.{patch}", "2024.1.03", false)]     // nor is a version component
    [InlineData("{yyyy}.{M}[.{patch}]", "2024.1", true)]
    [InlineData("{yy}.{minor}[.{patch}]", "24.0", true)]       // pip
    [InlineData("{yy}.{minor}[.{patch}]", "24.3.1", true)]
    [InlineData("{yy}.{minor}[.{patch}]", "2024.3", false)]
    [InlineData("{yy}.{M}.{n}", "24.04.1", false)]
    [InlineData("{yy}.{MM}", "24.04", true)]                   // Ubuntu-style
    [InlineData("{yyyy}.{M}.{d}", "2025.2.28", true)]
    [InlineData("{yyyy}.{M}.{d}", "2025.2.30", false)]
    [InlineData("{yyyy}.{M}.{d}", "2025.2.03", false)]
    [InlineData("v{major}.{minor}", "v1.0", true)]
    [InlineData("v{major}.{minor}", "v01.0", false)]
    public void Calendar_versions_and_version_components(string format, string name, bool matches)
    {
        var match = NameFormat.Parse(format).Match(name);
        Assert.True(matches == match.Success, $"'{name}' against '{format}': {match.Problem}");
    }

    [Theory]
    [InlineData("{yyyy}.{M}.{patch}", "2024.01.0", "the month '01' has a leading zero")]
    [InlineData("{yyyy}.{M}.{d}", "2025.2.03", "the day '03' has a leading zero")]
    [InlineData("{yyyy}.{M}.{patch}", "2024.13.0", "month 13 does not exist")]
    [InlineData("{yyyy}.{M}.{d}", "2025.2.30", "February 2025 has 28 days")]
    [InlineData("{yy}.{M}.{d}", "23.2.29", "February 2023 has 28 days")]   // {yy} is a year of this century
    [InlineData("v{major}.{minor}", "v01.0", "the major number '01' has a leading zero")]
    public void Wrong_values_of_the_right_shape_get_a_reason(string format, string name, string reason) =>
        Assert.Contains(reason, NameFormat.Parse(format).Match(name).Problem);

    [Theory]
    [InlineData("0.65")]
    [InlineData("1.0a3")]
    [InlineData("1.2.post1")]
    [InlineData("10.0.0b2")]
    [InlineData("1.4rc1")]
    [InlineData("0.0.0.dev20151008")]
    [InlineData("2021.10.0b10")]
    [InlineData("1!2.0")]
    [InlineData("1.0rc1.post2.dev3")]
    [InlineData("7")]
    public void PEP_440_accepts_normalized_public_versions(string version) =>
        Assert.True(NameFormat.Parse("{pep440}").Match(version).Success, version);

    [Theory]
    [InlineData("1.0.0.beta0", "1.0.0b0")]      // httpx's tag: the long spelling PEP 440 permits
    [InlineData("1.0-alpha1", "1.0a1")]
    [InlineData("1.0_ALPHA_1", "1.0a1")]
    [InlineData("1.0c1", "1.0rc1")]
    [InlineData("1.0-pre2", "1.0rc2")]
    [InlineData("1.0preview2", "1.0rc2")]
    [InlineData("1.0-rc.1", "1.0rc1")]          // a SemVer-looking spelling that PEP 440 also accepts
    [InlineData("1.0RC1", "1.0rc1")]
    [InlineData("1.0b", "1.0b0")]               // implicit pre-release number
    [InlineData("1.0.post-1", "1.0.post1")]
    [InlineData("1.0-1", "1.0.post1")]          // implicit post-release
    [InlineData("1.0-r2", "1.0.post2")]
    [InlineData("1.0rev3", "1.0.post3")]
    [InlineData("1.0.post", "1.0.post0")]
    [InlineData("1.0-dev", "1.0.dev0")]
    [InlineData("1.0_dev_4", "1.0.dev4")]
    [InlineData("01.2", "1.2")]                 // leading zeros
    [InlineData("2022.05.0", "2022.5.0")]
    [InlineData("1!2.0", "1!2.0")]
    [InlineData("0.13.0.dev0", "0.13.0.dev0")]
    public void PEP_440_accepts_every_valid_spelling_and_normalizes_it(string version, string normalized)
    {
        var match = NameFormat.Parse("{pep440}").Match(version);
        Assert.True(match.Success, version);
        Assert.Equal(normalized, match.Version);
        Assert.Equal(normalized, Pep440.Normalize(version));
        Assert.True(NameFormat.Parse("{pep440}").Language!.Contains(version), version); // the exact language agrees
    }

    [Theory]
    [InlineData("1.0+local")]      // local versions are never released (package indexes refuse them)
    [InlineData("v1.0")]           // in a tag format the 'v' is literal: v{pep440}
    [InlineData("1.")]
    [InlineData("1..0")]
    [InlineData("1.0-canary.1")]
    [InlineData("1.0.0-alpha.beta")]
    [InlineData("1.0rc1.")]
    [InlineData("1.0-rc.1.2")]
    public void PEP_440_rejects_invalid_spellings(string version)
    {
        Assert.False(NameFormat.Parse("{pep440}").Match(version).Success, version);
        Assert.Null(Pep440.Normalize(version));
        Assert.False(NameFormat.Parse("{pep440}").Language!.Contains(version), version);
    }

    [Theory]
    [InlineData("1.0.0.beta0", "1.0.0b0", 0)]
    [InlineData("1.0-RC1", "1.0rc1", 0)]
    [InlineData("1.0", "1.0.0", 0)]             // trailing zeros of the release do not count
    [InlineData("1.0.dev1", "1.0a1", -1)]       // dev < pre < final < post
    [InlineData("1.0a1", "1.0b0", -1)]
    [InlineData("1.0rc2", "1.0", -1)]
    [InlineData("1.0", "1.0-1", -1)]
    [InlineData("1.0.post1.dev0", "1.0.post1", -1)]
    [InlineData("1!0.1", "2.0", 1)]
    [InlineData("1.0.0.beta10", "1.0.0b9", 1)]
    public void PEP_440_versions_compare_by_their_normalized_form(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(Pep440.Compare(a, b)!.Value));
        Assert.Equal(-sign, Math.Sign(Pep440.Compare(b, a)!.Value));
    }

    [Theory]
    [InlineData("@astrojs/{name}@{semver}", "@astrojs/alpinejs@0.1.0", "alpinejs", "0.1.0")]
    [InlineData("{name}@{semver}", "create-vite@2.5.0", "create-vite", "2.5.0")]
    [InlineData("{name}-v{semver}", "jaxlib-v0.4.35", "jaxlib", "0.4.35")]
    [InlineData("{name}-v{pep440}", "my-pkg-v1.0rc1", "my-pkg", "1.0rc1")]
    public void Package_scoped_tags_give_the_package_and_the_version(string format, string name, string package, string version)
    {
        var match = NameFormat.Parse(format).Match(name);
        Assert.True(match.Success);
        Assert.Equal(package, match.Package);
        Assert.Equal(version, match.Version);
    }

    [Theory]
    [InlineData("{name}@{semver}", "@astrojs/alpinejs@0.1.0", false)]  // a package name holds no '@' or '/': scopes are literal
    [InlineData("@astrojs/{name}@{semver}", "astro@5.0.0", false)]
    [InlineData("{name}@{semver}", "astro@5.0", false)]
    public void Package_names_do_not_swallow_scopes(string format, string name, bool matches) =>
        Assert.Equal(matches, NameFormat.Parse(format).Match(name).Success);

    [Theory]
    [InlineData("{name}@{semver}", "astro@5.0", true)]              // a package, '@' and a digit: meant as a release tag
    [InlineData("{name}@{semver}", "astro@next", false)]
    [InlineData("@astrojs/{name}@{semver}", "@astrojs/react@x", false)]
    [InlineData("@astrojs/{name}@{semver}", "@astrojs/react@4", true)]
    [InlineData("{name}-v{semver}", "jax-v0.4", true)]
    [InlineData("{name}-v{semver}", "nightly", false)]
    public void An_attempt_at_a_package_scoped_format_is_its_stem_and_a_digit(string format, string name, bool attempt)
    {
        var parsed = NameFormat.Parse(format);
        Assert.Equal(attempt, parsed.LooksLikeAttempt(name));
        Assert.Equal(attempt, parsed.AttemptLanguage!.Contains(name));
    }

    [Theory]
    [InlineData("v{yy}.{yyyy}", "'{yy}' and '{yyyy}'")]
    [InlineData("{yyyy}.{M}.{MM}", "'{M}' and '{MM}'")]
    [InlineData("{yyyy}.{MM}.{d}.{dd}", "'{d}' and '{dd}'")]
    [InlineData("{date}.{M}", "mixes {date}")]
    [InlineData("{d}.{patch}", "without the year")]
    [InlineData("{M}", "without the year")]
    public void Date_parts_given_twice_or_alone_are_errors(string format, string error)
    {
        Assert.False(NameFormat.TryParse(format, out _, out var message));
        Assert.Contains(error.Replace("'", ""), message!.Replace("'", ""));
    }

    [Theory]
    [InlineData("{yyyy}.{M}.{patch}", "2025.3.3|2025.3.3")]
    [InlineData("{yy}.{minor}[.{patch}]", "25.2|25.2.3")]
    [InlineData("v{pep440}", "v1.2.3|v1.2.3rc1|v1.2.3.post1")]
    [InlineData("@astrojs/{name}@{semver}", "@astrojs/pkg@1.2.3|@astrojs/pkg@1.2.3-rc.1|@astrojs/pkg@1.2.3+build.5")]
    public void Examples_of_the_new_placeholders(string format, string expected) =>
        Assert.Equal(expected.Split('|').Distinct(), NameFormat.Parse(format).Examples());

    [Theory]
    [InlineData("{yyyy}.{M}.{patch}", "[0-9][0-9][0-9][0-9].[0-9]+.[0-9]+")]
    [InlineData("v{pep440}", "v[0-9]*")]
    [InlineData("@astrojs/{name}@{semver}", "@astrojs/*@[0-9]+.[0-9]+.[0-9]+*")]
    [InlineData("{name}-v{semver}", "*-v[0-9]+.[0-9]+.[0-9]+*")]
    public void Filter_patterns_of_the_new_placeholders(string format, string glob) =>
        Assert.Equal(glob, NameFormat.Parse(format).ToFilterPattern());

    [Theory]
    [InlineData("{yyyy}.{M}.{patch}", "YYYY.M.PATCH", true)]
    [InlineData("{yyyy}.{M}.{patch}", "2024.12.0", true)]
    [InlineData("{pep440}", "X.Y", true)]
    [InlineData("{pep440}", "1.0a3", true)]
    [InlineData("@astrojs/{name}@{semver}", "@astrojs/<name>@<version>", true)]
    [InlineData("{name}@{semver}", "PACKAGE@X.Y.Z", true)]
    public void Written_examples_of_the_new_placeholders(string format, string written, bool agrees) =>
        Assert.Equal(agrees, NameFormat.Parse(format).AcceptsWrittenExample(written));

    private static TagScheme Scheme(params string[] formats) => new(formats.Select(NameFormat.Parse).ToList());

    [Fact]
    public void A_scheme_matches_a_tag_of_any_family_and_explains_a_failure_by_the_family_it_looks_meant_for()
    {
        var scheme = Scheme("v{semver}", "@astrojs/{name}@{semver}", "{name}@{semver}");
        Assert.True(scheme.Match("v1.2.3").Success);
        Assert.Equal("react", scheme.Match("@astrojs/react@4.0.0").Package);
        Assert.Same(scheme.Families[2], scheme.FamilyOf("astro@5.0.0"));
        Assert.False(scheme.Match("docs-2025").Success);
        Assert.True(scheme.LooksLikeAttempt("astro@5.0"));
        Assert.False(scheme.LooksLikeAttempt("nightly"));
        Assert.Equal("'v{semver}', '@astrojs/{name}@{semver}' or '{name}@{semver}'", scheme.Describe());
        Assert.Equal("['v[0-9]+.[0-9]+.[0-9]+*', '@astrojs/*@[0-9]+.[0-9]+.[0-9]+*', '*@[0-9]+.[0-9]+.[0-9]+*']", scheme.DescribeFilter());
    }

    [Fact]
    public void A_scheme_of_one_family_says_what_that_family_says()
    {
        var scheme = Scheme("v{yyyy}.{MM}.{dd}[.{n}]");
        var family = scheme.Families[0];
        foreach (var name in new[] { "v2025.02.30", "v2025.3.7", "v2025.03.10.2", "docs" })
        {
            Assert.Equal(family.Match(name), scheme.Match(name));
            Assert.Equal(family.Suggest(name), scheme.Suggest(name));
        }
        Assert.Equal("'v{yyyy}.{MM}.{dd}[.{n}]'", scheme.Describe());
        Assert.Equal($"'{family.ToFilterPattern()}'", scheme.DescribeFilter());
        Assert.Equal(family.Examples(), scheme.Examples());
    }

    [Fact]
    public void The_language_of_a_scheme_is_the_union_of_its_families()
    {
        var scheme = Scheme("jax-v{semver}", "jaxlib-v{semver}");
        Assert.True(scheme.Language!.Contains("jax-v0.4.35"));
        Assert.True(scheme.Language.Contains("jaxlib-v0.4.35"));
        Assert.False(scheme.Language.Contains("jaxlibv0.4.35"));
        var onlyJax = FilterPattern.Parse("jax-v*").Language;
        var comparison = NameLanguage.Compare(scheme.Language, [onlyJax], m => m[0]);
        Assert.NotNull(comparison.Accepted);
        Assert.StartsWith("jaxlib-v", comparison.Rejected);
    }

    [Fact]
    public void A_list_of_formats_in_the_config_is_a_scheme_of_families_and_a_broken_family_is_left_out()
    {
        var (policy, problems) = PolicyLoader.Load(new ReleaseLint.Inputs.SourceText(".releaselint.yml",
            "tags:\n  format:\n    - \"v{semver}\"\n    - \"{name}@{bad}\"\n    - \"{name}@{semver}\"\n"));
        var problem = Assert.Single(problems);
        Assert.Contains("unknown placeholder '{bad}'", problem.Message);
        Assert.Contains("left out", problem.Message);
        Assert.Equal(4, problem.Location.Line);
        Assert.Equal(["v{semver}", "{name}@{semver}"], policy.TagFormat.Families.Select(f => f.Text));
    }

    [Theory]
    [InlineData("tags:\n  format: 5\n", "'tags.format' must be a string or a list of strings")]
    [InlineData("tags:\n  format: []\n", "'tags.format'")]
    [InlineData("tags:\n  format: [\"\"]\n", "'tags.format.0'")]
    public void A_format_of_the_wrong_shape_is_RL0001_and_the_default_is_kept(string yaml, string message)
    {
        var (policy, problems) = PolicyLoader.Load(new ReleaseLint.Inputs.SourceText(".releaselint.yml", yaml));
        Assert.Contains(problems, p => p.Message.Contains(message));
        Assert.Same(new ReleasePolicy().TagFormat, policy.TagFormat);
    }

    [Fact]
    public void A_single_string_is_still_one_family()
    {
        var (policy, problems) = PolicyLoader.Load(new ReleaseLint.Inputs.SourceText(".releaselint.yml", "tags:\n  format: \"{pep440}\"\n"));
        Assert.Empty(problems);
        Assert.Equal("{pep440}", Assert.Single(policy.TagFormat.Families).Text);
    }

    /// <summary>Random versions of each scheme, rendered independently of the format language.</summary>
    [Fact]
    public void Property_generated_versions_match_their_scheme() =>
        Gen.Select(Gen.Int[2000, 2099], Gen.Int[1, 12], Gen.Int[0, 40], Gen.Int[0, 40], Gen.OneOf("", "a", "b", "rc"), Gen.Int[0, 9], Gen.Bool, Gen.Bool)
            .Sample((year, month, minor, patch, pre, number, post, dev) =>
            {
                Assert.True(NameFormat.Parse("{yyyy}.{M}.{patch}").Match($"{year}.{month}.{patch}").Success);
                Assert.True(NameFormat.Parse("{yy}.{minor}[.{patch}]").Match($"{year % 100:00}.{minor}").Success);
                var pep = $"{minor}.{patch}{(pre.Length > 0 ? pre + number : "")}{(post ? ".post" + number : "")}{(dev ? ".dev" + number : "")}";
                Assert.True(NameFormat.Parse("v{pep440}").Match("v" + pep).Success, pep);
            });
}
