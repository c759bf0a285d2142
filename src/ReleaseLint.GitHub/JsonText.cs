using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ReleaseLint.GitHub;

/// <summary>
/// JSON text for request bodies and recorded responses, written with <see cref="Utf8JsonWriter"/> instead of the
/// reflection-based serializer, so that the native (ahead-of-time compiled) build of the tool works the same.
/// </summary>
internal static class JsonText
{
    /// <summary>A JSON array of the elements.</summary>
    public static string Array(IEnumerable<JsonElement> items) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var item in items) item.WriteTo(w);
        w.WriteEndArray();
    });

    /// <summary>A JSON object of the entries (values: null, strings, numbers, booleans, JSON elements and nodes, lists, maps).</summary>
    public static string Object(IReadOnlyDictionary<string, object?> entries) => Write(w => Value(w, entries));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void Value(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case decimal m: w.WriteNumberValue(m); break;
            case JsonElement e: e.WriteTo(w); break;
            case System.Text.Json.Nodes.JsonNode n: n.WriteTo(w); break;
            case IReadOnlyDictionary<string, object?> map:
                w.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    w.WritePropertyName(key);
                    Value(w, item);
                }
                w.WriteEndObject();
                break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) Value(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
