using System.Text.Json;
using System.Text.Json.Serialization;
using AgentProvision.Datasets.Ingest;
using AgentProvision.Datasets.Storage;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Resilience;
using AgentProvision.Persistence.Sync;

namespace AgentProvision.Api.Datasets;

/// <summary>
/// Turns a finished, staged Parquet file into a dataset: promote the file under its key, then commit the row, its
/// outbox message (and the tenant's catalog, the first time) in one transaction. If the commit fails the promoted file
/// is deleted at once; if the process dies in between, the storage sweep deletes the file no row references.
/// </summary>
public static class DatasetWriter
{
    /// <summary>How many rows the original kept as <c>sample_rows</c>.</summary>
    public const int SampleRows = 10;

    /// <summary>A float column may hold NaN or infinity, which plain JSON cannot: they are written as strings.</summary>
    private static readonly JsonSerializerOptions StoredJson = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public sealed record Details(string Name, string? Description, string SourceType, string? FileName);

    public static async Task<Dataset> CreateAsync(
        DatasetServices services, Guid tenantId, Details details, StagedFile parquet, IngestResult ingested, CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var key = services.Storage.KeyFor(tenantId, id, Guid.NewGuid());
        var size = await services.Storage.PromoteAsync(parquet, key, cancellationToken);
        var dataset = new Dataset
        {
            Id = id,
            TenantId = tenantId,
            Name = details.Name,
            Description = details.Description,
            SourceType = details.SourceType,
            FileName = details.FileName,
            StorageKey = key,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Describe(dataset, ingested, size);
        await CommitAsync(services, dataset, key, async db =>
        {
            db.Datasets.Add(dataset);
            await RequestSyncAsync(services, dataset, cancellationToken);
        }, cancellationToken);
        return dataset;
    }

    /// <summary>A new upload for an existing dataset: a new file, a new generation. The old file goes to the sweep, since a sync may still be reading it.</summary>
    public static async Task ReplaceDataAsync(
        DatasetServices services, Dataset dataset, string? fileName, StagedFile parquet, IngestResult ingested, CancellationToken cancellationToken)
    {
        var key = services.Storage.KeyFor(dataset.TenantId, dataset.Id, Guid.NewGuid());
        var size = await services.Storage.PromoteAsync(parquet, key, cancellationToken);
        dataset.StorageKey = key;
        dataset.FileName = fileName ?? dataset.FileName;
        Describe(dataset, ingested, size);
        dataset.Generation++;
        await CommitAsync(services, dataset, key, _ => RequestSyncAsync(services, dataset, cancellationToken), cancellationToken);
    }

    private static async Task RequestSyncAsync(DatasetServices services, Dataset dataset, CancellationToken cancellationToken)
    {
        if (services.Mcp.IsEnabledFor(dataset.TenantId))
        {
            // The table lives in the tenant's catalog: the first dataset asks for the catalog too, in this transaction.
            await services.Db.EnsureCatalogRequestedAsync(dataset.TenantId, services.Mcp, services.Clock, cancellationToken);
        }

        services.Db.RequestSyncOrKeepLocal(dataset, services.Mcp, services.Clock);
    }

    private static async Task CommitAsync(
        DatasetServices services, Dataset dataset, string key, Func<AppDbContext, Task> stage, CancellationToken cancellationToken)
    {
        try
        {
            // Retried as a whole while PostgreSQL restarts (the file is already in place; only the rows are repeated).
            await services.Db.InRetryableTransactionAsync(async token =>
            {
                await stage(services.Db);
                await services.Db.SaveChangesAsync(token);
            }, cancellationToken);
        }
        catch
        {
            // Nothing references the new file: remove it now rather than leave it to the sweep.
            await services.Storage.DeleteAsync(key, CancellationToken.None);
            throw;
        }

        services.Logger.LogInformation(
            "Dataset {DatasetId} generation {Generation} stored: {Rows} rows, {Columns} columns, {Bytes} bytes of Parquet at {StorageKey}",
            dataset.Id, dataset.Generation, dataset.RowCount, JsonDocument.Parse(dataset.Schema).RootElement.GetArrayLength(), dataset.SizeBytes, key);
    }

    private static void Describe(Dataset dataset, IngestResult ingested, long size)
    {
        dataset.RowCount = ingested.RowCount;
        dataset.SizeBytes = size;
        dataset.Schema = ToJsonb(ingested.Columns.Select(c => new Dictionary<string, string> { ["name"] = c.Name, ["dtype"] = c.Dtype }));
        dataset.SampleRows = ToJsonb(ingested.SampleRows.Take(SampleRows));
        dataset.NumericSummary = ToJsonb(ingested.NumericSummary.Select(s => new Dictionary<string, object?>
        {
            ["column"] = s.Column,
            ["avg"] = s.Avg,
            ["min"] = s.Min,
            ["max"] = s.Max,
        }));
    }

    /// <summary>PostgreSQL's jsonb cannot hold the NUL character a CSV may contain: it becomes U+FFFD in the stored sample.</summary>
    private static string ToJsonb<T>(T value) =>
        JsonSerializer.Serialize(value, StoredJson).Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal);
}
