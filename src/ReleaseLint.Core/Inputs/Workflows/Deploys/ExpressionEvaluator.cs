using System.Globalization;
using System.Text.Json;
using ReleaseLint.Inputs.Workflows.Expressions;

namespace ReleaseLint.Inputs.Workflows.Deploys;

/// <summary>What an evaluated expression is known to be.</summary>
public enum ValueKind
{
    /// <summary>Not known (a step output, a secret, a dispatch input…).</summary>
    Unknown,
    /// <summary><c>null</c> (also what a missing property or context gives).</summary>
    Null,
    /// <summary>A boolean.</summary>
    Boolean,
    /// <summary>A number.</summary>
    Number,
    /// <summary>A string.</summary>
    String,
    /// <summary>An array of known items (from <c>fromJSON</c> of a literal).</summary>
    Array,
}

/// <summary>Three-valued truth: conditions over unknown values may be neither true nor false.</summary>
public enum Truth
{
    /// <summary>Definitely false.</summary>
    False,
    /// <summary>Could be either.</summary>
    Unknown,
    /// <summary>Definitely true.</summary>
    True,
}

/// <summary>A value of a GitHub Actions expression evaluated for one run scenario; unknown parts stay unknown.</summary>
public sealed class ExprValue
{
    private ExprValue(ValueKind kind, bool boolean = false, double number = 0, string? text = null, IReadOnlyList<ExprValue>? items = null, Truth unknownTruth = Truth.Unknown, string? prefix = null)
    {
        KnownPrefix = prefix;
        Kind = kind;
        Boolean = boolean;
        Number = number;
        Text = text;
        Items = items ?? [];
        _unknownTruth = unknownTruth;
    }

    private readonly Truth _unknownTruth;

    /// <summary>The kind.</summary>
    public ValueKind Kind { get; }
    /// <summary>The value of a boolean.</summary>
    public bool Boolean { get; }
    /// <summary>The value of a number.</summary>
    public double Number { get; }
    /// <summary>The value of a string.</summary>
    public string? Text { get; }
    /// <summary>The items of an array.</summary>
    public IReadOnlyList<ExprValue> Items { get; }
    /// <summary>For an unknown string whose start is known (<c>review-pr-${{ github.event.number }}</c>): that start, else null.</summary>
    public string? KnownPrefix { get; }

    /// <summary>An unknown string that starts with <paramref name="prefix"/>.</summary>
    public static ExprValue Prefix(string prefix) => prefix.Length == 0 ? Unknown : new(ValueKind.Unknown, unknownTruth: Truth.True, prefix: prefix);

    /// <summary>An unknown value.</summary>
    public static ExprValue Unknown { get; } = new(ValueKind.Unknown);
    /// <summary>An unknown value that is certainly truthy (e.g. <c>x || 'text'</c>).</summary>
    public static ExprValue UnknownTruthy { get; } = new(ValueKind.Unknown, unknownTruth: Truth.True);
    /// <summary>An unknown value that is certainly falsy.</summary>
    public static ExprValue UnknownFalsy { get; } = new(ValueKind.Unknown, unknownTruth: Truth.False);
    /// <summary><c>null</c>.</summary>
    public static ExprValue Null { get; } = new(ValueKind.Null);
    /// <summary><c>true</c>.</summary>
    public static ExprValue True { get; } = new(ValueKind.Boolean, boolean: true);
    /// <summary><c>false</c>.</summary>
    public static ExprValue False { get; } = new(ValueKind.Boolean, boolean: false);

    /// <summary>A string.</summary>
    public static ExprValue Of(string text) => new(ValueKind.String, text: text);
    /// <summary>A number.</summary>
    public static ExprValue Of(double number) => new(ValueKind.Number, number: number);
    /// <summary>A boolean.</summary>
    public static ExprValue Of(bool value) => value ? True : False;
    /// <summary>A truth value as a boolean (unknown stays unknown).</summary>
    public static ExprValue Of(Truth truth) => truth switch { Truth.True => True, Truth.False => False, _ => Unknown };
    /// <summary>An array.</summary>
    public static ExprValue Array(IReadOnlyList<ExprValue> items) => new(ValueKind.Array, items: items);

