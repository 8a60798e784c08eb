using AgentProvision.Persistence;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Pipelines;

/// <summary>What every pipeline endpoint needs, bound with <c>[AsParameters]</c>.</summary>
public sealed record PipelineServices(AppDbContext Db, TimeProvider Clock, IOptions<McpOptions> McpOptions)
{
    public McpOptions Mcp => McpOptions.Value;
}
