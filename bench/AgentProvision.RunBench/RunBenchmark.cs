using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace AgentProvision.RunBench;

/// <summary>
/// 1. A notebook is created and synced; the emulator is told to keep its runs RUNNING (outcome "hang"), so they stay active.
/// 2. Idle baseline: database and connector load of the system with no active run, over one window.
/// 3. N executes are posted with C connections; submitted/s counts from the first POST to the last run with a Databricks id.
/// 4. The same load figures with N active runs: right after the submits (runs polled every second in their first minute)
///    and once they are older than a minute (every 5 s).
/// Clean-up marks the bench's runs finished in the database and clears the emulator rule, also on failure.
/// </summary>
internal static class RunBenchmark
{
    private const string StatusOperation = "notebooks.run_status";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(BenchSettings settings)
    {
        using var api = new HttpClient { BaseAddress = new Uri(settings.Api), Timeout = TimeSpan.FromSeconds(60) };
        using var emulator = new HttpClient { BaseAddress = new Uri(settings.Emulator) };
        await using var db = NpgsqlDataSource.Create(settings.Postgres);
        var tenantId = await RegisterAsync(api);
        var (notebookId, path) = await CreateSyncedNotebookAsync(api);
        using (var hang = await emulator.PutAsJsonAsync("/_emulator/runs/behaviour", new { rules = new[] { new { notebook_path = path, outcome = "hang" } } }))
        {
            hang.EnsureSuccessStatusCode();
        }

        try
        {
            Console.WriteLine($"Measuring the idle system for {settings.Window.TotalSeconds:0} s …");
            var idle = await MeasureAsync(db, emulator, settings.Window);

            Console.WriteLine($"Posting {settings.Runs} executes with {settings.Concurrency} connections …");
            var clock = Stopwatch.StartNew();
            var postLatencies = await PostRunsAsync(api, notebookId, settings);
            var posted = clock.Elapsed;
            var submitted = await WaitUntilSubmittedAsync(db, notebookId, settings.Runs, clock);
            var lastSubmit = DateTime.UtcNow;

            Console.WriteLine($"Measuring with {settings.Runs} active runs (young) …");
            var young = await MeasureAsync(db, emulator, settings.Window);
            var settle = settings.SettledAfter - (DateTime.UtcNow - lastSubmit);
            if (settle > TimeSpan.Zero)
            {
                Console.WriteLine($"Waiting {settle.TotalSeconds:0} s for the runs to age past the first minute …");
                await Task.Delay(settle);
            }

            var settled = await MeasureAsync(db, emulator, settings.Window);
            var active = await ActiveRunsAsync(db, tenantId);

            postLatencies.Sort();
            Console.WriteLine();
            Console.WriteLine($"runs: {settings.Runs}, concurrency {settings.Concurrency}, still active at the end: {active}");
            Console.WriteLine($"POST execute: {settings.Runs / posted.TotalSeconds,8:F1}/s  p50 {Percentile(postLatencies, 50):F1} ms  p99 {Percentile(postLatencies, 99):F1} ms");
            Console.WriteLine($"submitted to Databricks: {settings.Runs / submitted.TotalSeconds,8:F1}/s  (all {settings.Runs} had a Databricks run id {submitted.TotalSeconds:F1} s after the first POST)");
            Console.WriteLine();
            Console.WriteLine($"{"load",-28} {"DB tx/s",10} {"rows read/s",12} {"rows written/s",15} {"connector calls/s",18} {"status calls/s",15}");
            Print("idle (baseline)", idle);
            Print($"{settings.Runs} active, < 1 min old", young);
            Print($"{settings.Runs} active, > 1 min old", settled);
            Console.WriteLine();
            Console.WriteLine("DB figures are the whole database (pg_stat_database); connector figures the emulator's call counters.");
            return 0;
        }
        finally
        {
            using var clear = await emulator.DeleteAsync("/_emulator/runs/behaviour");
            Console.WriteLine($"clean-up: {await FinishBenchRunsAsync(db, tenantId)} bench runs marked finished");
        }
    }

