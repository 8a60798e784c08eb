using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace AgentProvision.ScaleBench;

/// <summary>The running system as the bench sees it: tenants through the API, faults through the emulator, outcomes from the database.</summary>
internal sealed class BenchSystem(BenchSettings settings) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly NpgsqlDataSource db = NpgsqlDataSource.Create(settings.Postgres);
    private readonly HttpClient emulator = new()
    {
        BaseAddress = new Uri(settings.Emulator),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", settings.EmulatorKey) },
    };

    public string Postgres => settings.Postgres;

    public async Task<BenchTenant> NewTenantAsync(string label)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(settings.Api), Timeout = TimeSpan.FromMinutes(2) };
        using var register = await http.PostAsJsonAsync("/api/v1/auth/register",
            new { tenant_name = $"scalebench {label}", email = $"scalebench-{label}-{Guid.NewGuid():N}@example.com", password = "bench-password-1" });
        register.EnsureSuccessStatusCode();
        var token = await register.Content.ReadFromJsonAsync<JsonElement>();
        var accessToken = token.GetProperty("access_token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return new BenchTenant(http, token.GetProperty("tenant_id").GetGuid(), accessToken);
    }

    /// <summary>Every connector operation answers 503 (down: true), or takes <paramref name="latencyMs"/>; null clears all faults.</summary>
    public async Task SetConnectorAsync(bool down = false, int? latencyMs = null)
    {
        if (!down && latencyMs is null)
        {
            (await emulator.DeleteAsync("/_emulator/faults")).EnsureSuccessStatusCode();
            return;
        }

        object rule = down
            ? new { operation = "*", mode = "error", status = 503 }
            : new { operation = "*", mode = "latency", latency_ms = latencyMs };
        (await emulator.PutAsJsonAsync("/_emulator/faults", new { rules = new[] { rule } }, Json)).EnsureSuccessStatusCode();
    }

    /// <summary>Waits until none of the tenant's notebooks is unsynced (or the deadline passes); answers how many still are.</summary>
    public async Task<long> WaitUntilSyncedAsync(Guid tenantId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long unsynced;
        var lastReport = DateTime.UtcNow;
        while ((unsynced = await CountUnsyncedAsync(tenantId)) > 0 && DateTime.UtcNow < deadline)
        {
            if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(5))
            {
                Console.WriteLine($"    … {unsynced} notebooks of tenant {tenantId} still unsynced");
                lastReport = DateTime.UtcNow;
            }

            await Task.Delay(100);
        }

        return unsynced;
    }

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) until no autovacuum worker runs, then checkpoints, so a scenario does not
    /// measure the cleanup of the one before it. Answers what it did; a server that refuses CHECKPOINT (not a superuser
    /// nor pg_checkpoint) is said, not fatal.
    /// </summary>
    public async Task<string> SettleAsync(TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long vacuuming;
        do
        {
            await using var count = db.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'");
            vacuuming = (long)(await count.ExecuteScalarAsync())!;
            if (vacuuming > 0)
            {
                await Task.Delay(500);
            }
        }
        while (vacuuming > 0 && clock.Elapsed < timeout);

        var waited = vacuuming > 0 ? $"{vacuuming} autovacuum worker(s) still running after {timeout.TotalSeconds:F0} s" : $"autovacuum idle after {clock.Elapsed.TotalSeconds:F1} s";
        try
        {
            var checkpoint = System.Diagnostics.Stopwatch.StartNew();
            await using var command = db.CreateCommand("CHECKPOINT");
            command.CommandTimeout = 300;
            await command.ExecuteNonQueryAsync();
            return $"{waited}; CHECKPOINT took {checkpoint.Elapsed.TotalSeconds:F1} s";
        }
        catch (PostgresException refused)
        {
            return $"{waited}; no CHECKPOINT ({refused.MessageText})";
        }
    }

    /// <summary>Milliseconds from each synced notebook's creation to its sync, by the server's clocks.</summary>
    public async Task<List<double>> SyncLatenciesAsync(Guid tenantId)
    {
        await using var command = db.CreateCommand(
            "SELECT extract(epoch FROM synced_at - created_at) * 1000 FROM notebooks WHERE tenant_id = @tenant AND synced_at IS NOT NULL");
        command.Parameters.AddWithValue("tenant", tenantId);
        var latencies = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            latencies.Add(Convert.ToDouble(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return latencies;
    }

    /// <summary>Syncs per second between the 10th and the 90th percentile of the tenant's sync times (steady state, no ramp).</summary>
    public async Task<double> SteadySyncRateAsync(Guid tenantId, DateTimeOffset? after = null)
    {
        await using var command = db.CreateCommand("""
            SELECT count(*), percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM synced_at))
                           - percentile_cont(0.1) WITHIN GROUP (ORDER BY extract(epoch FROM synced_at))
            FROM notebooks WHERE tenant_id = @tenant AND synced_at IS NOT NULL AND synced_at >= @after
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("after", after ?? DateTimeOffset.MinValue.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var count = reader.GetInt64(0);
        var seconds = Convert.ToDouble(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        return 0.8 * count / Math.Max(seconds, 0.001);
    }

    /// <summary>Wall time from <paramref name="from"/> to the tenant's last sync, in seconds.</summary>
    public async Task<double> SecondsUntilLastSyncAsync(Guid tenantId, DateTimeOffset from)
    {
        await using var command = db.CreateCommand("SELECT extract(epoch FROM max(synced_at) - @from) FROM notebooks WHERE tenant_id = @tenant");
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("from", from);
        return Convert.ToDouble(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<DateTimeOffset> DatabaseNowAsync()
    {
        await using var command = db.CreateCommand("SELECT now()");
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    /// <summary>
    /// A backlog of <paramref name="count"/> notebooks, each with its outbox row, written in one statement (the API would
    /// take longer to create them than the workers to sync them, and the figure would be the API's).
    /// </summary>
    public async Task InsertBacklogAsync(Guid tenantId, int count)
    {
        await using var command = db.CreateCommand("""
            WITH notebook AS (
                INSERT INTO notebooks (id, tenant_id, name, language, content, generation, synced_generation, sync_status,
                    sync_attempts, next_attempt_at, metadata_, created_at, updated_at, sync_fence)
                SELECT gen_random_uuid(), @tenant, 'backlog ' || i, 'PYTHON', 'print(1)', 1, 0, 'pending', 0,
                    now() + interval '60 seconds', '{}', now(), now(), 0
                FROM generate_series(1, @count) AS i
                RETURNING id, tenant_id)
            INSERT INTO outbox_messages (id, tenant_id, resource_type, resource_id, message_type, payload, created_at, attempts)
            SELECT gen_random_uuid(), tenant_id, 'notebook', id, 'resource.sync-requested',
                jsonb_build_object('Kind', 'notebook', 'TenantId', tenant_id, 'ResourceId', id, 'Generation', 1), now(), 0
            FROM notebook
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountUnsyncedAsync(Guid tenantId)
    {
        await using var command = db.CreateCommand(
            "SELECT count(*) FROM notebooks WHERE tenant_id = @tenant AND deleted_at IS NULL AND sync_status <> 'synced'");
        command.Parameters.AddWithValue("tenant", tenantId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        emulator.Dispose();
        await db.DisposeAsync();
    }
}

internal sealed record BenchTenant(HttpClient Http, Guid Id, string Token)
{
    /// <summary>Creates <paramref name="count"/> notebooks with <paramref name="concurrency"/> requests in flight.</summary>
    public async Task CreateManyAsync(int count, int concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                await CreateAsync("backlog");
            }
        }));
    }

    public async Task<Guid> CreateAsync(string name)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/notebooks", new { name, content = "print(1)" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Creates one notebook every 1/<paramref name="perSecond"/> s for <paramref name="duration"/>.</summary>
    public async Task CreateAtRateAsync(int perSecond, TimeSpan duration)
    {
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pending = new List<Task>();
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            pending.Add(CreateAsync($"rate {i}"));
        }

        await Task.WhenAll(pending);
    }
}
