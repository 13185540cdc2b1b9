using System.Net.Sockets;

namespace EduPlatform.Harness.Tests.Hosting;

/// <summary>Reads what went wrong on the wire out of an HttpClient exception chain.</summary>
internal static class NetworkErrors
{
    public static SocketError? SocketErrorOf(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }

    /// <summary>Asserts that nothing listens at <paramref name="address"/> any more: a new connection is refused.</summary>
    public static async Task ShouldBeRefusedAsync(Uri address)
    {
        using var fresh = new HttpClient();
        var refused = await FluentActions
            .Awaiting(() => fresh.GetAsync(address, TestContext.Current.CancellationToken))
            .Should().ThrowAsync<HttpRequestException>();
        SocketErrorOf(refused.Which).Should().Be(SocketError.ConnectionRefused);
    }
}
