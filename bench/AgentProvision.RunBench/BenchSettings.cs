using System.Globalization;

namespace AgentProvision.RunBench;

internal sealed record BenchSettings(string Api, string Emulator, string Postgres, int Runs, int Concurrency, TimeSpan Window, TimeSpan SettledAfter)
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
            Get("--postgres", Environment.GetEnvironmentVariable("AP_BENCH_POSTGRES")
                ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=agentprovision"),
            Int("--runs", 10_000),
            Int("--concurrency", 16),
            TimeSpan.FromSeconds(Int("--window", 20)),
            // The poller looks at a run every second in its first minute, then every 5 s: measure both regimes.
            TimeSpan.FromSeconds(Int("--settled-after", 70)));
    }
}
