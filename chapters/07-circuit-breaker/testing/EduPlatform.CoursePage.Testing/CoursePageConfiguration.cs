using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using EduPlatform.CoursePage.Dependencies;
using EduPlatform.CoursePage.Hosting;
using EduPlatform.CoursePage.Resilience;
using Microsoft.Extensions.Configuration;

namespace EduPlatform.CoursePage.Testing;

/// <summary>
/// <see cref="CoursePageSettings"/> as the configuration keys the course page binds. The sections come from the options
/// classes in <c>src</c> (<see cref="ServerLimitsOptions.Section"/>, <see cref="DependencyResilienceOptions.SectionFor"/>,
/// <see cref="DependencyEndpointOptions.SectionFor"/>) and the rest of each key is a property name, read by reflection:
/// the same path the binder walks the other way, so a key cannot be misspelt and a renamed option cannot be missed.
/// </summary>
public static class CoursePageConfiguration
{
    // Which settings property is bound from which section.
    private static readonly (string Property, string Section)[] Sections =
    [
        (nameof(CoursePageSettings.Server), ServerLimitsOptions.Section),
        (nameof(CoursePageSettings.Video), DependencyResilienceOptions.SectionFor(VideoClient.Dependency)),
        (nameof(CoursePageSettings.Payments), DependencyResilienceOptions.SectionFor(PaymentsClient.Dependency)),
        (nameof(CoursePageSettings.VideoEndpoint), DependencyEndpointOptions.SectionFor(VideoClient.Dependency)),
        (nameof(CoursePageSettings.PaymentsEndpoint), DependencyEndpointOptions.SectionFor(PaymentsClient.Dependency)),
    ];

    /// <summary>Every setting as a configuration key and value, the stubs standing in where no base URL is set.</summary>
    public static IReadOnlyDictionary<string, string?> Of(CoursePageSettings settings, Uri videoStub, Uri paymentsStub)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(configuration, Section(nameof(CoursePageSettings.Server)), settings.Server);
        Flatten(configuration, Section(nameof(CoursePageSettings.Video)), settings.Video);
        Flatten(configuration, Section(nameof(CoursePageSettings.Payments)), settings.Payments);
        Flatten(configuration, Section(nameof(CoursePageSettings.VideoEndpoint)), Endpoint(settings.VideoEndpoint, videoStub));
        Flatten(configuration, Section(nameof(CoursePageSettings.PaymentsEndpoint)), Endpoint(settings.PaymentsEndpoint, paymentsStub));
        foreach (var (key, value) in settings.Unparsed)
        {
            configuration[key] = value;
        }

        return configuration;
    }

    /// <summary>The configuration key a setting is bound from: <c>s =&gt; s.Video.Retry.Mode</c> is <c>Resilience:Video:Retry:Mode</c>.</summary>
    public static string KeyOf<T>(Expression<Func<CoursePageSettings, T>> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var path = new Stack<string>();
        var member = setting.Body as MemberExpression
                     ?? throw new ArgumentException("a setting is a chain of properties, e.g. s => s.Video.Retry.Mode", nameof(setting));
        while (member.Expression is MemberExpression parent)
        {
            path.Push(member.Member.Name);
            member = parent;
        }

        path.Push(Section(member.Member.Name));
        return string.Join(':', path);
    }

    /// <summary>A deep copy of an options object, made by binding what <see cref="Flatten"/> writes: the round trip the service makes.</summary>
    public static T Copy<T>(T options)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        var flat = new Dictionary<string, string?>();
        Flatten(flat, "copy", options);
        return new ConfigurationBuilder().AddInMemoryCollection(flat).Build().GetSection("copy").Get<T>() ?? new T();
    }

    private static string Section(string property) =>
        Sections.Single(section => section.Property == property).Section;

    private static DependencyEndpointOptions Endpoint(DependencyEndpointOptions endpoint, Uri stub)
    {
        var effective = Copy(endpoint);
        effective.BaseUrl ??= stub;
        return effective;
    }

    private static void Flatten(Dictionary<string, string?> configuration, string prefix, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || !property.CanWrite || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = $"{prefix}:{property.Name}";
            switch (property.GetValue(options))
            {
                case null:
                    break;
                case var value when Value(value) is { } text:
                    configuration[key] = text;
                    break;
                case var nested:
                    Flatten(configuration, key, nested);
                    break;
            }
        }
    }

    // The text the binder reads back as the same value; null for an object with settings of its own.
    private static string? Value(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        Uri uri => uri.OriginalString,
        Enum choice => choice.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };
}
