using System.CommandLine;
using System.Globalization;
using System.Text;
using ReleaseLint.Cli.Output;
using ReleaseLint.Engine;
using ReleaseLint.Policy;
using ReleaseLint.Rules;

namespace ReleaseLint.Cli;

/// <summary>
/// <c>releaselint config [PATH]</c>: prints the effective configuration (the file's values over the defaults, in the
/// shape of <c>.releaselint.yml</c>) and the effective severity of every built-in rule; the file's problems (RL0001)
/// as comments at the top.
/// </summary>
public static class ConfigCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliHost host)
    {
        var path = new Argument<string?>("PATH") { Description = "The repository (default: the repository root of the current directory).", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file (default: .releaselint.yml at PATH).", HelpName = "FILE" };
        var command = new Command("config", "Print the effective configuration and the severity of every rule.") { path, config };
        command.SetAction(parse =>
        {
            var root = CheckCommand.ResolveRoot(parse.GetValue(path), host.CurrentDirectory);
            var configPath = parse.GetValue(config);
            if (configPath is not null) NamedFiles.RequireReadable(configPath, "configuration file");
            var (policy, problems) = LintEngine.LoadPolicy(root, configPath);
            host.Out.Write(Render(policy, problems, BuiltInRules.Descriptors));
            return ReleaseLintCli.ExitClean;
        });
        return command;
    }

    /// <summary>The effective configuration as YAML (every value single-quoted or plain, escaped for the terminal).</summary>
    public static string Render(ReleasePolicy policy, IReadOnlyList<ConfigProblem> problems, IReadOnlyList<RuleDescriptor> rules)
    {
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(TerminalEscape.Escape(text)).Append('\n');
        Line($"# effective configuration: {(policy.ConfigPath is { } file ? file + " over the defaults" : "the defaults (no .releaselint.yml)")}");
        foreach (var p in problems) Line($"# {EngineRules.InvalidConfig.Id} {p.Location.Path}:{p.Location.Line}:{p.Location.Column}: {p.Message}");
        Line("branches:");
        Line($"  integration: {Q(policy.IntegrationBranch)}");
        Line($"  release: {(policy.HasReleaseBranch ? Q(policy.ReleaseBranch) : "null")}");
        Line($"  release-candidate: {(policy.HasReleaseCandidates ? Q(policy.ReleaseCandidatePattern.ToString()) : "null")}");
        List("  maintenance", policy.MaintenanceBranches);
        Line("tags:");
        Line($"  format: {Q(policy.TagFormat.ToString())}");
        Line($"  since: {(policy.TagsSince is { } since ? Q(since) : "null")}");
        List("  ignore", policy.TagsIgnore);
        Line($"  annotated: {B(policy.TagsAnnotated)}");
        Line($"  date-tolerance-days: {policy.TagDateToleranceDays}");
        Line("protection:");
        Protection("release", policy.ReleaseProtection);
        Protection("integration", policy.IntegrationProtection);
        Line("deploy:");
        List("  workflows", policy.DeployWorkflows);
        List("  jobs", policy.DeployJobs);
        List("  ignore", policy.DeployIgnore);
        Line("workflows:");
        List("  integration", policy.IntegrationWorkflows);
        Line("actions:");
        List("  allow-unpinned", policy.AllowUnpinnedActions);
        Line("docs:");
        Line($"  guide: {(policy.Guide is { } guide ? Q(guide) : "null")}");
        List("  guide-sections", policy.GuideSections);
        List("  ignore", policy.DocsIgnore);
        Line("discussions:");
        List("  paths", policy.DiscussionPaths);
        List("  fields", policy.DiscussionFields);
        Line($"  category: {(policy.DiscussionCategory is { } c ? Q(c) : "null")}");
        List("ignore", policy.Ignore);
        Line($"custom-rules: {(policy.CustomRules is { } cr ? Q(cr) : "null")}");
        Line("limits:");
        Line($"  max-file-bytes: {policy.MaxFileBytes}");
        Line($"  yaml-max-depth: {policy.YamlMaxDepth}");
        Line($"  yaml-max-alias-expansion: {policy.YamlMaxAliasExpansion}");
        Line($"  rule-timeout-seconds: {policy.RuleTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        Line("rules:  # effective severity of every built-in rule (custom rules are not compiled here)");
        var width = rules.Max(r => r.Name.Length);
        foreach (var rule in rules)
        {
            var severity = policy.SeverityOf(rule);
            var changed = severity != rule.DefaultSeverity ? $", default {rule.DefaultSeverity.ToName()}" : "";
            Line($"  {rule.Id}: {severity.ToName(),-7}  # {rule.Name}{changed}");
        }
        return sb.ToString();

        void Protection(string branch, BranchProtectionPolicy b)
        {
            Line($"  {branch}:");
            Line($"    approvals: {b.Approvals}");
            List("    status-checks", b.StatusChecks);
            Line($"    strict: {B(b.Strict)}");
            Line($"    dismiss-stale-reviews: {B(b.DismissStaleReviews)}");
            Line($"    code-owner-reviews: {B(b.CodeOwnerReviews)}");
            Line($"    enforce-admins: {B(b.EnforceAdmins)}");
            Line($"    allow-force-pushes: {B(b.AllowForcePushes)}");
            Line($"    allow-deletions: {B(b.AllowDeletions)}");
        }

        void List(string key, IReadOnlyList<string> items) =>
            Line(items.Count == 0 ? $"{key}: []" : $"{key}: [{string.Join(", ", items.Select(Q))}]");
    }

    private static string B(bool value) => value ? "true" : "false";

    /// <summary>A YAML single-quoted scalar.</summary>
    private static string Q(string text) => "'" + text.Replace("'", "''") + "'";
}
