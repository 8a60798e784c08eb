using System.Diagnostics.Metrics;
using AgentProvision.Connector;
using AgentProvision.Connector.RateLimiting;
using AgentProvision.Persistence.Entities;
using AgentProvision.Tests.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentProvision.Tests.Connector;

/// <summary>Connector calls are rate-limited per tenant and overall; a held-back sync is delayed, never failed.</summary>
public sealed class ConnectorRateLimitTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task A_tenant_over_its_budget_is_held_back_while_another_tenant_goes_through()
    {
        await using var limiter = NewLimiter(new ConnectorRateLimitOptions
        {
            PerTenantPerSecond = 10, PerTenantQueueLimit = 0, GlobalPerSecond = 1000, MaxWait = TimeSpan.Zero,
        });
        var busy = Guid.NewGuid();

        using (ConnectorTenant.Enter(busy))
        {
            using var first = await limiter.AcquireAsync("notebooks.create", CancellationToken.None);
            var held = await Assert.ThrowsAsync<ConnectorException>(async () => await limiter.AcquireAsync("notebooks.create", CancellationToken.None));
            Assert.Equal(ConnectorRateLimiter.RateLimitedCode, held.ErrorCode);
            Assert.True(held.IsTransient);
        }

        using (ConnectorTenant.Enter(Guid.NewGuid()))
        {
            using var other = await limiter.AcquireAsync("notebooks.create", CancellationToken.None);
            Assert.True(other.IsAcquired);
        }
    }

    [Fact]
    public async Task The_overall_budget_holds_back_every_tenant_once_spent()
    {
        await using var limiter = NewLimiter(new ConnectorRateLimitOptions
        {
            PerTenantPerSecond = 1000, GlobalPerSecond = 10, GlobalQueueLimit = 0, MaxWait = TimeSpan.Zero,
        });

        using (ConnectorTenant.Enter(Guid.NewGuid()))
        {
            using var first = await limiter.AcquireAsync("notebooks.create", CancellationToken.None);
        }

        using (ConnectorTenant.Enter(Guid.NewGuid()))
        {
            var held = await Assert.ThrowsAsync<ConnectorException>(async () => await limiter.AcquireAsync("notebooks.create", CancellationToken.None));
            Assert.Equal(ConnectorRateLimiter.RateLimitedCode, held.ErrorCode);
        }
    }

    [Fact]
    public async Task By_default_a_burst_the_budget_serves_within_MaxWait_waits_its_turn_instead_of_being_put_back()
    {
        // 100 permits a refill (every 100 ms); 300 calls at once, like a worker's consumers meeting one tenant's backlog.
        // The default queue (the budget × MaxWait: 1,000) holds the 200 over budget, so none is put back to be re-sent.
        var options = new ConnectorRateLimitOptions { PerTenantPerSecond = 1000, GlobalPerSecond = 100_000, MaxWait = TimeSpan.FromSeconds(1) };
        Assert.Equal(1000, options.EffectivePerTenantQueueLimit);
        await using var limiter = NewLimiter(options);

        using (ConnectorTenant.Enter(Guid.NewGuid()))
        {
            var calls = Enumerable.Range(0, 300).Select(_ => limiter.AcquireAsync("notebooks.create", CancellationToken.None).AsTask()).ToList();
            var leases = await Task.WhenAll(calls);
            Assert.All(leases, lease => Assert.True(lease.IsAcquired));
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_burst_far_over_the_tenant_budget_all_syncs_none_fails_and_the_holding_back_is_counted()
    {
        foreach (var worker in Fixture.Workers)
        {
            worker.Kill();
        }

        // 5 calls a second, two may wait a quarter of a second: most of a burst of 30 is put back, several times over.
        var limited = await Fixture.StartWorkerAsync(new Dictionary<string, string>
        {
            ["Mcp:Client:RateLimits:PerTenantPerSecond"] = "5",
            ["Mcp:Client:RateLimits:PerTenantQueueLimit"] = "2",
            ["Mcp:Client:RateLimits:MaxWait"] = "00:00:00.250",
        });
        try
        {
            var tenant = await NewTenantAsync();
            var notebooks = new List<NotebookDto>();
            for (var i = 0; i < 30; i++)
            {
                notebooks.Add(await tenant.CreateNotebookAsync($"burst {i}"));
            }

            foreach (var notebook in notebooks)
            {
                await tenant.WaitUntilSyncedAsync(notebook, TimeSpan.FromSeconds(90), WorkerLog);
            }

            // Held back is not failed: the attempts a put-back sync took were given back (the fixture fails a sync at 6).
            await using var db = Fixture.NewDbContext();
            var ids = notebooks.Select(n => n.Id).ToList();
            Assert.Equal(0, await db.Notebooks.CountAsync(n => ids.Contains(n.Id) && n.SyncStatus == SyncStatus.Failed));
            var remote = (await Fixture.Emulator.ObjectsAsync(tenant.TenantId)).Where(o => o.Kind == "notebook").ToList();
            Assert.Equal(30, remote.Count);
            Assert.All(remote, o => Assert.Equal(1, o.CreatedCount));

            using var http = new HttpClient();
            var samples = await PrometheusText.ScrapeAsync(http, limited.Url);
            Assert.True(samples.Where(s => s.Name == "agentprovision_connector_throttled_total").Sum(s => s.Value) > 0,
                "agentprovision_connector_throttled_total never counted a held-back call");
        }
        finally
        {
            limited.Kill();
            await Fixture.EnsureSingleWorkerAsync();
        }
    }

    private static ConnectorRateLimiter NewLimiter(ConnectorRateLimitOptions options)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new ConnectorRateLimiter(Options.Create(options), new ConnectorMetrics(meters));
    }
}
