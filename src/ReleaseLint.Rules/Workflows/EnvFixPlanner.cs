using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ReleaseLint.Fixes;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Workflows;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Rules.Workflows;

/// <summary>The planned fix of one expression: its replacement in the script, and the variable it needs in <c>env:</c> (none for <c>env.X</c>).</summary>
/// <param name="Replacement">The edit of the script.</param>
/// <param name="Variable">The variable added to the step's <c>env:</c>, or null when the step already has it.</param>
/// <param name="Safety">Safe when the variable reads exactly as the expression did (inside double quotes, a here-document, a whole quoted word, a whole JavaScript string).</param>
/// <param name="Description">What the fix does.</param>
internal sealed record EnvFix(TextEdit Replacement, string? Variable, FixSafety Safety, string Description);

/// <summary>
/// Plans RL1006's fixes for one step: each tainted <c>${{ … }}</c> of its script becomes a variable of the step's
/// <c>env:</c> (named so that it shadows nothing the step can see and collides with nothing its script uses), and the
/// expression in the script becomes <c>${NAME}</c> (POSIX shells) or <c>process.env.NAME</c> (github-script), written
/// for the quoting it is in. The variables of all the step's fixes of one safety are added by one shared edit, so that
/// they apply together in one round.
/// </summary>
internal sealed partial class EnvFixPlanner(SourceText source, YamlNode? root, WorkflowStep step, IReadOnlyList<YamlMapping?> outerEnv)
{
    private readonly Dictionary<string, (string Value, FixSafety Safety, int Order)> _planned = new(StringComparer.Ordinal);
    private readonly HashSet<string> _outer = new(StringComparer.Ordinal);
    private int _unit = -1;

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex ShellVariable();

