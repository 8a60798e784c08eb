using System.Text.Json;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Tenants;
using Microsoft.Extensions.Options;

namespace AgentProvision.McpEmulator.Serving;

/// <summary>
/// The workspace's serving endpoints. Names are workspace-wide as in Databricks (get, invoke and delete carry no
/// tenant); the ledger files each endpoint under the tenant that deployed it.
/// </summary>
internal sealed class ServingEndpoints(
    IOptions<ServingOptions> options,
    IOptions<EmulatorOptions> emulatorOptions,
    ObjectIds ids,
    ObjectLedger ledger,
    TimeProvider clock) : IEmulatorState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DeployedEndpoint> _endpoints = new(StringComparer.Ordinal);

    private TimeSpan ReadyAfter => TimeSpan.FromMilliseconds(options.Value.ReadyAfterMs);

    public ServingEndpointInfo Deploy(DeployModelRequest deployment)
    {
        var name = EndpointName.Check(deployment.Name);
        lock (_gate)
        {
            if (_endpoints.ContainsKey(name))
            {
                throw new ConnectorException(
                    StatusCodes.Status409Conflict, ConnectorErrorCodes.ResourceAlreadyExists, $"Endpoint with name '{name}' already exists.");
            }

            var endpoint = new DeployedEndpoint(deployment, clock.GetUtcNow(), InvocationUrl(name));
            _endpoints.Add(name, endpoint);
            ledger.Created(deployment.TenantId, ObjectKinds.ServingEndpoint, name, ids.Next());
            return endpoint.ToInfo(endpoint.StateAt(clock.GetUtcNow(), ReadyAfter));
        }
    }

    public ServingEndpointInfo Get(string name)
    {
        var endpoint = Find(name);
        return endpoint.ToInfo(endpoint.StateAt(clock.GetUtcNow(), ReadyAfter));
    }

    public InvokeModelResponse Invoke(string name, InvokeModelRequest request)
    {
        var endpoint = Find(name);
        if (endpoint.StateAt(clock.GetUtcNow(), ReadyAfter) != DeployedEndpoint.Ready)
        {
            throw new ConnectorException(
                StatusCodes.Status400BadRequest, ConnectorErrorCodes.InvalidState,
                $"Endpoint '{name}' is not ready yet (state {DeployedEndpoint.NotReady}); retry once it is READY.");
        }

        if (request.Input.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw ConnectorException.InvalidParameter("input is required.");
        }

        return new InvokeModelResponse(ModelAnswers.Predict(request.Input, endpoint.Deployment.ModelVersion), name, endpoint.Deployment.ModelVersion);
    }

    /// <summary>Removes the endpoint; answers the tenant that deployed it, for the log line.</summary>
    public string Delete(string name)
    {
        lock (_gate)
        {
            if (!_endpoints.Remove(name, out var endpoint))
            {
                throw MissingEndpoint(name);
            }

            ledger.Deleted(endpoint.Deployment.TenantId, ObjectKinds.ServingEndpoint, name);
            return endpoint.Deployment.TenantId;
        }
    }

    /// <summary>The tenant that deployed <paramref name="name"/>, if it exists; calls without a tenant log this one.</summary>
    public string? OwnerOf(string name)
    {
        lock (_gate)
        {
            return _endpoints.GetValueOrDefault(name)?.Deployment.TenantId;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _endpoints.Clear();
        }
    }

    private DeployedEndpoint Find(string name)
    {
        lock (_gate)
        {
            return _endpoints.GetValueOrDefault(name) ?? throw MissingEndpoint(name);
        }
    }

    /// <summary>Databricks' invocation URL of the endpoint, in the workspace the emulator pretends to be.</summary>
    private string InvocationUrl(string name)
        => $"{emulatorOptions.Value.WorkspaceUrl.TrimEnd('/')}/serving-endpoints/{Uri.EscapeDataString(name)}/invocations";

    private static ConnectorException MissingEndpoint(string name)
        => ConnectorException.DoesNotExist($"Endpoint with name '{name}' does not exist.");
}
