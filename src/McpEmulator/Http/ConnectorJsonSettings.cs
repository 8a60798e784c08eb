using System.Text.Json;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Http;

internal static class ConnectorJsonSettings
{
    /// <summary>
    /// Minimal APIs own their <see cref="JsonSerializerOptions"/> instance, so the contract's settings are copied
    /// onto it: requests and responses then speak the same snake_case as the worker's client.
    /// </summary>
    public static void CopyTo(JsonSerializerOptions target)
    {
        var source = ConnectorJson.Options;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.DictionaryKeyPolicy = source.DictionaryKeyPolicy;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        target.PropertyNameCaseInsensitive = source.PropertyNameCaseInsensitive;
        target.NumberHandling = source.NumberHandling;
        foreach (var converter in source.Converters)
        {
            target.Converters.Add(converter);
        }
    }
}
