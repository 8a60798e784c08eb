using AgentProvision.Datasets.Query;

namespace AgentProvision.Api.Datasets;

/// <summary>
/// Loads DuckDB (its native library and parser) once at start-up, in the background, so the first tenant's query does
/// not pay that cost on top of its own.
/// </summary>
public sealed class DatasetQueryWarmUp(ILogger<DatasetQueryWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            SqlStatementGuard.Check("SELECT 1 AS warm_up FROM dataset");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogWarning(failure, "DuckDB warm-up failed; the first dataset query will load it instead");
        }
    }, stoppingToken);
}
