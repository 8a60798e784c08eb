using AgentProvision.Contracts.Messages;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Outbox;
using AgentProvision.SyncWorker.Outbox;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.Tests.Outbox;

public sealed class OutboxClaimTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Two_dispatchers_claiming_at_once_never_get_the_same_row()
    {
        var connectionString = await Fixture.CreateScratchDatabaseAsync();
        await SeedOutboxAsync(connectionString, 10);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        await using var first = await dataSource.OpenConnectionAsync();
        await using var firstTransaction = await first.BeginTransactionAsync();
        var firstClaim = await OutboxClaims.ClaimAsync(first, firstTransaction, 4, CancellationToken.None);

        await using var second = await dataSource.OpenConnectionAsync();
        await using var secondTransaction = await second.BeginTransactionAsync();
        var secondClaim = await OutboxClaims.ClaimAsync(second, secondTransaction, 100, CancellationToken.None);

        Assert.Equal(4, firstClaim.Count);
        Assert.Equal(6, secondClaim.Count);
        Assert.Empty(firstClaim.Select(r => r.Id).Intersect(secondClaim.Select(r => r.Id)));
    }

    [Fact]
    public async Task Row_in_backoff_after_a_failed_publish_does_not_block_the_rows_behind_it()
    {
        var connectionString = await Fixture.CreateScratchDatabaseAsync();
        var ids = await SeedOutboxAsync(connectionString, 3);
        await using (var db = NewContext(connectionString))
        {
            await db.OutboxMessages.Where(m => m.Id == ids[0])
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UtcNow.AddMinutes(5)));
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var claim = await OutboxClaims.ClaimAsync(connection, transaction, 100, CancellationToken.None);

        Assert.Equal(ids.Skip(1), claim.Select(r => r.Id));
    }

    [Fact]
    public async Task One_tenants_backlog_does_not_keep_other_tenants_rows_out_of_the_next_batch()
    {
        var connectionString = await Fixture.CreateScratchDatabaseAsync();
        var busy = Guid.NewGuid();
        var backlog = await SeedOutboxAsync(connectionString, 500, busy);
        var quiet = await SeedOutboxAsync(connectionString, 1, Guid.NewGuid());
        var other = await SeedOutboxAsync(connectionString, 2, Guid.NewGuid());

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var claim = (await OutboxClaims.ClaimAsync(connection, transaction, 10, CancellationToken.None)).Select(r => r.Id).ToList();

        // Every tenant's first row comes before anyone's second: the newest tenants' rows are in, not 500 rows later.
        Assert.Equal(10, claim.Count);
        Assert.Contains(quiet[0], claim);
        Assert.Contains(other[0], claim);
        Assert.Contains(other[1], claim);
        // The busy tenant's share is its oldest rows, in order.
        Assert.Equal(backlog.Take(7), claim.Where(backlog.Contains));
    }

    private static async Task<List<Guid>> SeedOutboxAsync(string connectionString, int count, Guid? tenantId = null)
    {
        await using var db = NewContext(connectionString);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var row = db.AddOutboxMessage(tenantId ?? Guid.NewGuid(), "notebook", Guid.NewGuid(),
                new ResourceSyncRequested("notebook", Guid.NewGuid(), Guid.NewGuid(), 1), TimeProvider.System);
            row.CreatedAt = DateTimeOffset.UtcNow.AddMilliseconds(i);
            ids.Add(row.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private static AppDbContext NewContext(string connectionString) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options);
}
