using System.Text.Json.Serialization;

namespace EduPlatform.Platform.Hosting.Edge;

/// <summary>
/// How request bodies are read: a number is a JSON number (<c>"amountCents":"12"</c> is a 400, not 12 cents; the web
/// defaults would accept it) and text is <see cref="StrictText"/>. What a client sends either is what the API
/// documents or is refused whole.
/// </summary>
public static class StrictJson
{
    public static IServiceCollection AddStrictJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.Converters.Add(new StrictText());
        });
}
