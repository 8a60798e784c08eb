namespace AgentProvision.McpEmulator.Http;

/// <summary>
/// Endpoint metadata naming a connector operation. Its presence is what makes a route a connector route:
/// counted, key-checked, slowed down and open to fault injection. Admin routes do not carry it.
/// </summary>
internal sealed record ConnectorOperation(string Name, bool RequiresApiKey);

/// <summary>
/// Endpoint metadata marking a route as an extension of the original MCP contract (docs/connector-contract.md).
/// While extensions are switched off, <see cref="ConnectorCallMiddleware"/> answers such a route the way a seed-era
/// server that lacks it does, so the client's fallbacks can be tested against the same emulator.
/// </summary>
internal sealed class ExtensionRoute
{
    public static ExtensionRoute Instance { get; } = new();

    private ExtensionRoute()
    {
    }
}

internal static class ConnectorOperationExtensions
{
    public static RouteHandlerBuilder IsConnectorOperation(
        this RouteHandlerBuilder endpoint, string name, bool requiresApiKey = true)
        => endpoint.WithName(name).WithMetadata(new ConnectorOperation(name, requiresApiKey));

    /// <summary>Marks a connector route as a contract extension; see <see cref="ExtensionRoute"/>.</summary>
    public static RouteHandlerBuilder IsExtension(this RouteHandlerBuilder endpoint)
        => endpoint.WithMetadata(ExtensionRoute.Instance);
}
