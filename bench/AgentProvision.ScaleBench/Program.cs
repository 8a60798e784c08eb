namespace AgentProvision.ScaleBench;

/// <summary>
/// Issue 9's figures against a running system (./dev.sh up), each printed beside its baseline from the same run:
///   dotnet run -c Release --project bench/AgentProvision.ScaleBench -- [--only api,latency,slow,fairness,drain]
/// Needs wrk and pgbench (apt-get install -y wrk postgresql-client-15). Every scenario uses tenants of its own
/// (named "scalebench …"), and sets the emulator's faults back to none when it ends.
/// </summary>
public static class Program
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(10);

    public static async Task<int> Main(string[] args)
    {
        var settings = BenchSettings.Parse(args);
        var report = new Report();
        await using var system = new BenchSystem(settings);
        try
        {
            if (settings.Runs("api"))
            {
                await ApiThroughputAsync(system, settings, report);
            }

            if (settings.Runs("latency"))
            {
                await CreateToSyncedAsync(system, settings, report);
            }

            if (settings.Runs("slow"))
            {
                await SlowConnectorAsync(system, settings, report);
            }

            if (settings.Runs("fairness"))
            {
                await FairnessAsync(system, settings, report);
            }

            if (settings.Runs("drain"))
            {
                await DrainAsync(system, settings, report);
            }
        }
        finally
        {
            await system.SetConnectorAsync();
        }

        report.Print();
        return 0;
    }

    /// <summary>API creates/s beside pgbench running the same transaction, and with the connector down beside up.</summary>
    private static async Task ApiThroughputAsync(BenchSystem system, BenchSettings settings, Report report)
    {
        // A system just started runs its first seconds on unoptimized (tier-0) code, then instrumented code for dynamic
        // PGO: a restarted API served 811, 883, 846, 1155, 2008, 2476 … creates/s in consecutive 5 s windows of this load.
        // Warm the API and the workers up with the same load first, so the figures are the steady state the goal is about.
        Console.WriteLine($"[api] warm-up: wrk, {settings.Connections} connections, {settings.Warmup.TotalSeconds:F0} s, then its syncs …");
        var warmup = await system.NewTenantAsync("api-warmup");
        await Tools.WrkCreatesPerSecondAsync(settings.Api, warmup.Token, settings.Connections, settings.Warmup);
        await system.WaitUntilSyncedAsync(warmup.Id, DrainTimeout);

        // The machine's speed drifts by tens of percent within minutes, so each API figure is paired with a pgbench run
        // just before it, and the round with the median ratio is the one reported.
        var rounds = new List<(double Pgbench, double Api)>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            Console.WriteLine($"[api] round {round}/{settings.Rounds}: pgbench, then wrk, {settings.Connections} connections, {settings.Duration.TotalSeconds:F0} s each …");
            var baseline = await system.NewTenantAsync($"pgbench {round}");
            var pgbenchRate = await Tools.PgbenchCreatesPerSecondAsync(system.Postgres, baseline.Id, settings.Connections, settings.Duration);
            await system.WaitUntilSyncedAsync(baseline.Id, DrainTimeout);

            var tenant = await system.NewTenantAsync($"api-up {round}");
            var apiRate = await Tools.WrkCreatesPerSecondAsync(settings.Api, tenant.Token, settings.Connections, settings.Duration);
            await system.WaitUntilSyncedAsync(tenant.Id, DrainTimeout);
            Console.WriteLine($"    round {round}: API {apiRate:F1}/s, pgbench {pgbenchRate:F1}/s, ratio {apiRate / pgbenchRate:F2}");
            rounds.Add((pgbenchRate, apiRate));
        }

        var (pgbench, apiUp) = rounds.OrderBy(round => round.Api / round.Pgbench).ElementAt(rounds.Count / 2);

        // The API's own path: the same load with the workers stopped (SIGSTOP), so they do not share the cores meanwhile.
        double? apiAlone = null;
        if (WorkerPids.Find(settings) is { Count: > 0 } workers)
        {
            var alone = await system.NewTenantAsync("api-alone");
            using (WorkerPids.Pause(workers))
            {
                apiAlone = await Tools.WrkCreatesPerSecondAsync(settings.Api, alone.Token, settings.Connections, settings.Duration);
            }

            await system.WaitUntilSyncedAsync(alone.Id, DrainTimeout);
        }

        var down = await system.NewTenantAsync("api-down");
        await system.SetConnectorAsync(down: true);
        var apiDown = await Tools.WrkCreatesPerSecondAsync(settings.Api, down.Token, settings.Connections, settings.Duration);
        await system.SetConnectorAsync();
        // Drain what piled up while it was down, so the next scenario starts on an idle system: after the client's
        // circuit break (5 s by default), one success brings the backlog forward.
        await Task.Delay(TimeSpan.FromSeconds(6));
        await down.CreateAsync("the connector is back");
        await system.WaitUntilSyncedAsync(down.Id, DrainTimeout);

        report.Ratio($"POST /api/v1/notebooks, median of {rounds.Count} rounds", apiUp, "/s", "pgbench just before it", pgbench, 0.5);
        if (apiAlone is { } own)
        {
            report.Ratio("the same, workers paused meanwhile", own, "/s", "pgbench of that round", pgbench, 0.5);
        }

        report.Ratio("POST /api/v1/notebooks, connector down", apiDown, "/s", "the same, connector up", apiUp, 0.95);
    }

    /// <summary>
    /// Create→synced percentiles at a steady rate (server clocks). The p99 stands beside the disk's slowest flush in the
    /// same window: every sync waits on several flushes (the create's commit, the relay's, the quorum queue's append, the
    /// lease's), so one stall of the disk delays every sync in flight and the ones created while it lasts.
    /// </summary>
    private static async Task CreateToSyncedAsync(BenchSystem system, BenchSettings settings, Report report)
    {
        // A just-started system runs its first seconds on unoptimized code (up to 1.5 s create→synced here): warm it up
        // with the same rate first, as the API scenario does, so the figures are the steady state the goal is about.
        Console.WriteLine($"[latency] warm-up: {settings.SyncedRate} creates/s for {settings.Warmup.TotalSeconds:F0} s, then its syncs …");
        var warmup = await system.NewTenantAsync("latency-warmup");
        await warmup.CreateAtRateAsync(settings.SyncedRate, settings.Warmup);
        await system.WaitUntilSyncedAsync(warmup.Id, DrainTimeout);

        // Then start from a quiet server, as pgbench's runs do: earlier scenarios leave autovacuum and dirty buffers behind.
        Console.WriteLine("[latency] settling: waiting for autovacuum to finish, then CHECKPOINT …");
        Console.WriteLine("    " + await system.SettleAsync(TimeSpan.FromSeconds(60)));
        Console.WriteLine($"[latency] {settings.SyncedRate} creates/s for {settings.LatencyDuration.TotalSeconds:F0} s, the disk's flushes probed meanwhile …");
        var tenant = await system.NewTenantAsync("latency");
        FsyncFigures disk;
        await using (var probe = FsyncProbe.Start(settings.DevState))
        {
            await tenant.CreateAtRateAsync(settings.SyncedRate, settings.LatencyDuration);
            await system.WaitUntilSyncedAsync(tenant.Id, DrainTimeout);
            disk = await probe.StopAsync();
        }

        Console.WriteLine($"    the disk meanwhile: {disk}");
        var latencies = await system.SyncLatenciesAsync(tenant.Id);
        report.AtMost($"create→synced p50 at {settings.SyncedRate}/s", Percentiles.Of(latencies, 0.5), "ms", "before: issue 9's figure", 40, 20);
        report.AtMost($"create→synced p99 at {settings.SyncedRate}/s", Percentiles.Of(latencies, 0.99), "ms", "slowest disk flush meanwhile", disk.Max, 100);
    }

    /// <summary>Steady syncs/s with every connector call taking 100 ms, beside one-at-a-time (10/s) and the 69/s.</summary>
    private static async Task SlowConnectorAsync(BenchSystem system, BenchSettings settings, Report report)
    {
        Console.WriteLine($"[slow] {settings.LatencyBacklog} notebooks through a connector answering in 100 ms …");
        await system.SetConnectorAsync(latencyMs: 100);
        try
        {
            var tenant = await system.NewTenantAsync("slow");
            await system.InsertBacklogAsync(tenant.Id, settings.LatencyBacklog);
            var left = await system.WaitUntilSyncedAsync(tenant.Id, DrainTimeout);
            var rate = await system.SteadySyncRateAsync(tenant.Id);
            report.AtLeast($"syncs/s, connector at 100 ms ({left} left)", rate, "/s", "one sync at a time would be", 10, 400);
        }
        finally
        {
            await system.SetConnectorAsync();
        }
    }

    /// <summary>One tenant's single notebook while another tenant has a backlog, beside the same notebook on an idle system.</summary>
    private static async Task FairnessAsync(BenchSystem system, BenchSettings settings, Report report)
    {
        Console.WriteLine($"[fairness] a single notebook beside another tenant's backlog of {settings.FairnessBacklog} (connector at 100 ms) …");
        await system.SetConnectorAsync(latencyMs: 100);
        try
        {
            var quiet = await system.NewTenantAsync("quiet");
            await quiet.CreateAsync("idle");
            await system.WaitUntilSyncedAsync(quiet.Id, DrainTimeout);
            var idle = (await system.SyncLatenciesAsync(quiet.Id)).Single();

            var busy = await system.NewTenantAsync("busy");
            await system.InsertBacklogAsync(busy.Id, settings.FairnessBacklog);
            // Well into the backlog: the workers are busy with it, thousands still waiting.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var beside = await system.NewTenantAsync("beside");
            await beside.CreateAsync("beside a backlog");
            await system.WaitUntilSyncedAsync(beside.Id, DrainTimeout);
            var during = (await system.SyncLatenciesAsync(beside.Id)).Single();
            var left = await system.WaitUntilSyncedAsync(busy.Id, DrainTimeout);
            report.AtMost($"other tenant's create→synced, backlog ({left} left)", during, "ms", "the same on an idle system", idle, idle + 1000);
        }
        finally
        {
            await system.SetConnectorAsync();
        }
    }

    /// <summary>A backlog built while the connector was down drains at this rate once it is back, beside the same count created while up.</summary>
    private static async Task DrainAsync(BenchSystem system, BenchSettings settings, Report report)
    {
        Console.WriteLine($"[drain] {settings.DrainBacklog} notebooks created while the connector is down, then it comes back …");
        var tenant = await system.NewTenantAsync("drain");
        await system.SetConnectorAsync(down: true);
        await system.InsertBacklogAsync(tenant.Id, settings.DrainBacklog);
        // Long enough for the workers to try them all and put them in backoff.
        await Task.Delay(TimeSpan.FromSeconds(15));
        await system.SetConnectorAsync();
        var back = await system.DatabaseNowAsync();
        // The client's circuit stays open for its break (5 s by default); the kind's first success then pulls the backlog forward.
        var trigger = await system.NewTenantAsync("drain-trigger");
        await Task.Delay(TimeSpan.FromSeconds(6));
        await trigger.CreateAsync("the connector is back");
        var left = await system.WaitUntilSyncedAsync(tenant.Id, DrainTimeout);
        var rate = await system.SteadySyncRateAsync(tenant.Id);
        var wall = await system.SecondsUntilLastSyncAsync(tenant.Id, back);
        report.AtLeast($"backlog drain, syncs/s ({left} left)", rate, "/s", $"all {settings.DrainBacklog} in (s) after return", wall, 300);
    }
}
