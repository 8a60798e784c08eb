namespace AgentProvision.Contracts.Connector;

/// <summary>
/// <c>POST notebooks/import</c>: Databricks workspace import. <paramref name="Content"/> is base64 (SOURCE format).
/// The parent folder must exist (no implicit parents, as in Databricks); an existing path with
/// <paramref name="Overwrite"/> false answers 400 RESOURCE_ALREADY_EXISTS.
/// </summary>
public sealed record ImportNotebookRequest(
    string TenantId,
    string Path,
    string Language,
    string Content,
    bool Overwrite,
    string Format = "SOURCE");

/// <summary><c>POST workspace/mkdirs</c>: mkdir -p, idempotent.</summary>
public sealed record MkdirsRequest(string TenantId, string Path);

/// <summary><c>POST notebooks/delete</c>: a missing path answers 404 RESOURCE_DOES_NOT_EXIST.</summary>
public sealed record DeleteNotebookRequest(string TenantId, string Path);

/// <summary>Databricks' ObjectInfo; answered by import and by <c>GET notebooks/status?tenant_id=&amp;path=</c>.</summary>
public sealed record WorkspaceObjectInfo(
    long ObjectId,
    string ObjectType,
    string Path,
    string? Language,
    long CreatedAt,
    long ModifiedAt);

/// <summary>
/// <c>GET notebooks/export?tenant_id=&amp;path=</c>: Databricks workspace export in SOURCE format; <paramref name="Content"/>
/// is base64. A missing path answers 404 RESOURCE_DOES_NOT_EXIST, a folder 400 INVALID_PARAMETER_VALUE.
/// </summary>
public sealed record ExportNotebookResponse(string Content, string? Language);
