using System.Text.Json;
using System.Text.Json.Nodes;

namespace EduPlatform.EventStore;

/// <summary>
/// Which CLR type each stored event type name means, how it is serialized (System.Text.Json), and how
/// an old version of an event is upcast to the current one when it is read.
/// <para>
/// The stored name, not the CLR type name, is the contract: rename or move a class freely, but never
/// change what a stored name means. To change an event's shape, register the new shape under a new
/// name and an upcaster from the old name, so events written years ago are still read:
/// </para>
/// <code>
/// registry.Register&lt;PaymentCaptured&gt;("payment-captured.v2")
///         .Upcast("payment-captured.v1", "payment-captured.v2", json => ...);
/// </code>
/// Register everything at start-up; the registry is then only read (safe from many threads).
/// </summary>
public sealed class EventTypeRegistry
{
    // An upcaster chain longer than this is a cycle (a.v1 -> a.v2 -> a.v1), not a history.
    private const int MaxUpcastSteps = 32;

    private readonly Dictionary<string, Type> _typesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _namesByType = [];
    private readonly Dictionary<string, (string ToName, Func<JsonObject, JsonObject> Upcast)> _upcasters = new(StringComparer.Ordinal);

    public EventTypeRegistry(JsonSerializerOptions? serializerOptions = null)
    {
        // Web defaults: camelCase names, case-insensitive reading; the JSON in the database is then
        // what a JavaScript client or a SQL query (data->>'courseId') expects.
        SerializerOptions = serializerOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    }

    public JsonSerializerOptions SerializerOptions { get; }

    /// <summary>The current names: the ones an append may use.</summary>
    public IReadOnlyCollection<string> EventTypeNames => _typesByName.Keys;

    public EventTypeRegistry Register<TEvent>(string name)
        where TEvent : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_typesByName.ContainsKey(name) || _upcasters.ContainsKey(name))
        {
            throw new ArgumentException($"The event type name '{name}' is registered already.", nameof(name));
        }

        if (_namesByType.ContainsKey(typeof(TEvent)))
        {
            throw new ArgumentException($"{typeof(TEvent).Name} is registered already as '{_namesByType[typeof(TEvent)]}'.", nameof(name));
        }

        _typesByName[name] = typeof(TEvent);
        _namesByType[typeof(TEvent)] = name;
        return this;
    }

    /// <summary>
    /// Events stored as <paramref name="fromName"/> are read as <paramref name="toName"/> after
    /// <paramref name="upcast"/> rewrites their JSON. Chains (v1 -> v2 -> v3) are followed.
    /// </summary>
    public EventTypeRegistry Upcast(string fromName, string toName, Func<JsonObject, JsonObject> upcast)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fromName);
        ArgumentException.ThrowIfNullOrWhiteSpace(toName);
        ArgumentNullException.ThrowIfNull(upcast);
        if (_typesByName.ContainsKey(fromName) || _upcasters.ContainsKey(fromName))
        {
            throw new ArgumentException($"'{fromName}' is registered already; an upcaster needs a retired name.", nameof(fromName));
        }

        _upcasters[fromName] = (toName, upcast);
        return this;
    }

    /// <summary>The CLR type a current name stands for.</summary>
    /// <exception cref="UnknownEventTypeException">no type is registered under that name.</exception>
    public Type TypeOf(string name) =>
        _typesByName.TryGetValue(name, out var type) ? type : throw new UnknownEventTypeException(name);

    /// <exception cref="UnknownEventTypeException">the type is not registered.</exception>
    public string NameOf(Type type) =>
        _namesByType.TryGetValue(type, out var name) ? name : throw new UnknownEventTypeException(type.FullName ?? type.Name);

    /// <summary>The stored name and JSON of an event.</summary>
    public (string Name, string Json) Serialize(object data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var name = NameOf(data.GetType());
        return (name, JsonSerializer.Serialize(data, data.GetType(), SerializerOptions));
    }

    /// <summary>Reads a stored event: upcasts it to its current version, then deserializes it.</summary>
    /// <exception cref="UnknownEventTypeException">neither the name nor any upcast of it is registered.</exception>
    /// <exception cref="JsonException">the JSON does not fit the type.</exception>
    public (string Name, object Data) Deserialize(string storedName, string json)
    {
        var name = storedName;
        JsonObject? upcast = null;
        for (var step = 0; _upcasters.TryGetValue(name, out var upcaster); step++)
        {
            if (step == MaxUpcastSteps)
            {
                throw new InvalidOperationException($"The upcasters from '{storedName}' form a cycle.");
            }

            upcast = upcaster.Upcast(upcast ?? JsonNode.Parse(json) as JsonObject
                ?? throw new JsonException($"A stored '{storedName}' event is not a JSON object."));
            name = upcaster.ToName;
        }

        var type = TypeOf(name);
        var data = upcast is null
            ? JsonSerializer.Deserialize(json, type, SerializerOptions)
            : upcast.Deserialize(type, SerializerOptions);
        return (name, data ?? throw new JsonException($"A '{name}' event's data is null."));
    }
}
