using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Tenants;

namespace AgentProvision.McpEmulator.Workspace;

/// <summary>
/// One tenant's workspace: folders and notebooks by absolute path. Follows Databricks where callers trip:
/// import needs an existing parent folder, an existing path needs overwrite, a recreated notebook gets a new id.
/// </summary>
internal sealed class WorkspaceTree(string tenantId, ObjectIds ids, ObjectLedger ledger, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WorkspaceNode> _nodes = new(StringComparer.Ordinal);

    /// <summary>mkdir -p: idempotent; a notebook anywhere on the path refuses it before any folder is made.</summary>
    public void Mkdirs(WorkspacePath path)
    {
        lock (_gate)
        {
            var blocker = path.Lineage().FirstOrDefault(step => _nodes.TryGetValue(step.Value, out var node) && !node.IsDirectory);
            if (blocker is not null)
            {
                throw AlreadyExists(blocker);
            }

            foreach (var step in path.Lineage().Where(step => !_nodes.ContainsKey(step.Value)))
            {
                var now = Now();
                var folder = new WorkspaceNode(ids.Next(), WorkspaceNode.Directory, step.Value, null, null, now, now);
                _nodes.Add(step.Value, folder);
                ledger.Created(tenantId, ObjectKinds.Directory, step.Value, folder.ObjectId);
            }
        }
    }

    public WorkspaceNode Import(WorkspacePath path, NotebookSource source, bool overwrite)
    {
        lock (_gate)
        {
            if (Find(path.Parent) is not { IsDirectory: true })
            {
                throw new ConnectorException(
                    StatusCodes.Status404NotFound, ConnectorErrorCodes.ResourceDoesNotExist,
                    $"The parent folder ({path.Parent}) does not exist.");
            }

            var existing = Find(path);
            if (existing is not null && (!overwrite || existing.IsDirectory))
            {
                throw AlreadyExists(path);
            }

            var now = Now();
            if (existing is not null)
            {
                // Same id, as Databricks keeps it on overwrite; modified_at always moves forward, even within a millisecond.
                var replaced = existing with
                {
                    Language = source.Language,
                    Content = source.Content,
                    ModifiedAt = Math.Max(now, existing.ModifiedAt + 1),
                };
                _nodes[path.Value] = replaced;
                ledger.Modified(tenantId, ObjectKinds.Notebook, path.Value);
                return replaced;
            }

            var created = new WorkspaceNode(ids.Next(), WorkspaceNode.Notebook, path.Value, source.Language, source.Content, now, now);
            _nodes.Add(path.Value, created);
            ledger.Created(tenantId, ObjectKinds.Notebook, path.Value, created.ObjectId);
            return created;
        }
    }

    public WorkspaceNode Status(WorkspacePath path)
    {
        lock (_gate)
        {
            return Find(path) ?? throw DoesNotExist(path);
        }
    }

    /// <summary>Deletes a notebook. Folders are refused: the connector's delete is for notebooks only.</summary>
    public void Delete(WorkspacePath path)
    {
        lock (_gate)
        {
            var node = Find(path) ?? throw DoesNotExist(path);
            if (node.IsDirectory)
            {
                throw ConnectorException.InvalidParameter($"Path ({path}) is a directory; notebooks/delete only deletes notebooks.");
            }

            _nodes.Remove(path.Value);
            ledger.Deleted(tenantId, ObjectKinds.Notebook, path.Value);
        }
    }

    private WorkspaceNode? Find(WorkspacePath path)
        => path.IsRoot ? WorkspaceNode.Root : _nodes.GetValueOrDefault(path.Value);

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static ConnectorException AlreadyExists(WorkspacePath path)
        => new(StatusCodes.Status400BadRequest, ConnectorErrorCodes.ResourceAlreadyExists, $"Node named '{path.Name}' already exists");

    private static ConnectorException DoesNotExist(WorkspacePath path)
        => new(StatusCodes.Status404NotFound, ConnectorErrorCodes.ResourceDoesNotExist, $"Path ({path}) doesn't exist.");
}
