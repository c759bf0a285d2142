using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Expressions;

/// <summary>Reads <c>if:</c> conditions and decides what they require.</summary>
public static class WorkflowConditions
{
    /// <summary>Status functions: a condition using one of them replaces the implicit <c>success()</c>.</summary>
    public static readonly IReadOnlySet<string> StatusFunctions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "success", "always", "failure", "cancelled" };

    /// <summary>
    /// Parses an <c>if:</c> value, written bare (<c>github.ref == 'refs/heads/live'</c>) or wrapped in one
    /// <c>${{ }}</c>. Null when absent or invalid, or when the value mixes text and <c>${{ }}</c> (GitHub then
    /// reads it as a non-empty string, which is always true).
    /// </summary>
    public static ExpressionNode? Parse(YamlScalar? condition)
    {
        if (condition is null || condition.IsNull) return null;
        var text = condition.Value.Trim();
        if (text.Length == 0) return null;
        if (ExpressionTemplate.HasExpressions(text))
        {
            var embedded = ExpressionTemplate.Scan(text);
            if (embedded.Count != 1 || embedded[0].Start != 0 || embedded[0].Length != text.Length) return null;
            return embedded[0].Node;
        }
        return ExpressionParser.TryParse(text, out _);
    }

    /// <summary>
    /// True when <paramref name="condition"/> can only be true if some atom satisfying <paramref name="atom"/> is
    /// true: <c>a &amp;&amp; b</c> requires what either side requires, <c>a || b</c> what both sides require.
    /// </summary>
    public static bool Requires(ExpressionNode condition, Func<ExpressionNode, bool> atom) => condition switch
    {
        GroupNode g => Requires(g.Inner, atom),
        BinaryNode { Operator: ExpressionTokenKind.And } and => Requires(and.Left, atom) || Requires(and.Right, atom),
        BinaryNode { Operator: ExpressionTokenKind.Or } or => Requires(or.Left, atom) && Requires(or.Right, atom),
        _ => atom(condition),
    };

    /// <summary>True when the condition calls a status function (<c>always()</c>, <c>failure()</c>…).</summary>
    public static bool HasStatusFunction(ExpressionNode condition) =>
        condition.DescendantsAndSelf().OfType<CallNode>().Any(c => StatusFunctions.Contains(c.Name));

    /// <summary>
    /// True for an atom that holds only on <paramref name="branch"/>: <c>github.ref == 'refs/heads/BRANCH'</c>,
    /// <c>github.ref_name == 'BRANCH'</c> (either side; GitHub compares strings case-insensitively).
    /// </summary>
    public static bool IsRefEquals(ExpressionNode atom, string branch)
    {
        if (atom is GroupNode g) return IsRefEquals(g.Inner, branch);
        if (atom is not BinaryNode { Operator: ExpressionTokenKind.Equal } eq) return false;
        return Check(eq.Left, eq.Right) || Check(eq.Right, eq.Left);

        bool Check(ExpressionNode context, ExpressionNode literal)
        {
            if (Unwrap(literal) is not LiteralNode { Kind: ExpressionLiteralKind.String } s) return false;
            var value = s.StringValue!;
            return Unwrap(context).ContextPath() switch
            {
                "github.ref" => string.Equals(value, "refs/heads/" + branch, StringComparison.OrdinalIgnoreCase),
                "github.ref_name" => string.Equals(value, branch, StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
        }
    }

    /// <summary>True for an atom comparing two context paths for equality (<c>a == b</c> in either order).</summary>
    public static bool IsPathEquality(ExpressionNode atom, string left, string right)
    {
        if (Unwrap(atom) is not BinaryNode { Operator: ExpressionTokenKind.Equal } eq) return false;
        var l = Unwrap(eq.Left).ContextPath();
        var r = Unwrap(eq.Right).ContextPath();
        return (l == left && r == right) || (l == right && r == left);
    }

    /// <summary>Removes redundant parentheses.</summary>
    public static ExpressionNode Unwrap(ExpressionNode node)
    {
        while (node is GroupNode g) node = g.Inner;
        return node;
    }
}
