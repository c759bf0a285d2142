using System.Collections.Frozen;
using System.Reflection;
using ReleaseLint.Engine;
using ReleaseLint.Policy;
using ReleaseLint.Rules;

namespace ReleaseLint.Scripting;

/// <summary>What to load: the repository and its policy (whose <c>custom-rules:</c> names the folder).</summary>
public sealed record CustomRuleRequest
{
    /// <summary>The linted root; the rules folder is resolved against it and must be inside it.</summary>
    public required string Root { get; init; }
    /// <summary>The effective policy (<see cref="ReleasePolicy.CustomRules"/>, the config key's location, the rule time-out).</summary>
    public required ReleasePolicy Policy { get; init; }
    /// <summary>The cache root; null uses <see cref="RuleCache.DefaultDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }
    /// <summary>Rules whose ids and names custom rules may not take; null means the built-in and engine rules.</summary>
    public IReadOnlyList<RuleDescriptor>? ReservedRules { get; init; }
    /// <summary>Which framework assemblies rule files are compiled against.</summary>
    public FrameworkReferences FrameworkReferences { get; init; } = FrameworkReferences.Auto;
    /// <summary>How long creating one rule object may take (default: the policy's rule time-out).</summary>
    public TimeSpan? RuleTimeout { get; init; }
}

/// <summary>
/// Loads the custom rules that <c>custom-rules:</c> names: a folder of <c>.cs</c> files compiled with Roslyn, or a
/// folder holding one <c>.csproj</c> (a rule pack, with its own NuGet references) built with the SDK's MSBuild.
/// The compiled assembly is cached on disk under a key of the sources, the tool and the reference set; a cache
/// hit loads it without loading the compiler at all. Compiler and build errors become RL0002 findings at the
/// rule file's line and column; a rule class that throws or hangs while being created becomes RL0003. Nothing
/// here throws for a bad rule set: every problem is a finding and the built-in rules still run.
/// </summary>
public static class CustomRuleLoader
{
    /// <summary>The cache-entry kind of a folder of rule files.</summary>
    public const string SourcesKind = "sources";
    /// <summary>The cache-entry kind of a rule pack.</summary>
    public const string PackKind = "pack";

