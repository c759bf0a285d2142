using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Workflows.Expressions;

/// <summary>One <c>${{ … }}</c> inside a string value, parsed.</summary>
public sealed class EmbeddedExpression
{
    internal EmbeddedExpression(string template, int start, int length, string text, int textStart, ExpressionNode? node, ExpressionSyntaxException? error)
    {
        Template = template;
        Start = start;
        Length = length;
        Text = text;
        TextStart = textStart;
        Node = node;
        Error = error;
    }

    /// <summary>The whole string the expression was found in.</summary>
    public string Template { get; }
    /// <summary>0-based offset of <c>${{</c> in <see cref="Template"/>.</summary>
    public int Start { get; }
    /// <summary>Length from <c>${{</c> through <c>}}</c>.</summary>
    public int Length { get; }
    /// <summary>The text between <c>${{</c> and <c>}}</c>.</summary>
    public string Text { get; }
    /// <summary>Offset of <see cref="Text"/> in <see cref="Template"/>.</summary>
    public int TextStart { get; }
    /// <summary>The parsed expression; null when it is not valid (see <see cref="Error"/>) or unterminated.</summary>
    public ExpressionNode? Node { get; }
    /// <summary>Why it did not parse, or null.</summary>
    public ExpressionSyntaxException? Error { get; }
    /// <summary>False when the closing <c>}}</c> is missing.</summary>
    public bool IsTerminated => Length >= 5 && Template.AsSpan(Start + Length - 2, 2).SequenceEqual("}}");
    /// <summary>The expression as written, <c>${{ … }}</c> included.</summary>
    public string Raw => Template.Substring(Start, Length);

    /// <summary>
    /// Where this expression (or, with <paramref name="inner"/>, a node inside it) is in the source file,
    /// so that a finding inside a multi-line <c>run:</c> block points at its exact line and column.
    /// </summary>
    public SourceLocation Locate(YamlScalar scalar, ExpressionNode? inner = null)
    {
        // Which occurrence of the same text this is, so that repeated expressions map to their own place.
        var occurrence = 0;
        for (var at = Template.IndexOf(Raw, StringComparison.Ordinal); at >= 0 && at < Start; at = Template.IndexOf(Raw, at + 1, StringComparison.Ordinal))
            occurrence++;
        var source = scalar.Source;
        var whole = scalar.LocateText(Raw, occurrence);
        if (inner is null || whole.Line != whole.EndLine) return whole;
        var offset = source.Offset(whole.Line, whole.Column) + (TextStart - Start) + inner.Start;
        return source.Span(offset, inner.End - inner.Start);
    }
}

/// <summary>Finds and parses the <c>${{ … }}</c> expressions inside a string.</summary>
public static class ExpressionTemplate
{
    /// <summary>True when <paramref name="value"/> contains <c>${{</c>.</summary>
    public static bool HasExpressions(string? value) => value is not null && value.Contains("${{", StringComparison.Ordinal);

    /// <summary>
    /// Every <c>${{ … }}</c> in <paramref name="value"/>, in order. The closing <c>}}</c> is the first one outside a
    /// string literal, as GitHub reads it (<c>${{ format('{{0}}', x) }}</c> is one expression).
    /// </summary>
    public static IReadOnlyList<EmbeddedExpression> Scan(string? value)
    {
        if (value is null || !HasExpressions(value)) return [];
        var list = new List<EmbeddedExpression>();
        var from = 0;
        while (true)
        {
            var start = value.IndexOf("${{", from, StringComparison.Ordinal);
            if (start < 0) break;
            var textStart = start + 3;
            var i = textStart;
            var inString = false;
            var end = -1;
            while (i < value.Length)
            {
                var c = value[i];
                if (c == '\'') inString = !inString;
                else if (!inString && c == '}' && i + 1 < value.Length && value[i + 1] == '}')
                {
                    end = i;
                    break;
                }
                i++;
            }
            if (end < 0)
            {
                list.Add(new EmbeddedExpression(value, start, value.Length - start, value[textStart..], textStart, null,
                    new ExpressionSyntaxException("'${{' is not closed by '}}'", 0)));
                break;
            }
            var text = value[textStart..end];
            var node = ExpressionParser.TryParse(text, out var error);
            list.Add(new EmbeddedExpression(value, start, end + 2 - start, text, textStart, node, error));
            from = end + 2;
        }
        return list;
    }
}