    /// <summary>True when the value is known.</summary>
    public bool IsKnown => Kind != ValueKind.Unknown;

    /// <summary>GitHub's truthiness: false, 0, -0, NaN, '' and null are falsy; everything else is truthy.</summary>
    public Truth Truthiness => Kind switch
    {
        ValueKind.Unknown => _unknownTruth,
        ValueKind.Null => Truth.False,
        ValueKind.Boolean => Boolean ? Truth.True : Truth.False,
        ValueKind.Number => Number != 0 && !double.IsNaN(Number) ? Truth.True : Truth.False,
        ValueKind.String => Text!.Length > 0 ? Truth.True : Truth.False,
        _ => Truth.True,
    };

    /// <summary>The value as a string as GitHub converts it (null when unknown or an array).</summary>
    public string? AsString() => Kind switch
    {
        ValueKind.String => Text,
        ValueKind.Null => "",
        ValueKind.Boolean => Boolean ? "true" : "false",
        ValueKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>The value as a number as GitHub coerces it for comparisons (NaN when it does not convert; null when unknown).</summary>
    public double? AsNumber() => Kind switch
    {
        ValueKind.Number => Number,
        ValueKind.Null => 0,
        ValueKind.Boolean => Boolean ? 1 : 0,
        ValueKind.String => Text!.Trim().Length == 0 ? 0 : double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
        ValueKind.Array => double.NaN,
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ValueKind.Unknown => "?",
        ValueKind.String => "'" + Text + "'",
        ValueKind.Array => "[" + string.Join(", ", Items) + "]",
        _ => AsString() ?? "null",
    };
}

/// <summary>Answers context lookups (<c>github.ref</c>, <c>inputs.x</c>, <c>needs.build.result</c>) for the evaluator.</summary>
public interface IExpressionContext
{
    /// <summary>The value of a dotted, lower-case context path such as <c>github.event.workflow_run.head_branch</c>.</summary>
    ExprValue Lookup(string path);
}

/// <summary>
/// Evaluates parsed GitHub Actions expressions in three-valued logic: what a scenario fixes (the event, the ref, the
/// inputs a caller passes) is known, the rest (step outputs, secrets, variables, dispatch inputs) is unknown, and
/// operators keep what can still be decided (<c>false &amp;&amp; x</c> is false whatever x is). Comparisons follow
/// GitHub's rules: strings compare case-insensitively, mixed types are coerced to numbers.
/// </summary>
public static class ExpressionEvaluator
{
    /// <summary>Deepest recursion (the parser already limits nesting; this guards hand-built trees).</summary>
    private const int MaxDepth = 200;

    /// <summary>Evaluates <paramref name="node"/> in <paramref name="context"/>.</summary>
    public static ExprValue Evaluate(ExpressionNode node, IExpressionContext context) => Eval(node, context, 0);

    /// <summary>The truth of a condition (an <c>if:</c>): unknown when it depends on unknown values.</summary>
    public static Truth Condition(ExpressionNode node, IExpressionContext context) => Eval(node, context, 0).Truthiness;

    /// <summary>Evaluates a string that may contain <c>${{ }}</c> (a <c>with:</c> value, a run line): null when any part is unknown.</summary>
    public static string? Interpolate(string template, IExpressionContext context)
    {
        var embedded = ExpressionTemplate.Scan(template);
        if (embedded.Count == 0) return template;
        var sb = new System.Text.StringBuilder();
        var at = 0;
        foreach (var e in embedded)
        {
            sb.Append(template, at, e.Start - at);
            if (e.Node is null) return null;
            var value = Evaluate(e.Node, context).AsString();
            if (value is null) return null;
            sb.Append(value);
            at = e.Start + e.Length;
        }
        sb.Append(template, at, template.Length - at);
        return sb.ToString();
    }

