namespace AgentProvision.McpEmulator.Runs;

/// <summary>Databricks' run life-cycle and result states, as far as the emulator produces them.</summary>
internal static class RunStates
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Terminated = "TERMINATED";

    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
    public const string Canceled = "CANCELED";
    /// <summary>A task after the one that failed: Databricks does not start it.</summary>
    public const string UpstreamFailed = "UPSTREAM_FAILED";

    public const string OneTime = "ONE_TIME";
    public const string Periodic = "PERIODIC";

    public const string CanceledMessage = "Run canceled by the user.";
}
