using System.Text;
using System.Text.RegularExpressions;
using ReleaseLint.Inputs.Yaml;

namespace ReleaseLint.Inputs.Docs;

/// <summary>
/// Reading the configuration files of documentation sites without running them: YAML and TOML as data (one shape,
/// <see cref="Dictionary{TKey,TValue}"/>/<see cref="List{T}"/>/<see cref="string"/>), and JavaScript/TypeScript or Python
/// configuration as text, from which only literal values are taken (<c>path: '../docs'</c>, <c>myst_heading_anchors = 2</c>).
/// A value computed by code is not a value: sites treat what they cannot read as not judgeable.
/// </summary>
public static partial class ConfigText
{
    /// <summary>A YAML node as plain data. Tagged scalars keep their tag (<c>!!python/name:x.y</c> becomes "!!python/name:x.y"), tagged mappings get a "!tag" key.</summary>
    public static object? FromYaml(YamlNode? node, int depth = 0)
    {
        if (node is null || depth > 64) return null;
        switch (node)
        {
            case YamlScalar s:
                if (s.Tag is { Length: > 0 } tag && !tag.StartsWith("tag:yaml.org,2002:str", StringComparison.Ordinal) && !tag.StartsWith("tag:yaml.org,2002:int", StringComparison.Ordinal) && !tag.StartsWith("tag:yaml.org,2002:bool", StringComparison.Ordinal))
                    return (ShortTag(tag) + " " + s.Value).Trim();
                if (s.Style == YamlScalarStyle.Plain && s.AsBool() is { } b) return b;
                return s.IsNull ? null : s.Value;
            case YamlMapping m:
                var map = new Dictionary<string, object>(StringComparer.Ordinal);
                if (m.Tag is { Length: > 0 } mt) map["!tag"] = ShortTag(mt);
                foreach (var e in m.Entries)
                {
                    var v = FromYaml(e.Value, depth + 1);
                    if (v is not null) map[e.KeyText] = v;
                    else map.TryAdd(e.KeyText, "");
                }
                return map;
            case YamlSequence q:
                var list = new List<object>();
                foreach (var item in q.Items)
                    if (FromYaml(item, depth + 1) is { } v) list.Add(v);
                return list;
            default:
                return null;
        }
    }

