using System.Net;

namespace AgentProvision.SyncWorker.Connector;

/// <summary>The connector answered with an error envelope (or could not be reached at all).</summary>
public sealed class ConnectorException(HttpStatusCode? status, string errorCode, string message, Exception? inner = null)
    : Exception($"{errorCode}: {message}", inner)
{
    public HttpStatusCode? Status { get; } = status;
    public string ErrorCode { get; } = errorCode;
    public string ConnectorMessage { get; } = message;

    /// <summary>
    /// Worth trying again later: no answer, throttling, or a server-side fault. Any other 4xx is about the request
    /// itself and will fail the same way every time.
    /// </summary>
    public bool IsTransient => Status is null
        || Status == HttpStatusCode.TooManyRequests
        || Status == HttpStatusCode.RequestTimeout
        || (int)Status >= 500;
}
