namespace AgentProvision.Contracts.Connector;

/// <summary>The answer of operations whose body the original client ignores (deletes, cancel): <c>{"status": "..."}</c>.</summary>
public sealed record Acknowledged(string Status);
