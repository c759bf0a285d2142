namespace ReleaseLint;

/// <summary>
/// A fact derived from the inputs of one run (the deploy workflows, what the workflows read, the checked-out
/// branch…), computed once per <see cref="Workspace"/> on first use and shared by every rule that asks for it through
/// <see cref="Workspace.Facts{T}"/>. Never keep such a fact in a static field: a second run (a test, a long-lived
/// host) would see the first run's answer.
/// </summary>
/// <typeparam name="TSelf">The fact's type.</typeparam>
public interface IWorkspaceFact<TSelf> where TSelf : class, IWorkspaceFact<TSelf>
{
    /// <summary>Computes the fact for <paramref name="workspace"/> (called at most once per workspace).</summary>
    static abstract TSelf Compute(Workspace workspace);
}

/// <summary>
/// A fact about one input of a run (a markdown document, a discussion post…), computed once per workspace and key on
/// first use through <see cref="Workspace.Facts{TKey, T}"/>.
/// </summary>
/// <typeparam name="TKey">What the fact is about; compared with <see cref="object.Equals(object)"/> (identity for inputs).</typeparam>
/// <typeparam name="TSelf">The fact's type.</typeparam>
public interface IWorkspaceFact<TKey, TSelf> where TKey : notnull where TSelf : class, IWorkspaceFact<TKey, TSelf>
{
    /// <summary>Computes the fact about <paramref name="key"/> in <paramref name="workspace"/> (called at most once per workspace and key).</summary>
    static abstract TSelf Compute(Workspace workspace, TKey key);
}
