using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgentProvision.Tests.Sync;

/// <summary>Each host's PostgreSQL pool: the API reuses connections without DISCARD ALL, a worker stays within its cap.</summary>
public sealed class ConnectionPoolTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public void A_hosts_defaults_apply_under_the_configured_connection_string_and_never_over_it()
    {
        var defaults = new ConnectionDefaults { MaxPoolSize = 20, NoResetOnClose = true, ApplicationName = "agentprovision-test" };

        var applied = new NpgsqlConnectionStringBuilder(defaults.ApplyTo("Host=db;Username=app"));
        Assert.Equal(20, applied.MaxPoolSize);
        Assert.True(applied.NoResetOnClose);
        Assert.Equal("agentprovision-test", applied.ApplicationName);

        var operators = new NpgsqlConnectionStringBuilder(
            defaults.ApplyTo("Host=db;Username=app;Maximum Pool Size=7;No Reset On Close=false;Application Name=ops"));
        Assert.Equal(7, operators.MaxPoolSize);
        Assert.False(operators.NoResetOnClose);
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

    [Fact]
    public async Task A_worker_syncing_a_burst_stays_within_its_connection_cap()
    {
        const int burst = 300;
        const int cap = 20;
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
