using AgentProvision.Contracts.Connector;
using Microsoft.AspNetCore.Diagnostics;

namespace AgentProvision.McpEmulator.Http;

/// <summary>Every error leaves the emulator in Databricks' envelope, whoever raised it.</summary>
internal sealed partial class ConnectorExceptionHandler(ILogger<ConnectorExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (statusCode, errorCode, message) = exception switch
        {
            ConnectorException refusal => (refusal.StatusCode, refusal.ErrorCode, refusal.Message),
            // A body that is not JSON, or not the contract's shape: the inner JsonException says where.
            BadHttpRequestException badRequest => (
                badRequest.StatusCode,
                ConnectorErrorCodes.InvalidParameterValue,
                badRequest.InnerException is { } inner ? $"{badRequest.Message} {inner.Message}" : badRequest.Message),
            _ => (StatusCodes.Status500InternalServerError, ConnectorErrorCodes.InternalError, "The emulator failed: " + exception.Message),
        };

        if (statusCode >= StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(logger, exception, context.Request.Path);
        }

        await ConnectorErrors.WriteAsync(context, statusCode, errorCode, message);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure answering {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);
}
