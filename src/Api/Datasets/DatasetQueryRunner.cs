using System.Text.Json.Nodes;
using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Datasets.Query;
using AgentProvision.Datasets.Storage;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Datasets;

/// <summary>
/// Runs a tenant's SQL over one dataset (the table <c>dataset</c>): in Databricks through the connector when the
/// dataset's current data is there and the connector answers, otherwise locally in the DuckDB sandbox over its Parquet.
/// The same statement check runs first either way, so what is refused does not depend on where it would have run.
/// </summary>
public sealed class DatasetQueryRunner(
    ConnectorClient connector,
    IDatasetStorage storage,
    IOptions<DatasetOptions> options,
    IOptions<McpOptions> mcp,
    ILogger<DatasetQueryRunner> logger)
{
    public const string Remote = "databricks";
    public const string Local = "local";

    public async Task<DatasetQueryResponse?> RunAsync(Dataset dataset, string? sql, int limit, CancellationToken cancellationToken)
    {
        var query = SqlStatementGuard.Check(sql);
        if (mcp.Value.IsEnabledFor(dataset.TenantId) && RemoteTableOf(dataset) is { } table
            && await TryRemoteAsync(dataset, query, table, limit, cancellationToken) is { } remote)
        {
            return remote;
        }

        if (await storage.LocalPathAsync(dataset.StorageKey, cancellationToken) is not { } path)
        {
            return null;
        }

        var sandbox = new LocalQuerySandbox(options.Value.Query);
        QueryResult result;
        try
        {
            result = await Task.Run(() => sandbox.Run(path, query, limit, cancellationToken), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null; // replaced or deleted between the lookup and the query
        }

        return new DatasetQueryResponse(result.Columns, result.Rows, result.RowCount, result.Query, Local, result.ExecutionTimeMs);
    }

    /// <summary>
    /// The remote table, when it holds this dataset's current upload (a rename does not change the data; a new upload
    /// does, and until it has synced the local file is the truth).
    /// </summary>
    internal static string? RemoteTableOf(Dataset dataset)
    {
        var metadata = JsonNode.Parse(dataset.Metadata) as JsonObject;
        return metadata?["databricks_enabled"]?.GetValue<bool>() == true
            && metadata["local_file"]?.GetValue<string>() == dataset.StorageKey
            && metadata["databricks_table"]?.GetValue<string>() is { Length: > 0 } table
                ? table
                : null;
    }

    private async Task<DatasetQueryResponse?> TryRemoteAsync(Dataset dataset, CheckedQuery query, string table, int limit, CancellationToken cancellationToken)
    {
        // The limit wraps the user's statement, so it holds whatever the statement says (the original appended " LIMIT n"
        // only when the text had no "limit" in it anywhere).
        string sql;
        try
        {
            sql = $"SELECT * FROM ({RemoteSql.ForTable(query, table)}) AS q LIMIT {limit}";
        }
        catch (InvalidOperationException unsafeRewrite)
        {
            // The rewrite checks itself by parsing its output again; a form it cannot rename safely runs locally.
            logger.LogWarning("Dataset {DatasetId}: {Reason}; running the query locally", dataset.Id, unsafeRewrite.Message);
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RemoteQueryTimeout);
        try
        {
            var result = await connector.QueryDatasetAsync(
                new QueryDatasetRequest(dataset.TenantId.ToString(), Dataset.DatabricksNameFor(dataset.Id), sql), timeout.Token);
            var rows = result.Rows.Take(limit)
                .Select(row => (IReadOnlyDictionary<string, object?>)row.ToDictionary(cell => cell.Key, cell => (object?)cell.Value))
                .ToList();
            return new DatasetQueryResponse(result.Columns, rows, rows.Count, sql, Remote, result.ExecutionTimeMs);
        }
        catch (ConnectorException unavailable) when (unavailable.IsTransient || unavailable.IsNotFound || unavailable.IsRouteMissing)
        {
            logger.LogWarning("Dataset {DatasetId}: Databricks query unavailable ({ErrorCode}: {Error}); running it locally",
                dataset.Id, unavailable.ErrorCode, unavailable.ConnectorMessage);
            return null;
        }
        catch (ConnectorException refused)
        {
            throw new QueryRejected("QUERY_FAILED", $"Query execution failed in Databricks: {refused.ConnectorMessage}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Dataset {DatasetId}: Databricks query took over {Timeout}; running it locally", dataset.Id, options.Value.RemoteQueryTimeout);
            return null;
        }
    }
}
