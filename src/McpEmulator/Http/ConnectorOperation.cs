namespace AgentProvision.McpEmulator.Http;

/// <summary>
/// Endpoint metadata naming a connector operation. Its presence is what makes a route a connector route:
/// counted, key-checked, slowed down and open to fault injection. Admin routes do not carry it.
/// </summary>
internal sealed record ConnectorOperation(string Name, bool RequiresApiKey);

internal static class ConnectorOperationExtensions
{
    public static RouteHandlerBuilder IsConnectorOperation(
        this RouteHandlerBuilder endpoint, string name, bool requiresApiKey = true)
        => endpoint.WithName(name).WithMetadata(new ConnectorOperation(name, requiresApiKey));
}
