using System.Globalization;

namespace AgentProvision.ScaleOutBench;

/// <summary>Command line of the scale-out bench; every value has a default, so `bench/scale-out.sh` needs none.</summary>
internal sealed record ScaleSettings(
    string PostgresServer, string RabbitMq, int[] WorkerCounts, int Burst, int WarmUp, int LatencyMs, string WorkerDll, int? BrokerPid)
{
    public static ScaleSettings Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new ScaleSettings(
            Get("--postgres", Environment.GetEnvironmentVariable("AP_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres"),
            Get("--rabbitmq", Environment.GetEnvironmentVariable("AP_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5673/"),
            Get("--workers", "1,2,4").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray(),
            Int("--count", 2000),
            Int("--warm-up", 200),
            Int("--latency-ms", 100),
            Get("--worker-dll", DefaultWorkerDll()),
            Get("--broker-pid", "") is { Length: > 0 } broker ? int.Parse(broker, CultureInfo.InvariantCulture) : null);
    }

    /// <summary>The Release worker beside this bench in the repository (bench/scale-out.sh builds both).</summary>
    private static string DefaultWorkerDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentProvision.sln")))
        {
            dir = dir.Parent;
        }

        return dir is null
            ? throw new InvalidOperationException("AgentProvision.sln not found above the bench; pass --worker-dll")
            : Path.Combine(dir.FullName, "src", "SyncWorker", "bin", "Release", "net10.0", "AgentProvision.SyncWorker.dll");
    }
}