    /// <summary>
    /// Evaluates a string with <c>${{ }}</c> parts as far as it is known: the whole string when every part is known, an
    /// unknown string with a known start when only later parts are unknown (<c>review-pr-${{ github.event.number }}</c>).
    /// </summary>
    public static ExprValue InterpolatePartial(string template, IExpressionContext context)
    {
        var embedded = ExpressionTemplate.Scan(template);
        if (embedded.Count == 0) return ExprValue.Of(template);
        var sb = new System.Text.StringBuilder();
        var at = 0;
        foreach (var e in embedded)
        {
            sb.Append(template, at, e.Start - at);
            var value = e.Node is null ? ExprValue.Unknown : Evaluate(e.Node, context);
            if (value.AsString() is not { } text) return ExprValue.Prefix(sb.ToString() + (value.KnownPrefix ?? ""));
            sb.Append(text);
            at = e.Start + e.Length;
        }
        sb.Append(template, at, template.Length - at);
        return ExprValue.Of(sb.ToString());
    }

    /// <summary>The text of a string with its known <c>${{ }}</c> parts filled in and the unknown ones left blank, and whether every part was known.</summary>
    public static (string Text, bool Complete) InterpolateKnown(string template, IExpressionContext context)
    {
        var embedded = ExpressionTemplate.Scan(template);
        if (embedded.Count == 0) return (template, true);
        var sb = new System.Text.StringBuilder();
        var at = 0;
        var complete = true;
        foreach (var e in embedded)
        {
            sb.Append(template, at, e.Start - at);
            var value = e.Node is null ? ExprValue.Unknown : Evaluate(e.Node, context);
            if (value.AsString() is { } text) sb.Append(text);
            else { complete = false; sb.Append(' ').Append(value.KnownPrefix ?? "").Append(' '); }
            at = e.Start + e.Length;
        }
        sb.Append(template, at, template.Length - at);
        return (sb.ToString(), complete);
    }

    /// <summary>Evaluates a YAML value used as an input or a boolean setting: a whole <c>${{ }}</c> gives its value, a literal its text.</summary>
    public static ExprValue Value(string raw, IExpressionContext context)
    {
        var text = raw.Trim();
        var embedded = ExpressionTemplate.Scan(text);
        if (embedded.Count == 1 && embedded[0].Start == 0 && embedded[0].Length == text.Length)
            return embedded[0].Node is { } node ? Evaluate(node, context) : ExprValue.Unknown;
        if (embedded.Count > 0) return Interpolate(text, context) is { } s ? ExprValue.Of(s) : ExprValue.Unknown;
        return ExprValue.Of(text);
    }

    private static ExprValue Eval(ExpressionNode node, IExpressionContext context, int depth)
    {
        if (depth > MaxDepth) return ExprValue.Unknown;
        switch (node)
        {
            case GroupNode g:
                return Eval(g.Inner, context, depth + 1);
            case LiteralNode l:
                return l.Kind switch
                {
                    ExpressionLiteralKind.Null => ExprValue.Null,
                    ExpressionLiteralKind.Boolean => ExprValue.Of(l.BooleanValue == true),
                    ExpressionLiteralKind.Number => l.NumberValue is { } n ? ExprValue.Of(n) : ExprValue.Unknown,
                    _ => ExprValue.Of(l.StringValue ?? ""),
                };
            case NotNode not:
                return ExprValue.Of(Negate(Eval(not.Operand, context, depth + 1).Truthiness));
            case BinaryNode { Operator: ExpressionTokenKind.And } and:
            {
                var left = Eval(and.Left, context, depth + 1);
                switch (left.Truthiness)
                {
                    case Truth.False: return left;
                    case Truth.True when left.IsKnown: return Eval(and.Right, context, depth + 1);
                    case Truth.True: return TruthOf(Eval(and.Right, context, depth + 1));
                }
                var right = Eval(and.Right, context, depth + 1);
                return right.Truthiness == Truth.False ? ExprValue.UnknownFalsy : ExprValue.Unknown;
            }
            case BinaryNode { Operator: ExpressionTokenKind.Or } or:
            {
                var left = Eval(or.Left, context, depth + 1);
                switch (left.Truthiness)
                {
                    case Truth.True: return left;
                    case Truth.False: return Eval(or.Right, context, depth + 1);
                }
                var right = Eval(or.Right, context, depth + 1);
                return right.Truthiness == Truth.True ? ExprValue.UnknownTruthy : ExprValue.Unknown;
            }
            case BinaryNode b when b.IsComparison:
                return ExprValue.Of(Compare(b.Operator, Eval(b.Left, context, depth + 1), Eval(b.Right, context, depth + 1)));
            case CallNode call:
                return Call(call, context, depth);
            case ContextNode or PropertyNode or IndexNode or StarNode:
            {
                var path = node.ContextPath();
                if (path is null || path.Contains('*', StringComparison.Ordinal)) return ExprValue.Unknown;
                return context.Lookup(path);
            }
            default:
                return ExprValue.Unknown;
        }
    }

