namespace ReleaseLint.Inputs.Workflows.Expressions;

/// <summary>
/// A node of a parsed GitHub Actions expression. Offsets are relative to the expression text (the part
/// between <c>${{</c> and <c>}}</c>), so a finding can point inside it.
/// </summary>
public abstract class ExpressionNode
{
    private protected ExpressionNode(int start, int end)
    {
        Start = start;
        End = end;
    }

    /// <summary>0-based offset of the node's first character in the expression text.</summary>
    public int Start { get; }
    /// <summary>Offset just after the node.</summary>
    public int End { get; }

    /// <summary>The direct children, left to right.</summary>
    public abstract IEnumerable<ExpressionNode> Children { get; }

    /// <summary>This node and every node below it, depth first.</summary>
    public IEnumerable<ExpressionNode> DescendantsAndSelf()
    {
        var stack = new Stack<ExpressionNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            foreach (var child in node.Children.Reverse()) stack.Push(child);
        }
    }

    /// <summary>
    /// The dotted, lower-case path of a context access such as <c>github.event.issue.title</c>; an object filter
    /// (<c>.*</c>, <c>[*]</c>) or an index that is not a string literal becomes <c>*</c>
    /// (<c>github.event.commits[0].message</c> → <c>github.event.commits.*.message</c>). Null when this node is
    /// not a pure access chain starting at a context.
    /// </summary>
    public string? ContextPath() => ContextPath(preserveCase: false);

    /// <summary>Like <see cref="ContextPath()"/>; with <paramref name="preserveCase"/> the names keep the case they are written in (for messages).</summary>
    public string? ContextPath(bool preserveCase)
    {
        string Case(string name) => preserveCase ? name : name.ToLowerInvariant();
        var parts = new List<string>();
        var node = this;
        while (true)
        {
            switch (node)
            {
                case ContextNode c:
                    parts.Add(Case(c.Name));
                    parts.Reverse();
                    return string.Join('.', parts);
                case PropertyNode p:
                    parts.Add(Case(p.Name));
                    node = p.Target;
                    break;
                case IndexNode { Index: LiteralNode { Kind: ExpressionLiteralKind.String } s } ix:
                    parts.Add(Case(s.StringValue!));
                    node = ix.Target;
                    break;
                case IndexNode ix:
                    parts.Add("*");
                    node = ix.Target;
                    break;
                case StarNode star:
                    parts.Add("*");
                    node = star.Target;
                    break;
                default:
                    return null;
            }
        }
    }
}

/// <summary>The kinds of literal.</summary>
public enum ExpressionLiteralKind
{
    /// <summary><c>null</c></summary>
    Null,
    /// <summary><c>true</c> / <c>false</c></summary>
    Boolean,
    /// <summary>A number.</summary>
    Number,
    /// <summary>A single-quoted string.</summary>
    String,
}

/// <summary>A literal: <c>'text'</c>, <c>42</c>, <c>true</c>, <c>null</c>.</summary>
public sealed class LiteralNode : ExpressionNode
{
    internal LiteralNode(ExpressionLiteralKind kind, string raw, int start, int end) : base(start, end)
    {
        Kind = kind;
        Raw = raw;
    }

    /// <summary>What kind of literal.</summary>
    public ExpressionLiteralKind Kind { get; }
    /// <summary>As written (strings with their quotes).</summary>
    public string Raw { get; }
    /// <summary>The value of a string literal (quotes removed, <c>''</c> unescaped); null for other kinds.</summary>
    public string? StringValue => Kind == ExpressionLiteralKind.String ? Raw[1..^1].Replace("''", "'") : null;
    /// <summary>The value of a number literal; null for other kinds.</summary>
    public double? NumberValue => Kind == ExpressionLiteralKind.Number ? ExpressionLexer.ParseNumber(Raw) : null;
    /// <summary>The value of a boolean literal; null for other kinds.</summary>
    public bool? BooleanValue => Kind == ExpressionLiteralKind.Boolean ? Raw == "true" : null;

    /// <inheritdoc />
    public override IEnumerable<ExpressionNode> Children => [];
}

/// <summary>A context name at the start of an access chain: <c>github</c>, <c>env</c>, <c>steps</c>, <c>inputs</c>…</summary>
public sealed class ContextNode : ExpressionNode
{
    internal ContextNode(string name, int start, int end) : base(start, end) => Name = name;

