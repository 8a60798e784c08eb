using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Tenants;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>
/// Every tenant's dataset tables, keyed by tenant and full table name. Versions follow Delta: 0 when the table is
/// made, one more with each replacement. A table of a catalog the tenant no longer has is out of sight.
/// </summary>
internal sealed class DatasetStore(ObjectIds ids, ObjectLedger ledger, TimeProvider clock) : IEmulatorState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string TenantId, string FullName), StoredDataset> _tables = [];

    /// <summary>Upload: makes the table, or replaces its data as a new version.</summary>
    public StoredDataset Replace(string tenantId, string catalog, string tableName, byte[] parquet, ParquetShape shape)
    {
        lock (_gate)
        {
            var fullName = DatasetName.FullName(catalog, tableName);
            if (_tables.TryGetValue((tenantId, fullName), out var current))
            {
                var replaced = current with { Parquet = parquet, Shape = shape, Version = current.Version + 1, LastModified = clock.GetUtcNow() };
                _tables[(tenantId, fullName)] = replaced;
                ledger.Modified(tenantId, ObjectKinds.Table, fullName);
                return replaced;
            }

            return Add(tenantId, catalog, tableName, parquet, shape);
        }
    }

    /// <summary>Create from rows: like CREATE TABLE, refused when the table is there.</summary>
    public StoredDataset Create(string tenantId, string catalog, string tableName, byte[] parquet, ParquetShape shape)
    {
        lock (_gate)
        {
            var fullName = DatasetName.FullName(catalog, tableName);
            if (_tables.ContainsKey((tenantId, fullName)))
            {
                throw new ConnectorException(
                    StatusCodes.Status409Conflict, ConnectorErrorCodes.ResourceAlreadyExists, $"Table '{fullName}' already exists");
            }

            return Add(tenantId, catalog, tableName, parquet, shape);
        }
    }

    public StoredDataset Get(string tenantId, string catalog, string tableName)
    {
        var fullName = DatasetName.FullName(catalog, tableName);
        lock (_gate)
        {
            return _tables.TryGetValue((tenantId, fullName), out var table) ? table : throw DoesNotExist(fullName);
        }
    }

    /// <summary>Whether <paramref name="fullName"/> (<c>catalog.schema.table</c>, any case) is one of the tenant's tables.</summary>
    public bool Exists(string tenantId, string fullName)
    {
        lock (_gate)
        {
            return _tables.ContainsKey((tenantId, fullName.ToLowerInvariant()));
        }
    }

    /// <summary>The tenant's tables in one catalog: what a query can see, as <c>USE CATALOG</c> gives the original server.</summary>
    public IReadOnlyList<StoredDataset> InCatalog(string tenantId, string catalog)
    {
        lock (_gate)
        {
            return _tables
                .Where(entry => entry.Key.TenantId == tenantId && entry.Value.CatalogName == catalog)
                .Select(entry => entry.Value)
                .ToList();
        }
    }

    public void Delete(string tenantId, string catalog, string tableName)
    {
        var fullName = DatasetName.FullName(catalog, tableName);
        lock (_gate)
        {
            if (!_tables.Remove((tenantId, fullName)))
            {
                throw DoesNotExist(fullName);
            }

            ledger.Deleted(tenantId, ObjectKinds.Table, fullName);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _tables.Clear();
        }
    }

    public static ConnectorException DoesNotExist(string fullName)
        => new(StatusCodes.Status404NotFound, ConnectorErrorCodes.TableDoesNotExist, $"Table '{fullName}' does not exist.");

    private StoredDataset Add(string tenantId, string catalog, string tableName, byte[] parquet, ParquetShape shape)
    {
        var table = new StoredDataset(catalog, tableName, parquet, Version: 0, shape, clock.GetUtcNow());
        _tables.Add((tenantId, table.FullName), table);
        ledger.Created(tenantId, ObjectKinds.Table, table.FullName, ids.Next());
        return table;
    }
}
