using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Health;

internal static class HealthApi
{
    /// <summary>The version the emulator reports; the original server reports "1.0.0".</summary>
    public const string Version = "1.0.0-emulator";

    /// <summary>No API key, so a start-up script can wait for it; still a connector operation, so it can be faulted.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ConnectorRoutes.Health, () => TypedResults.Ok(new ConnectorHealth(ConnectorHealth.Healthy, DatabricksConnected: true, Version)))
            .IsConnectorOperation(ConnectorOperations.Health, requiresApiKey: false);
        return routes;
    }
}
