using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Health;

internal static class HealthApi
{
    /// <summary>No API key, so a start-up script can wait for it; still a connector operation, so it can be faulted.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ConnectorRoutes.Health, () => TypedResults.Ok(new HealthStatus("ok")))
            .IsConnectorOperation(ConnectorOperations.Health, requiresApiKey: false);
        return routes;
    }
}

/// <summary><c>{"status":"ok"}</c>.</summary>
internal sealed record HealthStatus(string Status);
