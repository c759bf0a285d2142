using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;

namespace ReleaseLint.Scripting;

/// <summary>
/// Builds a rule pack (a <c>.csproj</c> with its own NuGet references) in process, with the MSBuild of the
/// installed .NET SDK found by Microsoft.Build.Locator: restore, then build, into a folder of the cache. MSBuild's
/// types are named only in <see cref="MsBuild"/>, which the runtime loads after the locator has registered the SDK.
/// </summary>
internal static class PackBuilder
{
    private static readonly Lock Gate = new();

    /// <summary>The outcome: the built assembly's path or the errors.</summary>
    public sealed record Output(string? AssemblyPath, List<CompileError> Errors, TimeSpan Elapsed);

    /// <summary>
    /// Builds <paramref name="project"/> into <paramref name="outputDirectory"/> (intermediate files under
    /// <paramref name="intermediateDirectory"/>, never beside the project, so the linted repository is not written to).
    /// </summary>
    public static Output Build(string folder, string project, string outputDirectory, string intermediateDirectory)
    {
        var clock = Stopwatch.StartNew();
        lock (Gate)
        {
            if (!MSBuildLocator.IsRegistered)
            {
                var instance = MSBuildLocator.QueryVisualStudioInstances(new VisualStudioInstanceQueryOptions
                    {
                        DiscoveryTypes = DiscoveryType.DotNetSdk,
                        WorkingDirectory = folder,
                    })
                    .OrderByDescending(i => i.Version)
                    .FirstOrDefault();
                if (instance is null)
                    return new Output(null, [new CompileError(null, 1, 1, 1, 1, "RLPACK", "no .NET SDK was found to build the rule pack; install the .NET SDK (rule files without a .csproj need only the runtime)")], clock.Elapsed);
                MSBuildLocator.RegisterInstance(instance);
            }
            var (path, errors) = MsBuild.Build(folder, project, outputDirectory, intermediateDirectory);
            return new Output(path, errors, clock.Elapsed);
        }
    }

