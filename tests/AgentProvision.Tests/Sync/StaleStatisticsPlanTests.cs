using System.Data.Common;
using System.Text.Json;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;
using AgentProvision.SyncWorker.Outbox;
using AgentProvision.SyncWorker.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace AgentProvision.Tests.Sync;

/// <summary>
/// The sync path's hottest statements keep a cheap plan when the table's statistics lag behind a burst: the usual
/// state of a queue table, and of a new tenant's first big import. Each test freezes the statistics before the burst
/// (autovacuum off, one ANALYZE while the table holds another tenant's few rows), then runs the statement under
/// EXPLAIN ANALYZE and counts the rows the plan read only to throw away. A good plan reads what it returns.
/// </summary>
public sealed class StaleStatisticsPlanTests(SystemFixture system) : SystemTest(system)
{
    private const int Burst = 3000;

    [Fact]
    public async Task The_outbox_claim_reads_only_the_rows_it_claims_when_the_statistics_predate_the_backlog()
    {
        await using var dataSource = NpgsqlDataSource.Create(await Fixture.CreateScratchDatabaseAsync());
        await FreezeStatisticsAsync(dataSource, "outbox_messages", "notebooks");
        // Several rounds, each with new random ids: the statistics of a few random UUIDs (their correlation with the
        // rows' order) decide between equally cheap-looking indexes, so one bad choice shows only in some rounds (a
        // second index over the waiting rows lost one round in five here).
        for (var round = 0; round < 10; round++)
        {
            await ExecuteAsync(dataSource, "TRUNCATE outbox_messages, tenants CASCADE");
            // An idle queue when autovacuum last looked: every row dispatched, the waiting-rows index empty.
            await InsertNotebooksAsync(dataSource, Guid.NewGuid(), 5);
            await ExecuteAsync(dataSource, "UPDATE outbox_messages SET dispatched_at = now()");
            await ExecuteAsync(dataSource, "VACUUM ANALYZE outbox_messages");
            await InsertNotebooksAsync(dataSource, Guid.NewGuid(), Burst);

            var plan = await ExplainAnalyzeAsync(dataSource, OutboxClaims.ClaimSql, ("batch", 100));

            Assert.Equal(100, plan.Rows);
            Assert.True(plan.RowsDiscarded < 1000, $"round {round}: the claim read {plan.RowsDiscarded} rows only to discard them:\n{plan.Json}");
            Assert.Contains("pk_outbox_messages", plan.Indexes);
        }
    }

    [Fact]
    public async Task Taking_a_lease_goes_through_the_primary_key_for_a_tenant_newer_than_the_statistics()
    {
        await using var dataSource = NpgsqlDataSource.Create(await Fixture.CreateScratchDatabaseAsync());
        var (tenant, id) = await TenantNewerThanTheStatisticsAsync(dataSource);

        var plan = await ExplainAnalyzeAsync(dataSource, ResourceSyncStore<Notebook>.LeaseSql("notebooks"),
            ("id", id), ("tenant", tenant), ("duration", TimeSpan.FromSeconds(10)));

        Assert.Equal(1, plan.Rows);
        Assert.Equal(["pk_notebooks"], plan.Indexes);
        Assert.True(plan.RowsDiscarded == 0, $"the lease read {plan.RowsDiscarded} other rows:\n{plan.Json}");
    }

    [Fact]
    public async Task Finding_a_tenants_notebook_by_id_goes_through_the_primary_key_and_never_finds_another_tenants()
    {
        var connectionString = await Fixture.CreateScratchDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var (tenant, id) = await TenantNewerThanTheStatisticsAsync(dataSource);

        var commands = new CommandCapture();
        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>()
            .UseNpgsql(connectionString).AddInterceptors(commands).Options);
        Assert.Null(await db.Notebooks.FindLiveAsync(Guid.NewGuid(), id, CancellationToken.None));
        var found = await db.Notebooks.FindLiveAsync(tenant, id, CancellationToken.None);
        Assert.Equal(id, found?.Id);

