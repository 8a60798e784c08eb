namespace AgentProvision.Contracts.Connector;

/// <summary>
/// <c>POST /databricks/notebooks</c> (create_notebook). The connector chooses the workspace path from the tenant and
/// <paramref name="Name"/>; a name that exists already answers RESOURCE_ALREADY_EXISTS, never a second notebook.
/// </summary>
public sealed record CreateNotebookRequest(string TenantId, string Name, string Language, string Content);

/// <summary>What create answers (and update and the lookup extension); the original client reads all four.</summary>
public sealed record NotebookInfo(string Path, long ObjectId, string Language, string Url);

/// <summary><c>GET /databricks/notebooks/{tenant_id}?path=</c> (get_notebook).</summary>
public sealed record NotebookDetails(string Path, long ObjectId, string Language, string Url, string Content, long ModifiedAt);

/// <summary>
/// <c>PUT /databricks/notebooks/{tenant_id}</c> (update_notebook): replaces the content. <paramref name="Language"/> is an
/// extension (a server without it keeps the language the notebook was created with).
/// </summary>
public sealed record UpdateNotebookRequest(string Path, string Content, string? Language = null);

/// <summary>
/// <c>POST /databricks/notebooks/execute</c> (execute_notebook). <paramref name="IdempotencyToken"/> is an extension:
/// a second request with the same token answers the first run instead of starting another.
/// </summary>
public sealed record ExecuteNotebookRequest(
    string TenantId,
    string NotebookPath,
    IReadOnlyDictionary<string, string> Parameters,
    string? IdempotencyToken = null);
