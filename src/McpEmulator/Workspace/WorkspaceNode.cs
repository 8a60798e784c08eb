namespace AgentProvision.McpEmulator.Workspace;

/// <summary>A notebook or folder in a tenant's workspace tree. Immutable: an update stores a new node with the same id.</summary>
internal sealed record WorkspaceNode(
    long ObjectId,
    string ObjectType,
    string Path,
    string? Language,
    string? Content,
    long CreatedAt,
    long ModifiedAt)
{
    public const string Notebook = "NOTEBOOK";
    public const string Directory = "DIRECTORY";

    /// <summary>The workspace root, which always exists; Databricks gives it object id 0.</summary>
    public static WorkspaceNode Root { get; } = new(0, Directory, "/", null, null, 0, 0);

    public bool IsDirectory => ObjectType == Directory;
}
