using System.Globalization;
using System.Net.Http.Json;
using AgentProvision.McpEmulator;
using AgentProvision.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.ScaleOutBench;

/// <summary>
/// Scale-out: notebook syncs per second with 1, 2 and 4 workers on one PostgreSQL and one RabbitMQ, the connector
/// answering after a fixed latency. Each round starts a fresh fleet, warms it up, then times one burst.
///   bench/scale-out.sh   (starts the services, builds, runs this with the defaults)
///   dotnet run -c Release --project bench/AgentProvision.ScaleOutBench -- [--workers 1,2,4] [--count 2000] [--latency-ms 100]
///     [--warm-up 200] [--postgres SERVER_CONNECTION] [--rabbitmq URI] [--worker-dll PATH] [--broker-pid PID]
/// </summary>
public static class Program
{
    private const string ConnectorKey = "scale-bench-key";

    public static async Task<int> Main(string[] args)
    {
        var settings = ScaleSettings.Parse(args);
        var database = $"ap_scalebench_{Guid.NewGuid():N}"[..26];
        var connection = new NpgsqlConnectionStringBuilder(settings.PostgresServer) { Database = database }.ConnectionString;
        await ExecuteOnServerAsync(settings.PostgresServer, $"CREATE DATABASE {database}");
        AppDbContext NewDb() => new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connection).Options);

        await using var emulator = EmulatorHost.Build([], new Dictionary<string, string?>
        {
            ["Emulator:ApiKey"] = ConnectorKey,
            ["Emulator:LatencyMs"] = settings.LatencyMs.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        emulator.Urls.Add("http://127.0.0.1:0");
        var storage = Directory.CreateTempSubdirectory("ap-scalebench-");
        try
        {
            await using (var db = NewDb())
            {
                await db.Database.MigrateAsync();
            }

            await emulator.StartAsync();
            var emulatorUrl = emulator.Urls.First();
            Console.WriteLine($"Scale-out: {settings.Burst} notebooks per burst, connector latency {settings.LatencyMs} ms, " +
                $"{Environment.ProcessorCount} cores; database {database}");

            var results = new List<Round>();
            foreach (var count in settings.WorkerCounts)
            {
                var workerSettings = WorkerSettings(connection, settings.RabbitMq, emulatorUrl, storage.FullName);
                await using var fleet = await WorkerFleet.StartAsync(count, settings.WorkerDll, workerSettings);
                await BurstRound.RunAsync(NewDb, settings.WarmUp, TimeSpan.FromMinutes(5));

                var callsBefore = await CreateCallsAsync(emulatorUrl);
                var before = CpuSample.Take(fleet.Pids, database, settings.BrokerPid);
                var outcome = await BurstRound.RunAsync(NewDb, settings.Burst, TimeSpan.FromMinutes(10));
                var after = CpuSample.Take(fleet.Pids, database, settings.BrokerPid);
                var calls = await CreateCallsAsync(emulatorUrl) - callsBefore;
                results.Add(new Round(count, outcome, CpuSample.BusyShare(before, after), CpuSample.Share(before, after, c => c.Workers),
                    CpuSample.Share(before, after, c => c.Bench), CpuSample.Share(before, after, c => c.Postgres),
                    CpuSample.Share(before, after, c => c.Broker), (double)calls / settings.Burst));
                // The load average says whether something else on the machine competed for the cores during the round.
                Console.WriteLine($"  {count} worker(s): {outcome.SyncsPerSecond:F1} syncs/s ({outcome.Count} in {outcome.Elapsed.TotalSeconds:F1} s); " +
                    $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            }

            Print(results, settings);
            return 0;
        }
        finally
        {
            await emulator.StopAsync();
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync(settings.PostgresServer, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            storage.Delete(recursive: true);
        }
    }

    private static void Print(List<Round> results, ScaleSettings settings)
    {
        var baseline = (results.FirstOrDefault(r => r.Workers == 1) ?? results[0]).Outcome.SyncsPerSecond;
        Console.WriteLine();
        // CPU columns are shares of all cores over the burst; "others" is every other process on the machine.
        Console.WriteLine("workers  syncs/s  × 1 worker  CPU busy  workers  emulator+bench  postgres  rabbitmq  others  connector calls/sync");
        foreach (var r in results)
        {
            var others = r.Busy - r.WorkerCpu - r.BenchCpu - r.PostgresCpu - r.BrokerCpu;
            Console.WriteLine($"{r.Workers,7}  {r.Outcome.SyncsPerSecond,7:F1}  {r.Outcome.SyncsPerSecond / baseline,10:F2}  {r.Busy,8:P0}  {r.WorkerCpu,7:P0}  " +
                $"{r.BenchCpu,14:P0}  {r.PostgresCpu,8:P0}  {r.BrokerCpu,8:P0}  {others,6:P0}  {r.CallsPerSync,20:F2}");
        }

        // The worker's production default (SyncWorker:ConsumerConcurrency in SyncWorkerOptions), which the bench's workers run with.
        const int inFlight = 256;
        Console.WriteLine($"(the ceiling one worker's consumer concurrency allows: {inFlight} in flight / {settings.LatencyMs} ms ≈ " +
            $"{inFlight * 1000.0 / settings.LatencyMs:F0} syncs/s per worker when a sync is one connector call)");
    }

    /// <summary>Production defaults except what a bench needs: its own queues, and only warnings and the bus start in the log.</summary>
    private static Dictionary<string, string> WorkerSettings(string connection, string rabbitMq, string emulatorUrl, string storage) => new()
    {
        ["ConnectionStrings:Postgres"] = connection,
        ["RabbitMq:Uri"] = rabbitMq,
        ["RabbitMq:Prefix"] = $"scale-{Guid.NewGuid():N}"[..14],
        ["Mcp:ServerUrl"] = emulatorUrl,
        ["Mcp:ApiKey"] = ConnectorKey,
        ["Storage:Root"] = storage,
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:MassTransit"] = "Information",
    };

    private static async Task<int> CreateCallsAsync(string emulatorUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(emulatorUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ConnectorKey);
        var calls = await http.GetFromJsonAsync<EmulatorCalls>("/_emulator/calls");
        return calls!.Calls.Values.Sum();
    }

    private static async Task ExecuteOnServerAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record EmulatorCalls(Dictionary<string, int> Calls);

    private sealed record Round(int Workers, BurstRound.Outcome Outcome, double Busy, double WorkerCpu, double BenchCpu,
        double PostgresCpu, double BrokerCpu, double CallsPerSync);
}
