using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace ReleaseLint.Scripting;

/// <summary>
/// Compiles a folder of rule files with Roslyn, in memory. The only class that names Roslyn types: the
/// runtime loads the compiler when this class is first used, which happens on a cache miss only.
/// </summary>
internal static class SourceCompiler
{
    /// <summary>Namespaces every rule file sees without a <c>using</c> (the SDK's implicit usings plus the rule API's root).</summary>
    public static readonly IReadOnlyList<string> ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks", "ReleaseLint",
    ];

    /// <summary>At most this many errors are reported per rule set (the rest usually follow from the first ones).</summary>
    public const int MaxErrors = 100;

    /// <summary>The outcome: the assembly bytes (with an embedded PDB) or the errors, and where rule classes are declared.</summary>
    public sealed record Output(byte[]? Assembly, List<CompileError> Errors, Dictionary<string, TypeOrigin> Types, TimeSpan Elapsed);

    /// <summary>Compiles <paramref name="files"/> (full paths under <paramref name="folder"/>) into an assembly named <paramref name="assemblyName"/>.</summary>
    public static Output Compile(string folder, IReadOnlyList<string> files, ReferenceSet references, string assemblyName)
    {
        var clock = Stopwatch.StartNew();
        var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
        var trees = new List<SyntaxTree>();
        foreach (var file in files)
        {
            var bytes = ReleaseLint.Inputs.Files.SafeFile.ReadNamed(file, RuleCache.MaxInputBytes, out var failure)
                ?? throw new IOException($"'{Path.GetRelativePath(folder, file).Replace('\\', '/')}': {failure!.Message}");
            using var stream = new MemoryStream(bytes);
            var text = SourceText.From(stream, Encoding.UTF8, canBeEmbedded: true);
            trees.Add(CSharpSyntaxTree.ParseText(text, parse, file));
        }
        var usings = string.Join("\n", ImplicitUsings.Select(n => $"global using global::{n};"));
        trees.Add(CSharpSyntaxTree.ParseText(SourceText.From(usings, Encoding.UTF8), parse, Path.Combine(folder, "obj", "ImplicitUsings.g.cs")));

        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable,
            deterministic: true,
            concurrentBuild: true);
        Compilation compilation = CSharpCompilation.Create(assemblyName, trees,
            references.All.Select(p => MetadataReference.CreateFromFile(p)), options);
        var generators = references.Generators
            .SelectMany(p => new AnalyzerFileReference(p, GeneratorLoader.Instance).GetGenerators(LanguageNames.CSharp))
            .ToList();
        var generatorErrors = new List<Diagnostic>();
        if (generators.Count > 0)
        {
            CSharpGeneratorDriver.Create(generators, parseOptions: parse)
                .RunGeneratorsAndUpdateCompilation(compilation, out compilation, out var generatorDiagnostics);
            generatorErrors.AddRange(generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        using var pe = new MemoryStream();
        var emit = compilation.Emit(pe,
            options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded),
            embeddedTexts: compilation.SyntaxTrees.Where(t => t.GetText().CanBeEmbedded).Select(t => EmbeddedText.FromSource(t.FilePath, t.GetText())));

        var errors = generatorErrors.Concat(emit.Diagnostics)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .Take(MaxErrors)
            .Select(d => ToError(folder, d))
            .ToList();
        var types = errors.Count == 0 ? RuleClasses(folder, compilation) : [];
        return new Output(errors.Count == 0 && emit.Success ? pe.ToArray() : null, errors, types, clock.Elapsed);
    }

    private static CompileError ToError(string folder, Diagnostic d)
    {
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        if (!d.Location.IsInSource || d.Location.SourceTree is null)
            return new CompileError(null, 1, 1, 1, 1, d.Id, message);
        var span = d.Location.GetLineSpan();
        var relative = Path.GetRelativePath(folder, span.Path).Replace('\\', '/');
        return new CompileError(relative, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1, d.Id, message);
    }

    /// <summary>Every class deriving from <see cref="Rule"/>, by the name reflection gives it, with its declaration.</summary>
    private static Dictionary<string, TypeOrigin> RuleClasses(string folder, Compilation compilation)
    {
        var result = new Dictionary<string, TypeOrigin>(StringComparer.Ordinal);
        var ruleBase = compilation.GetTypeByMetadataName(typeof(Rule).FullName!);
        if (ruleBase is null) return result;
        foreach (var tree in compilation.SyntaxTrees.Where(t => t.FilePath.StartsWith(folder, StringComparison.Ordinal)))
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol symbol) continue;
                var derives = false;
                for (var b = symbol.BaseType; b is not null && !derives; b = b.BaseType)
                    derives = SymbolEqualityComparer.Default.Equals(b, ruleBase);
                if (!derives) continue;
                var span = declaration.Identifier.GetLocation().GetLineSpan();
                result[MetadataName(symbol)] = new TypeOrigin(Path.GetRelativePath(folder, span.Path).Replace('\\', '/'),
                    span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
            }
        }
        return result;
    }

    private static string MetadataName(INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer) return MetadataName(outer) + "+" + type.MetadataName;
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? type.MetadataName : ns.ToDisplayString() + "." + type.MetadataName;
    }

    /// <summary>Loads the framework's generator assemblies (once per process, into the default context: they are part of the SDK and never change under a run).</summary>
    private sealed class GeneratorLoader : IAnalyzerAssemblyLoader
    {
        public static readonly GeneratorLoader Instance = new();
        public void AddDependencyLocation(string fullPath) { }
        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }
}
