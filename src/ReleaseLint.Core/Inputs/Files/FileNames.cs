using System.Buffers;
using System.Text;

namespace ReleaseLint.Inputs.Files;

/// <summary>
/// File names as bytes. Linux names are bytes, not text: a name that is not valid UTF-8 would otherwise turn into
/// U+FFFD characters, name no file, and its content would be lost. Such a name is shown with each byte that is not
/// part of a valid UTF-8 sequence written as <c>\xHH</c>, and the file is opened by its original bytes.
/// </summary>
public static class FileNames
{
    /// <summary>True when <paramref name="name"/> is valid UTF-8 (and so needs no escaping).</summary>
    public static bool IsUtf8(ReadOnlySpan<byte> name) => System.Text.Unicode.Utf8.IsValid(name);

    /// <summary>The name as text: its UTF-8 decoded, each invalid byte as <c>\xHH</c>.</summary>
    public static string Show(ReadOnlySpan<byte> name)
    {
        if (System.Text.Unicode.Utf8.IsValid(name)) return Encoding.UTF8.GetString(name);
        var sb = new StringBuilder(name.Length + 8);
        while (!name.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(name, out var rune, out var consumed) == OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                name = name[consumed..];
            }
            else
            {
                sb.Append(@"\x").Append(name[0].ToString("X2"));
                name = name[1..];
            }
        }
        return sb.ToString();
    }
}