    // An unknown but truthy left side of '&&' gives the right side's truth, whose value we may not know.
    private static ExprValue TruthOf(ExprValue value) => value.Truthiness switch
    {
        Truth.False => ExprValue.UnknownFalsy,
        Truth.True => value.IsKnown ? value : ExprValue.UnknownTruthy,
        _ => ExprValue.Unknown,
    };

    private static Truth Negate(Truth t) => t switch { Truth.True => Truth.False, Truth.False => Truth.True, _ => Truth.Unknown };

    private static Truth Compare(ExpressionTokenKind op, ExprValue left, ExprValue right)
    {
        if (op is ExpressionTokenKind.Equal or ExpressionTokenKind.NotEqual && (PrefixMismatch(left, right) || PrefixMismatch(right, left)))
            return op == ExpressionTokenKind.Equal ? Truth.False : Truth.True;
        if (!left.IsKnown || !right.IsKnown) return Truth.Unknown;
        if (op is ExpressionTokenKind.Equal or ExpressionTokenKind.NotEqual)
        {
            var equal = LooseEquals(left, right);
            if (equal is null) return Truth.Unknown;
            return (equal.Value == (op == ExpressionTokenKind.Equal)) ? Truth.True : Truth.False;
        }
        if (left.Kind == ValueKind.String && right.Kind == ValueKind.String)
        {
            var c = string.Compare(left.Text, right.Text, StringComparison.OrdinalIgnoreCase);
            return Bool(op switch
            {
                ExpressionTokenKind.Less => c < 0,
                ExpressionTokenKind.LessOrEqual => c <= 0,
                ExpressionTokenKind.Greater => c > 0,
                _ => c >= 0,
            });
        }
        if (left.AsNumber() is not { } l || right.AsNumber() is not { } r) return Truth.Unknown;
        return Bool(op switch
        {
            ExpressionTokenKind.Less => l < r,
            ExpressionTokenKind.LessOrEqual => l <= r,
            ExpressionTokenKind.Greater => l > r,
            _ => l >= r,
        });
    }

    private static Truth Bool(bool b) => b ? Truth.True : Truth.False;

    // 'review-pr-…' can never equal 'production'.
    private static bool PrefixMismatch(ExprValue partial, ExprValue other) =>
        partial.KnownPrefix is { } prefix && other.Kind == ValueKind.String && !other.Text!.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static bool? LooseEquals(ExprValue a, ExprValue b)
    {
        if (a.Kind == ValueKind.Array || b.Kind == ValueKind.Array) return null;
        if (a.Kind == b.Kind)
        {
            return a.Kind switch
            {
                ValueKind.Null => true,
                ValueKind.Boolean => a.Boolean == b.Boolean,
                ValueKind.Number => a.Number == b.Number,
                _ => string.Equals(a.Text, b.Text, StringComparison.OrdinalIgnoreCase),
            };
        }
        var x = a.AsNumber();
        var y = b.AsNumber();
        if (x is null || y is null) return null;
        return x.Value == y.Value; // NaN never equals
    }

