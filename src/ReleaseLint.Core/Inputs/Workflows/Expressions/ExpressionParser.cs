namespace ReleaseLint.Inputs.Workflows.Expressions;

/// <summary>
/// Parses a GitHub Actions expression into <see cref="ExpressionNode"/>s. Precedence, loosest first:
/// <c>||</c>, <c>&amp;&amp;</c>, <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>!</c>, then property access
/// (<c>a.b</c>, <c>a.*</c>), index access (<c>a[b]</c>, <c>a[*]</c>), calls and literals. The idiom
/// <c>cond &amp;&amp; a || b</c> (GitHub's ternary) parses as <c>(cond &amp;&amp; a) || b</c>.
/// </summary>
public sealed class ExpressionParser
{
    /// <summary>Deepest nesting accepted (parentheses, calls, indexes), so hostile input cannot exhaust the stack.</summary>
    public const int MaxDepth = 64;

    private readonly IReadOnlyList<ExpressionToken> _tokens;
    private int _position;
    private int _depth;

    private ExpressionParser(IReadOnlyList<ExpressionToken> tokens) => _tokens = tokens;

    /// <summary>Parses <paramref name="text"/> (without <c>${{ }}</c>).</summary>
    /// <exception cref="ExpressionSyntaxException">The text is not a valid expression.</exception>
    public static ExpressionNode Parse(string text)
    {
        var parser = new ExpressionParser(ExpressionLexer.Tokenize(text));
        if (parser.Peek.Kind == ExpressionTokenKind.End) throw new ExpressionSyntaxException("empty expression", 0);
        var node = parser.ParseOr();
        if (parser.Peek.Kind != ExpressionTokenKind.End)
            throw new ExpressionSyntaxException($"unexpected '{parser.Peek.Text}' after the end of the expression", parser.Peek.Start);
        return node;
    }

    /// <summary>Parses <paramref name="text"/>; returns null and the error instead of throwing.</summary>
    public static ExpressionNode? TryParse(string text, out ExpressionSyntaxException? error)
    {
        try
        {
            error = null;
            return Parse(text);
        }
        catch (ExpressionSyntaxException e)
        {
            error = e;
            return null;
        }
    }

    private ExpressionToken Peek => _tokens[_position];

    private ExpressionToken Take() => _tokens[_position++];

    private ExpressionToken Expect(ExpressionTokenKind kind, string what)
    {
        if (Peek.Kind != kind)
            throw new ExpressionSyntaxException(Peek.Kind == ExpressionTokenKind.End ? $"expected {what} but the expression ended" : $"expected {what} but found '{Peek.Text}'", Peek.Start);
        return Take();
    }

    private ExpressionNode ParseOr() => ParseBinary(ParseAnd, static k => k == ExpressionTokenKind.Or);

    private ExpressionNode ParseAnd() => ParseBinary(ParseEquality, static k => k == ExpressionTokenKind.And);

    private ExpressionNode ParseEquality() =>
        ParseBinary(ParseComparison, static k => k is ExpressionTokenKind.Equal or ExpressionTokenKind.NotEqual);

    private ExpressionNode ParseComparison() =>
        ParseBinary(ParseUnary, static k => k is ExpressionTokenKind.Less or ExpressionTokenKind.LessOrEqual or ExpressionTokenKind.Greater or ExpressionTokenKind.GreaterOrEqual);

    /// <summary>One precedence level of left-associative binary operators, its operands parsed by <paramref name="operand"/>.</summary>
    private ExpressionNode ParseBinary(Func<ExpressionNode> operand, Func<ExpressionTokenKind, bool> isOperator)
    {
        var left = operand();
        while (isOperator(Peek.Kind))
        {
            var op = Take();
            left = new BinaryNode(op.Kind, op.Text, left, operand());
        }
        return left;
    }

    private ExpressionNode ParseUnary()
    {
        if (Peek.Kind != ExpressionTokenKind.Not) return ParsePostfix();
        var not = Take();
        Enter(not.Start);
        var operand = ParseUnary();
        _depth--;
        return new NotNode(operand, not.Start);
    }

    private ExpressionNode ParsePostfix()
    {
        var node = ParsePrimary();
        while (true)
        {
            switch (Peek.Kind)
            {
                case ExpressionTokenKind.Dot:
                {
                    Take();
                    if (Peek.Kind == ExpressionTokenKind.Star)
                    {
                        node = new StarNode(node, Take().End);
                        continue;
                    }
                    // Property names may be words that are keywords elsewhere (steps.true.outputs is legal).
                    if (Peek.Kind is ExpressionTokenKind.Identifier or ExpressionTokenKind.Boolean or ExpressionTokenKind.Null)
                    {
                        var name = Take();
                        node = new PropertyNode(node, name.Text, name.End);
                        continue;
                    }
                    throw new ExpressionSyntaxException(Peek.Kind == ExpressionTokenKind.End ? "expected a property name after '.' but the expression ended" : $"expected a property name after '.' but found '{Peek.Text}'", Peek.Start);
                }
                case ExpressionTokenKind.LeftBracket:
                {
                    var open = Take();
                    Enter(open.Start);
                    if (Peek.Kind == ExpressionTokenKind.Star)
                    {
                        Take();
                        node = new StarNode(node, Expect(ExpressionTokenKind.RightBracket, "']'").End);
                    }
                    else
                    {
                        var index = ParseOr();
                        node = new IndexNode(node, index, Expect(ExpressionTokenKind.RightBracket, "']'").End);
                    }
                    _depth--;
                    continue;
                }
                default:
                    return node;
            }
        }
    }

    private ExpressionNode ParsePrimary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case ExpressionTokenKind.String:
                Take();
                return new LiteralNode(ExpressionLiteralKind.String, token.Text, token.Start, token.End);
            case ExpressionTokenKind.Number:
                Take();
                return new LiteralNode(ExpressionLiteralKind.Number, token.Text, token.Start, token.End);
            case ExpressionTokenKind.Boolean:
                Take();
                return new LiteralNode(ExpressionLiteralKind.Boolean, token.Text, token.Start, token.End);
            case ExpressionTokenKind.Null:
                Take();
                return new LiteralNode(ExpressionLiteralKind.Null, token.Text, token.Start, token.End);
            case ExpressionTokenKind.LeftParen:
            {
                Take();
                Enter(token.Start);
                var inner = ParseOr();
                var close = Expect(ExpressionTokenKind.RightParen, "')'");
                _depth--;
                return new GroupNode(inner, token.Start, close.End);
            }
            case ExpressionTokenKind.Identifier:
            {
                Take();
                if (Peek.Kind != ExpressionTokenKind.LeftParen) return new ContextNode(token.Text, token.Start, token.End);
                Take();
                Enter(token.Start);
                var arguments = new List<ExpressionNode>();
                if (Peek.Kind != ExpressionTokenKind.RightParen)
                {
                    arguments.Add(ParseOr());
                    while (Peek.Kind == ExpressionTokenKind.Comma)
                    {
                        Take();
                        arguments.Add(ParseOr());
                    }
                }
                var close = Expect(ExpressionTokenKind.RightParen, "')' or ','");
                _depth--;
                return new CallNode(token.Text, arguments, token.Start, close.End);
            }
            case ExpressionTokenKind.End:
                throw new ExpressionSyntaxException("expected a value but the expression ended", token.Start);
            default:
                throw new ExpressionSyntaxException($"unexpected '{token.Text}'", token.Start);
        }
    }

    private void Enter(int offset)
    {
        if (++_depth > MaxDepth) throw new ExpressionSyntaxException($"expression nested deeper than {MaxDepth} levels", offset);
    }
}
