namespace AgentProvision.McpEmulator.Introspection;

/// <summary>
/// Remembers every (tenant, kind, name) ever created, deleted ones included, so a test can prove an object was
/// created exactly once. The state classes report to it while holding their own lock; this lock is always taken last.
/// </summary>
internal sealed class ObjectLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string TenantId, string Kind, string Name), ObjectRecord> _records = [];

    public void Created(string tenantId, string kind, string name, long objectId)
        => Update(tenantId, kind, name, record => record with
        {
            ObjectId = objectId,
            CreatedCount = record.CreatedCount + 1,
            LiveCount = record.LiveCount + 1,
        });

    public void Modified(string tenantId, string kind, string name)
        => Update(tenantId, kind, name, record => record with { ModifiedCount = record.ModifiedCount + 1 });

    public void Deleted(string tenantId, string kind, string name)
        => Update(tenantId, kind, name, record => record with
        {
            DeletedCount = record.DeletedCount + 1,
            LiveCount = Math.Max(0, record.LiveCount - 1),
        });

    /// <summary>An object that changed its name in place (a job reset with a new name): modified under both names, alive under the new one.</summary>
    public void Renamed(string tenantId, string kind, string oldName, string newName, long objectId)
    {
        lock (_gate)
        {
            Update(tenantId, kind, oldName, record => record with
            {
                ModifiedCount = record.ModifiedCount + 1,
                LiveCount = Math.Max(0, record.LiveCount - 1),
            });
            Update(tenantId, kind, newName, record => record with
            {
                ObjectId = objectId,
                ModifiedCount = record.ModifiedCount + 1,
                LiveCount = record.LiveCount + 1,
            });
        }
    }

    /// <summary>Records of one tenant (or all when empty) whose name starts with <paramref name="prefix"/>, in a stable order.</summary>
    public IReadOnlyList<ObjectRecord> Find(string? tenantId, string? prefix)
    {
        lock (_gate)
        {
            return _records.Values
                .Where(record => string.IsNullOrEmpty(tenantId) || record.TenantId == tenantId)
                .Where(record => string.IsNullOrEmpty(prefix) || record.Name.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(record => record.TenantId, StringComparer.Ordinal)
                .ThenBy(record => record.Kind, StringComparer.Ordinal)
                .ThenBy(record => record.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
        }
    }

    private void Update(string tenantId, string kind, string name, Func<ObjectRecord, ObjectRecord> change)
    {
        lock (_gate)
        {
            var key = (tenantId, kind, name);
            var record = _records.GetValueOrDefault(key) ?? new ObjectRecord(tenantId, kind, name, 0, false, 0, 0, 0, 0);
            var changed = change(record);
            _records[key] = changed with { Exists = changed.LiveCount > 0 };
        }
    }
}
