namespace AgentProvision.McpEmulator.Introspection;

/// <summary>The emulator's own routes for tests and scripts; not part of the connector contract.</summary>
internal static class AdminRoutes
{
    public const string Prefix = "/_emulator";
    public const string Faults = Prefix + "/faults";
    public const string Objects = Prefix + "/objects";
    public const string Calls = Prefix + "/calls";
    /// <summary>GET: the traceparent headers of the latest calls per operation.</summary>
    public const string Traces = Prefix + "/traces";
    public const string Reset = Prefix + "/reset";
    public const string Extensions = Prefix + "/extensions";
    public const string RunBehaviour = Prefix + "/runs/behaviour";
    /// <summary>POST: start a run of the job as if its schedule fired (trigger PERIODIC).</summary>
    public const string ScheduledRun = Prefix + "/jobs/{job_id}/scheduled-run";
}
