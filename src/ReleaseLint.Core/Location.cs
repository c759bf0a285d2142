namespace ReleaseLint;

/// <summary>
/// A place in a file of the linted repository. Lines and columns are 1-based; columns count
/// UTF-16 code units, as SARIF's default <c>columnKind</c> does.
/// </summary>
/// <param name="Path">Path relative to the repository root, with <c>/</c> separators.</param>
/// <param name="Line">First line (1-based).</param>
/// <param name="Column">First column (1-based).</param>
/// <param name="EndLine">Last line (inclusive); equal to <paramref name="Line"/> for one-line spans.</param>
/// <param name="EndColumn">Column just after the span (exclusive), as SARIF counts it.</param>
public sealed record SourceLocation(string Path, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>A location covering one point (or a whole line when <paramref name="column"/> is 1 and nothing else is known).</summary>
    public static SourceLocation At(string path, int line, int column = 1, int length = 0) =>
        new(path, Math.Max(1, line), Math.Max(1, column), Math.Max(1, line), Math.Max(1, column) + Math.Max(0, length));

    /// <summary>Formats as <c>path:line:col</c>.</summary>
    public override string ToString() => $"{Path}:{Line}:{Column}";
}

/// <summary>A secondary location of a finding with a note saying what is there ("the job that needs it").</summary>
/// <param name="Location">Where.</param>
/// <param name="Note">What this place has to do with the finding.</param>
public sealed record RelatedLocation(SourceLocation Location, string Note);

/// <summary>
/// A named thing that is not a place in a file: a tag, a branch, a commit, a setting. Findings about
/// such things name them here (they become SARIF <c>logicalLocations</c>).
/// </summary>
/// <param name="Kind">What sort of thing: <c>tag</c>, <c>branch</c>, <c>commit</c>, <c>job</c>, <c>step</c>, <c>setting</c>, <c>heading</c>…</param>
/// <param name="Name">Its name, e.g. <c>v2025.03.10</c>.</param>
public sealed record LogicalLocation(string Kind, string Name);
