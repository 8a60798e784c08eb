using System.ComponentModel.DataAnnotations;

namespace AgentProvision.McpEmulator.Serving;

/// <summary>Settings under <c>Emulator:Serving</c>.</summary>
internal sealed class ServingOptions
{
    public const string SectionName = "Emulator:Serving";

    /// <summary>How long a deployed endpoint stays NOT_READY, as a real one does while its container starts.</summary>
    [Range(0, 3_600_000)]
    public int ReadyAfterMs { get; set; } = 300;
}
