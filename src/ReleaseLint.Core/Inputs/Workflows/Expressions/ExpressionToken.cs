namespace ReleaseLint.Inputs.Workflows.Expressions;

/// <summary>The kinds of token of the GitHub Actions expression language.</summary>
public enum ExpressionTokenKind
{
    /// <summary>A name: a context (<c>github</c>), a property (<c>my-step</c>) or a function (<c>contains</c>).</summary>
    Identifier,
    /// <summary>A single-quoted string (<c>'it''s'</c>).</summary>
    String,
    /// <summary>A number (<c>42</c>, <c>-2.5e3</c>, <c>0xff</c>).</summary>
    Number,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary><c>null</c>.</summary>
    Null,
    /// <summary><c>.</c></summary>
    Dot,
    /// <summary><c>,</c></summary>
    Comma,
    /// <summary><c>*</c> (object filter, as in <c>.*</c> or <c>[*]</c>).</summary>
    Star,
    /// <summary><c>(</c></summary>
    LeftParen,
    /// <summary><c>)</c></summary>
    RightParen,
    /// <summary><c>[</c></summary>
    LeftBracket,
    /// <summary><c>]</c></summary>
    RightBracket,
    /// <summary><c>!</c></summary>
    Not,
    /// <summary><c>&amp;&amp;</c></summary>
    And,
    /// <summary><c>||</c></summary>
    Or,
    /// <summary><c>==</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
    /// <summary>The end of the expression.</summary>
    End,
}

/// <summary>One token of an expression.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The token as written (for strings: with the quotes).</param>
/// <param name="Start">0-based offset in the expression text.</param>
public readonly record struct ExpressionToken(ExpressionTokenKind Kind, string Text, int Start)
{
    /// <summary>Offset just after the token.</summary>
    public int End => Start + Text.Length;
}

/// <summary>An expression that is not valid GitHub Actions syntax.</summary>
public sealed class ExpressionSyntaxException : Exception
{
    /// <summary>Creates the error.</summary>
    public ExpressionSyntaxException(string message, int offset) : base(message) => Offset = offset;

    /// <summary>0-based offset in the expression text where the problem is.</summary>
    public int Offset { get; }
}
