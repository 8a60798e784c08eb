using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Faults;

internal static class FaultErrorCodes
{
    /// <summary>
    /// The error_code Databricks pairs with a status, for rules that give a status but no code. The SDKs classify by
    /// code first, so a mismatched pair would test a case the real service never produces.
    /// </summary>
    public static string For(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => ConnectorErrorCodes.RequestLimitExceeded,
        StatusCodes.Status401Unauthorized => ConnectorErrorCodes.Unauthenticated,
        StatusCodes.Status404NotFound => ConnectorErrorCodes.ResourceDoesNotExist,
        StatusCodes.Status409Conflict => ConnectorErrorCodes.ResourceAlreadyExists,
        StatusCodes.Status503ServiceUnavailable => ConnectorErrorCodes.TemporarilyUnavailable,
        >= 500 => ConnectorErrorCodes.InternalError,
        _ => ConnectorErrorCodes.InvalidParameterValue,
    };
}
