using System.Text.Json.Serialization;

namespace EduPlatform.Platform.Hosting.Edge;

/// <summary>
/// How request bodies are read: a number is a JSON number (<c>"amountCents":"12"</c> is a 400, not 12 cents; the web
/// defaults would accept it), text is <see cref="StrictText"/>, and a property comes once (<c>{"amountCents":1,
/// "amountCents":4900}</c> is a 400: a check in front of the platform and the platform itself must not read two
/// different requests out of one body). What a client sends either is what the API documents or is refused whole.
/// </summary>
public static class StrictJson
{
    public static IServiceCollection AddStrictJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.AllowDuplicateProperties = false;
            json.SerializerOptions.Converters.Add(new StrictText());
        });
}
