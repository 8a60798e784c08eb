namespace AgentProvision.ChaosHarness;

/// <summary>What one chaos run does. Defaults are the CI-sized run; the bench raises <see cref="Size"/>.</summary>
public sealed record ChaosOptions
{
    /// <summary>Resources to get accepted, across every kind (tenant catalogs included).</summary>
    public int Size { get; init; } = 60;

    /// <summary>Seeds the load's shuffle and the emulator's fault dice, so a run can be repeated.</summary>
    public int Seed { get; init; } = 9;

    /// <summary>Requests the simulated clients have in flight at once.</summary>
    public int ClientConcurrency { get; init; } = 8;

    /// <summary>
    /// The load is spread over at least this long, so a small run still overlaps every kill and restart
    /// (a 60-resource load would otherwise be over before the first worker dies).
    /// </summary>
    public TimeSpan MinimumLoadDuration { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>After the load and the chaos, how long every accepted resource gets to end synced.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a simulated client keeps retrying one request that the system refuses with 503 or cannot answer.</summary>
    public TimeSpan ClientRetryBudget { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Worker processes running side by side (one of them is SIGKILLed at a time).</summary>
    public int Workers { get; init; } = 2;

    /// <summary><c>fast</c> (the brief's) or <c>immediate</c> (a crash, with recovery at start): how PostgreSQL is stopped for its restart.</summary>
    public string PostgresStopMode { get; init; } = "fast";

    /// <summary>Send one notebook run through before the faults start (see <see cref="Load.WarmUp"/>).</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Build configuration whose DLLs are started (Release for the bench; the test uses its own).</summary>
    public string Configuration { get; init; } = "Release";

    /// <summary>Where data directories and process logs go; a fresh temporary folder when null. Kept when the run fails.</summary>
    public string? StateDirectory { get; init; }
}
