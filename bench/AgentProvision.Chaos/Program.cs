using System.Globalization;
using System.Runtime.InteropServices;
using AgentProvision.ChaosHarness;
using AgentProvision.ChaosHarness.Processes;

// The chaos suite at any size: dotnet run -c Release --project bench/AgentProvision.Chaos -- --size 10000
// Exit code 0 when nothing accepted was lost or duplicated, 1 otherwise.
var options = new ChaosOptions { Configuration = RepoLayout.CallerConfiguration() };
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : "";
    options = args[i] switch
    {
        "--size" => options with { Size = Int(value) },
        "--seed" => options with { Seed = Int(value) },
        "--clients" => options with { ClientConcurrency = Int(value) },
        "--workers" => options with { Workers = Int(value) },
        "--min-load-seconds" => options with { MinimumLoadDuration = TimeSpan.FromSeconds(Int(value)) },
        "--drain-minutes" => options with { DrainTimeout = TimeSpan.FromMinutes(Int(value)) },
        "--pg-stop-mode" => options with { PostgresStopMode = value },
        "--state-dir" => options with { StateDirectory = value },
        "--no-warmup" => options with { WarmUp = false },
        _ => throw new ArgumentException($"unknown option {args[i]}; options: --size N --seed N --clients N --workers N " +
            "--min-load-seconds N --drain-minutes N --pg-stop-mode fast|immediate --state-dir PATH --no-warmup"),
    };
    i += args[i] == "--no-warmup" ? 0 : 1;
}

// Bigger runs need longer to drain; the default (3 min) is sized for the CI run.
if (!args.Contains("--drain-minutes") && options.Size > 1000)
{
    options = options with { DrainTimeout = TimeSpan.FromMinutes(Math.Max(10, options.Size / 500)) };
}

// Ctrl-C or SIGTERM cancels the run, so the harness still stops the PostgreSQL, RabbitMQ and hosts it started.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var report = await ChaosRun.RunAsync(options, line => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}"), stop.Token);
Console.WriteLine();
Console.WriteLine(report);
return report.Passed ? 0 : 1;

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
