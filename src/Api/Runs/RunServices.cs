using AgentProvision.Persistence;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Runs;

/// <summary>What the run endpoints need, bound with <c>[AsParameters]</c>.</summary>
public sealed record RunServices(AppDbContext Db, TimeProvider Clock, IOptions<McpOptions> McpOptions)
{
    public McpOptions Mcp => McpOptions.Value;
}