    private static readonly FrozenSet<string> SkippedFolders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "bin", "obj", "node_modules");

    /// <summary>Compiles (or takes from the cache) and loads the custom rules of <paramref name="request"/>.</summary>
    public static CustomRuleSet Load(CustomRuleRequest request)
    {
        try
        {
            return LoadCore(request);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable rule file or cache: the run goes on with the built-in rules.
            var policy = request.Policy;
            var configAt = policy.KeyLocations.TryGetValue("custom-rules", out var at) ? at : SourceLocation.At(policy.ConfigPath ?? ".releaselint.yml", 1);
            return CustomRuleSet.Failed(ConfigError(configAt, $"custom rules in '{policy.CustomRules}' cannot be read: {e.Message}"));
        }
    }

    private static CustomRuleSet LoadCore(CustomRuleRequest request)
    {
        var policy = request.Policy;
        if (string.IsNullOrWhiteSpace(policy.CustomRules)) return CustomRuleSet.Empty;
        var setting = policy.CustomRules;
        var configAt = policy.KeyLocations.TryGetValue("custom-rules", out var at) ? at : SourceLocation.At(policy.ConfigPath ?? ".releaselint.yml", 1);
        var root = Path.GetFullPath(request.Root);
        var folder = Path.GetFullPath(Path.Combine(root, setting)).TrimEnd(Path.DirectorySeparatorChar);
        var folderRelative = Path.GetRelativePath(root, folder).Replace('\\', '/');
        if (folderRelative == ".") folderRelative = "";
        if (folderRelative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(folderRelative))
            return CustomRuleSet.Failed(ConfigError(configAt, $"custom-rules folder '{setting}' is outside the repository; keep the rule files in the repository that uses them"));
        // Judged on the real path: a folder that is a symbolic link to elsewhere is outside, whatever its name says.
        if (Directory.Exists(folder) && !Inputs.Files.SafeFile.IsInside(root, folder))
            return CustomRuleSet.Failed(ConfigError(configAt, $"custom-rules folder '{setting}' is a symbolic link that leaves the repository; keep the rule files in the repository that uses them"));
        if (!Directory.Exists(folder))
            return CustomRuleSet.Failed(ConfigError(configAt, File.Exists(folder)
                ? $"custom-rules names '{setting}', which is a file; name the folder that holds the rule files (.cs) or the rule pack (.csproj)"
                : $"custom-rules folder '{setting}' does not exist; create it with your rule files (.cs) or fix the path"));

        var projects = Directory.GetFiles(folder, "*.csproj").Order(StringComparer.Ordinal).ToList();
        if (projects.Count > 1)
            return CustomRuleSet.Failed(ConfigError(configAt, $"custom-rules folder '{setting}' holds {projects.Count} project files ({string.Join(", ", projects.Select(Path.GetFileName))}); a rule pack is one .csproj"));
        var kind = projects.Count == 1 ? PackKind : SourcesKind;
        // A pack's key covers every file of its folder, hidden folders too (its project may include them).
        var files = Files(folder, kind == SourcesKind ? ".cs" : null, includeHidden: kind == PackKind);
        if (files.FirstOrDefault(f => !Inputs.Files.SafeFile.IsInside(root, f)) is { } escaping)
            return CustomRuleSet.Failed(ConfigError(configAt, $"custom-rules file '{Path.GetRelativePath(root, escaping).Replace('\\', '/')}' is a symbolic link that leaves the repository; it was not read"));
        if (kind == SourcesKind && files.Count == 0)
            return CustomRuleSet.Failed(ConfigError(configAt, $"custom-rules folder '{setting}' holds no .cs file; add rule classes (see rules/writing-a-rule.md)"));

        var notes = new List<string>();
        ReferenceSet references;
        try
        {
            references = ReferenceSet.Find(request.FrameworkReferences);
        }
        catch (InvalidOperationException e)
        {
            return CustomRuleSet.Failed(ConfigError(configAt, "custom rules cannot be compiled: " + e.Message));
        }
        var key = RuleCache.Key(kind, references.Identity(), folder, files);
        var cacheParent = Path.Combine(request.CacheDirectory ?? RuleCache.DefaultDirectory(), "custom-rules");
        var entry = Path.Combine(cacheParent, key);

        var manifest = CacheManifest.TryRead(entry);
        if (manifest?.Assembly is { } cached && !File.Exists(Path.Combine(entry, cached))) manifest = null;
        var fromCache = manifest is not null;
        byte[]? inMemory = null;
        string? scratch = null; // a folder outside the cache, used when the cache cannot be written
        if (manifest is null)
        {
            string work;
            var cacheable = true;
            try
            {
                work = Path.Combine(cacheParent, ".tmp-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(work);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                notes.Add($"the custom-rules cache '{cacheParent}' cannot be written ({e.Message}); rules are compiled on every run");
                cacheable = false;
                work = Path.Combine(Path.GetTempPath(), "releaselint-rules-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(work);
            }
            try
            {
                (manifest, inMemory) = kind == SourcesKind
                    ? CompileSources(folder, files, references, key, work)
                    : BuildPack(folder, projects[0], work);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The compiler or MSBuild itself failed (not the rules): report it, and cache nothing.
                RuleCache.TryDelete(work);
                var what = kind == SourcesKind ? "compiling the custom rules" : "building the rule pack";
                return CustomRuleSet.Failed(ConfigError(configAt, $"{what} failed: {e.GetType().Name}: {FirstLine(e.Message)}"));
            }
            if (cacheable)
            {
                try
                {
                    manifest.Write(work);
                    RuleCache.Publish(work, entry);
                    RuleCache.Prune(cacheParent, key);
                    inMemory = null;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    notes.Add($"the custom-rules cache '{cacheParent}' cannot be written ({e.Message}); rules are compiled on every run");
                    entry = scratch = work;
                }
            }
            else entry = scratch = work;
        }
        else RuleCache.Touch(entry);

        var findings = manifest.Errors.Select(e => CompileFinding(e, folderRelative, kind, configAt)).ToList();
        if (manifest.Assembly is null)
        {
            if (scratch is not null) RuleCache.TryDelete(scratch);
            return new CustomRuleSet([], findings, notes, folder, fromCache, null);
        }

        var context = new CustomRuleLoadContext(key, kind == PackKind ? Path.Combine(entry, manifest.Assembly) : null);
        Assembly assembly;
        try
        {
            assembly = kind == PackKind
                ? context.LoadFromAssemblyPath(Path.Combine(entry, manifest.Assembly))
                : context.LoadFromStream(new MemoryStream(inMemory ?? File.ReadAllBytes(Path.Combine(entry, manifest.Assembly))));
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            context.Unload();
            findings.Add(ConfigError(configAt, $"the compiled custom rules cannot be loaded: {e.GetType().Name}: {e.Message}"));
            return new CustomRuleSet([], findings, notes, folder, fromCache, null);
        }

        // A compiled rule set was loaded from memory: its scratch folder can go (a pack's files are still needed).
        if (scratch is not null && kind == SourcesKind) RuleCache.TryDelete(scratch);
        var rules = Instantiate(assembly, manifest, folderRelative, kind == PackKind ? Join(folderRelative, Path.GetFileName(projects[0])) : null,
            configAt, request, findings);
        if (rules.Count == 0 && findings.Count == 0)
            findings.Add(ConfigError(configAt, $"custom-rules folder '{setting}' defines no rule: derive a class from Rule, WorkflowRule or MarkdownRule (see rules/writing-a-rule.md)"));
        var how = fromCache ? "from the cache" : $"compiled in {manifest.CompileSeconds:0.0} s";
        notes.Add($"{rules.Count} custom rule{(rules.Count == 1 ? "" : "s")} from '{setting}' ({how})");
        return new CustomRuleSet(rules, findings, notes, folder, fromCache, context);
    }

    /// <summary>Files of a rule set in a stable order (ordinal by relative path), skipping build output and hidden folders.</summary>
    internal static List<string> Files(string folder, string? extension, bool includeHidden = false)
    {
        var result = new List<string>();
        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir))
                if (extension is null || file.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) result.Add(file);
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                // Folders that are links are not walked (no cycles; a link out of the repository is refused for files).
                if (new DirectoryInfo(sub).LinkTarget is not null) continue;
                if ((includeHidden || !name.StartsWith('.')) && !SkippedFolders.Contains(name)) pending.Push(sub);
            }
        }
        result.Sort((a, b) => string.CompareOrdinal(Path.GetRelativePath(folder, a).Replace('\\', '/'), Path.GetRelativePath(folder, b).Replace('\\', '/')));
        return result;
    }

    private static (CacheManifest, byte[]?) CompileSources(string folder, List<string> files, ReferenceSet references, string key, string work)
    {
        var output = SourceCompiler.Compile(folder, files, references, "ReleaseLint.CustomRules." + key[..16]);
        if (output.Assembly is not null) File.WriteAllBytes(Path.Combine(work, "rules.dll"), output.Assembly);
        return (new CacheManifest
        {
            Assembly = output.Assembly is null ? null : "rules.dll",
            Errors = output.Errors,
            Types = output.Types,
            TypesComplete = true,
            CompileSeconds = output.Elapsed.TotalSeconds,
        }, output.Assembly);
    }

    private static (CacheManifest, byte[]?) BuildPack(string folder, string project, string work)
    {
        var output = PackBuilder.Build(folder, project, Path.Combine(work, "bin"), Path.Combine(work, "obj"));
        RuleCache.TryDelete(Path.Combine(work, "obj"));
        return (new CacheManifest
        {
            Assembly = output.AssemblyPath is { Length: > 0 } path ? Path.GetRelativePath(work, path).Replace('\\', '/') : null,
            Errors = output.Errors.Count == 0 && output.AssemblyPath is not { Length: > 0 }
                ? [new CompileError(null, 1, 1, 1, 1, "RLPACK", "the rule pack built no assembly")]
                : output.Errors,
            CompileSeconds = output.Elapsed.TotalSeconds,
        }, null);
    }

    private static List<Rule> Instantiate(Assembly assembly, CacheManifest manifest, string folderRelative, string? projectPath,
        SourceLocation configAt, CustomRuleRequest request, List<Finding> findings)
    {
        Type[] types;
        try
        {
            // Compiled rule files: the compiler listed the rule classes, so only those are loaded (cheaper than every type).
            types = manifest.TypesComplete
                ? manifest.Types.Keys.Select(name => assembly.GetType(name, throwOnError: true)!).ToArray()
                : assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            foreach (var message in e.LoaderExceptions.Where(x => x is not null).Select(x => x!.Message).Distinct())
                findings.Add(ConfigError(configAt, "a custom rule type cannot be loaded: " + message));
            types = e.Types.Where(t => t is not null).Select(t => t!).ToArray();
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            findings.Add(ConfigError(configAt, "a custom rule type cannot be loaded: " + e.Message));
            types = [];
        }
        var candidates = types
            .Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && typeof(Rule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        var reserved = request.ReservedRules ?? BuiltInRules.Descriptors;
        var timeout = request.RuleTimeout ?? request.Policy.RuleTimeout;
        var rules = new List<Rule>();
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in candidates)
        {
            var origin = manifest.Types.TryGetValue(type.FullName ?? "", out var o)
                ? SourceLocation.At(Join(folderRelative, o.File), o.Line, o.Column, type.Name.Length)
                : projectPath is not null ? SourceLocation.At(projectPath, 1) : configAt;
            if (type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is null)
            {
                findings.Add(Error(origin, $"custom rule class '{type.FullName}' has no parameterless constructor; add one so that ReleaseLint can create it", "ctor|" + type.FullName));
                continue;
            }
            var created = Create(type, timeout, out var failure);
            if (created is null)
            {
                findings.Add(new Finding(EngineRules.RuleFailure, EngineRules.RuleFailure.DefaultSeverity,
                    $"custom rule class '{type.FullName}' failed while being created: {failure}; the rule does not run", origin)
                {
                    FingerprintKey = "create|" + type.FullName + "|" + failure![..Math.Max(0, failure!.IndexOf(':'))],
                });
                continue;
            }
            var (rule, descriptor) = created.Value;
            var clash = reserved.FirstOrDefault(r => r.Matches(descriptor.Id) || r.Matches(descriptor.Name));
            if (clash is not null)
            {
                findings.Add(Error(origin, $"custom rule class '{type.FullName}' uses the id or name of built-in rule {clash.Id} ({clash.Name}); give it an id of your own, e.g. with your team's prefix ('ACME001')", "clash|" + descriptor.Id));
                continue;
            }
            if (taken.TryGetValue(descriptor.Id, out var other) || taken.TryGetValue(descriptor.Name, out other))
            {
                findings.Add(Error(origin, $"custom rule class '{type.FullName}' uses id '{descriptor.Id}' or name '{descriptor.Name}', which class '{other}' already uses; ids and names must be unique", "duplicate|" + descriptor.Id));
                continue;
            }
            taken[descriptor.Id] = type.FullName!;
            taken[descriptor.Name] = type.FullName!;
            rules.Add(new CustomRule(rule, descriptor, origin.Path));
        }
        return rules;
    }

    /// <summary>Creates a rule object and reads its descriptor, on another thread with a time-out; null with the reason when it throws or hangs.</summary>
    private static (Rule, RuleDescriptor)? Create(Type type, TimeSpan timeout, out string? failure)
    {
        var task = Task.Run(() =>
        {
            var rule = (Rule)Activator.CreateInstance(type, nonPublic: true)!;
            var descriptor = rule.Descriptor ?? throw new InvalidOperationException("Descriptor returned null");
            return (rule, descriptor);
        });
        try
        {
            if (!task.Wait(timeout))
            {
                failure = $"TimeoutException: did not finish within {timeout.TotalSeconds:0.#} s (limits.rule-timeout-seconds)";
                return null;
            }
            failure = null;
            return task.Result;
        }
        catch (AggregateException e)
        {
            var inner = e.InnerException ?? e;
            while (inner is TargetInvocationException or TypeInitializationException && inner.InnerException is not null) inner = inner.InnerException;
            failure = $"{inner.GetType().Name}: {FirstLine(inner.Message)}";
            return null;
        }
    }

    private static Finding CompileFinding(CompileError e, string folderRelative, string kind, SourceLocation configAt)
    {
        var what = kind == PackKind ? "rule pack does not build" : "custom rule does not compile";
        var location = e.File is null ? configAt : new SourceLocation(Join(folderRelative, e.File), e.Line, e.Column, e.EndLine, e.EndColumn);
        return Error(location, $"{what}: {e.Code}: {e.Message}", e.Code + "|" + e.Message);
    }

    private static Finding ConfigError(SourceLocation at, string message) => Error(at, message, message);

    private static Finding Error(SourceLocation at, string message, string fingerprintKey) =>
        new(EngineRules.CustomRuleCompileError, EngineRules.CustomRuleCompileError.DefaultSeverity, message, at) { FingerprintKey = fingerprintKey };

    private static string FirstLine(string text)
    {
        var nl = text.IndexOfAny(['\r', '\n']);
        return nl < 0 ? text : text[..nl];
    }

    private static string Join(string folderRelative, string file) => folderRelative.Length == 0 ? file : folderRelative + "/" + file;
}
