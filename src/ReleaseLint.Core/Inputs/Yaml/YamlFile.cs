using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ReleaseLint.Inputs.Yaml;

/// <summary>A YAML file parsed once into <see cref="YamlNode"/>s with positions, or the reason it could not be.</summary>
public sealed class YamlFile
{
    private YamlFile(SourceText source, YamlNode? root, ReadFailure? error, int documentCount)
    {
        Source = source;
        Root = root;
        Error = error;
        DocumentCount = documentCount;
    }

    /// <summary>The file's text.</summary>
    public SourceText Source { get; }
    /// <summary>The root node of the first document; null when the file is empty or could not be parsed.</summary>
    public YamlNode? Root { get; }
    /// <summary>Why parsing failed (an RL0004 finding), or null.</summary>
    public ReadFailure? Error { get; }
    /// <summary>How many YAML documents the file holds.</summary>
    public int DocumentCount { get; }
    /// <summary>Repository-relative path.</summary>
    public string Path => Source.Path;

    /// <summary>Parses <paramref name="source"/> within <paramref name="limits"/>. Never throws for bad input.</summary>
    public static YamlFile Parse(SourceText source, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        try
        {
            var (root, count) = new Builder(source, limits).Build();
            return new YamlFile(source, root, null, count);
        }
        catch (YamlLimitException e)
        {
            return new YamlFile(source, null, new ReadFailure(e.Message, e.Mark.Line, e.Mark.Column), 0);
        }
        catch (YamlException e)
        {
            var (line, column) = ((int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column));
            if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndent(source) is { } tab)
                (line, column) = tab; // YamlDotNet reports the start of the mapping, not the tab
            return new YamlFile(source, null, new ReadFailure("invalid YAML: " + CleanMessage(e), line, column), 0);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            // YamlDotNet's scanner has internal-state bugs on some malformed inputs (found by the property
            // test); such input is invalid YAML in any case.
            return new YamlFile(source, null, new ReadFailure($"invalid YAML: the YAML parser gave up ({e.GetType().Name}: {e.Message})"), 0);
        }
    }

    private static (int Line, int Column)? FirstTabIndent(SourceText source)
    {
        for (var line = 1; line <= source.LineCount; line++)
        {
            var text = source.Line(line);
            var indent = text.Length - text.TrimStart(' ', '\t').Length;
            var tab = text.IndexOf('\t');
            if (tab >= 0 && tab < indent && indent < text.Length) return (line, tab + 1);
        }
        return null;
    }

    private static string CleanMessage(YamlException e)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the location is reported separately.
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0) message = message[(cut + 3)..];
        message = message.Trim();
        if (message.Length > 0) message = char.ToLowerInvariant(message[0]) + message[1..];
        return message.TrimEnd('.');
    }

    private sealed class YamlLimitException(string message, YamlMark mark) : Exception(message)
    {
        public YamlMark Mark { get; } = mark;
    }

    /// <summary>Builds nodes from YamlDotNet's event stream with an explicit stack: no recursion, so no stack overflow.</summary>
    private sealed class Builder(SourceText source, YamlLimits limits)
    {
        private sealed class Frame(YamlNode node)
        {
            public YamlNode Node { get; } = node;
            public YamlNode? PendingKey { get; set; }
            public long Weight { get; set; } = 1;
        }

        private readonly Dictionary<string, (YamlNode Node, long Weight)> _anchors = new(StringComparer.Ordinal);
        private long _aliasExpansion;
        private int _nodes;

        public (YamlNode? Root, int Documents) Build()
        {
            var parser = new Parser(new Scanner(new StringReader(source.Text), skipComments: true));
            var stack = new Stack<Frame>();
            YamlNode? root = null;
            var documents = 0;
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                switch (ev)
                {
                    case DocumentStart:
                        documents++;
                        break;
                    case MappingStart ms:
                        Push(stack, new YamlMapping(source, Mark(ms.Start), Tag(ms.Tag)), ms.Anchor, ms.Start);
                        break;
                    case SequenceStart ss:
                        Push(stack, new YamlSequence(source, Mark(ss.Start), Tag(ss.Tag)), ss.Anchor, ss.Start);
                        break;
                    case MappingEnd or SequenceEnd:
                    {
                        var frame = stack.Pop();
                        frame.Node.End = Mark(ev.End);
                        var anchor = _pendingAnchors.Pop();
                        if (anchor is not null) _anchors[anchor] = (frame.Node, frame.Weight);
                        Attach(stack, frame.Node, frame.Weight, ref root, documents);
                        break;
                    }
                    case Scalar sc:
                    {
                        Count(sc.Start);
                        var node = new YamlScalar(source, Mark(sc.Start), Mark(sc.End), Tag(sc.Tag), sc.Value, Style(sc.Style));
                        if (!sc.Anchor.IsEmpty) _anchors[sc.Anchor.Value] = (node, 1);
                        Attach(stack, node, 1, ref root, documents);
                        break;
                    }
                    case AnchorAlias alias:
                    {
                        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                            throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} names no anchor");
                        _aliasExpansion += target.Weight;
                        if (_aliasExpansion > limits.MaxAliasExpansion)
                            throw new YamlLimitException($"alias expansion over the limit: expanding the aliases would create more than {limits.MaxAliasExpansion:N0} nodes (an alias bomb?); the file was not linted", Mark(alias.Start));
                        Attach(stack, target.Node, target.Weight, ref root, documents);
                        break;
                    }
                }
            }
            return (root, documents);
        }

        private readonly Stack<string?> _pendingAnchors = new();

        private void Push(Stack<Frame> stack, YamlNode node, AnchorName anchor, Mark start)
        {
            Count(start);
            if (stack.Count >= limits.MaxDepth)
                throw new YamlLimitException($"nesting deeper than {limits.MaxDepth} levels; the file was not linted", Mark(start));
            stack.Push(new Frame(node));
            _pendingAnchors.Push(anchor.IsEmpty ? null : anchor.Value);
        }

        private void Count(Mark at)
        {
            if (++_nodes > limits.MaxNodes)
                throw new YamlLimitException($"more than {limits.MaxNodes:N0} YAML nodes; the file was not linted", Mark(at));
        }

        private static void Attach(Stack<Frame> stack, YamlNode node, long weight, ref YamlNode? root, int documents)
        {
            if (stack.Count == 0)
            {
                if (documents <= 1 && root is null) root = node;
                return;
            }
            var parent = stack.Peek();
            parent.Weight += weight;
            switch (parent.Node)
            {
                case YamlSequence seq:
                    seq.Add(node);
                    break;
                case YamlMapping map when parent.PendingKey is null:
                    parent.PendingKey = node;
                    break;
                case YamlMapping map:
                    map.Add(new YamlEntry(parent.PendingKey, node));
                    parent.PendingKey = null;
                    break;
            }
        }

        private static YamlMark Mark(Mark m) => new((int)Math.Max(1, m.Line), (int)Math.Max(1, m.Column), (int)Math.Max(0, m.Index));

        private static string? Tag(TagName tag) => tag.IsEmpty || tag.IsNonSpecific ? null : tag.Value;

        private static YamlScalarStyle Style(ScalarStyle style) => style switch
        {
            ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
            ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
            ScalarStyle.Literal => YamlScalarStyle.Literal,
            ScalarStyle.Folded => YamlScalarStyle.Folded,
            _ => YamlScalarStyle.Plain,
        };
    }
}
