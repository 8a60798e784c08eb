using System.ComponentModel.DataAnnotations;

namespace AgentProvision.McpEmulator.Runs;

/// <summary>
/// <c>Emulator:Runs</c>: how long a run stays PENDING, then RUNNING, before it terminates. Short by default, so a test
/// sees the whole life cycle in well under a second; a behaviour rule can change them per run.
/// </summary>
internal sealed class RunOptions
{
    public const string SectionName = "Emulator:Runs";

    [Range(0, 86_400_000)]
    public int PendingMs { get; set; } = 100;

    [Range(0, 86_400_000)]
    public int RunningMs { get; set; } = 500;
}
