namespace ReleaseLint.Rules;

/// <summary>The rule documentation pages (<c>rules/RLnnnn.md</c>), embedded in the assembly.</summary>
public static class RuleDocs
{
    /// <summary>The markdown page of rule <paramref name="id"/>, or null when there is none.</summary>
    public static string? Get(string id)
    {
        using var stream = typeof(RuleDocs).Assembly.GetManifestResourceStream($"rules/{id}.md");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
