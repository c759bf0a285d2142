namespace ReleaseLint.Scripting;

/// <summary>
/// Loaded custom rules with the findings of loading them (RL0002, RL0003) and notes for the summary. Disposing
/// unloads the collectible load context: the rules must not be run afterwards.
/// </summary>
public sealed class CustomRuleSet : IDisposable
{
    private CustomRuleLoadContext? _context;

    internal CustomRuleSet(IReadOnlyList<Rule> rules, IReadOnlyList<Finding> findings, IReadOnlyList<string> notes, string? folder, bool fromCache, CustomRuleLoadContext? context)
    {
        Rules = rules;
        Findings = findings;
        Notes = notes;
        Folder = folder;
        FromCache = fromCache;
        _context = context;
        ContextReference = context is null ? null : new WeakReference(context);
    }

    /// <summary>No custom rules (none configured).</summary>
    public static CustomRuleSet Empty => new([], [], [], null, false, null);

    internal static CustomRuleSet Failed(Finding finding) => new([], [finding], [], null, false, null);

    /// <summary>The rules to hand to the engine (<see cref="Engine.LintRequest.Rules"/>).</summary>
    public IReadOnlyList<Rule> Rules { get; }
    /// <summary>RL0002 and RL0003 findings of compiling and loading (<see cref="Engine.CustomRulesOutcome.Findings"/>).</summary>
    public IReadOnlyList<Finding> Findings { get; }
    /// <summary>Sentences for the summary (how many rules, compiled or from the cache).</summary>
    public IReadOnlyList<string> Notes { get; }
    /// <summary>The rules folder (absolute), when one was found.</summary>
    public string? Folder { get; }
    /// <summary>True when the compiled rules came from the on-disk cache (no compilation in this run).</summary>
    public bool FromCache { get; }
    /// <summary>A weak reference to the load context, to observe that it unloads.</summary>
    public WeakReference? ContextReference { get; }

    /// <summary>The documentation page of custom rule <paramref name="rule"/>: <c>&lt;rules folder&gt;/&lt;id&gt;.md</c>, or null.</summary>
    public string? HelpMarkdown(RuleDescriptor rule)
    {
        if (Folder is null || !Rules.Any(r => r.Descriptor.Id == rule.Id)) return null;
        var page = Path.Combine(Folder, rule.Id + ".md");
        try
        {
            return File.Exists(page) ? File.ReadAllText(page) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Unloads the rules' load context.</summary>
    public void Dispose()
    {
        _context?.Unload();
        _context = null;
    }
}