    /// <summary>The name as written (contexts are case-insensitive).</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override IEnumerable<ExpressionNode> Children => [];
}

/// <summary>Property access: <c>target.name</c>.</summary>
public sealed class PropertyNode : ExpressionNode
{
    internal PropertyNode(ExpressionNode target, string name, int end) : base(target.Start, end)
    {
        Target = target;
        Name = name;
    }

    /// <summary>The object.</summary>
    public ExpressionNode Target { get; }
    /// <summary>The property name as written.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override IEnumerable<ExpressionNode> Children => [Target];
}

/// <summary>Index access: <c>target[index]</c>.</summary>
public sealed class IndexNode : ExpressionNode
{
    internal IndexNode(ExpressionNode target, ExpressionNode index, int end) : base(target.Start, end)
    {
        Target = target;
        Index = index;
    }

    /// <summary>The object or array.</summary>
    public ExpressionNode Target { get; }
    /// <summary>The index expression.</summary>
    public ExpressionNode Index { get; }

    /// <inheritdoc />
    public override IEnumerable<ExpressionNode> Children => [Target, Index];
}

/// <summary>An object filter: <c>target.*</c> or <c>target[*]</c>.</summary>
public sealed class StarNode : ExpressionNode
{
    internal StarNode(ExpressionNode target, int end) : base(target.Start, end) => Target = target;

    /// <summary>The filtered object.</summary>
    public ExpressionNode Target { get; }

    /// <inheritdoc />
    public override IEnumerable<ExpressionNode> Children => [Target];
}

/// <summary>A function call: <c>contains(a, b)</c>.</summary>
public sealed class CallNode : ExpressionNode
{
    internal CallNode(string name, IReadOnlyList<ExpressionNode> arguments, int start, int end) : base(start, end)
    {
        Name = name;
        Arguments = arguments;
    }

    /// <summary>The function name as written (function names are case-insensitive).</summary>
    public string Name { get; }
    /// <summary>The arguments.</summary>
    public IReadOnlyList<ExpressionNode> Arguments { get; }

    /// <summary>True when this calls <paramref name="function"/> (case-insensitive).</summary>
    public bool Is(string function) => string.Equals(Name, function, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override IEnumerable<ExpressionNode> Children => Arguments;
}

/// <summary>Logical not: <c>!operand</c>.</summary>
public sealed class NotNode : ExpressionNode
{
    internal NotNode(ExpressionNode operand, int start) : base(start, operand.End) => Operand = operand;

    /// <summary>The negated expression.</summary>
    public ExpressionNode Operand { get; }

    /// <inheritdoc />
    public override IEnumerable<ExpressionNode> Children => [Operand];
}

/// <summary>A binary operator: <c>&amp;&amp; || == != &lt; &lt;= &gt; &gt;=</c>.</summary>
public sealed class BinaryNode : ExpressionNode
{
    internal BinaryNode(ExpressionTokenKind op, string opText, ExpressionNode left, ExpressionNode right) : base(left.Start, right.End)
    {
        Operator = op;
        OperatorText = opText;
        Left = left;
        Right = right;
    }

    /// <summary>The operator.</summary>
    public ExpressionTokenKind Operator { get; }
    /// <summary>The operator as written (<c>&amp;&amp;</c>).</summary>
    public string OperatorText { get; }
    /// <summary>Left operand.</summary>
    public ExpressionNode Left { get; }
    /// <summary>Right operand.</summary>
    public ExpressionNode Right { get; }
    /// <summary>True for <c>== != &lt; &lt;= &gt; &gt;=</c> (the result is a boolean).</summary>
    public bool IsComparison => Operator is ExpressionTokenKind.Equal or ExpressionTokenKind.NotEqual or ExpressionTokenKind.Less or
        ExpressionTokenKind.LessOrEqual or ExpressionTokenKind.Greater or ExpressionTokenKind.GreaterOrEqual;

    /// <inheritdoc />
    public override IEnumerable<ExpressionNode> Children => [Left, Right];
}

/// <summary>A parenthesised expression (kept so that locations and printing stay faithful).</summary>
public sealed class GroupNode : ExpressionNode
{
    internal GroupNode(ExpressionNode inner, int start, int end) : base(start, end) => Inner = inner;

    /// <summary>The expression inside the parentheses.</summary>
    public ExpressionNode Inner { get; }

    /// <inheritdoc />
    public override IEnumerable<ExpressionNode> Children => [Inner];
}
