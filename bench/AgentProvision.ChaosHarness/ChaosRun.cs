using System.Diagnostics;
using AgentProvision.ChaosHarness.Load;
using AgentProvision.ChaosHarness.Verification;

namespace AgentProvision.ChaosHarness;

/// <summary>
/// The chaos suite in one call: start the system, turn the connector faults on, send the load while the schedule
/// kills and restarts, turn the faults off, wait for the accepted resources to settle, and compare.
/// </summary>
public static class ChaosRun
{
    /// <summary>Runs it; the state folder (data directories, every process's log) is removed after a pass and kept after a failure.</summary>
    public static async Task<ChaosReport> RunAsync(ChaosOptions options, Action<string> log, CancellationToken cancellationToken = default)
    {
        var temporary = options.StateDirectory is null;
        options = options with { StateDirectory = options.StateDirectory ?? Directory.CreateTempSubdirectory("ap-chaos-").FullName };
        var report = await RunInAsync(options, log, cancellationToken);
        if (report.Passed && temporary)
        {
            Directory.Delete(options.StateDirectory, recursive: true);
        }

        return report;
    }

    private static async Task<ChaosReport> RunInAsync(ChaosOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var plan = LoadPlan.For(options.Size, options.Seed);
        log($"plan: {plan.Tenants} catalogs, {plan.Datasets} datasets, {plan.Notebooks} notebooks, {plan.Pipelines} pipelines, " +
            $"{plan.NotebookRuns} notebook runs, {plan.PipelineRuns} pipeline runs");
        var total = Stopwatch.StartNew();
        await using var system = await SystemUnderChaos.StartAsync(options, log);
        using var emulator = new EmulatorAdmin(system.Emulator.Url);
        var verifier = new Verifier(new LocalStateReader(system.DatabaseConnectionString), emulator, log);

        if (options.WarmUp)
        {
            await WarmUp.RunAsync(system.Api.Url, options, log, cancellationToken);
        }

        await emulator.SetFaultsAsync(FaultMix.Rules);
        var load = new LoadGenerator(system.Api.Url, options, log);
        var schedule = new ChaosSchedule(system, log);
        var clock = Stopwatch.StartNew();
        var loading = load.RunAsync(plan, schedule.ReleasedAsync, cancellationToken);
        var chaos = schedule.RunAsync(() => load.Sent, () => load.Finished, plan.Size, clock, loading, cancellationToken);
        var progress = LogProgressAsync(load, plan.Size, loading, clock, log);
        await loading;
        await progress;
        var loadDuration = clock.Elapsed;
        log($"load done in {loadDuration.TotalSeconds:F1} s: {load.Accepted.Count} of {plan.Size} accepted");
        await chaos;

        // The faults stay on while the system catches up (at 10,000 most syncs happen after the load), for half the
        // drain deadline; if it has not settled by then, the connector's bad spell ends and the rest must get through.
        var (drained, inTime) = await verifier.DrainAsync(load.Accepted, options.DrainTimeout / 2, cancellationToken);
        TimeSpan? faultsClearedAt = null;
        if (!inTime)
        {
            await emulator.ClearFaultsAsync();
            faultsClearedAt = clock.Elapsed;
            log($"faults cleared at {faultsClearedAt.Value.TotalSeconds:F1} s: the drain had not settled in half its deadline");
            (var more, inTime) = await verifier.DrainAsync(load.Accepted, options.DrainTimeout / 2, cancellationToken);
            drained += more;
        }

        await emulator.ClearFaultsAsync();
        // The drain is measured from the end of the load: how long the system needed to catch up.
        var drainDuration = clock.Elapsed - loadDuration;
        log($"drain {(inTime ? "complete" : "deadline passed")} after {drained.TotalSeconds:F1} s");
        // A call that hung or was delayed could still land; give it a moment before counting remote objects.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var (kinds, findings) = await verifier.VerifyAsync(load.Accepted, plan);

        var report = new ChaosReport(
            options, kinds, findings, schedule.Done, system.Faults.ByMode.ToDictionary(), system.Faults.Calls, faultsClearedAt, load.Stats,
            [.. system.UnexpectedExits], loadDuration, drainDuration, inTime, total.Elapsed, system.StateDirectory);
        if (!report.Passed)
        {
            log($"worker output tails:\n{system.WorkerTails()}");
        }

        return report;
    }

    /// <summary>A line every 15 s while the load runs, so a long run shows it is moving.</summary>
    private static async Task LogProgressAsync(LoadGenerator load, int size, Task loading, Stopwatch clock, Action<string> log)
    {
        while (await Task.WhenAny(loading, Task.Delay(TimeSpan.FromSeconds(15))) != loading)
        {
            log($"load: {load.Finished} of {size} answered, {load.Accepted.Count} accepted, {load.Stats.RetriedRefusals + load.Stats.RetriedTransportErrors} retries, after {clock.Elapsed.TotalSeconds:F0} s");
        }
    }
}