    private static readonly FrozenSet<string> Reserved = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "HOME", "PATH", "PWD", "OLDPWD", "SHELL", "USER", "CI", "TMPDIR", "TEMP", "TMP", "LANG", "IFS", "PS1", "PS4", "HOSTNAME", "TERM", "VALUE");

    /// <summary>Plans the fix of <paramref name="expression"/> in <paramref name="script"/>; null when no fix is certain enough to offer.</summary>
    public EnvFix? Plan(YamlScalar script, EmbeddedExpression expression, IReadOnlyList<EmbeddedExpression> all, string name, bool isEnv, bool shell)
    {
        var value = script.Value;
        var start = expression.Start;
        var end = expression.Start + expression.Length;
        string replacement;
        FixSafety safety;
        if (shell)
        {
            var context = ShellQuoting.At(value, start, all.Select(e => (e.Start, e.Length)).ToList());
            if (!IsName(name)) return null;
            switch (context)
            {
                case ShellContext.DoubleQuoted or ShellContext.ExpandingHeredoc:
                    (replacement, safety) = ("${" + name + "}", FixSafety.Safe);
                    break;
                case ShellContext.SingleQuoted when start > 0 && value[start - 1] == '\'' && end < value.Length && value[end] == '\'':
                    (replacement, safety, start, end) = ("\"${" + name + "}\"", FixSafety.Safe, start - 1, end + 1);
                    break;
                case ShellContext.SingleQuoted:
                    (replacement, safety) = ("'\"${" + name + "}\"'", FixSafety.Unsafe);
                    break;
                case ShellContext.Unquoted:
                    (replacement, safety) = ("\"${" + name + "}\"", FixSafety.Unsafe);
                    break;
                default:
                    return null;
            }
        }
        else
        {
            // JavaScript: only an expression that is a whole string literal becomes process.env.NAME.
            if (!IsName(name) || start == 0 || end >= value.Length || value[start - 1] is not ('\'' or '"') || value[end] != value[start - 1]) return null;
            (replacement, safety, start, end) = ("process.env." + name, FixSafety.Safe, start - 1, end + 1);
        }

        if (Locate(script, expression, start, end) is not { } span) return null;
        var written = Escape(script, replacement, span.Offset);
        if (written is null) return null;

        string? variable = null;
        if (!isEnv)
        {
            variable = Name(name, expression.Raw, safety, value);
            if (variable is null) return null;
            if (variable != name)
            {
                replacement = replacement.Replace(name, variable, StringComparison.Ordinal);
                written = Escape(script, replacement, span.Offset);
                if (written is null) return null;
            }
            if (StepEnvValue(variable) is not null || _outer.Contains(variable)) variable = null; // the step or its job already passes it
        }
        var edit = TextEdit.Replace(source, span.Offset, span.Length, written);
        var what = isEnv ? $"use ${name} instead of the expression"
            : variable is null && _outer.Contains(Name(replacement)) ? $"use {replacement.Trim('\'', '"')}, which the env: of its job or workflow already sets to {expression.Raw}"
            : $"pass {expression.Raw} through env: {(variable ?? name)} and use {replacement.Trim('\'', '"')}";
        return new EnvFix(edit, variable, safety, what);
    }

    /// <summary>The fix of a planned expression: its replacement plus the shared edit adding every variable of its safety.</summary>
    public IReadOnlyList<Fix>? Build(EnvFix plan)
    {
        var edits = new List<TextEdit> { plan.Replacement };
        if (plan.Variable is not null)
        {
            var added = _planned.Where(p => p.Value.Safety == plan.Safety && StepEnvValue(p.Key) is null).OrderBy(p => p.Value.Order).ToList();
            if (added.Count == 0 || EnvEdit(added.Select(a => (a.Key, a.Value.Value)).ToList()) is not { } env) return null;
            edits.Add(env);
        }
        return [Fix.WithEdits(plan.Description, plan.Safety, edits)];
    }

    private TextEdit? EnvEdit(List<(string Name, string Value)> variables)
    {
        if (_unit < 0) _unit = YamlText.IndentUnit(root, source);
        var lines = string.Join('\n', variables.Select(v => $"{v.Name}: {YamlText.Scalar(v.Value)}"));
        if (step.Node.Find("env") is { } env)
            return env.Value is YamlMapping map ? YamlText.Append(source, map, lines, _unit) : null;
        var before = step.Node.Find("run") ?? step.Node.Find("with");
        return before is null ? null : YamlText.InsertBefore(source, step.Node, before, "env:\n" + string.Join('\n', lines.Split('\n').Select(l => "  " + l)), _unit);
    }

    /// <summary>
    /// A name for the variable holding <paramref name="expression"/>: <paramref name="wanted"/>, else with <c>_2</c>, <c>_3</c>…,
    /// avoiding GitHub's and the shell's own variables, the variables of the workflow and job (which it would shadow), and
    /// every variable the step's script uses; the name the step already gives the same expression is reused, and so is the
    /// name the job or workflow <c>env:</c> the step sees gives it (their contexts evaluate the same there as in the step).
    /// </summary>
    private string? Name(string wanted, string expression, FixSafety safety, string script)
    {
        var used = ShellVariable().Matches(script).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        if (StepEnvValue(wanted) is not { } own || !Same(own, expression))
        {
            if (Outer(expression, used) is { } outer)
            {
                _outer.Add(outer);
                return outer;
            }
        }
        for (var n = 1; n <= 9; n++)
        {
            var name = n == 1 ? wanted : $"{wanted}_{n}";
            if (StepEnvValue(name) is { } existing)
            {
                if (Same(existing, expression)) return name;
                continue;
            }
            if (_planned.TryGetValue(name, out var planned))
            {
                if (Same(planned.Value, expression) && planned.Safety == safety) return name;
                continue;
            }
            if (Reserved.Contains(name) || name.StartsWith("GITHUB_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("RUNNER_", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("ACTIONS_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("INPUT_", StringComparison.OrdinalIgnoreCase)) continue;
            if (used.Contains(name)) continue;
            if (outerEnv.LastOrDefault(e => e?.Find(name) is not null)?.Find(name) is { } outer)
            {
                // The innermost outer env: that sets the name is the one the step sees.
                if (outer.Value is YamlScalar same && Same(same.Value, expression))
                {
                    _outer.Add(name);
                    return name;
                }
                continue;
            }
            _planned[name] = (expression, safety, _planned.Count);
            return name;
        }
        return null;
    }

    /// <summary>
    /// The variable of the job's or workflow's <c>env:</c> that holds exactly <paramref name="expression"/> and that the step
    /// sees (no inner <c>env:</c> sets the name again) and its script does not use otherwise; null when none does.
    /// </summary>
    private string? Outer(string expression, HashSet<string> used)
    {
        for (var level = outerEnv.Count - 1; level >= 0; level--)
        {
            if (outerEnv[level] is not { } env) continue;
            foreach (var entry in env.Entries)
            {
                var name = entry.KeyText;
                if (entry.Value is not YamlScalar value || !Same(value.Value, expression) || !IsName(name) || used.Contains(name) || StepEnvValue(name) is not null) continue;
                if (Enumerable.Range(level + 1, outerEnv.Count - level - 1).Any(inner => outerEnv[inner]?.Find(name) is not null)) continue;
                if (_planned.ContainsKey(name)) continue;
                return name;
            }
        }
        return null;
    }

    private string? StepEnvValue(string name) => step.Env?.Find(name)?.Value is YamlScalar s ? s.Value : step.Env?.Find(name) is not null ? "" : null;

    private static bool Same(string a, string b) => Normalize(a) == Normalize(b);

    private static string Normalize(string expression) => Regex.Replace(expression.Trim(), @"\s+", " ", RegexOptions.None, TimeSpan.FromMilliseconds(100));

    /// <summary>The variable a replacement such as <c>"${NAME}"</c> or <c>process.env.NAME</c> reads.</summary>
    private static string Name(string replacement)
    {
        var match = ShellVariable().Match(replacement);
        return match.Success ? match.Groups["name"].Value : replacement[(replacement.LastIndexOf('.') + 1)..];
    }

    private static bool IsName(string name) => name.Length is > 0 and <= 100 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>The source span of value characters [<paramref name="start"/>, <paramref name="end"/>), found through the expression's own place; null when the source does not hold them verbatim.</summary>
    private (int Offset, int Length)? Locate(YamlScalar script, EmbeddedExpression expression, int start, int end)
    {
        var at = expression.Locate(script);
        if (at.Line != at.EndLine) return null;
        var offset = source.Offset(at.Line, at.Column);
        if (string.CompareOrdinal(source.Text, offset, expression.Raw, 0, expression.Raw.Length) != 0) return null;
        var from = offset - (expression.Start - start);
        var length = end - start;
        if (from < script.Start.Offset || from + length > Math.Min(script.End.Offset, source.Text.Length)) return null;
        if (string.CompareOrdinal(source.Text, from, script.Value, start, length) != 0) return null;
        return (from, length);
    }

    /// <summary>The replacement as the scalar's style writes it; null when that style cannot hold it there.</summary>
    private string? Escape(YamlScalar script, string replacement, int offset) => script.Style switch
    {
        YamlScalarStyle.Literal or YamlScalarStyle.Folded => replacement,
        YamlScalarStyle.SingleQuoted => replacement.Replace("'", "''", StringComparison.Ordinal),
        YamlScalarStyle.DoubleQuoted => replacement.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal),
        // A plain scalar must not start with a quote (YAML would read a quoted scalar), nor get " #" or ": ".
        _ => offset == script.Start.Offset && replacement[0] is '"' or '\'' ? null : replacement,
    };
}
