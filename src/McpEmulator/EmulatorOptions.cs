using System.ComponentModel.DataAnnotations;

namespace AgentProvision.McpEmulator;

/// <summary>
/// Settings under <c>Emulator:</c>. Fault rules (<c>Emulator:Faults</c>) are read separately by <see cref="Faults.FaultRuleSettings"/>,
/// run durations (<c>Emulator:Runs</c>) by <see cref="Runs.RunOptions"/>.
/// </summary>
internal sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>When non-empty, every connector route except health requires <c>Authorization: Bearer</c> with it, as the original client sends MCP_API_KEY.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Base latency added to every connector call, to make a local run feel like a remote service.</summary>
    [Range(0, 600_000)]
    public int LatencyMs { get; set; }

    /// <summary>Seed for the fault dice; set it to make a run repeatable. Empty means a different sequence each run.</summary>
    public int? Seed { get; set; }

    /// <summary>Whether the contract's extensions are served; off, the emulator is a server of the original contract only.</summary>
    public bool Extensions { get; set; } = true;

    /// <summary>The Databricks workspace the answered URLs point into; the emulator serves none of them.</summary>
    [Url]
    public string WorkspaceUrl { get; set; } = "https://emulator.databricks.example";
}
