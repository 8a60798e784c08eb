using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Datasets.Storage;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Sync;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.SyncWorker.Datasets;

/// <summary>
/// Makes a dataset's Databricks table hold its current upload, through the original contract's upload_dataset_file:
/// one call per new upload, under a name derived from the dataset's id, into the tenant's catalog (which must be synced
/// first). Uploading to the same name replaces the table, so a retry never makes a second table; and a retry after a
/// lost answer first asks for the table's metadata, so the table's version grows once per generation, not per attempt.
/// A rename is a new generation whose data is already there: it costs no call.
/// </summary>
public sealed class DatasetProvisioner(
    ConnectorClient connector,
    IDatasetStorage storage,
    AppDbContext db,
    [FromKeyedServices("catalog")] // TenantCatalog.Kind (an attribute needs a constant)
    IResourceSynchronizer catalogSync,
    ILogger<DatasetProvisioner> logger) : IResourceProvisioner<Dataset>
{
    public async Task<string> EnsureAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        if (DatasetSyncMetadata.HasTable(dataset.Metadata) && DatasetSyncMetadata.LocalFileOf(dataset.Metadata) == dataset.StorageKey)
        {
            logger.LogInformation("Dataset {DatasetId}: Databricks already holds its current data; nothing to upload", dataset.Id);
            return dataset.Metadata;
        }

        await RequireCatalogAsync(dataset, cancellationToken);
        var tenantId = dataset.TenantId.ToString();
        var name = Dataset.DatabricksNameFor(dataset.Id);
        if (dataset.SyncAttempts > 0 && await FindOwnUploadAsync(dataset, tenantId, name, cancellationToken) is { } landed)
        {
            return landed;
        }

        var path = await storage.LocalPathAsync(dataset.StorageKey, cancellationToken)
            ?? throw new ConnectorException(null, "DATASET_FILE_REPLACED",
                $"The data file {dataset.StorageKey} is gone: a newer upload or a delete replaced it, and that change's own sync takes over.");
        var table = await connector.UploadDatasetAsync(tenantId, name, () => File.OpenRead(path), cancellationToken);
        logger.LogInformation("Dataset {DatasetId} uploaded to {Table} (version {Version}, {Rows} rows)",
            dataset.Id, table.TablePath, table.Version, table.RowCount ?? dataset.RowCount);
        return DatasetSyncMetadata.Synced(table, dataset.StorageKey, dataset.RowCount);
    }

    public async Task<string> RemoveAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        var wasPresent = await connector.DeleteDatasetAsync(dataset.TenantId.ToString(), Dataset.DatabricksNameFor(dataset.Id), cancellationToken);
        logger.LogInformation("Dataset {DatasetId} table removed from Databricks (was present: {WasPresent})", dataset.Id, wasPresent);
        return DatasetSyncMetadata.Removed(dataset.Metadata);
    }

    /// <summary>
    /// A table lives in the tenant's catalog, which syncs as its own resource (the API records it with the first
    /// dataset). When it is not synced yet, this sync drives it first, through the catalog's own synchronizer (its lock,
    /// create-or-adopt and guarded writes), rather than fail and wait a backoff for the catalog's message to be consumed.
    /// </summary>
    private async Task RequireCatalogAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        var catalog = await FindCatalogAsync(dataset.TenantId, cancellationToken);
        if (catalog is { SyncedGeneration: 0, SyncStatus: SyncStatus.Pending or SyncStatus.Syncing })
        {
            await catalogSync.SyncNowAsync(catalog.TenantId, catalog.Id, cancellationToken);
            catalog = await FindCatalogAsync(dataset.TenantId, cancellationToken);
        }

        switch (catalog)
        {
            case { SyncedGeneration: > 0 }:
                return;
            case { SyncStatus: SyncStatus.Failed }:
                throw new PermanentSyncFailure("CATALOG_FAILED",
                    $"The tenant's catalog {catalog.CatalogName} failed to sync ({catalog.LastErrorMessage}). Fix that, call " +
                    $"POST /api/v1/databricks/initialize, then retry the dataset (POST /api/v1/datasets/{dataset.Id}/sync).");
            case null:
                throw new PermanentSyncFailure("CATALOG_MISSING",
                    $"The tenant has no Databricks catalog yet. Call POST /api/v1/databricks/initialize, then retry the dataset (POST /api/v1/datasets/{dataset.Id}/sync).");
            default:
                throw new ConnectorException(null, "CATALOG_PENDING", $"Waiting for the tenant's catalog {catalog.CatalogName} to sync first.");
        }
    }

    private Task<TenantCatalog?> FindCatalogAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.TenantCatalogs.AsNoTracking().SingleOrDefaultAsync(c => c.TenantId == tenantId, cancellationToken);

    /// <summary>
    /// An earlier attempt of this generation may have uploaded and lost the answer. Its upload landed when the table's
    /// version moved past the one our last known upload made (or, with no version on record, when the table changed after
    /// this generation began), and it holds our row count. Then it is adopted instead of uploaded again.
    /// </summary>
    private async Task<string?> FindOwnUploadAsync(Dataset dataset, string tenantId, string name, CancellationToken cancellationToken)
    {
        DatasetMetadata remote;
        try
        {
            remote = await connector.GetDatasetMetadataAsync(tenantId, name, cancellationToken);
        }
        catch (ConnectorException missing) when (missing.IsNotFound || missing.IsRouteMissing)
        {
            return null;
        }

        var previous = DatasetSyncMetadata.VersionOf(dataset.Metadata);
        var landed = previous is { } known
            ? remote.Version > known
            : DateTimeOffset.TryParse(remote.LastModified, out var modified) && modified >= dataset.UpdatedAt;
        if (!landed || remote.RowCount != dataset.RowCount)
        {
            return null;
        }

        logger.LogInformation("Dataset {DatasetId}: an earlier attempt's upload landed as version {Version} of {Table}; adopting it",
            dataset.Id, remote.Version, remote.Table);
        var parts = remote.Table.Split('.');
        var table = new DatasetTable(remote.Table, parts[0], parts.Length > 2 ? parts[1] : "", parts[^1], remote.LastModified,
            Version: remote.Version, RowCount: remote.RowCount, SizeBytes: remote.SizeBytes);
        return DatasetSyncMetadata.Synced(table, dataset.StorageKey, dataset.RowCount);
    }
}
