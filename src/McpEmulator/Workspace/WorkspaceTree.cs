using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Tenants;

namespace AgentProvision.McpEmulator.Workspace;

/// <summary>
/// One tenant's workspace: folders and notebooks by absolute path, with Databricks' import rules: the parent folder
/// must exist, an existing path is refused unless overwritten, a recreated notebook gets a new id. Folders are made by
/// the connector itself and are not ledger objects; notebooks are, under their path.
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
                _nodes.Add(step.Value, new WorkspaceNode(ids.Next(), WorkspaceNode.Directory, step.Value, null, null, now, now));
            }
        }
    }

    /// <summary>workspace/import without overwrite: a new notebook, or Databricks' 400 RESOURCE_ALREADY_EXISTS.</summary>
    public WorkspaceNode Import(WorkspacePath path, string language, string content)
    {
        lock (_gate)
        {
            if (Find(path.Parent) is not { IsDirectory: true })
            {
                throw ConnectorException.DoesNotExist($"The parent folder ({path.Parent}) does not exist.");
            }

            if (Find(path) is not null)
            {
                throw AlreadyExists(path);
            }

            var now = Now();
            var created = new WorkspaceNode(ids.Next(), WorkspaceNode.Notebook, path.Value, language, content, now, now);
            _nodes.Add(path.Value, created);
            ledger.Created(tenantId, ObjectKinds.Notebook, path.Value, created.ObjectId);
            return created;
        }
    }

    /// <summary>workspace/import with overwrite of an existing notebook: same id, new content; a missing one is 404.</summary>
    public WorkspaceNode Replace(WorkspacePath path, string content, string? language)
    {
        lock (_gate)
        {
            var existing = FindNotebook(path);
            // modified_at always moves forward, even within a millisecond, so a reader can order versions by it.
            var replaced = existing with
            {
                Language = language ?? existing.Language,
                Content = content,
                ModifiedAt = Math.Max(Now(), existing.ModifiedAt + 1),
            };
            _nodes[path.Value] = replaced;
            ledger.Modified(tenantId, ObjectKinds.Notebook, path.Value);
            return replaced;
        }
    }

    /// <summary>The notebook at the path; folders and missing paths are both "does not exist" to the notebook routes.</summary>
    public WorkspaceNode FindNotebook(WorkspacePath path)
    {
        lock (_gate)
        {
            return Find(path) is { IsDirectory: false } notebook ? notebook : throw DoesNotExist(path);
        }
    }

    /// <summary>Every notebook of the workspace (folders left out), as they are now.</summary>
    public IReadOnlyList<WorkspaceNode> Notebooks()
    {
        lock (_gate)
        {
            return _nodes.Values.Where(node => !node.IsDirectory).ToList();
        }
    }

    public void Delete(WorkspacePath path)
    {
        lock (_gate)
        {
            FindNotebook(path);
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
        => ConnectorException.DoesNotExist($"Path ({path}) doesn't exist.");
}
