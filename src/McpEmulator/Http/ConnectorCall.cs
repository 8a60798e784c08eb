using AgentProvision.McpEmulator.Faults;
using AgentProvision.McpEmulator.Tenants;

namespace AgentProvision.McpEmulator.Http;

/// <summary>
/// What one connector request touched, for its log line: handlers name the tenant here, the middleware the fault.
/// Scoped, one per request.
/// </summary>
internal sealed class ConnectorCall(TenantDirectory tenants)
{
    public string? TenantId { get; private set; }

    public FaultMode? Fault { get; set; }

    /// <summary>Names the tenant for the log without validating it, for calls answered before their handler ran.</summary>
    public void MentionTenant(string? tenantId)
    {
        if (!string.IsNullOrWhiteSpace(tenantId))
        {
            TenantId = tenantId;
        }
    }

    /// <summary>The checked tenant id, for state that is not kept per tenant (jobs, runs); a missing one is the caller's error.</summary>
    public string RequireTenantId(string? tenantId)
    {
        if (string.IsNullOrWhiteSpace(tenantId))
        {
            throw ConnectorException.InvalidParameter("tenant_id is required.");
        }

        TenantId = tenantId;
        return tenantId;
    }

    /// <summary>The tenant's own workspace and metastore; a missing tenant_id is the caller's error.</summary>
    public TenantState Tenant(string? tenantId) => tenants.Get(RequireTenantId(tenantId));
}
