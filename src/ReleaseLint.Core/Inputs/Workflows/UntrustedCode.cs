using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Workflows.Expressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows;

/// <summary>A step that brings a pull request's (untrusted) code into a job.</summary>
/// <param name="Step">The step.</param>
/// <param name="Evidence">The node that shows it (<c>with.ref</c>, <c>with.repository</c> or the <c>run:</c> block).</param>
/// <param name="Location">Where exactly.</param>
/// <param name="What">For messages: the offending text, e.g. <c>ref: ${{ github.event.pull_request.head.sha }}</c> or <c>gh pr checkout</c>.</param>
public sealed record UntrustedCheckout(WorkflowStep Step, YamlScalar Evidence, SourceLocation Location, string What);

/// <summary>
/// Privileged triggers and checkouts of untrusted code, shared by RL1007 (dangerous trigger) and RL1010
/// (secrets handed to untrusted code): <c>pull_request_target</c> and <c>workflow_run</c> run with the base
/// repository's secrets and a write token, so checking out the pull request's head there runs an outsider's code
/// with them.
/// </summary>
public static partial class UntrustedCode
{
    /// <summary>Events that run in the base repository's privileged context although a pull request (possibly from a fork) caused them.</summary>
    public static readonly IReadOnlySet<string> PrivilegedEvents = new HashSet<string>(StringComparer.Ordinal) { "pull_request_target", "workflow_run" };

    /// <summary>Context paths that name the pull request's head (its commit, branch or fork).</summary>
    public static readonly IReadOnlySet<string> HeadPaths = new HashSet<string>(StringComparer.Ordinal)
    {
        "github.event.pull_request.head.sha", "github.event.pull_request.head.ref", "github.event.pull_request.head.label",
        "github.event.pull_request.merge_commit_sha", "github.head_ref", "github.event.pull_request.head.repo.full_name",
        "github.event.pull_request.head.repo.clone_url", "github.event.workflow_run.head_sha", "github.event.workflow_run.head_branch",
        "github.event.workflow_run.head_repository.full_name", "github.event.workflow_run.head_commit.id",
        "github.event.workflow_run.pull_requests.*.head.sha", "github.event.workflow_run.pull_requests.*.head.ref",
    };

    [GeneratedRegex(@"\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]*\b(?:refs/)?pull/|\bgit\s+(?:checkout|switch|reset\s+--hard)\b[^\n]*(?:\$\{\{\s*github\.(?:event\.pull_request\.head|head_ref|event\.workflow_run\.head)|FETCH_HEAD|\bpr-?\d*\b)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CheckoutCommand();

    /// <summary>The privileged events among the workflow's triggers.</summary>
    public static IReadOnlyList<WorkflowEvent> PrivilegedTriggers(WorkflowFile workflow) =>
        workflow.Events.Where(e => PrivilegedEvents.Contains(e.Name)).ToList();

    /// <summary>Whether <paramref name="step"/> checks out the pull request's head.</summary>
    public static UntrustedCheckout? Classify(WorkflowStep step)
    {
        if (step.UsesAction("actions/checkout"))
        {
            foreach (var input in new[] { "repository", "ref" })
            {
                if (step.WithInput(input) is not { } value) continue;
                var text = value.Value;
                var head = ExpressionTemplate.Scan(text).FirstOrDefault(e => e.Node is not null && NamesHead(e.Node));
                if (head is not null) return new UntrustedCheckout(step, value, head.Locate(value), $"{input}: {text.Trim()}");
                if (input == "ref" && Regex.IsMatch(text, @"refs/pull/|^pull/"))
                    return new UntrustedCheckout(step, value, value.Location, $"{input}: {text.Trim()}");
            }
            return null;
        }
        if (step.Run is { } run && CheckoutCommand().Match(run.Value) is { Success: true } m)
        {
            var lineStart = run.Value.LastIndexOf('\n', Math.Max(0, m.Index - 1)) + 1;
            if (m.Index == 0) lineStart = 0;
            var lineEnd = run.Value.IndexOf('\n', m.Index);
            var line = run.Value[lineStart..(lineEnd < 0 ? run.Value.Length : lineEnd)].Trim();
            return new UntrustedCheckout(step, run, run.LocateText(line), line);
        }
        return null;
    }

    /// <summary>True when the expression names the head of the pull request (directly, not inside a comparison).</summary>
    public static bool NamesHead(ExpressionNode node) => node.DescendantsAndSelf().Any(n => n.ContextPath() is { } p && HeadPaths.Contains(p)) &&
        !(WorkflowConditions.Unwrap(node) is BinaryNode { IsComparison: true });

    /// <summary>
    /// True when the job only runs for pull requests from this repository (not forks): its <c>if:</c> requires
    /// <c>…head.repo.full_name == github.repository</c>, <c>…head.repo.fork == false</c> or <c>!…head.repo.fork</c>.
    /// </summary>
    public static bool IsSameRepositoryOnly(WorkflowJob job)
    {
        if (WorkflowConditions.Parse(job.If) is not { } condition) return false;
        return WorkflowConditions.Requires(condition, atom =>
            WorkflowConditions.IsPathEquality(atom, "github.event.pull_request.head.repo.full_name", "github.repository") ||
            WorkflowConditions.IsPathEquality(atom, "github.event.workflow_run.head_repository.full_name", "github.repository") ||
            WorkflowConditions.IsPathEquality(atom, "github.event.workflow_run.head_repository.id", "github.event.workflow_run.repository.id") ||
            IsNotFork(atom));

        static bool IsNotFork(ExpressionNode atom)
        {
            atom = WorkflowConditions.Unwrap(atom);
            if (atom is NotNode not) return IsForkPath(not.Operand);
            if (atom is BinaryNode { Operator: ExpressionTokenKind.Equal } eq)
                return (IsForkPath(eq.Left) && IsFalse(eq.Right)) || (IsForkPath(eq.Right) && IsFalse(eq.Left));
            return false;
        }

        static bool IsForkPath(ExpressionNode n) => WorkflowConditions.Unwrap(n).ContextPath() is "github.event.pull_request.head.repo.fork";
        static bool IsFalse(ExpressionNode n) => WorkflowConditions.Unwrap(n) is LiteralNode { Kind: ExpressionLiteralKind.Boolean, BooleanValue: false };
    }
}
