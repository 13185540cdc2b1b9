using System.Text.Json;
using System.Text.Json.Serialization;

namespace EduPlatform.Load.Reports;

/// <summary>The whole <see cref="RunResult"/> as JSON: the machine-readable report, and what the HTML report embeds.</summary>
public static class JsonReport
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(RunResult result) => JsonSerializer.Serialize(result, Options);

    public static void Write(RunResult result, string path) => File.WriteAllText(path, Serialize(result));

    public static RunResult Read(string path) =>
        JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path} holds no run result");
}
