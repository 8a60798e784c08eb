using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentProvision.Contracts.Connector;

/// <summary>The connector speaks Databricks' snake_case JSON; both sides use these options.</summary>
public static class ConnectorJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
