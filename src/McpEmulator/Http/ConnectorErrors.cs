using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Http;

internal static class ConnectorErrors
{
    /// <summary>Writes Databricks' error envelope <c>{"error_code","message"}</c> as application/json.</summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string errorCode, string message)
    {
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(new ConnectorError(errorCode, message), ConnectorJson.Options);
    }
}
