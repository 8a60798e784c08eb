using System.Net;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.Connector;

/// <summary>The connector answered with an error (or could not be reached at all).</summary>
public sealed class ConnectorException(HttpStatusCode? status, string errorCode, string message, Exception? inner = null)
    : Exception($"{errorCode}: {message}", inner)
{
    /// <summary>The code for a 404/405 that carries no Databricks envelope: the server has no such route.</summary>
    public const string RouteMissingCode = "ROUTE_NOT_FOUND";

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

    /// <summary>
    /// The server does not know the route (a connector without one of our extensions answers 404/405 without
    /// Databricks' <c>error_code</c>, as a FastAPI app does for a route it lacks).
    /// </summary>
    public bool IsRouteMissing => ErrorCode == RouteMissingCode;

    /// <summary>
    /// The object is not there. Databricks answers 404 RESOURCE_DOES_NOT_EXIST (or CATALOG_/TABLE_DOES_NOT_EXIST), and for
    /// jobs and runs 400 INVALID_PARAMETER_VALUE "… does not exist", which its SDKs map to not-found as well.
    /// </summary>
    public bool IsNotFound => !IsRouteMissing && (ErrorCode.EndsWith("DOES_NOT_EXIST", StringComparison.Ordinal)
        || (Status == HttpStatusCode.BadRequest && ErrorCode == ConnectorErrorCodes.InvalidParameterValue
            && ConnectorMessage.Contains("does not exist", StringComparison.OrdinalIgnoreCase)));

    public bool IsAlreadyExists => ErrorCode is ConnectorErrorCodes.ResourceAlreadyExists or "ALREADY_EXISTS"
        || ErrorCode.EndsWith("_ALREADY_EXISTS", StringComparison.Ordinal);
}