        var (sql, parameters) = commands.Last!.Value;
        var plan = await ExplainAnalyzeAsync(dataSource, sql, [.. parameters.Select(p => (p.Name, p.Value))]);
        Assert.Equal(["pk_notebooks"], plan.Indexes);
        Assert.True(plan.RowsDiscarded == 0, $"the lookup read {plan.RowsDiscarded} other rows:\n{plan.Json}");
    }

    [Fact]
    public async Task The_reconcilers_sweep_looks_at_a_bounded_window_of_due_rows_behind_a_backlog()
    {
        await using var dataSource = NpgsqlDataSource.Create(await Fixture.CreateScratchDatabaseAsync());
        // History: synced notebooks, their messages long dispatched.
        await InsertNotebooksAsync(dataSource, Guid.NewGuid(), 10 * Burst);
        await ExecuteAsync(dataSource, "UPDATE outbox_messages SET dispatched_at = now()");
        await ExecuteAsync(dataSource, "UPDATE notebooks SET sync_status = 'synced', synced_generation = generation");
        // A backlog whose sync deadline has passed while every message still waits in the outbox: nothing to re-send.
        await InsertNotebooksAsync(dataSource, Guid.NewGuid(), Burst);
        await ExecuteAsync(dataSource, "UPDATE notebooks SET next_attempt_at = now() - interval '1 minute' WHERE sync_status = 'pending'");
        await ExecuteAsync(dataSource, "VACUUM ANALYZE notebooks, outbox_messages");

        const int batch = 100;
        var sql = string.Format(ResourceSweep<Notebook>.DueSql("notebooks"), "@batch", "@window");
        var plan = await ExplainAnalyzeAsync(dataSource, sql, ("batch", batch), ("window", batch * ResourceSweep<Notebook>.WindowPerBatch));

        Assert.Equal(0, plan.Rows);
        var window = batch * ResourceSweep<Notebook>.WindowPerBatch;
        // Each due row costs a probe of the outbox for its waiting message: the window bounds them, not the backlog.
        Assert.True(plan.RowsScanned("outbox_messages") <= window,
            $"the sweep probed {plan.RowsScanned("outbox_messages")} waiting messages for a window of {window}:\n{plan.Json}");
    }

    [Fact]
    public async Task The_outbox_backlog_sample_reads_the_waiting_rows_not_the_dispatched_history()
    {
        await using var dataSource = NpgsqlDataSource.Create(await Fixture.CreateScratchDatabaseAsync());
        await InsertNotebooksAsync(dataSource, Guid.NewGuid(), Burst);
        await ExecuteAsync(dataSource, "UPDATE outbox_messages SET dispatched_at = now()");
        await InsertNotebooksAsync(dataSource, Guid.NewGuid(), 5);
        await ExecuteAsync(dataSource, "VACUUM ANALYZE outbox_messages");

        var plan = await ExplainAnalyzeAsync(dataSource, OutboxBacklog.Sql);
        await using var sample = dataSource.CreateCommand(OutboxBacklog.Sql);
        await using var reader = await sample.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(5, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(2));
        Assert.True(plan.RowsScanned("outbox_messages") + plan.RowsDiscarded <= 10,
            $"the sample read {plan.RowsScanned("outbox_messages")} rows and discarded {plan.RowsDiscarded} beside 5 waiting:\n{plan.Json}");
    }

    /// <summary>The text and parameters of the last command EF sent.</summary>
    private sealed class CommandCapture : DbCommandInterceptor
    {
        public (string Sql, List<(string Name, object Value)> Parameters)? Last { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Last = (command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value!)).ToList());
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    /// <summary>A tenant whose burst of notebooks came after the last ANALYZE; answers it and its newest notebook.</summary>
    private static async Task<(Guid Tenant, Guid Newest)> TenantNewerThanTheStatisticsAsync(NpgsqlDataSource dataSource)
    {
        await FreezeStatisticsAsync(dataSource, "notebooks");
        await InsertNotebooksAsync(dataSource, Guid.NewGuid(), 5);
        await ExecuteAsync(dataSource, "ANALYZE notebooks");
        var tenant = Guid.NewGuid();
        await InsertNotebooksAsync(dataSource, tenant, Burst);
        await using var newest = dataSource.CreateCommand("SELECT id FROM notebooks WHERE tenant_id = @tenant ORDER BY created_at DESC LIMIT 1");
        newest.Parameters.AddWithValue("tenant", tenant);
        return (tenant, (Guid)(await newest.ExecuteScalarAsync())!);
    }

    private static async Task FreezeStatisticsAsync(NpgsqlDataSource dataSource, params string[] tables)
    {
        foreach (var table in tables)
        {
            await ExecuteAsync(dataSource, $"ALTER TABLE {table} SET (autovacuum_enabled = off)");
        }
    }

    /// <summary>Pending notebooks of one tenant (and the tenant), each with its outbox message, as the API writes them.</summary>
    private static async Task InsertNotebooksAsync(NpgsqlDataSource dataSource, Guid tenant, int count)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO tenants (id, name, created_at) VALUES (@tenant, 'plan test', now());
            WITH notebook AS (
                INSERT INTO notebooks (id, tenant_id, name, language, content, generation, synced_generation, sync_status,
                    sync_attempts, metadata_, created_at, updated_at, sync_fence)
                SELECT gen_random_uuid(), @tenant, 'notebook ' || i, 'PYTHON', 'print(1)', 1, 0, 'pending', 0, '{}',
                    now() + i * interval '1 microsecond', now(), 0
                FROM generate_series(1, @count) AS i
                RETURNING id, tenant_id, created_at)
            INSERT INTO outbox_messages (id, tenant_id, resource_type, resource_id, message_type, payload, created_at, attempts)
            SELECT gen_random_uuid(), tenant_id, 'notebook', id, 'resource.sync-requested',
                jsonb_build_object('Kind', 'notebook', 'TenantId', tenant_id, 'ResourceId', id, 'Generation', 1), created_at, 0
            FROM notebook
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs the statement under EXPLAIN ANALYZE in a transaction it then rolls back.</summary>
    private static async Task<PlanFigures> ExplainAnalyzeAsync(NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var json = (string)(await command.ExecuteScalarAsync())!;
        await transaction.RollbackAsync();
        var root = JsonDocument.Parse(json).RootElement[0].GetProperty("Plan");
        var figures = new PlanFigures(json);
        figures.Rows = (long)root.GetProperty("Actual Rows").GetDouble();
        Walk(root, figures);
        return figures;
    }

    private static void Walk(JsonElement node, PlanFigures figures)
    {
        var loops = node.TryGetProperty("Actual Loops", out var l) ? l.GetDouble() : 1;
        foreach (var discarded in new[] { "Rows Removed by Filter", "Rows Removed by Join Filter", "Rows Removed by Index Recheck" })
        {
            if (node.TryGetProperty(discarded, out var count))
            {
                // EXPLAIN gives per-loop averages.
                figures.RowsDiscarded += (long)(count.GetDouble() * loops);
            }
        }

        if (node.TryGetProperty("Relation Name", out var relation) && node.TryGetProperty("Actual Rows", out var rows))
        {
            figures.Scanned[relation.GetString()!] = figures.RowsScanned(relation.GetString()!) + (long)(rows.GetDouble() * loops);
        }

        if (node.TryGetProperty("Index Name", out var index))
        {
            figures.Indexes.Add(index.GetString()!);
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, figures);
            }
        }
    }

    private sealed class PlanFigures(string json)
    {
        public string Json { get; } = json;

        public long Rows { get; set; }

        public long RowsDiscarded { get; set; }

        public SortedSet<string> Indexes { get; } = [];

        /// <summary>Rows the plan's scans of each table returned, over all their loops.</summary>
        public Dictionary<string, long> Scanned { get; } = [];

        public long RowsScanned(string table) => Scanned.GetValueOrDefault(table);
    }
}
