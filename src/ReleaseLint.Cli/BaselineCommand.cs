using System.CommandLine;
using ReleaseLint.Engine;
using ReleaseLint.Git;
using ReleaseLint.Rules;

namespace ReleaseLint.Cli;

/// <summary><c>releaselint baseline [PATH]</c>: records today's findings so that <c>check --baseline</c> reports only new ones.</summary>
public static class BaselineCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout) => Create(new CliHost { Out = stdout, Error = TextWriter.Null });

    /// <summary>Builds the command for <paramref name="host"/>.</summary>
    public static Command Create(CliHost host)
    {
        var stdout = host.Out;
        var path = new Argument<string?>("PATH") { Description = "Root of what is linted (default: the repository root of the current directory).", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--output", "-o") { Description = $"Baseline file to write (default: {Baseline.DefaultFileName} at PATH)." };
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file (default: .releaselint.yml at PATH)." };
        var noCustomRules = CustomRulesSwitch.CreateOption();
        var command = new Command("baseline", "Record the current findings, so that 'check --baseline' reports only new ones.") { path, output, config, noCustomRules };
        command.SetAction(parse =>
        {
            var root = CheckCommand.ResolveRoot(parse.GetValue(path), host.CurrentDirectory);
            var configPath = parse.GetValue(config);
            if (configPath is not null) NamedFiles.RequireReadable(configPath, "configuration file");
            if (parse.GetValue(output) is { } target) NamedFiles.RequireWritable(target);
            var builtIns = BuiltInRules.Create();
            var policyLoad = LintEngine.LoadPolicy(root, configPath);
            var loaded = CustomRulesSwitch.Load(root, policyLoad.Policy, parse.GetValue(noCustomRules), null, builtIns);
            using var custom = loaded.Rules;
            var result = LintEngine.Run(new LintRequest
            {
                Root = root,
                Rules = [.. builtIns, .. custom.Rules],
                Sources = new() { ConfigPath = configPath, LoadedPolicy = policyLoad, OpenGit = LibGit2Repository.Open },
                CustomRules = new() { Findings = custom.Findings, Skipped = loaded.Skipped },
            });
            var file = parse.GetValue(output) ?? Path.Combine(root, Baseline.DefaultFileName);
            var baseline = Baseline.From(result);
            baseline.Save(file);
            stdout.WriteLine($"recorded {baseline.Entries.Count} finding{(baseline.Entries.Count == 1 ? "" : "s")} in {file}; 'releaselint check --baseline {Path.GetFileName(file)}' now reports only new ones");
            return ReleaseLintCli.ExitClean;
        });
        return command;
    }
}