    private static void Print(string label, LoadRates rates) => Console.WriteLine(
        $"{label,-28} {rates.TransactionsPerSecond,10:F1} {rates.RowsReadPerSecond,12:F0} {rates.RowsWrittenPerSecond,15:F1} {rates.ConnectorCallsPerSecond,18:F1} {rates.StatusCallsPerSecond,15:F1}");

    private static async Task<LoadRates> MeasureAsync(NpgsqlDataSource db, HttpClient emulator, TimeSpan window)
    {
        var start = await LoadSample.TakeAsync(db, emulator);
        await Task.Delay(window);
        return LoadSample.Between(start, await LoadSample.TakeAsync(db, emulator), StatusOperation);
    }

    private static async Task<Guid> RegisterAsync(HttpClient api)
    {
        using var register = await api.PostAsJsonAsync("/api/v1/auth/register",
            new { tenant_name = "run bench", email = $"runbench-{Guid.NewGuid():N}@example.com", password = "bench-password-1" });
        register.EnsureSuccessStatusCode();
        var token = await register.Content.ReadFromJsonAsync<JsonElement>();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return token.GetProperty("tenant_id").GetGuid();
    }

    private static async Task<(Guid Id, string Path)> CreateSyncedNotebookAsync(HttpClient api)
    {
        using var created = await api.PostAsJsonAsync("/api/v1/notebooks", new { name = "run bench", content = "print('bench')" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var notebook = await api.GetFromJsonAsync<JsonElement>($"/api/v1/notebooks/{id}");
            var sync = notebook.GetProperty("sync");
            if (sync.GetProperty("status").GetString() == "synced")
            {
                return (id, sync.GetProperty("databricks").GetProperty("databricks_path").GetString()!);
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Notebook {id} did not sync within a minute; is the worker running?");
    }

    private static async Task<List<double>> PostRunsAsync(HttpClient api, Guid notebookId, BenchSettings settings)
    {
        var latencies = new List<double>(settings.Runs);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < settings.Runs)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await api.PostAsJsonAsync($"/api/v1/notebooks/{notebookId}/execute", new { parameters = new { source = "bench" } }, Json);
                response.EnsureSuccessStatusCode();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                }
            }
        }));
        return latencies;
    }

    private static async Task<TimeSpan> WaitUntilSubmittedAsync(NpgsqlDataSource db, Guid notebookId, int runs, Stopwatch clock)
    {
        var deadline = clock.Elapsed + TimeSpan.FromMinutes(15);
        long done = 0;
        while (clock.Elapsed < deadline)
        {
            await using var count = db.CreateCommand("SELECT count(*) FROM runs WHERE target_id = $1 AND remote_run_id IS NOT NULL");
            count.Parameters.AddWithValue(notebookId);
            done = (long)(await count.ExecuteScalarAsync())!;
            if (done >= runs)
            {
                return clock.Elapsed;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Only {done} of {runs} runs were submitted within 15 minutes.");
    }

    /// <summary>
    /// The bench's runs hang in the emulator until cancelled; mark them finished so the poller lets them go. In small
    /// batches that skip rows the poller holds, so the clean-up never deadlocks with it, until none is left.
    /// </summary>
    private static async Task<int> FinishBenchRunsAsync(NpgsqlDataSource db, Guid tenantId)
    {
        var finished = 0;
        while (await ActiveRunsAsync(db, tenantId) > 0)
        {
            await using var batch = db.CreateCommand(
                "UPDATE runs SET finished_at = now(), next_poll_at = NULL, life_cycle_state = 'TERMINATED', result_state = 'CANCELED', " +
                "state_message = 'ended by the run bench' WHERE id IN (SELECT id FROM runs WHERE tenant_id = $1 AND finished_at IS NULL " +
                "ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED)");
            batch.Parameters.AddWithValue(tenantId);
            var done = await batch.ExecuteNonQueryAsync();
            finished += done;
            if (done == 0)
            {
                await Task.Delay(100);
            }
        }

        return finished;
    }

    private static async Task<long> ActiveRunsAsync(NpgsqlDataSource db, Guid tenantId)
    {
        await using var count = db.CreateCommand("SELECT count(*) FROM runs WHERE tenant_id = $1 AND finished_at IS NULL");
        count.Parameters.AddWithValue(tenantId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
}
