using CsCheck;
using ReleaseLint.Inputs;
using ReleaseLint.Inputs.Json;

namespace ReleaseLint.Tests.Core;

/// <summary>The one positioned JSON reader: protection exports, rulesets, API answers and discussions exports alike.</summary>
public sealed class DataReaderTests
{
    [Fact]
    public void Several_documents_one_after_the_other_are_read_as_gh_api_paginate_prints_them()
    {
        var source = new SourceText("export.json", "{\"a\": 1}\n[2, 3]\n\"x\"");
        var documents = DataReader.ParseJsonDocuments(source, keepPositions: true, out var error);
        Assert.Null(error);
        Assert.Equal([DataKind.Object, DataKind.Array, DataKind.String], documents!.Select(d => d.Kind));
        Assert.Null(DataReader.ParseJson(source, keepPositions: true, out var single));
        Assert.NotNull(single); // one document expected: the second one is an error
    }

    [Fact]
    public void Every_value_knows_its_character_offsets_even_after_multi_byte_characters()
    {
        const string text = "{\"é🚀\": [\"ü\", {\"k\": true}]}";
        var source = new SourceText("x.json", text);
        var root = (DataObject)DataReader.ParseJson(source, keepPositions: true, out _)!;
        Assert.Equal((0, text.Length), root.Offsets);
        var array = (DataArray)root["é🚀"]!;
        Assert.Equal("[\"ü\", {\"k\": true}]", text[array.Offsets.Start..array.Offsets.End]);
        Assert.Equal("\"ü\"", text[array.Items[0].Offsets.Start..array.Items[0].Offsets.End]);
        var inner = (DataObject)array.Items[1];
        Assert.Equal("true", text[inner["k"]!.Offsets.Start..inner["k"]!.Offsets.End]);
    }

    [Theory]
    [InlineData(@"""plain text""", 6, 7)]          // 'text' starts at decoded 6, raw 1 + 6
    [InlineData(@"""a\nb\u00e9c""", 2, 4)]         // after 'a' and '\n' (two raw characters)
    [InlineData(@"""a\nb\u00e9c""", 4, 11)]        // after '\u00e9' (six raw characters)
    [InlineData(@"""a\nb\u00e9c""", 5, 12)]        // the closing quote
    public void Decoded_offsets_map_back_through_escapes(string json, int decoded, int raw)
    {
        var source = new SourceText("x.json", json);
        var value = (DataValue)DataReader.ParseJson(source, keepPositions: true, out _)!;
        Assert.Equal(raw, value.SourceOffset(source, decoded));
    }

    [Fact]
    public void Property_each_decoded_character_maps_to_where_it_is_written() =>
        Gen.String[Gen.Char["ab\"\\\n\té"], 0, 20].Sample(text =>
        {
            var json = System.Text.Json.JsonSerializer.Serialize(text); // escapes quotes, controls and non-ASCII as \uXXXX
            var source = new SourceText("x.json", json);
            var value = (DataValue)DataReader.ParseJson(source, keepPositions: true, out _)!;
            Assert.Equal(text, value.Text);
            for (var i = 0; i < text.Length; i++)
            {
                var written = json[value.SourceOffset(source, i)..value.SourceOffset(source, i + 1)];
                Assert.Equal(text[i].ToString(), System.Text.Json.JsonSerializer.Deserialize<string>("\"" + written + "\""));
            }
        });

    [Fact]
    public void Nesting_beyond_the_limit_is_an_error_at_the_place_not_a_crash()
    {
        var source = new SourceText("x.json", new string('[', 300) + new string(']', 300));
        Assert.Null(DataReader.ParseJsonDocuments(source, keepPositions: true, out var error, maxDepth: 256));
        Assert.Contains("nested deeper than the maximum depth of 256", error!.Message);
        Assert.Equal(1, error.Line);
        Assert.Equal(257, error.Column);
    }
}
