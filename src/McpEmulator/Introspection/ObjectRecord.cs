namespace AgentProvision.McpEmulator.Introspection;

/// <summary>
/// The history of one name: <c>{"tenant_id","kind","name","object_id","exists","created_count","modified_count","deleted_count"}</c>.
/// <paramref name="ObjectId"/> is the id of the latest incarnation; catalogs get one too, though CatalogInfo does not show it.
/// </summary>
internal sealed record ObjectRecord(
    string TenantId,
    string Kind,
    string Name,
    long ObjectId,
    bool Exists,
    int CreatedCount,
    int ModifiedCount,
    int DeletedCount);

/// <summary>The body of <c>GET /_emulator/objects</c>.</summary>
internal sealed record ObjectList(IReadOnlyList<ObjectRecord> Objects);
