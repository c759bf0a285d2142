using ReleaseLint.Rules.Workflows;

namespace ReleaseLint.Tests.Fixes;

public sealed class ShellQuotingTests
{
    /// <summary>The context of the place marked <c>@</c> (the marker itself is removed).</summary>
    private static ShellContext At(string script)
    {
        var index = script.IndexOf('@');
        return ShellQuoting.At(script.Remove(index, 1), index, []);
    }

    [Theory]
    [InlineData("echo @", ShellContext.Unquoted)]
    [InlineData("echo \"a @\"", ShellContext.DoubleQuoted)]
    [InlineData("echo 'a @'", ShellContext.SingleQuoted)]
    [InlineData("echo \"it's @\"", ShellContext.DoubleQuoted)]
    [InlineData("echo 'say \"' @", ShellContext.Unquoted)]
    [InlineData("echo \\\" @", ShellContext.Unquoted)]
    [InlineData("echo \"$(date '+%s') @\"", ShellContext.DoubleQuoted)]
    [InlineData("echo \"$(printf '%s' @)\"", ShellContext.Unquoted)]
    [InlineData("echo \"$(printf \"%s\" \"@\")\"", ShellContext.DoubleQuoted)]
    [InlineData("echo `date` \"@\"", ShellContext.Unknown)]
    [InlineData("# a comment @\necho", ShellContext.Unknown)]
    [InlineData("# it's\necho \"@\"", ShellContext.DoubleQuoted)]
    [InlineData("echo a#b \"@\"", ShellContext.DoubleQuoted)]
    [InlineData("cat <<EOF\nTitle: @\nEOF\n", ShellContext.ExpandingHeredoc)]
    [InlineData("cat <<-EOF\n\tTitle: @\n\tEOF\n", ShellContext.ExpandingHeredoc)]
    [InlineData("cat <<'EOF'\nTitle: @\nEOF\n", ShellContext.Unknown)]
    [InlineData("cat <<\"EOF\"\nTitle: @\nEOF\n", ShellContext.Unknown)]
    [InlineData("cat <<EOF > x\nit's\nEOF\necho \"@\"", ShellContext.DoubleQuoted)]
    public void Contexts(string script, ShellContext expected) => Assert.Equal(expected, At(script));

    [Fact]
    public void Expressions_are_opaque()
    {
        // The quote inside ${{ }} belongs to the expression language, not to the shell.
        const string script = "echo \"${{ format('{0}', x) }}\" ${{ y }}";
        var y = script.LastIndexOf("${{", StringComparison.Ordinal);
        var spans = new[] { (script.IndexOf("${{", StringComparison.Ordinal), "${{ format('{0}', x) }}".Length), (y, 8) };
        Assert.Equal(ShellContext.Unquoted, ShellQuoting.At(script, y, spans));
        Assert.Equal(ShellContext.DoubleQuoted, ShellQuoting.At(script, 6, spans));
    }
}