    private static ExprValue Call(CallNode call, IExpressionContext context, int depth)
    {
        var name = call.Name.ToLowerInvariant();
        switch (name)
        {
            case "always": return ExprValue.True;
            case "success": return ExprValue.True; // the question is whether the deploy can run: assume the steps before it succeed
            case "failure" or "cancelled": return ExprValue.Unknown;
            case "hashfiles": return ExprValue.Unknown;
        }
        var args = call.Arguments.Select(a => Eval(a, context, depth + 1)).ToList();
        switch (name)
        {
            case "startswith" when args.Count == 2 && args[0].KnownPrefix is { } known && args[1].AsString() is { } wanted:
                return known.StartsWith(wanted, StringComparison.OrdinalIgnoreCase) ? ExprValue.True
                    : wanted.StartsWith(known, StringComparison.OrdinalIgnoreCase) ? ExprValue.Unknown : ExprValue.False;
            case "contains" when args.Count == 2 && args[0].KnownPrefix is { } known && args[1].AsString() is { } part
                && known.Contains(part, StringComparison.OrdinalIgnoreCase):
                return ExprValue.True;
            case "startswith" or "endswith" when args.Count == 2:
            {
                if (args[0].AsString() is not { } s || args[1].AsString() is not { } p) return ExprValue.Unknown;
                return ExprValue.Of(name == "startswith" ? s.StartsWith(p, StringComparison.OrdinalIgnoreCase) : s.EndsWith(p, StringComparison.OrdinalIgnoreCase));
            }
            case "contains" when args.Count == 2:
            {
                if (args[0].Kind == ValueKind.Array)
                {
                    if (!args[1].IsKnown) return ExprValue.Unknown;
                    var any = false;
                    foreach (var item in args[0].Items)
                    {
                        if (!item.IsKnown) return ExprValue.Unknown;
                        if (LooseEquals(item, args[1]) == true) any = true;
                    }
                    return ExprValue.Of(any);
                }
                if (args[0].AsString() is not { } s || args[1].AsString() is not { } p) return ExprValue.Unknown;
                return ExprValue.Of(s.Contains(p, StringComparison.OrdinalIgnoreCase));
            }
            case "format" when args.Count >= 1:
            {
                if (args.Any(a => a.AsString() is null)) return ExprValue.Unknown;
                var format = args[0].AsString()!;
                var values = args.Skip(1).Select(a => a.AsString()!).ToList();
                return Format(format, values) is { } text ? ExprValue.Of(text) : ExprValue.Unknown;
            }
            case "join" when args.Count >= 1:
            {
                var separator = args.Count > 1 ? args[1].AsString() : ",";
                if (separator is null) return ExprValue.Unknown;
                if (args[0].Kind == ValueKind.Array)
                    return args[0].Items.All(i => i.AsString() is not null) ? ExprValue.Of(string.Join(separator, args[0].Items.Select(i => i.AsString()))) : ExprValue.Unknown;
                return args[0].AsString() is { } single ? ExprValue.Of(single) : ExprValue.Unknown;
            }
            case "fromjson" when args.Count == 1:
                return args[0].Kind == ValueKind.String ? FromJson(args[0].Text!) : ExprValue.Unknown;
            default:
                return ExprValue.Unknown;
        }
    }

    private static string? Format(string format, IReadOnlyList<string> values)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{') { sb.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}') { sb.Append('}'); i++; continue; }
            if (c == '{')
            {
                var close = format.IndexOf('}', i);
                if (close < 0 || !int.TryParse(format.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= values.Count) return null;
                sb.Append(values[index]);
                i = close;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static ExprValue FromJson(string text)
    {
        if (text.Length > 64 * 1024) return ExprValue.Unknown;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            return Convert(doc.RootElement);
        }
        catch (JsonException)
        {
            return ExprValue.Unknown;
        }
    }

    private static ExprValue Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => ExprValue.True,
        JsonValueKind.False => ExprValue.False,
        JsonValueKind.Null => ExprValue.Null,
        JsonValueKind.Number => ExprValue.Of(e.GetDouble()),
        JsonValueKind.String => ExprValue.Of(e.GetString() ?? ""),
        JsonValueKind.Array => ExprValue.Array(e.EnumerateArray().Take(256).Select(Convert).ToList()),
        _ => ExprValue.UnknownTruthy, // an object: truthy, its content not tracked
    };
}