    private static string ShortTag(string tag) => tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    /// <summary>The value at a dotted <paramref name="path"/> of a data tree, or null.</summary>
    public static object? Get(object? tree, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (tree is not Dictionary<string, object> map) return null;
            if (!map.TryGetValue(key, out tree))
            {
                var match = map.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)); // Hugo keys are case-insensitive
                if (match.Key is null) return null;
                tree = match.Value;
            }
        }
        return tree;
    }

    /// <summary>The string at <paramref name="path"/>, or null.</summary>
    public static string? String(object? tree, string path) => Get(tree, path) as string;

    /// <summary>The strings of a list (or a single string) at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Strings(object? tree, string path) => Get(tree, path) switch
    {
        string s => [s],
        List<object> l => l.OfType<string>().ToList(),
        _ => [],
    };

    /// <summary>The tables of a list at <paramref name="path"/>.</summary>
    public static IReadOnlyList<Dictionary<string, object>> Tables(object? tree, string path) => Get(tree, path) switch
    {
        List<object> l => l.OfType<Dictionary<string, object>>().ToList(),
        Dictionary<string, object> d => [d],
        _ => [],
    };

    /// <summary>
    /// JavaScript/TypeScript source with comments replaced by spaces (offsets kept), so that literal values can be read
    /// with patterns. Strings and template literals are kept as they are.
    /// </summary>
    public static string StripJsComments(string js)
    {
        var chars = js.ToCharArray();
        var i = 0;
        while (i < chars.Length)
        {
            var c = chars[i];
            if (c is '"' or '\'' or '`')
            {
                i++;
                while (i < chars.Length && chars[i] != c)
                {
                    if (chars[i] == '\\') i++;
                    else if (c != '`' && chars[i] == '\n') break;
                    i++;
                }
                i++;
                continue;
            }
            if (c == '/' && i + 1 < chars.Length && chars[i + 1] == '/')
            {
                while (i < chars.Length && chars[i] != '\n') chars[i++] = ' ';
                continue;
            }
            if (c == '/' && i + 1 < chars.Length && chars[i + 1] == '*')
            {
                while (i < chars.Length && !(chars[i] == '*' && i + 1 < chars.Length && chars[i + 1] == '/'))
                {
                    if (chars[i] != '\n') chars[i] = ' ';
                    i++;
                }
                if (i < chars.Length) chars[i++] = ' ';
                if (i < chars.Length) chars[i++] = ' ';
                continue;
            }
            i++;
        }
        return new string(chars);
    }

    /// <summary>The end (exclusive) of the bracketed block opening at <paramref name="open"/> (<c>{</c>, <c>[</c> or <c>(</c>), skipping strings; the text's end when unbalanced.</summary>
    public static int BlockEnd(string js, int open)
    {
        var depth = 0;
        for (var i = open; i < js.Length; i++)
        {
            var c = js[i];
            if (c is '"' or '\'' or '`')
            {
                var q = c;
                for (i++; i < js.Length && js[i] != q; i++)
                    if (js[i] == '\\') i++;
                continue;
            }
            if (c is '{' or '[' or '(') depth++;
            else if (c is '}' or ']' or ')')
            {
                depth--;
                if (depth == 0) return i + 1;
            }
        }
        return js.Length;
    }

    /// <summary>The start of the innermost <c>{…}</c> object literal that holds <paramref name="index"/>, or -1.</summary>
    public static int EnclosingObject(string js, int index)
    {
        var depth = 0;
        for (var i = index - 1; i >= 0; i--)
        {
            var c = js[i];
            if (c == '}') depth++;
            else if (c == '{')
            {
                if (depth == 0) return i;
                depth--;
            }
        }
        return -1;
    }

    [GeneratedRegex(@"(?<![\w$])(?<key>[A-Za-z_$][\w$]*|'[^']*'|""[^""]*"")\s*:\s*(?:'(?<v>[^'\n]*)'|""(?<v>[^""\n]*)""|`(?<v>[^`$]*)`)")]
    private static partial Regex JsStringProperty();

    /// <summary>The string-literal properties (<c>key: 'value'</c>) written directly in the object literal at <paramref name="open"/> (not in nested objects).</summary>
    public static Dictionary<string, string> ObjectStrings(string js, int open)
    {
        var end = BlockEnd(js, open);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in JsStringProperty().Matches(js[..end], open + 1))
        {
            if (EnclosingObject(js, m.Index) != open) continue;
            result.TryAdd(m.Groups["key"].Value.Trim('\'', '"'), m.Groups["v"].Value);
        }
        return result;
    }

    [GeneratedRegex(@"(?<![\w$])(?<key>[A-Za-z_$][\w$]*|'[^']*'|""[^""]*"")\s*:\s*(?<v>\{|false\b|true\b|\[)")]
    private static partial Regex JsStructuredProperty();

    /// <summary>Keys of the object literal at <paramref name="open"/> whose value starts with <c>{</c>, <c>[</c>, <c>false</c> or <c>true</c>, with the value's offset.</summary>
    public static List<(string Key, int Value, string Kind)> ObjectStructures(string js, int open)
    {
        var end = BlockEnd(js, open);
        var result = new List<(string, int, string)>();
        foreach (Match m in JsStructuredProperty().Matches(js[..end], open + 1))
        {
            if (EnclosingObject(js, m.Index) != open) continue;
            result.Add((m.Groups["key"].Value.Trim('\'', '"'), m.Groups["v"].Index, m.Groups["v"].Value));
        }
        return result;
    }

    /// <summary>
    /// The value of a simple Python assignment <c>NAME = literal</c> at the start of a line of <paramref name="python"/>:
    /// a string, a number, True/False, or the raw text of a list/dict/tuple literal. Null when there is none.
    /// </summary>
    public static string? PythonAssignment(string python, string name)
    {
        var m = Regex.Match(python, @"^" + Regex.Escape(name) + @"\s*(?::\s*[\w\[\], ]+)?=\s*", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        if (!m.Success) return null;
        var start = m.Index + m.Length;
        if (start >= python.Length) return null;
        var c = python[start];
        if (c is '[' or '{' or '(') return python[start..BlockEnd(python, start)];
        var end = python.IndexOf('\n', start);
        var raw = (end < 0 ? python[start..] : python[start..end]).Trim();
        var hash = raw.IndexOf(" #", StringComparison.Ordinal);
        if (hash >= 0) raw = raw[..hash].Trim();
        return raw.Length >= 2 && raw[0] is '"' or '\'' && raw[^1] == raw[0] ? raw[1..^1] : raw;
    }

    [GeneratedRegex(@"(?:'([^'\n]*)'|""([^""\n]*)"")")]
    private static partial Regex QuotedString();

    /// <summary>The string literals in <paramref name="text"/>, in order.</summary>
    public static IEnumerable<string> StringLiterals(string text)
    {
        foreach (Match m in QuotedString().Matches(text)) yield return m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
    }

    /// <summary>Turns a glob of a site configuration (<c>**</c>, <c>*</c>, <c>?</c>) into a regex over repository paths.</summary>
    public static Regex GlobRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/') { i++; sb.Append("(?:.*/)?"); }
                else sb.Append(".*");
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
