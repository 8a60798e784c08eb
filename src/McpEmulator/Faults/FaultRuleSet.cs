namespace AgentProvision.McpEmulator.Faults;

/// <summary>The body of <c>PUT</c>/<c>GET</c>/<c>DELETE /_emulator/faults</c>: <c>{"rules":[…]}</c>.</summary>
internal sealed record FaultRuleSet(IReadOnlyList<FaultRule>? Rules);
