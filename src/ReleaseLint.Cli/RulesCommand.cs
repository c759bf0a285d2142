using System.CommandLine;
using ReleaseLint.Engine;
using ReleaseLint.Rules;

namespace ReleaseLint.Cli;

/// <summary>
/// <c>releaselint rules [ID]</c>: lists the rules with their effective severity (the repository's
/// <c>.releaselint.yml</c> over the defaults) and whether their findings carry a fix, or explains one.
/// </summary>
public static class RulesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout) => Create(new CliHost { Out = stdout, Error = TextWriter.Null });

    /// <summary>Builds the command for <paramref name="host"/>.</summary>
    public static Command Create(CliHost host)
    {
        var stdout = host.Out;
        var id = new Argument<string?>("ID") { Description = "A rule id (RLnnnn) or name (kebab-case) to explain.", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file whose severities are shown (default: .releaselint.yml of the current directory's repository).", HelpName = "FILE" };
        var command = new Command("rules", "List the rules with their effective severity, or explain one with examples.") { id, config };
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(id);
            var configPath = parse.GetValue(config);
            if (configPath is not null) NamedFiles.RequireReadable(configPath, "configuration file");
            var root = CheckCommand.ResolveRoot(null, host.CurrentDirectory);
            var policy = LintEngine.LoadPolicy(root, configPath).Policy;
            var rules = BuiltInRules.Descriptors;
            if (wanted is null)
            {
                var nameWidth = rules.Max(r => r.Name.Length);
                var changed = 0;
                foreach (var r in rules)
                {
                    var severity = policy.SeverityOf(r);
                    var note = severity == r.DefaultSeverity ? "" : $" (default {r.DefaultSeverity.ToName()})";
                    if (note.Length > 0) changed++;
                    stdout.WriteLine($"{r.Id}  {r.Name.PadRight(nameWidth)}  {severity.ToName(),-7}  {FixColumn(r.Fix),-3}  {r.Title}{note}");
                }
                var source = policy.ConfigPath is { } file ? $"severities from {file} ({changed} changed)" : "default severities (no .releaselint.yml)";
                stdout.WriteLine($"{rules.Count} rules, {source}; {rules.Count(r => r.Fix is not null)} with a fix (fix: 'check --fix' edits files; git: "
                    + "git commands printed under the finding); 'releaselint rules ID' explains one");
                return ReleaseLintCli.ExitClean;
            }
            var rule = rules.FirstOrDefault(r => r.Matches(wanted))
                ?? throw new UsageException($"no rule '{wanted}'; 'releaselint rules' lists them");
            stdout.WriteLine(RuleDocs.Get(rule.Id) ?? $"# {rule.Id} {rule.Name}\n\n{rule.Description}");
            var effective = policy.SeverityOf(rule);
            var configured = effective == rule.DefaultSeverity ? "" : $" Severity here: {effective.ToName()} ({policy.ConfigPath}).";
            if (rule.Fix is { } fix)
                stdout.WriteLine(fix.CommandsOnly
                    ? $"Fix: {fix.Change} ({fix.Safety})."
                    : $"Fix ('check --fix', or 'check --fix=unsafe' where unsafe): {fix.Change} ({fix.Safety}).");
            stdout.WriteLine($"Default severity: {rule.DefaultSeverity.ToName()}.{configured} Tags: {string.Join(", ", rule.Tags)}. {rule.HelpUri}");
            return ReleaseLintCli.ExitClean;
        });
        return command;
    }

    /// <summary>The list's fix column: <c>fix</c> for a fix that edits files, <c>git</c> for commands printed, blank for none.</summary>
    private static string FixColumn(RuleFix? fix) => fix is null ? "" : fix.CommandsOnly ? "git" : "fix";
}