    /// <summary>The part that names MSBuild types (loaded from the SDK once the locator is registered).</summary>
    private static class MsBuild
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static (string? Path, List<CompileError> Errors) Build(string folder, string project, string outputDirectory, string intermediateDirectory)
        {
            var globals = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Configuration"] = "Release",
                ["OutDir"] = outputDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar,
                ["BaseIntermediateOutputPath"] = intermediateDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar,
                ["MSBuildProjectExtensionsPath"] = intermediateDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar,
                // The pack's NuGet dependencies next to its assembly, for the load context's resolver.
                ["CopyLocalLockFileAssemblies"] = "true",
                // No compiler server left running after the build.
                ["UseSharedCompilation"] = "false",
                // The pack is built from its own folder only (that is all the cache key hashes).
                ["ImportDirectoryBuildProps"] = "false",
                ["ImportDirectoryBuildTargets"] = "false",
                ["ImportDirectoryPackagesProps"] = "false",
                ["ReleaseLintApiDirectory"] = ReferenceSet.ApiDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar,
                ["NuGetInteractive"] = "false",
            };
            // The cache is keyed on the files of the pack folder: a pack that builds from anything else (a Compile item
            // '../elsewhere/*.cs', an Import, a HintPath) would be served stale or, from a shared cache, another
            // repository's build. Such a pack is refused before anything is built.
            var outside = InputsOutsideFolder(folder, project, globals, intermediateDirectory);
            if (outside.Count > 0) return (null, outside);
            var logger = new ErrorLogger(folder);
            var restoreGlobals = new Dictionary<string, string?>(globals, StringComparer.OrdinalIgnoreCase)
            {
                ["MSBuildRestoreSessionId"] = Guid.NewGuid().ToString("D"),
                ["ExcludeRestorePackageImports"] = "true",
            };
            var restore = Run(project, restoreGlobals, "Restore", logger);
            if (restore is null || logger.Errors.Count > 0)
                return (null, logger.Errors.Count > 0 ? logger.Errors : [new CompileError(null, 1, 1, 1, 1, "RLPACK", "restoring the rule pack's packages failed")]);
            var build = Run(project, globals, "Build", logger);
            if (build is null || logger.Errors.Count > 0)
                return (null, logger.Errors.Count > 0 ? logger.Errors : [new CompileError(null, 1, 1, 1, 1, "RLPACK", "building the rule pack failed")]);
            return (build, []);
        }

        /// <summary>Runs one target in a fresh project collection (restore must not share evaluations with build); returns the target's first output item.</summary>
        /// <summary>The item types whose files a build reads (compiled, embedded, handed to analyzers, or loaded).</summary>
        // Not .editorconfig/.globalconfig (the SDK lists one per parent folder): they set diagnostics, not code.
        private static readonly System.Collections.Frozen.FrozenSet<string> InputItemTypes = System.Collections.Frozen.FrozenSet.ToFrozenSet(
            ["Compile", "EmbeddedResource", "AdditionalFiles", "Analyzer", "ProjectReference"], StringComparer.OrdinalIgnoreCase);

        private static readonly System.Collections.Frozen.FrozenSet<string> UnkeyedFolders = System.Collections.Frozen.FrozenSet.ToFrozenSet(
            ["bin", "obj", "node_modules"], StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Evaluates the pack's project and lists, as errors, every file its build would read from outside the pack folder
        /// (symbolic links resolved), or from its bin/obj/node_modules folders (not keyed): imports, compile and resource
        /// items, analyzers, project references, reference hint paths. The SDK's and NuGet's own files are not the pack's.
        /// </summary>
        private static List<CompileError> InputsOutsideFolder(string folder, string project, Dictionary<string, string?> globals, string intermediateDirectory)
        {
            using var collection = new Microsoft.Build.Evaluation.ProjectCollection(globals);
            var evaluated = new Microsoft.Build.Evaluation.Project(project, globals, null, collection,
                Microsoft.Build.Evaluation.ProjectLoadSettings.IgnoreMissingImports | Microsoft.Build.Evaluation.ProjectLoadSettings.IgnoreInvalidImports);
            var trusted = new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildToolsPath", "NuGetPackageRoot", "NetCoreRoot", "NetCoreTargetingPackRoot", "MSBuildBinPath" }
                .Select(evaluated.GetPropertyValue)
                .Append(intermediateDirectory)
                .Append(ReferenceSet.ApiDirectory)
                .Append(Path.GetDirectoryName(Path.GetDirectoryName(evaluated.GetPropertyValue("MSBuildExtensionsPath").TrimEnd('/', '\\')))) // the dotnet root
                .Where(d => !string.IsNullOrWhiteSpace(d))
                .Select(d => Real(d!))
                .ToList();
            var realFolder = Real(folder);
            var inputs = new List<(string Path, string What)>();
            foreach (var import in evaluated.Imports) inputs.Add((import.ImportedProject.FullPath, "an Import"));
            foreach (var item in evaluated.AllEvaluatedItems)
            {
                if (InputItemTypes.Contains(item.ItemType)) inputs.Add((item.GetMetadataValue("FullPath"), $"a {item.ItemType} item"));
                else if (item.ItemType == "Reference" && item.GetMetadataValue("HintPath") is { Length: > 0 } hint)
                    inputs.Add((Path.GetFullPath(Path.Combine(folder, hint)), "a Reference hint path"));
                else if (item.ItemType == "Reference" && item.EvaluatedInclude.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                    inputs.Add((item.GetMetadataValue("FullPath"), "a Reference"));
            }
            var errors = new List<CompileError>();
            foreach (var (path, what) in inputs.DistinctBy(i => i.Path))
            {
                if (string.IsNullOrEmpty(path) || !(File.Exists(path) || Directory.Exists(path))) continue; // what is not there is not read
                var real = Real(path);
                if (Under(real, realFolder))
                {
                    var relative = Path.GetRelativePath(realFolder, real);
                    var first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
                    if (!UnkeyedFolders.Contains(first)) continue;
                    errors.Add(new CompileError(Path.GetFileName(project), 1, 1, 1, 1, "RLPACK",
                        $"the rule pack builds from '{relative.Replace('\\', '/')}' ({what}) in its {first} folder, which the custom-rules cache does not key on; move it out of {first}/"));
                    continue;
                }
                if (trusted.Any(t => Under(real, t))) continue;
                errors.Add(new CompileError(Path.GetFileName(project), 1, 1, 1, 1, "RLPACK",
                    $"the rule pack builds from a file outside its folder ({what}: '{Path.GetRelativePath(folder, path).Replace('\\', '/')}'); keep every file a rule pack compiles, embeds or imports inside its folder"));
                if (errors.Count >= 20) break;
            }
            collection.UnloadAllProjects();
            return errors;
        }

        private static string Real(string path) => ReleaseLint.Inputs.Files.SafeFile.RealPath(path) ?? Path.GetFullPath(path);

        private static bool Under(string path, string directory)
        {
            var d = directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return path == d || path.StartsWith(d + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }

        private static string? Run(string project, Dictionary<string, string?> globals, string target, ErrorLogger logger)
        {
            using var collection = new Microsoft.Build.Evaluation.ProjectCollection(globals);
            var parameters = new Microsoft.Build.Execution.BuildParameters(collection)
            {
                Loggers = [logger],
                EnableNodeReuse = false,
                MaxNodeCount = 1,
                DisableInProcNode = false,
            };
            var request = new Microsoft.Build.Execution.BuildRequestData(project, globals, null, [target], null,
                Microsoft.Build.Execution.BuildRequestDataFlags.ClearCachesAfterBuild);
            var result = Microsoft.Build.Execution.BuildManager.DefaultBuildManager.Build(parameters, request);
            if (result.OverallResult != Microsoft.Build.Execution.BuildResultCode.Success) return null;
            if (!result.ResultsByTarget.TryGetValue(target, out var targetResult)) return "";
            return targetResult.Items.Select(i => i.ItemSpec).FirstOrDefault() ?? "";
        }
    }

    /// <summary>Collects MSBuild, NuGet and compiler errors with their places.</summary>
    private sealed class ErrorLogger(string folder) : Microsoft.Build.Framework.ILogger
    {
        public List<CompileError> Errors { get; } = [];
        public Microsoft.Build.Framework.LoggerVerbosity Verbosity { get; set; } = Microsoft.Build.Framework.LoggerVerbosity.Quiet;
        public string? Parameters { get; set; }

        public void Initialize(Microsoft.Build.Framework.IEventSource eventSource) => eventSource.ErrorRaised += (_, e) =>
        {
            lock (Errors)
            {
                if (Errors.Count >= SourceCompiler.MaxErrors) return;
                string? file = null;
                if (!string.IsNullOrEmpty(e.File))
                {
                    var full = Path.IsPathRooted(e.File) ? e.File : Path.Combine(Path.GetDirectoryName(e.ProjectFile) ?? folder, e.File);
                    var relative = Path.GetRelativePath(folder, Path.GetFullPath(full));
                    if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)) file = relative.Replace('\\', '/');
                }
                var line = Math.Max(1, e.LineNumber);
                var column = Math.Max(1, e.ColumnNumber);
                var message = file is null && !string.IsNullOrEmpty(e.File) ? $"{e.Message} (in {e.File})" : e.Message ?? "";
                var error = new CompileError(file, line, column, Math.Max(line, e.EndLineNumber), Math.Max(column, e.EndColumnNumber), e.Code ?? "MSBUILD", message);
                if (!Errors.Contains(error)) Errors.Add(error);
            }
        };

        public void Shutdown() { }
    }
}
