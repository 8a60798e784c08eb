using AgentProvision.Datasets.Storage;
using AgentProvision.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Datasets;

/// <summary>
/// Deletes dataset files that no live dataset references: staged files whose upload died, files promoted just before a
/// crash kept their row from committing, files replaced by a new upload, files of deleted datasets whose eager delete
/// failed. Only files untouched for <see cref="DatasetSweepOptions.Grace"/>, so an upload in progress (its file is being
/// written) and a sync still reading a replaced file are left alone. Safe to run in every API replica at once.
/// </summary>
public sealed class DatasetFileSweeper(
    IServiceScopeFactory scopes,
    IDatasetStorage storage,
    TimeProvider clock,
    IOptions<DatasetSweepOptions> options,
    ILogger<DatasetFileSweeper> logger) : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogWarning(failure, "Dataset storage sweep failed; trying again in {Interval}", options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over storage; answers how many files it deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Grace;
        var deleted = 0;
        var candidates = new List<string>(Batch);
        await foreach (var file in storage.ListAsync(cancellationToken))
        {
            if (file.LastWritten > cutoff)
            {
                continue;
            }

            if (file.IsStaged)
            {
                deleted += await DeleteAsync(file.Key, "staged file of an upload that never finished", cancellationToken);
                continue;
            }

            candidates.Add(file.Key);
            if (candidates.Count == Batch)
            {
                deleted += await DeleteUnreferencedAsync(candidates, cancellationToken);
                candidates.Clear();
            }
        }

        deleted += await DeleteUnreferencedAsync(candidates, cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Dataset storage sweep deleted {Files} unreferenced files", deleted);
        }

        return deleted;
    }

    private async Task<int> DeleteUnreferencedAsync(List<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var referenced = await db.Datasets.AsNoTracking()
            .Where(d => keys.Contains(d.StorageKey) && d.DeletedAt == null)
            .Select(d => d.StorageKey)
            .ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var key in keys.Except(referenced, StringComparer.Ordinal))
        {
            deleted += await DeleteAsync(key, "no live dataset references it", cancellationToken);
        }

        return deleted;
    }

    private async Task<int> DeleteAsync(string key, string why, CancellationToken cancellationToken)
    {
        logger.LogInformation("Deleting dataset file {StorageKey}: {Reason}", key, why);
        return await storage.DeleteAsync(key, cancellationToken) ? 1 : 0;
    }
}

/// <summary>Configuration section <c>Storage:Sweep</c>.</summary>
public sealed class DatasetSweepOptions
{
    public const string Section = "Storage:Sweep";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a file must sit untouched before it counts as abandoned; longer than the slowest upload or sync.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(30);
}
