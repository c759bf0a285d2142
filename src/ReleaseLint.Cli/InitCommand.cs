using System.CommandLine;
using System.Text;
using ReleaseLint.Cli.Init;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Files;
using ReleaseLint.Inputs.Git;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Patterns;
using ReleaseLint.Policy;

namespace ReleaseLint.Cli;

/// <summary>
/// <c>releaselint init</c>: looks at the branches, tags, deploy workflows, guide and protection sources actually
/// present and writes a commented <c>.releaselint.yml</c> fitted to them, validated against the schema.
/// </summary>
public static class InitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var path = new Argument<string?>("PATH") { Description = "The repository (default: the repository root of the current directory).", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing .releaselint.yml." };
        var print = new Option<bool>("--print") { Description = "Print the configuration instead of writing it." };
        var command = new Command("init", "Write a .releaselint.yml fitted to what the repository has.") { path, force, print };
        command.SetAction(parse =>
        {
            var root = CheckCommand.ResolveRoot(parse.GetValue(path));
            var target = Path.Combine(root, PolicyLoader.ConfigFileNames[0]);
            if (!parse.GetValue(print) && File.Exists(target) && !parse.GetValue(force))
                throw new UsageException($"{target} exists; use --force to replace it, or --print to see what init would write");
            var text = Generate(root);
            var (_, problems) = PolicyLoader.Load(new SourceText(PolicyLoader.ConfigFileNames[0], text));
            if (problems.Count > 0)
                throw new InvalidOperationException("init produced an invalid configuration: " + string.Join("; ", problems.Select(p => p.Message)));
            if (parse.GetValue(print))
            {
                stdout.Write(text);
                return ReleaseLintCli.ExitClean;
            }
            AtomicFile.WriteText(target, text);
            stdout.WriteLine($"wrote {target}; review it, then run 'releaselint check'");
            return ReleaseLintCli.ExitClean;
        });
        return command;
    }

    /// <summary>
    /// The commented configuration for the repository at <paramref name="root"/>: every key <see cref="RepositoryFit"/>
    /// inferred, each under the evidence for it. Keys it has no evidence for are left out (their defaults apply), and
    /// no key names a file or branch the repository does not have.
    /// </summary>
    public static string Generate(string root)
    {
        using var git = LibGit2Repository.Open(root);
        var fit = RepositoryFit.Infer(root, git);
        var sb = new StringBuilder();
        sb.AppendLine("# yaml-language-server: $schema=https://raw.githubusercontent.com/releaselint/releaselint/main/rules/releaselint.schema.json");
        sb.AppendLine("# Written by `releaselint init` from what this repository has: each key says what in the repository shows");
        sb.AppendLine("# it. Keys left out keep the defaults of the live-branch operations guide. Review it, then run `releaselint check`.");
        sb.AppendLine();
        Section(sb, "branches", ("integration", fit.Integration), ("release", fit.Release), ("release-candidate", fit.Candidates), ("maintenance", fit.Maintenance));
        Section(sb, "tags", ("format", fit.TagFormat), ("since", fit.Since), ("annotated", fit.Annotated));
        Section(sb, "docs", ("guide", fit.Guide), ("guide-sections", fit.GuideSections));
        Section(sb, "workflows", ("integration", fit.IntegrationWorkflows));
        Section(sb, "discussions", ("paths", fit.DiscussionPaths));
        foreach (var line in fit.DeployNote) sb.AppendLine("# " + OneLine(line));
        sb.AppendLine();
        foreach (var line in fit.ProtectionNote) sb.AppendLine("# " + OneLine(line));
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string name, params (string Key, FitKey Fit)[] keys)
    {
        var written = keys.Where(k => k.Fit.Value is not null).ToList();
        if (written.Count == 0) return;
        sb.AppendLine(name + ":");
        foreach (var (key, fit) in written)
        {
            foreach (var line in fit.Evidence) sb.AppendLine("  # " + OneLine(line));
            sb.AppendLine($"  {key}: {fit.Value}");
        }
        sb.AppendLine();
    }

    /// <summary>Evidence comes from the repository (branch and tag names, headings): one comment line, control and bidirectional characters escaped.</summary>
    private static string OneLine(string text) => Output.TerminalEscape.Escape(text);
}
