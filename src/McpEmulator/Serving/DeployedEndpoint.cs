using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Serving;

/// <summary>One deployed serving endpoint. Its state is not stored: it follows from the time since deployment.</summary>
internal sealed record DeployedEndpoint(DeployModelRequest Deployment, DateTimeOffset DeployedAt, string InvocationUrl)
{
    public const string Ready = "READY";
    public const string NotReady = "NOT_READY";

    public string Name => Deployment.Name;

    public string StateAt(DateTimeOffset now, TimeSpan readyAfter) => now - DeployedAt >= readyAfter ? Ready : NotReady;

    public ServingEndpointInfo ToInfo(string state) => new(
        Deployment.Name, state, Deployment.ModelName, Deployment.ModelVersion, Deployment.WorkloadSize, InvocationUrl, Deployment.TenantId);
}
