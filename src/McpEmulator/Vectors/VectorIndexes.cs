using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Tenants;

namespace AgentProvision.McpEmulator.Vectors;

/// <summary>
/// The workspace's vector indexes. Names are workspace-wide (search and delete carry no tenant); the ledger files
/// each index under the tenant that created it.
/// </summary>
internal sealed class VectorIndexes(ObjectIds ids, ObjectLedger ledger) : IEmulatorState
{
    public const int MaxDimension = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, VectorIndex> _indexes = new(StringComparer.Ordinal);

    /// <param name="request">Its source table already checked by the caller.</param>
    public VectorIndexInfo Create(CreateVectorIndexRequest request)
    {
        var name = IndexName.Normalize(request.Name);
        if (request.EmbeddingDimension is < 1 or > MaxDimension)
        {
            throw ConnectorException.InvalidParameter(
                $"embedding_dimension must be between 1 and {MaxDimension}, got {request.EmbeddingDimension}.");
        }

        var embeddingColumn = string.IsNullOrWhiteSpace(request.EmbeddingColumn) ? "embedding" : request.EmbeddingColumn;
        lock (_gate)
        {
            if (_indexes.ContainsKey(name))
            {
                throw new ConnectorException(
                    StatusCodes.Status409Conflict, ConnectorErrorCodes.ResourceAlreadyExists, $"Index '{name}' already exists.");
            }

            var index = new VectorIndex(request.TenantId, name, request.SourceTable.ToLowerInvariant(), request.EmbeddingDimension, embeddingColumn);
            _indexes.Add(name, index);
            ledger.Created(request.TenantId, ObjectKinds.VectorIndex, name, ids.Next());
            return index.ToInfo();
        }
    }

    public VectorIndex Get(string name)
    {
        var storedName = name.ToLowerInvariant();
        lock (_gate)
        {
            return _indexes.GetValueOrDefault(storedName) ?? throw Missing(storedName);
        }
    }

    public VectorsUpserted Upsert(string name, IReadOnlyList<VectorRecord>? vectors)
    {
        var index = Get(name);
        var upserted = index.Upsert(vectors);
        ledger.Modified(index.TenantId, ObjectKinds.VectorIndex, index.Name);
        return upserted;
    }

    /// <summary>Removes the index; answers the tenant that created it, for the log line.</summary>
    public string Delete(string name)
    {
        var storedName = name.ToLowerInvariant();
        lock (_gate)
        {
            if (!_indexes.Remove(storedName, out var index))
            {
                throw Missing(storedName);
            }

            ledger.Deleted(index.TenantId, ObjectKinds.VectorIndex, storedName);
            return index.TenantId;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _indexes.Clear();
        }
    }

    private static ConnectorException Missing(string name)
        => ConnectorException.DoesNotExist($"Index '{name}' does not exist.");
}
