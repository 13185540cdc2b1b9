using System.Diagnostics;
using EduPlatform.CoursePage.Dependencies;

namespace EduPlatform.CoursePage.Hosting;

/// <summary>
/// Pays, at startup, the one-time costs of the service's first failure answer, so that the first calls a bulkhead or
/// a breaker turns away are as fast as the thousandth.
/// </summary>
/// <remarks>
/// Measured on the 2-core VM (the bulkhead claim, <c>prove --claim 07-bulkhead-isolates</c>): in a fresh process the
/// first rejection took 70-90 ms, and the calls that arrived meanwhile (rejections and <c>/summary</c> alike) queued
/// behind it, at the very moment the overload began. Two costs make it up, each paid once per process:
/// <list type="bullet">
/// <item>Polly stamps each rejection exception with the stack it was created on, file and line numbers included
///   (<c>ExceptionDispatchInfo.SetCurrentStackTrace</c>). The first such trace loads the runtime's symbol reader and
///   this assembly's PDB: ~30-50 ms.</item>
/// <item>The first problem+json answer builds the serializer's metadata for <c>ProblemDetails</c> and compiles the
///   code that writes it: ~35 ms.</item>
/// </list>
/// Both are paid here, before the service listens. What remains of a cold first rejection is the compilation of the
/// few methods only a rejection runs.
/// </remarks>
public static class FailureAnswerWarmUp
{
    public static async Task WarmUpFailureAnswersAsync(this WebApplication app)
    {
        _ = new StackTrace(fNeedFileInfo: true).ToString();

        var http = new DefaultHttpContext { RequestServices = app.Services };
        http.Response.Body = Stream.Null;
        var rejection = new DependencyFailure("warm-up", DependencyFailureKind.BulkheadFull, "Written at startup, to no one.", TimeSpan.FromSeconds(1));
        await DependencyProblem.For(rejection, http.Response).ExecuteAsync(http);
    }
}
