using System.ComponentModel.DataAnnotations;

namespace AgentProvision.Persistence.Sync;

/// <summary>
/// Whether and how resources are provisioned in Databricks (section <c>Mcp</c>, as in the original system).
/// </summary>
public sealed class McpOptions
{
    public const string Section = "Mcp";

    /// <summary>Env <c>MCP_ENABLED</c>. When false every resource stays <c>local_only</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Env <c>DATABRICKS_ENABLED_TENANTS</c> (comma-separated ids). Empty means every tenant.</summary>
    public string EnabledTenants { get; set; } = "";

    /// <summary>The connector's base URL. Env <c>MCP_SERVER_URL</c>.</summary>
    [Required, Url]
    public string ServerUrl { get; set; } = "http://127.0.0.1:5090";

    /// <summary>Sent as <c>Authorization: Bearer</c>, as the original client did. Env <c>MCP_API_KEY</c>.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>How long a change may stay unsynced before the reconciler sends its message again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SyncDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the API's live calls to the connector (status, health) may take before it answers without them.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan StatusTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public bool IsEnabledFor(Guid tenantId) => DisabledReasonFor(tenantId) is null;

    /// <summary>Why the integration is off for the tenant (the original's wording where it had one), or null when it is on.</summary>
    public string? DisabledReasonFor(Guid tenantId)
    {
        if (!Enabled)
        {
            return "MCP_ENABLED is False in configuration";
        }

        var tenants = EnabledTenants.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return tenants.Length == 0 || tenants.Any(t => Guid.TryParse(t, out var id) && id == tenantId)
            ? null
            : "Tenant is not listed in DATABRICKS_ENABLED_TENANTS";
    }
}
