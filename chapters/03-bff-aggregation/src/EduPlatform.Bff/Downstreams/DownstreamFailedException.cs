namespace EduPlatform.Bff.Downstreams;

/// <summary>A downstream call that ended without usable data: refused, reset, an error status, or a body that does not read.</summary>
public sealed class DownstreamFailedException(string message, Exception? inner = null) : Exception(message, inner);
