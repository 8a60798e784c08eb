namespace AgentProvision.McpEmulator.Introspection;

/// <summary>
/// The history of one (tenant, kind, name):
/// <c>{"tenant_id","kind","name","object_id","exists","created_count","modified_count","deleted_count","live_count"}</c>.
/// <paramref name="ObjectId"/> is the id of the latest object made under the name. <paramref name="LiveCount"/> is how
/// many objects of the name exist now: more than one only where Databricks allows duplicates (jobs, runs), which is
/// what "exactly one remote object per resource" is checked against.
/// </summary>
internal sealed record ObjectRecord(
    string TenantId,
    string Kind,
    string Name,
    long ObjectId,
    bool Exists,
    int CreatedCount,
    int ModifiedCount,
    int DeletedCount,
    int LiveCount);

/// <summary>The body of <c>GET /_emulator/objects</c>.</summary>
internal sealed record ObjectList(IReadOnlyList<ObjectRecord> Objects);
