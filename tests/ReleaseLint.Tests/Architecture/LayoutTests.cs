using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ReleaseLint.Tests.Architecture;

/// <summary>
/// Folders and namespaces agree: a source file under <c>src/PROJECT/A/B/</c> declares the namespace
/// <c>ROOT.A.B</c>, ROOT being the project's <c>RootNamespace</c> (the types of <c>ReleaseLint</c> itself, the rule
/// API, are at the root of <c>ReleaseLint.Core</c>), so that a type is found where its namespace says.
/// </summary>
public sealed partial class LayoutTests
{
    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [Fact]
    public void Every_source_file_declares_the_namespace_of_its_folder()
    {
        var src = Path.Combine(TestPaths.Root, "src");
        var wrong = new List<string>();
        var checkedFiles = 0;
        foreach (var project in Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories))
        {
            var dir = Path.GetDirectoryName(project)!;
            var root = XDocument.Load(project).Descendants("RootNamespace").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(project);
            foreach (var file in Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
                if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)) continue;
                var declared = Namespace().Match(File.ReadAllText(file));
                if (!declared.Success) continue; // top-level statements (Program.cs)
                checkedFiles++;
                var folder = Path.GetDirectoryName(relative)!.Replace('/', '.');
                var expected = folder.Length == 0 ? root : root + "." + folder;
                if (declared.Groups["name"].Value != expected)
                    wrong.Add($"{Path.GetRelativePath(TestPaths.Root, file)}: namespace {declared.Groups["name"].Value}, folder says {expected}");
            }
        }
        Assert.True(checkedFiles > 100, $"only {checkedFiles} source files found under {src}");
        Assert.Empty(wrong);
    }
}
