namespace AgentProvision.Contracts.Connector;

/// <summary>Databricks' error envelope: <c>{"error_code": "...", "message": "..."}</c>.</summary>
public sealed record ConnectorError(string ErrorCode, string Message);

/// <summary>The Databricks error codes the worker and the emulator agree on.</summary>
public static class ConnectorErrorCodes
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string InvalidState = "INVALID_STATE";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string CatalogDoesNotExist = "CATALOG_DOES_NOT_EXIST";
    public const string TableDoesNotExist = "TABLE_DOES_NOT_EXIST";
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
    public const string TemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE";
    public const string MaxNotebookSizeExceeded = "MAX_NOTEBOOK_SIZE_EXCEEDED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string InternalError = "INTERNAL_ERROR";
}
