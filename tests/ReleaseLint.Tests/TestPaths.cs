namespace ReleaseLint.Tests;

/// <summary>Paths of the repository the tests run in.</summary>
public static class TestPaths
{
    /// <summary>The repository root (the folder holding ReleaseLint.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>tests/fixtures.</summary>
    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    /// <summary>samples/.</summary>
    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>
    /// The shared corpus beside the repository (<c>../shared/corpus</c>, or <c>../../shared/corpus</c> for a worktree under
    /// <c>wt/</c>; <c>RELEASELINT_CORPUS</c> overrides), or null when it is not there.
    /// </summary>
    public static string? Corpus
    {
        get
        {
            var candidates = new[]
            {
                Environment.GetEnvironmentVariable("RELEASELINT_CORPUS"),
                Path.Combine(Root, "..", "shared", "corpus"),
                Path.Combine(Root, "..", "..", "shared", "corpus"),
            };
            return candidates.Where(c => !string.IsNullOrEmpty(c)).Select(c => Path.GetFullPath(c!)).FirstOrDefault(Directory.Exists);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReleaseLint.sln"))) return dir.FullName;
        throw new InvalidOperationException("ReleaseLint.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary directory deleted when disposed.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates an empty temporary directory.</summary>
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "releaselint-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path.</summary>
    public string Path { get; }

    /// <summary>Writes a file (creating folders) and returns its full path.</summary>
    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Writes raw bytes.</summary>
    public string WriteBytes(string relative, byte[] content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
