using Npgsql;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>
/// One sync at a time per resource, across every worker: a PostgreSQL session advisory lock held while the
/// resource is read and its remote copy changed. Without it, a slow call for an old generation could land after
/// the call for a newer one and leave Databricks with stale content (or re-create a notebook just deleted).
/// A crashed worker's connection closes and PostgreSQL releases its locks.
/// </summary>
public sealed class ResourceSyncLock(NpgsqlDataSource dataSource)
{
    /// <summary>Key space of this lock, so our advisory locks never collide with anyone else's. Resource ids are unique across kinds.</summary>
    private const int LockClass = 0x5253; // "RS"

    /// <summary>Waits for the resource's lock; dispose the result to release it.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(Guid resourceId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var acquire = new NpgsqlCommand("SELECT pg_advisory_lock(@class, @key)", connection);
            acquire.Parameters.AddWithValue("class", LockClass);
            acquire.Parameters.AddWithValue("key", KeyOf(resourceId));
            await acquire.ExecuteNonQueryAsync(cancellationToken);
            return new Held(connection, LockClass, KeyOf(resourceId));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Two ids may share a key; that only makes them wait for each other, never breaks anything.</summary>
    private static int KeyOf(Guid id) => id.GetHashCode();

    private sealed class Held(NpgsqlConnection connection, int lockClass, int key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Pooled connections outlive this object: a session lock must be released explicitly.
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, @key)", connection);
                release.Parameters.AddWithValue("class", lockClass);
                release.Parameters.AddWithValue("key", key);
                await release.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
