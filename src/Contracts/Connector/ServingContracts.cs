using System.Text.Json;

namespace AgentProvision.Contracts.Connector;

/// <summary><c>POST /databricks/serving-endpoints</c> (deploy_model).</summary>
public sealed record DeployModelRequest(
    string TenantId,
    string Name,
    string ModelName,
    string ModelVersion,
    string WorkloadSize = "Small",
    bool ScaleToZeroEnabled = true);

/// <summary>Deploy and <c>GET /databricks/serving-endpoints/{name}</c>: <c>state</c> goes NOT_READY, then READY.</summary>
public sealed record ServingEndpointInfo(
    string Name,
    string State,
    string ModelName,
    string ModelVersion,
    string WorkloadSize,
    string Url,
    string? TenantId = null);

/// <summary><c>POST /databricks/serving-endpoints/{name}/invoke</c> (invoke_model).</summary>
public sealed record InvokeModelRequest(JsonElement Input);

public sealed record InvokeModelResponse(JsonElement Predictions, string EndpointName, string ModelVersion);
