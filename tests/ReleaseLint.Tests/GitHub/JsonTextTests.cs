using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseLint.GitHub;

namespace ReleaseLint.Tests.GitHub;

/// <summary>
/// The request bodies are written without the reflection-based serializer (the native build has none); they must be
/// the very text that serializer writes.
/// </summary>
public class JsonTextTests
{
    [Fact]
    public void Object_is_written_as_the_serializer_writes_it()
    {
        var variables = new JsonObject
        {
            ["owner"] = "acme", ["first"] = 100, ["after"] = null, ["flag"] = true,
            ["nested"] = new JsonObject { ["list"] = new JsonArray(1, "two", false) },
        };
        var entries = new Dictionary<string, object?>
        {
            ["query"] = "query($owner: String!) { repository(owner: $owner) { id } } \"quoted\" <tag> & é 😀\n\t",
            ["variables"] = variables.ToDictionary(p => p.Key, p => (object?)p.Value),
            ["number"] = 42L, ["ratio"] = 0.5, ["none"] = null, ["names"] = new List<string> { "live", "main" },
            ["element"] = JsonDocument.Parse("""{"a":[1,{"b":null}]}""").RootElement,
        };
        Assert.Equal(JsonSerializer.Serialize(entries), JsonText.Object(entries));
    }

    [Fact]
    public void Array_of_elements_is_written_as_the_serializer_writes_it()
    {
        var items = JsonDocument.Parse("""[{"name":"live","protected":true},{"name":"ré\u2028lease","n":1.5e3}]""").RootElement
            .EnumerateArray().ToList();
        Assert.Equal(JsonSerializer.Serialize(items), JsonText.Array(items));
        Assert.Equal("[]", JsonText.Array([]));
    }
}
