using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Http;

/// <summary>
/// A Databricks-style refusal (status, error_code, message). State classes throw it the way the real service
/// answers; <see cref="ConnectorExceptionHandler"/> turns it into the error envelope.
/// </summary>
internal sealed class ConnectorException(int statusCode, string errorCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string ErrorCode { get; } = errorCode;

    public static ConnectorException InvalidParameter(string message)
        => new(StatusCodes.Status400BadRequest, ConnectorErrorCodes.InvalidParameterValue, message);

    /// <summary>404 RESOURCE_DOES_NOT_EXIST: the route exists, the object does not.</summary>
    public static ConnectorException DoesNotExist(string message)
        => new(StatusCodes.Status404NotFound, ConnectorErrorCodes.ResourceDoesNotExist, message);
}
