using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Runs;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.Tests.Runs;

/// <summary>The poller's claim and write against PostgreSQL, in a database no worker looks at.</summary>
public sealed class RunPollingTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Two_pollers_claiming_at_once_never_get_the_same_run_and_only_unfinished_submitted_runs_are_claimed()
    {
        var connectionString = await Fixture.CreateScratchDatabaseAsync();
        var due = await SeedAsync(connectionString, 10);
        await SeedAsync(connectionString, 1, finished: true);
        await SeedAsync(connectionString, 1, submitted: false);
        await SeedAsync(connectionString, 1, dueIn: TimeSpan.FromMinutes(5));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var first = await RunStatusStore.ClaimDueAsync(dataSource, 4, TimeSpan.FromMinutes(1), CancellationToken.None);
        var racing = await Task.WhenAll(
            RunStatusStore.ClaimDueAsync(dataSource, 3, TimeSpan.FromMinutes(1), CancellationToken.None),
            RunStatusStore.ClaimDueAsync(dataSource, 100, TimeSpan.FromMinutes(1), CancellationToken.None));
        var again = await RunStatusStore.ClaimDueAsync(dataSource, 100, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(4, first.Count);
        var all = first.Concat(racing[0]).Concat(racing[1]).Select(r => r.Id).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(due.Order(), all.Order());
        // Leased: nobody claims them again until the lease ends.
        Assert.Empty(again);
    }

    [Fact]
    public async Task A_finished_state_is_never_overwritten_and_only_the_lease_holder_writes()
    {
        var connectionString = await Fixture.CreateScratchDatabaseAsync();
        var ids = await SeedAsync(connectionString, 3);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var claimed = (await RunStatusStore.ClaimDueAsync(dataSource, 10, TimeSpan.FromMinutes(1), CancellationToken.None)).ToDictionary(r => r.Id);
        var now = DateTimeOffset.UtcNow;
        var ended = claimed[ids[0]];
        var running = claimed[ids[1]];
        var stale = claimed[ids[2]];

        // The run ends; then an older answer (still RUNNING) arrives for it, as a slow or re-claimed poll would bring.
        Assert.Equal(1, await RunStatusStore.WriteAsync(dataSource,
            [new RunObservation(ended.Id, ended.LeaseUntil, null, now, "TERMINATED", "SUCCESS", "", EndTime: now)], CancellationToken.None));
        await using (var db = NewContext(connectionString))
        {
            // Even with the lease it held, the late write must not land.
            await db.Runs.Where(r => r.Id == ended.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.NextPollAt, ended.LeaseUntil));
        }

        var written = await RunStatusStore.WriteAsync(dataSource,
        [
            new RunObservation(ended.Id, ended.LeaseUntil, now.AddSeconds(1), LifeCycleState: "RUNNING"),
            new RunObservation(running.Id, running.LeaseUntil, now.AddSeconds(1), LifeCycleState: "RUNNING", Tasks: """[{"task_key":"a"}]"""),
            new RunObservation(stale.Id, stale.LeaseUntil.AddSeconds(-1), now.AddSeconds(1), LifeCycleState: "RUNNING"),
        ], CancellationToken.None);

        Assert.Equal(1, written);
        await using var check = NewContext(connectionString);
        var rows = await check.Runs.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id);
        Assert.Equal("TERMINATED", rows[ended.Id].LifeCycleState);
        Assert.Equal("SUCCESS", rows[ended.Id].ResultState);
        Assert.NotNull(rows[ended.Id].FinishedAt);
        Assert.Equal("RUNNING", rows[running.Id].LifeCycleState);
        Assert.Contains("task_key", rows[running.Id].Tasks, StringComparison.Ordinal);
        Assert.Equal("PENDING", rows[stale.Id].LifeCycleState);
    }

    [Fact]
    public void Young_runs_are_polled_often_and_old_ones_rarely()
    {
        var options = new RunPollingOptions();

        Assert.Equal(TimeSpan.FromSeconds(1), options.IntervalFor(TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(5), options.IntervalFor(TimeSpan.FromMinutes(2)));
        Assert.Equal(TimeSpan.FromSeconds(30), options.IntervalFor(TimeSpan.FromMinutes(30)));
        Assert.Equal(TimeSpan.FromMinutes(2), options.IntervalFor(TimeSpan.FromHours(5)));
        Assert.Empty(Validate(options));
        Assert.NotEmpty(Validate(new RunPollingOptions { SecondPhase = TimeSpan.FromSeconds(30) }));
        Assert.NotEmpty(Validate(new RunPollingOptions { Lease = TimeSpan.FromSeconds(5), CallTimeout = TimeSpan.FromSeconds(10) }));
    }

    private static List<System.ComponentModel.DataAnnotations.ValidationResult> Validate(RunPollingOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        return results;
    }

    private static async Task<List<Guid>> SeedAsync(
        string connectionString, int count, bool finished = false, bool submitted = true, TimeSpan? dueIn = null)
    {
        await using var db = NewContext(connectionString);
        var tenant = new Tenant { Id = Guid.NewGuid(), Name = "poll test", CreatedAt = DateTimeOffset.UtcNow };
        db.Tenants.Add(tenant);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var now = DateTimeOffset.UtcNow;
            var run = new Run
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenant.Id,
                TargetKind = Notebook.Kind,
                TargetId = Guid.NewGuid(),
                RemoteRunId = submitted ? Random.Shared.NextInt64(1, long.MaxValue) : null,
                LifeCycleState = submitted ? RunStates.Pending : RunStates.Queued,
                NextPollAt = finished ? null : now + (dueIn ?? TimeSpan.FromSeconds(-1)),
                FinishedAt = finished ? now : null,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Runs.Add(run);
            ids.Add(run.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private static AppDbContext NewContext(string connectionString) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options);
}
