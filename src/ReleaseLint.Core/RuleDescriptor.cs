using System.Text.RegularExpressions;

namespace ReleaseLint;

/// <summary>The input families that rules are grouped by; also the first digit of a rule id.</summary>
public enum RuleCategory
{
    /// <summary>RL0xxx: the engine and its configuration.</summary>
    Engine = 0,
    /// <summary>RL1xxx: GitHub Actions workflows and composite actions.</summary>
    Workflows = 1,
    /// <summary>RL2xxx: branch protection and rulesets.</summary>
    Protection = 2,
    /// <summary>RL3xxx: tags, release branches and git history.</summary>
    History = 3,
    /// <summary>RL4xxx: markdown documentation.</summary>
    Docs = 4,
    /// <summary>RL5xxx: GitHub Discussion deployment posts.</summary>
    Discussions = 5,
    /// <summary>Rules a repository brings in its own C# files (ids chosen by their authors).</summary>
    Custom = 9,
}

/// <summary>
/// Everything that describes a rule, declared once: the text writer, the SARIF writer,
/// <c>releaselint rules</c> and the documentation tests all read it from here.
/// </summary>
public sealed partial record RuleDescriptor
{
    /// <summary>Base of the help URIs: a rule's page is <c>{HelpBase}{Id}.md</c>.</summary>
    public const string HelpBase = "https://github.com/releaselint/releaselint/blob/main/rules/";

    /// <summary>Creates a descriptor. The id must look like <c>RL1004</c> (built-in) or any identifier of letters, digits, <c>-</c> and <c>_</c> (custom).</summary>
    /// <param name="id">The stable id, e.g. <c>RL1004</c>.</param>
    /// <param name="name">The kebab-case name, e.g. <c>unpinned-action</c>; accepted wherever the id is.</param>
    /// <param name="title">One line saying what is wrong, e.g. "Action not pinned to a commit SHA".</param>
    /// <param name="description">A paragraph: what the rule reports and why it matters.</param>
    /// <param name="defaultSeverity">The severity used when the configuration says nothing.</param>
    /// <param name="category">The input family.</param>
    /// <param name="tags">Free tags (<c>security</c>, <c>supply-chain</c>, …).</param>
    /// <param name="securitySeverity">For security rules: GitHub's <c>security-severity</c> score (0.0–10.0).</param>
    /// <param name="helpUri">
    /// Custom rules only: where the rule's documentation lives, an absolute <c>https://</c> (or <c>http://</c>) URL of a page
    /// of your own repository or wiki. Built-in rules leave it null: their help URI is derived from the id. (A string, parsed
    /// only when the URI is needed, so that creating a rule stays cheap.)
    /// </param>
    public RuleDescriptor(string id, string name, string title, string description, Severity defaultSeverity,
        RuleCategory category, IReadOnlyList<string>? tags = null, double? securitySeverity = null, string? helpUri = null)
    {
        if (helpUri is not null && (!(helpUri.StartsWith("https://", StringComparison.Ordinal) || helpUri.StartsWith("http://", StringComparison.Ordinal)) || helpUri.IndexOfAny([' ', '\t', '\r', '\n']) >= 0))
            throw new ArgumentException($"help URI '{helpUri}' is not an absolute http(s) URL", nameof(helpUri));
        if (!IdPattern().IsMatch(id)) throw new ArgumentException($"rule id '{id}' is not an identifier", nameof(id));
        if (!NamePattern().IsMatch(name)) throw new ArgumentException($"rule name '{name}' is not kebab-case", nameof(name));
        if (defaultSeverity == Severity.Off) throw new ArgumentException("a rule's default severity cannot be off", nameof(defaultSeverity));
        Id = id;
        Name = name;
        Title = title;
        Description = description;
        DefaultSeverity = defaultSeverity;
        Category = category;
        Tags = tags ?? [];
        SecuritySeverity = securitySeverity;
        _helpUri = helpUri;
    }

    private readonly string? _helpUri;

