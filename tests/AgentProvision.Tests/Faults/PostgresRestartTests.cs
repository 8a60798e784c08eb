using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.Tests.Faults;

/// <summary>
/// PostgreSQL restarted (<c>pg_ctl restart -m fast</c>) while clients keep creating notebooks: the restart is absorbed
/// inside the requests (the retrying execution strategy), nothing is created twice, every accepted notebook has its
/// outbox row, and all of them sync afterwards. The counts are printed by bench/postgres-restart-under-load.sh.
/// </summary>
public sealed class PostgresRestartTests(SystemFixture system) : SystemTest(system)
{
    private const int Clients = 8;

    /// <summary>Database:Retry's default budget: 6 retries about a second apart.</summary>
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Creates_during_a_PostgreSQL_restart_succeed_once_each_and_all_sync()
    {
        var tenant = await NewTenantAsync();
        var answers = new ConcurrentBag<(string Name, HttpStatusCode Status, Guid? Id)>();
        using var stop = new CancellationTokenSource();
        var sequence = 0;
        var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var name = $"load-{Interlocked.Increment(ref sequence)}";
                using var response = await tenant.Http.PostAsJsonAsync("/api/v1/notebooks", new { name, content = "print(1)" }, Wire.Json);
                var id = response.StatusCode == HttpStatusCode.Created
                    ? (await response.Content.ReadFromJsonAsync<NotebookDto>(Wire.Json))!.Id
                    : (Guid?)null;
                answers.Add((name, response.StatusCode, id));
            }
        })).ToArray();

        await WaitForAnswersAsync(answers, 20);
        var restart = Stopwatch.StartNew();
        await ServiceControl.RestartPostgresAsync();
        restart.Stop();
        var before = answers.Count;
        await WaitForAnswersAsync(answers, before + 40);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var statuses = answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        var summary = string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}"));
        Assert.True(statuses.Keys.All(s => s is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable),
            $"only 201 and 503 are acceptable answers; got {summary}");
        if (restart.Elapsed < RetryBudget)
        {
            Assert.False(statuses.ContainsKey(HttpStatusCode.ServiceUnavailable),
                $"a {restart.Elapsed.TotalSeconds:F1} s restart is within the retry budget, yet some creates got 503: {summary}");
        }

        // The test's own pool still holds connections from before the restart.
        NpgsqlConnection.ClearAllPools();
        await using var db = Fixture.NewDbContext();
        var rows = await db.Notebooks.AsNoTracking().Where(n => n.TenantId == tenant.TenantId)
            .Select(n => new { n.Id, n.Name }).ToListAsync();
        var outbox = await db.OutboxMessages.AsNoTracking().Where(m => m.TenantId == tenant.TenantId && m.ResourceType == "notebook")
            .GroupBy(m => m.ResourceId).Select(g => new { ResourceId = g.Key, Count = g.Count() }).ToListAsync();
        var created = answers.Where(a => a.Status == HttpStatusCode.Created).ToList();

        Assert.All(rows.GroupBy(r => r.Name), sameName => Assert.True(sameName.Count() == 1, $"{sameName.Key} was created {sameName.Count()} times"));
        Assert.All(created, answer => Assert.Contains(rows, r => r.Id == answer.Id));
        // A row nobody was told about may only come from a create that gave up (503) after its commit went through.
        Assert.All(rows.Where(r => created.All(c => c.Id != r.Id)), row =>
            Assert.Contains(answers, a => a.Name == row.Name && a.Status == HttpStatusCode.ServiceUnavailable));
        Assert.All(rows, row => Assert.True(outbox.SingleOrDefault(o => o.ResourceId == row.Id)?.Count == 1,
            $"notebook {row.Id} ({row.Name}) does not have exactly one outbox row"));

        foreach (var answer in created)
        {
            await tenant.WaitForNotebookAsync(answer.Id!.Value, n => n.Sync.Status == "synced", TimeSpan.FromSeconds(90), WorkerLog);
        }
    }

    private static async Task WaitForAnswersAsync(ConcurrentBag<(string, HttpStatusCode, Guid?)> answers, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (answers.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {answers.Count} of {count} creates answered within a minute");
            await Task.Delay(20);
        }
    }
}
