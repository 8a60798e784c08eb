namespace AgentProvision.McpEmulator.Runs;

/// <summary>What a run will do, fixed when it is submitted: its outcome and how long each phase lasts.</summary>
internal sealed record RunPlan(RunOutcome Outcome, long PendingMs, long RunningMs, string? Message, string? Output);
