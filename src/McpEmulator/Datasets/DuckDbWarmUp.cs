namespace AgentProvision.McpEmulator.Datasets;

/// <summary>
/// Loads DuckDB's native library once at start-up, in the background: the first dataset query otherwise pays for it
/// (about a second on a busy machine), which a client with a short timeout takes for a hung connector.
/// </summary>
internal sealed class DuckDbWarmUp(ILogger<DuckDbWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            using var connection = DuckDb.OpenInMemory();
            DuckDb.Scalar<int>(connection, "SELECT 1");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogWarning(failure, "DuckDB warm-up failed; the first dataset query will load it instead");
        }
    }, stoppingToken);
}
