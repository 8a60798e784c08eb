using System.Collections.Concurrent;
using AgentProvision.McpEmulator.Catalogs;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Workspace;

namespace AgentProvision.McpEmulator.Tenants;

/// <summary>Every tenant's state, created on first use. Tenants never share objects.</summary>
internal sealed class TenantDirectory(ObjectIds ids, ObjectLedger ledger, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, TenantState> _tenants = new(StringComparer.Ordinal);

    public TenantState Get(string tenantId) => _tenants.GetOrAdd(tenantId, id => new TenantState(
        new Metastore(id, ids, ledger),
        new WorkspaceTree(id, ids, ledger, clock)));

    public void Clear() => _tenants.Clear();
}
