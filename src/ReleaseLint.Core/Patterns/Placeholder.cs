namespace ReleaseLint.Patterns;

/// <summary>What part of a name a placeholder stands for; the matcher validates each role (a real date, a number ≥ 1…).</summary>
internal enum PlaceholderRole
{
    /// <summary>The year of a date (<c>{yyyy}</c>, or <c>{yy}</c> for 2000–2099).</summary>
    Year,
    /// <summary>The month of a date (<c>{MM}</c> padded, <c>{M}</c> not).</summary>
    Month,
    /// <summary>The day of a date (<c>{dd}</c> padded, <c>{d}</c> not).</summary>
    Day,
    /// <summary>A whole date in one of several spellings (<c>{date}</c>).</summary>
    Date,
    /// <summary>A sequence number ≥ 1 without leading zeros (<c>{n}</c>).</summary>
    Number,
    /// <summary>A version component ≥ 0 without leading zeros (<c>{major}</c>, <c>{minor}</c>, <c>{patch}</c>).</summary>
    Component,
    /// <summary>A SemVer 2.0 version (<c>{semver}</c>).</summary>
    SemVer,
    /// <summary>A PEP 440 public version in any valid spelling (<c>{pep440}</c>: <c>1.0b1</c>, <c>1.0.0.beta0</c>, <c>1.0-rc1</c>).</summary>
    Pep440,
    /// <summary>A package name (<c>{name}</c>): the part of a monorepo tag that says which package is released.</summary>
    Name,
}

/// <summary>The values examples are rendered with (<c>2025-03-10</c>, number <c>2</c>, version <c>1.2.3</c>, package <c>pkg</c>).</summary>
/// <param name="Date">The date.</param>
/// <param name="Number">The value of <c>{n}</c>.</param>
/// <param name="SemVer">The value of <c>{semver}</c>.</param>
/// <param name="DateSpelling">How <c>{date}</c> is written (a <see cref="DateOnly"/> format string).</param>
internal sealed record ExampleValues(DateOnly Date, int Number, string SemVer, string DateSpelling = "yyyy-MM-dd")
{
    /// <summary>The values of the plain examples in messages and documentation.</summary>
    public static readonly ExampleValues Plain = new(new DateOnly(2025, 3, 10), 2, "1.2.3");

    /// <summary>The value of <c>{pep440}</c>.</summary>
    public string Pep440 { get; init; } = "1.2.3";
    /// <summary>The values of <c>{major}</c>, <c>{minor}</c> and <c>{patch}</c>.</summary>
    public (int Major, int Minor, int Patch) Components { get; init; } = (1, 2, 3);
    /// <summary>The value of <c>{name}</c>.</summary>
    public string Name { get; init; } = "pkg";
}

/// <summary>
/// One placeholder of the name-format language, declared once with everything each use of a format needs: how it is
/// matched (a loose expression whose value is then validated, so that a wrong value gets a reason), its exact language
/// (for comparison with filters), the tightest GitHub filter that covers it, how an example renders, and how docs
/// write it as a placeholder (<c>YYYY</c>, <c>X.Y.Z</c>).
/// </summary>
internal sealed class Placeholder
{
    private const string MonthPattern = "(0[1-9]|1[0-2])";
    private const string DayPattern = "(0[1-9]|[12][0-9]|3[01])";
    private const string WrittenAngle = @"|<[^<>]+>|\{[^{}]+\}";

    private Placeholder(string name, PlaceholderRole role, string match, string language, string? filter, Func<ExampleValues, string> render, string written)
    {
        Name = name;
        Role = role;
        MatchPattern = match;
        LanguagePattern = language;
        FilterPattern = filter;
        Render = render;
        WrittenPattern = written + WrittenAngle + ")";
    }

    /// <summary>The name between the braces.</summary>
    public string Name { get; }
    /// <summary>What the value means.</summary>
    public PlaceholderRole Role { get; }
    /// <summary>The loose regular expression a name is matched with; the value is validated afterwards.</summary>
    public string MatchPattern { get; }
    /// <summary>The exact language of valid values, as a regular expression of the subset <see cref="NameLanguage.FromRegex"/> reads.</summary>
    public string LanguagePattern { get; }
    /// <summary>A GitHub filter fragment covering every valid value, or null when only <c>*</c> does.</summary>
    public string? FilterPattern { get; }
    /// <summary>True when the filter fragment must be followed by <c>*</c> (a version's pre-release and build parts).</summary>
    public bool FilterNeedsStar => IsVersion;
    /// <summary>Renders the value for an example.</summary>
    public Func<ExampleValues, string> Render { get; }
    /// <summary>How a written example in the docs may spell the value: a real value or a placeholder (<c>YYYY</c>, <c>&lt;date&gt;</c>).</summary>
    public string WrittenPattern { get; }

    /// <summary>The full SemVer 2.0 grammar (semver.org), without anchors.</summary>
    public const string SemVerPattern =
        @"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-((0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?";