    /// <summary>The stable id (<c>RL1004</c>).</summary>
    public string Id { get; }
    /// <summary>The kebab-case name (<c>unpinned-action</c>).</summary>
    public string Name { get; }
    /// <summary>A one-line title.</summary>
    public string Title { get; }
    /// <summary>What the rule reports and why.</summary>
    public string Description { get; }
    /// <summary>The severity when the configuration does not override it.</summary>
    public Severity DefaultSeverity { get; }
    /// <summary>The input family of the rule.</summary>
    public RuleCategory Category { get; }
    /// <summary>Tags, e.g. <c>security</c>.</summary>
    public IReadOnlyList<string> Tags { get; }
    /// <summary>GitHub code scanning's <c>security-severity</c> (0.0–10.0) for security rules; null otherwise.</summary>
    public double? SecuritySeverity { get; }
    /// <summary>
    /// The inputs the rule reads; null when undeclared (a custom rule that says nothing is taken to read anything, so
    /// <c>check --staged</c> always runs it). Every built-in rule declares its inputs.
    /// </summary>
    public RuleInputs? Reads { get; init; }

    /// <summary>
    /// Of <see cref="Reads"/>, the inputs in whose files the rule's findings land (a rule that reads workflows to learn
    /// job names but reports in protection files reports in <see cref="RuleInputs.Protection"/> only); defaults to
    /// <see cref="Reads"/>. <c>check --staged</c> runs the rule only when a staged file is of one of these kinds.
    /// </summary>
    public RuleInputs? ReportsIn
    {
        get => _reportsIn ?? Reads;
        init => _reportsIn = value;
    }

    private readonly RuleInputs? _reportsIn;

    /// <summary>
    /// For a rule that reads <see cref="RuleInputs.History"/>: what of the history the whole rule needs. When one of
    /// these is missing the rule is skipped and RL0005 names it.
    /// </summary>
    public HistoryNeeds History { get; init; }

    /// <summary>
    /// Parts of the rule that need more history than the rest ("release order"), by the name RL0005 gives them: when
    /// only a part's needs are missing, only that part is skipped.
    /// </summary>
    public IReadOnlyDictionary<string, HistoryNeeds> HistoryParts { get; init; } = new Dictionary<string, HistoryNeeds>();

    /// <summary>
    /// Files outside the declared inputs that the rule reads and reports in (globs over repository paths, e.g.
    /// <c>**/fly.toml</c>): <c>check --staged</c> runs the rule when one of them is staged.
    /// </summary>
    public IReadOnlyList<string> ExtraFiles { get; init; } = [];

    /// <summary>
    /// What <c>check --fix</c> can do for the rule's findings; null when they carry no fix. <c>releaselint rules</c> lists
    /// the rules with a fix from here (README keeps no list of them), and the fixture tests hold it to the truth: a rule
    /// whose findings carry a fix declares it, and a rule that declares one has a firing case whose findings carry it.
    /// </summary>
    public RuleFix? Fix { get; init; }

    /// <summary>
    /// Where the rule's documentation page lives: derived from the id (<c>{HelpBase}{Id}.md</c>, never typed by hand),
    /// unless a custom rule gave its own.
    /// </summary>
    public Uri HelpUri => new(_helpUri ?? HelpBase + Id + ".md");

    /// <summary>True when <paramref name="idOrName"/> is this rule's id or name (case-insensitive).</summary>
    public bool Matches(string idOrName) =>
        string.Equals(idOrName, Id, StringComparison.OrdinalIgnoreCase) || string.Equals(idOrName, Name, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{1,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex NamePattern();
}

/// <summary>What a rule's fix does, in its descriptor (<see cref="RuleDescriptor.Fix"/>).</summary>
/// <param name="Change">What the fix changes, lower-case start ("pin to the full commit SHA the ref names now").</param>
/// <param name="Safety">When <c>--fix</c> applies it and when only <c>--fix=unsafe</c> does ("safe for tags, unsafe for branches").</param>
public sealed record RuleFix(string Change, string Safety)
{
    /// <summary>
    /// True when the fix is commands to run by hand (for problems that live in git: tags, branches), printed under the
    /// finding and never run; false when it edits files.
    /// </summary>
    public bool CommandsOnly { get; init; }
}
