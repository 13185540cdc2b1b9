namespace EduPlatform.Harness.Faults;

/// <summary>How a <see cref="StubBehavior"/> breaks the connection, if it does.</summary>
public enum StubFault
{
    /// <summary>A normal response.</summary>
    None,

    /// <summary>RST before any byte of the response.</summary>
    ConnectionReset,

    /// <summary>Status line, headers and part of the body, then RST.</summary>
    AbortedResponse,
}