    /// <summary>PEP 440 public versions in every valid spelling (see <see cref="Pep440"/>): epoch, release, pre-, post- and dev-release; no local part.</summary>
    public const string Pep440Pattern = Pep440.Pattern;

    /// <summary>Package names as npm, PyPI and crates.io spell them (no '/' or '@': scopes are literal text of the format).</summary>
    public const string NamePattern = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private const string ComponentPattern = "(0|[1-9][0-9]*)";
    private static string Invariant(int value, string format = "0") => value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every placeholder, in the order messages list them.</summary>
    public static readonly IReadOnlyList<Placeholder> All =
    [
        new("yyyy", PlaceholderRole.Year, "[0-9]{4}", "[0-9]{4}", "[0-9][0-9][0-9][0-9]",
            v => Invariant(v.Date.Year, "0000"), @"(?:\d{4}|YYYY|yyyy"),
        new("yy", PlaceholderRole.Year, "[0-9]{2}", "[0-9]{2}", "[0-9][0-9]",
            v => Invariant(v.Date.Year % 100, "00"), @"(?:\d{2}|YY|yy"),
        new("MM", PlaceholderRole.Month, "[0-9]{2}", MonthPattern, "[0-9][0-9]",
            v => Invariant(v.Date.Month, "00"), @"(?:\d{2}|MM|mm"),
        new("M", PlaceholderRole.Month, "[0-9]{1,2}", "([1-9]|1[0-2])", "[0-9]+",
            v => Invariant(v.Date.Month), @"(?:\d{1,2}|MM|mm|M|m"),
        new("dd", PlaceholderRole.Day, "[0-9]{2}", DayPattern, "[0-9][0-9]",
            v => Invariant(v.Date.Day, "00"), @"(?:\d{2}|DD|dd"),
        new("d", PlaceholderRole.Day, "[0-9]{1,2}", "([1-9]|[12][0-9]|3[01])", "[0-9]+",
            v => Invariant(v.Date.Day), @"(?:\d{1,2}|DD|dd|D|d"),
        new("date", PlaceholderRole.Date, @"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}\.[0-9]{2}\.[0-9]{2}|[0-9]{8}",
            $"[0-9]{{4}}-{MonthPattern}-{DayPattern}|[0-9]{{4}}\\.{MonthPattern}\\.{DayPattern}|[0-9]{{4}}{MonthPattern}{DayPattern}", null,
            v => v.Date.ToString(v.DateSpelling, System.Globalization.CultureInfo.InvariantCulture),
            @"(?:\d{4}-\d{2}-\d{2}|\d{4}\.\d{2}\.\d{2}|\d{8}|YYYY-MM-DD|YYYY\.MM\.DD|YYYYMMDD|yyyy-mm-dd|yyyy\.mm\.dd|yyyymmdd"),
        new("n", PlaceholderRole.Number, "[0-9]+", "[1-9][0-9]*", "[0-9]+",
            v => Invariant(v.Number), @"(?:\d+|N|n"),
        new("major", PlaceholderRole.Component, "[0-9]+", ComponentPattern, "[0-9]+",
            v => Invariant(v.Components.Major), @"(?:\d+|MAJOR|major|X|x"),
        new("minor", PlaceholderRole.Component, "[0-9]+", ComponentPattern, "[0-9]+",
            v => Invariant(v.Components.Minor), @"(?:\d+|MINOR|minor|Y|y"),
        new("patch", PlaceholderRole.Component, "[0-9]+", ComponentPattern, "[0-9]+",
            v => Invariant(v.Components.Patch), @"(?:\d+|PATCH|patch|MICRO|micro|Z|z"),
        new("semver", PlaceholderRole.SemVer, SemVerPattern, SemVerPattern, "[0-9]+.[0-9]+.[0-9]+",
            v => v.SemVer, @"(?:\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?|[Xx]\.[Yy]\.[Zz]|[Xx]\.[Xx]\.[Xx]|[Nn]\.[Nn]\.[Nn]|MAJOR\.MINOR\.PATCH|major\.minor\.patch"),
        new("pep440", PlaceholderRole.Pep440, Pep440Pattern, Pep440Pattern, "[0-9]",
            v => v.Pep440, @"(?:" + Pep440.Pattern + @"|[Xx]\.[Yy](?:\.[Zz])?|[Xx]\.[Xx](?:\.[Xx])?|[Nn]\.[Nn](?:\.[Nn])?|MAJOR\.MINOR(?:\.PATCH)?|major\.minor(?:\.patch)?"),
        new("name", PlaceholderRole.Name, NamePattern, NamePattern, null,
            v => v.Name, @"(?:" + NamePattern + "|NAME|PACKAGE|name|package"),
    ];

    /// <summary>True when the placeholder stands for a whole version, whose filter fragment is followed by <c>*</c> (pre-release and build parts).</summary>
    public bool IsVersion => Role is PlaceholderRole.SemVer or PlaceholderRole.Pep440;

    /// <summary>The placeholder called <paramref name="name"/>, or null.</summary>
    public static Placeholder? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <inheritdoc />
    public override string ToString() => "{" + Name + "}";
}
