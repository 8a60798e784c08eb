using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgentProvision.Tests.Sync;

/// <summary>Each host's PostgreSQL pool: reused connections skip the reset, statements stay prepared, a worker stays within its cap.</summary>
public sealed class ConnectionPoolTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public void A_hosts_defaults_apply_under_the_configured_connection_string_and_never_over_it()
    {
        var defaults = new ConnectionDefaults { MaxPoolSize = 20, NoResetOnClose = true, MaxAutoPrepare = 64, ApplicationName = "agentprovision-test" };

        var applied = new NpgsqlConnectionStringBuilder(defaults.ApplyTo("Host=db;Username=app"));
        Assert.Equal(20, applied.MaxPoolSize);
        Assert.True(applied.NoResetOnClose);
        Assert.Equal(64, applied.MaxAutoPrepare);
        Assert.Equal("agentprovision-test", applied.ApplicationName);

        var operators = new NpgsqlConnectionStringBuilder(
            defaults.ApplyTo("Host=db;Username=app;Maximum Pool Size=7;No Reset On Close=false;Max Auto Prepare=0;Application Name=ops"));
        Assert.Equal(7, operators.MaxPoolSize);
        Assert.False(operators.NoResetOnClose);
        Assert.Equal(0, operators.MaxAutoPrepare);
        Assert.Equal("ops", operators.ApplicationName);
    }

    [Fact]
    public void The_api_reuses_its_connections_without_resetting_them_and_names_itself()
    {
        var dataSource = Fixture.Api.Services.GetRequiredService<NpgsqlDataSource>();
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        Assert.True(settings.NoResetOnClose);
        Assert.Equal("agentprovision-api", settings.ApplicationName);
    }

    /// <summary>The API prepares what it runs over and over (a create's two inserts), so PostgreSQL stops re-parsing it.</summary>
    [Fact]
    public async Task The_api_keeps_the_statements_it_repeats_prepared_on_the_connection()
    {
        var dataSource = Fixture.Api.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        const string repeated = "SELECT count(*) FROM notebooks WHERE tenant_id = $1";
        for (var i = 0; i < 6; i++)
        {
            await using var command = new NpgsqlCommand(repeated, connection) { Parameters = { new() { Value = Guid.NewGuid() } } };
            await command.ExecuteScalarAsync();
        }

        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", connection)
        {
            Parameters = { new() { Value = repeated } },
        };
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }

    [Fact]
    public void A_workers_defaults_prepare_repeated_statements_skip_the_reset_and_cap_the_pool()
    {
        var worker = new NpgsqlConnectionStringBuilder(AgentProvision.SyncWorker.Program.DatabaseConnections.ApplyTo("Host=db"));

        Assert.Equal(64, worker.MaxAutoPrepare);
        Assert.Equal(AgentProvision.SyncWorker.Program.ConnectionBudget - 2, worker.MaxPoolSize);
        Assert.True(worker.NoResetOnClose);
    }

    /// <summary>
    /// Why session state (a LISTEN, the discovery's session lock) must not go through a pool that skips the reset: the
    /// state outlives the close. A session connection's state ends with it.
    /// </summary>
    [Fact]
    public async Task A_session_lock_ends_with_its_session_connection_but_outlives_a_pooled_one_without_reset()
    {
        var lockKey = Random.Shared.NextInt64();
        var workerLike = new ConnectionDefaults { NoResetOnClose = true }.ApplyTo(Fixture.DatabaseConnectionString);
        await using var other = NpgsqlDataSource.Create(Fixture.DatabaseConnectionString);
        await using var sessions = new SessionConnections(workerLike);
        await using (var connection = await sessions.OpenAsync(CancellationToken.None))
        {
            Assert.True(await TryLockAsync(connection, lockKey));
        }

        await using (var connection = await other.OpenConnectionAsync())
        {
            Assert.True(await TryLockAsync(connection, lockKey), "the session connection's lock outlived it");
            await Unlock(connection, lockKey);
        }

        await using var noReset = NpgsqlDataSource.Create(workerLike);
        await using (var connection = await noReset.OpenConnectionAsync())
        {
            Assert.True(await TryLockAsync(connection, lockKey));
        }

        await using (var connection = await other.OpenConnectionAsync())
        {
            Assert.False(await TryLockAsync(connection, lockKey));
        }

        static async Task<bool> TryLockAsync(NpgsqlConnection connection, long key)
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
            return (bool)(await command.ExecuteScalarAsync())!;
        }

        static async Task Unlock(NpgsqlConnection connection, long key)
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = key } } };
            await command.ExecuteScalarAsync();
        }
    }

    [Fact]
    public async Task A_worker_syncing_a_burst_stays_within_its_connection_cap()
    {
        const int burst = 300;
        const int cap = 20;   // a worker's whole budget: its pool and its two session connections
        var tenant = await NewTenantAsync();
        await using var probe = NpgsqlDataSource.Create(Fixture.DatabaseConnectionString);
        var most = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                await using var count = probe.CreateCommand(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'agentprovision-syncworker'");
                most = Math.Max(most, (int)(long)(await count.ExecuteScalarAsync())!);
                await Task.Delay(20);
            }
        });

        await Parallel.ForEachAsync(Enumerable.Range(0, burst), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await tenant.CreateNotebookAsync($"burst {i}"));
        await using (var db = Fixture.NewDbContext())
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (await db.Notebooks.CountAsync(n => n.TenantId == tenant.TenantId && n.SyncStatus != SyncStatus.Synced) > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal(burst, await db.Notebooks.CountAsync(n => n.TenantId == tenant.TenantId && n.SyncStatus == SyncStatus.Synced));
        }

        await sampling.CancelAsync();
        await sampler;
        Assert.InRange(most, 1, cap * Fixture.Workers.Count);
    }
}
