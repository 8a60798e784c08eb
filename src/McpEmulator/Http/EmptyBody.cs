namespace AgentProvision.McpEmulator.Http;

/// <summary>Databricks answers deletes and mkdirs with <c>{}</c>.</summary>
internal sealed record EmptyBody
{
    public static EmptyBody Instance { get; } = new();
}
