using EduPlatform.Gateway;
using EduPlatform.Gateway.Configuration;

// dotnet run --project chapters/02-api-gateway/src/EduPlatform.Gateway  (Development: destinations from appsettings.Development.json)
try
{
    await GatewayHost.Build(args).RunAsync();
    return 0;
}
catch (GatewayConfigurationException exception)
{
    // A configuration mistake is the operator's to fix: say which key, without a stack trace.
    await Console.Error.WriteLineAsync($"EduPlatform.Gateway: {exception.Message}");
    return 2;
}
