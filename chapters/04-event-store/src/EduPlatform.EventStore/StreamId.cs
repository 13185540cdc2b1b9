using System.Diagnostics.CodeAnalysis;

namespace EduPlatform.EventStore;

/// <summary>
/// The name of a stream: 1-200 characters of letters, digits and <c>- _ . : @</c>, not starting with
/// <c>$</c> (reserved, as in <c>$all</c>). By convention <c>category-id</c>, e.g. <c>enrollment-42</c>,
/// which <see cref="For"/> builds.
/// </summary>
public readonly record struct StreamId
{
    public const int MaxLength = 200;

    private StreamId(string value) => Value = value;

    public string Value => field ?? throw new InvalidOperationException("A default StreamId has no value; use StreamId.Parse.");

    /// <summary>A stream id from a category and an entity id: <c>For("enrollment", id)</c> is <c>enrollment-{id}</c>.</summary>
    public static StreamId For(string category, object id) => Parse($"{category}-{id}");

    /// <exception cref="InvalidStreamIdException">the text is not a valid stream id.</exception>
    public static StreamId Parse(string? text) =>
        TryParse(text, out var id, out var problem) ? id : throw new InvalidStreamIdException(text, problem);

    public static bool TryParse(string? text, out StreamId id) => TryParse(text, out id, out _);

    public static bool TryParse(string? text, out StreamId id, [NotNullWhen(false)] out string? problem)
    {
        id = default;
        problem = text switch
        {
            null or "" => "a stream id must not be empty",
            { Length: > MaxLength } => $"a stream id has at most {MaxLength} characters, this one has {text.Length}",
            _ when text[0] == '$' => "stream ids starting with '$' are reserved",
            _ when !text.All(IsAllowed) => "a stream id may contain only letters, digits and - _ . : @",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        id = new StreamId(text!);
        return true;
    }

    public override string ToString() => Value;

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@';
}
