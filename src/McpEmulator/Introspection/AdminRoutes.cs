namespace AgentProvision.McpEmulator.Introspection;

/// <summary>The emulator's own routes for tests and scripts; not part of the connector contract.</summary>
internal static class AdminRoutes
{
    public const string Prefix = "/_emulator";
    public const string Faults = Prefix + "/faults";
    public const string Objects = Prefix + "/objects";
    public const string Calls = Prefix + "/calls";
    public const string Reset = Prefix + "/reset";
}
