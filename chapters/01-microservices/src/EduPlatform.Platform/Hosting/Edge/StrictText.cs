using System.Text.Json;
using System.Text.Json.Serialization;

namespace EduPlatform.Platform.Hosting.Edge;

/// <summary>
/// Every JSON string a request carries, checked where it enters: no NUL character (PostgreSQL cannot store one in
/// <c>text</c>, so it would fail as a 500 deep in a module) and no unpaired surrogate (not text at all). A bad one
/// fails deserialization like any malformed value: a 400 naming its JSON path, before any module sees it.
/// </summary>
public sealed class StrictText : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Expected a string.");
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            // An escaped lone surrogate ("\ud800") cannot become a .NET string: malformed input, not a bug.
            throw new JsonException("Not valid UTF-16 text.", exception);
        }

        if (!IsValid(text))
        {
            throw new JsonException("Text may not contain NUL characters or unpaired surrogates.");
        }

        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    /// <summary>True when <paramref name="text"/> holds no NUL and every surrogate is half of a pair.</summary>
    public static bool IsValid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }
}
