namespace EduPlatform.Load.Scheduling;

/// <summary>Unwinds an iteration whose step failed; the iteration runner turns it back into the step's response.</summary>
public sealed class StepFailedException : Exception
{
    public StepFailedException()
        : this("step", Response.Fail())
    {
    }

    public StepFailedException(string message)
        : this(message, Response.Fail())
    {
    }

    public StepFailedException(string message, Exception innerException)
        : base(message, innerException) => Response = Response.Fail();

    internal StepFailedException(string stepName, Response response)
        : base($"step '{stepName}' failed: {response}") => Response = response;

    public Response Response { get; }
}
