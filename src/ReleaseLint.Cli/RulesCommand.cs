using System.CommandLine;
using ReleaseLint.Rules;

namespace ReleaseLint.Cli;

/// <summary><c>releaselint rules [ID]</c>: lists the rules, or explains one.</summary>
public static class RulesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var id = new Argument<string?>("ID") { Description = "A rule id (RLnnnn) or name (kebab-case) to explain.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("rules", "List the rules, or explain one with examples.") { id };
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(id);
            var rules = BuiltInRules.Descriptors;
            if (wanted is null)
            {
                var nameWidth = rules.Max(r => r.Name.Length);
                foreach (var r in rules)
                    stdout.WriteLine($"{r.Id}  {r.Name.PadRight(nameWidth)}  {r.DefaultSeverity.ToName(),-7}  {r.Title}");
                stdout.WriteLine($"{rules.Count} rules; 'releaselint rules ID' explains one");
                return ReleaseLintCli.ExitClean;
            }
            var rule = rules.FirstOrDefault(r => r.Matches(wanted))
                ?? throw new UsageException($"no rule '{wanted}'; 'releaselint rules' lists them");
            stdout.WriteLine(RuleDocs.Get(rule.Id) ?? $"# {rule.Id} {rule.Name}\n\n{rule.Description}");
            stdout.WriteLine($"Default severity: {rule.DefaultSeverity.ToName()}. Tags: {string.Join(", ", rule.Tags)}. {rule.HelpUri}");
            return ReleaseLintCli.ExitClean;
        });
        return command;
    }
}
