using System.Globalization;

namespace AgentProvision.ScaleBench;

internal sealed record BenchSettings(
    string Api, string Emulator, string EmulatorKey, string Postgres, int Connections, int Rounds, TimeSpan Duration, TimeSpan Warmup,
    int SyncedRate, TimeSpan LatencyDuration, int LatencyBacklog, int FairnessBacklog, int DrainBacklog, string[] Only, string DevState)
{
    public static BenchSettings Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new BenchSettings(
            Get("--api", "http://127.0.0.1:5080"),
            Get("--emulator", "http://127.0.0.1:5090"),
            Get("--emulator-key", "dev-connector-key"),
            Get("--postgres", Environment.GetEnvironmentVariable("AP_BENCH_POSTGRES")
                ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=agentprovision"),
            Int("--connections", 16),
            Math.Max(1, Int("--rounds", 3)),
            TimeSpan.FromSeconds(Int("--seconds", 10)),
            TimeSpan.FromSeconds(Int("--warmup-seconds", 30)),
            Int("--rate", 100),
            TimeSpan.FromSeconds(Int("--latency-seconds", 30)),
            Int("--latency-backlog", 4000),
            Int("--fairness-backlog", 10_000),
            Int("--drain-backlog", 10_000),
            Get("--only", "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            Get("--dev-state", Environment.GetEnvironmentVariable("AP_DEV_DIR") ?? "/tmp/agentprovision-dev"));
    }

    public bool Runs(string scenario) => Only.Length == 0 || Only.Contains(scenario);
}
