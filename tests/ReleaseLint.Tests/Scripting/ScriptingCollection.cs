namespace ReleaseLint.Tests.Scripting;

/// <summary>
/// Tests that compile rule sets, build rule packs with MSBuild or start child processes: they run alone, after
/// the parallel tests, so that their CPU use cannot push a time-out fixture past its limit (and so that the
/// environment variables some of them set are seen by no other test).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScriptingCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "custom rules (serial)";
}
