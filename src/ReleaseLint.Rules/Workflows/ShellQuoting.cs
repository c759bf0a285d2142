namespace ReleaseLint.Rules.Workflows;

/// <summary>Where a place in a POSIX shell script is, as far as quoting goes.</summary>
public enum ShellContext
{
    /// <summary>Outside quotes: the value would be split into words and globbed.</summary>
    Unquoted,
    /// <summary>Inside <c>"…"</c>: <c>$VAR</c> expands, as one word.</summary>
    DoubleQuoted,
    /// <summary>Inside <c>'…'</c>: nothing expands.</summary>
    SingleQuoted,
    /// <summary>In the body of a here-document whose delimiter is not quoted: <c>$VAR</c> expands.</summary>
    ExpandingHeredoc,
    /// <summary>Somewhere a variable cannot simply replace the text: a quoted here-document, a comment, backquotes, or a script the scanner cannot follow.</summary>
    Unknown,
}

/// <summary>
/// A small scanner of bash/sh quoting, for fixes that replace text inside a <c>run:</c> script with a variable: it
/// follows single and double quotes, backslash escapes, comments, <c>$( … )</c> (nested, quotes reset inside) and
/// here-documents, and treats each <c>${{ … }}</c> as opaque (GitHub replaces it before the shell reads the script).
/// It answers <see cref="ShellContext.Unknown"/> rather than guess.
/// </summary>
public static class ShellQuoting
{
    private enum Mode { Unquoted, Double, Single, Comment }

    /// <summary>The context at <paramref name="index"/> of <paramref name="script"/>; <paramref name="opaque"/> lists (start, length) spans read as one plain character.</summary>
    public static ShellContext At(string script, int index, IReadOnlyList<(int Start, int Length)> opaque)
    {
        var stack = new Stack<Mode>();
        stack.Push(Mode.Unquoted);
        var substitutionDepth = new Stack<int>(); // paren depth inside each $( )
        var pending = new List<(string Delimiter, bool Literal, bool StripTabs)>();
        var i = 0;
        var steps = 0;
        while (i < index)
        {
            if (++steps > 1_000_000) return ShellContext.Unknown;
            if (opaque.FirstOrDefault(o => o.Start == i) is { Length: > 0 } skip)
            {
                i += skip.Length;
                continue;
            }
            var c = script[i];
            var mode = stack.Peek();
            switch (mode)
            {
                case Mode.Comment:
                    if (c == '\n')
                    {
                        stack.Pop();
                        if (!Heredocs(script, ref i, index, pending, out var inBody)) return inBody;
                        continue;
                    }
                    break;
                case Mode.Single:
                    if (c == '\'') stack.Pop();
                    break;
                case Mode.Double:
                    if (c == '\\') i++;
                    else if (c == '"') stack.Pop();
                    else if (c == '`') return ShellContext.Unknown;
                    else if (c == '$' && i + 1 < script.Length && script[i + 1] == '(')
                    {
                        stack.Push(Mode.Unquoted);
                        substitutionDepth.Push(0);
                        i++;
                    }
                    break;
                case Mode.Unquoted:
                    if (c == '\\') i++;
                    else if (c == '\'') stack.Push(Mode.Single);
                    else if (c == '"') stack.Push(Mode.Double);
                    else if (c == '`') return ShellContext.Unknown;
                    else if (c == '#' && (i == 0 || char.IsWhiteSpace(script[i - 1]) || script[i - 1] is ';' or '(' or '&' or '|')) stack.Push(Mode.Comment);
                    else if (c == '$' && i + 1 < script.Length && script[i + 1] == '(')
                    {
                        stack.Push(Mode.Unquoted);
                        substitutionDepth.Push(0);
                        i++;
                    }
                    else if (c == '(' && substitutionDepth.Count > 0) substitutionDepth.Push(substitutionDepth.Pop() + 1);
                    else if (c == ')' && substitutionDepth.Count > 0)
                    {
                        var depth = substitutionDepth.Pop();
                        if (depth > 0) substitutionDepth.Push(depth - 1);
                        else stack.Pop();
                    }
                    else if (c == '<' && i + 1 < script.Length && script[i + 1] == '<' && (i + 2 >= script.Length || script[i + 2] != '<'))
                    {
                        if (ReadHeredocStart(script, ref i) is not { } heredoc) return ShellContext.Unknown;
                        pending.Add(heredoc);
                        continue;
                    }
                    else if (c == '\n' && pending.Count > 0)
                    {
                        if (!Heredocs(script, ref i, index, pending, out var inBody)) return inBody;
                        continue;
                    }
                    break;
            }
            i++;
        }
        return stack.Peek() switch
        {
            Mode.Unquoted => ShellContext.Unquoted,
            Mode.Double => ShellContext.DoubleQuoted,
            Mode.Single => ShellContext.SingleQuoted,
            _ => ShellContext.Unknown,
        };
    }

    /// <summary>
    /// At the line break ending a command line with pending here-documents: skips their bodies. False when
    /// <paramref name="index"/> lies inside one (then <paramref name="context"/> says which kind).
    /// </summary>
    private static bool Heredocs(string script, ref int i, int index, List<(string Delimiter, bool Literal, bool StripTabs)> pending, out ShellContext context)
    {
        context = ShellContext.Unknown;
        i++; // past the line break
        foreach (var (delimiter, literal, stripTabs) in pending)
        {
            while (true)
            {
                if (i >= script.Length) break;
                var end = script.IndexOf('\n', i);
                var lineEnd = end < 0 ? script.Length : end;
                var line = script[i..lineEnd].TrimEnd('\r');
                if ((stripTabs ? line.TrimStart('\t') : line) == delimiter)
                {
                    if (index >= i && index <= lineEnd) return false; // on the delimiter line: not a place for a value
                    i = end < 0 ? script.Length : end + 1;
                    break;
                }
                if (index >= i && index <= lineEnd)
                {
                    context = literal ? ShellContext.Unknown : ShellContext.ExpandingHeredoc;
                    return false;
                }
                i = end < 0 ? script.Length : end + 1;
            }
        }
        pending.Clear();
        return true;
    }

    /// <summary>Reads <c>&lt;&lt;[-]WORD</c> at <paramref name="i"/> (moving past it); null when the delimiter is not a plain word.</summary>
    private static (string, bool, bool)? ReadHeredocStart(string script, ref int i)
    {
        var j = i + 2;
        var stripTabs = j < script.Length && script[j] == '-';
        if (stripTabs) j++;
        while (j < script.Length && script[j] is ' ' or '\t') j++;
        if (j >= script.Length) return null;
        var literal = false;
        string word;
        if (script[j] is '\'' or '"')
        {
            var quote = script[j];
            var close = script.IndexOf(quote, j + 1);
            if (close < 0) return null;
            word = script[(j + 1)..close];
            literal = true;
            j = close + 1;
        }
        else
        {
            if (script[j] == '\\')
            {
                literal = true;
                j++;
            }
            var start = j;
            while (j < script.Length && (char.IsLetterOrDigit(script[j]) || script[j] is '_' or '-' or '.')) j++;
            word = script[start..j];
        }
        if (word.Length == 0 || word.Any(c => c is '\'' or '"' or '\\' or '$')) return null;
        i = j;
        return (word, literal, stripTabs);
    }
}
