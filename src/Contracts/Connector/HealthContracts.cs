using System.Text.Json.Serialization;

namespace AgentProvision.Contracts.Connector;

/// <summary><c>GET /agentprovision/v1/health</c>: <c>status</c> is <c>healthy</c> when the connector can serve.</summary>
public sealed record ConnectorHealth(string Status, bool DatabricksConnected = false, string? Version = null)
{
    public const string Healthy = "healthy";

    /// <summary>Derived, so never on the wire: the original server answers only status, databricks_connected and version.</summary>
    [JsonIgnore]
    public bool IsHealthy => Status == Healthy;
}
