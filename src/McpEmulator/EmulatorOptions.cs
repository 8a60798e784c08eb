using System.ComponentModel.DataAnnotations;

namespace AgentProvision.McpEmulator;

/// <summary>Settings under <c>Emulator:</c>. Fault rules (<c>Emulator:Faults</c>) are read separately by <see cref="Faults.FaultRuleSettings"/>.</summary>
internal sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>When non-empty, every connector route except health requires <c>X-Api-Key</c> equal to it.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Base latency added to every connector call, to make a local run feel like a remote service.</summary>
    [Range(0, 600_000)]
    public int LatencyMs { get; set; }

    /// <summary>Seed for the fault dice; set it to make a run repeatable. Empty means a different sequence each run.</summary>
    public int? Seed { get; set; }
}
