using AgentProvision.Persistence;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Notebooks;

/// <summary>What every notebook endpoint needs, bound with <c>[AsParameters]</c>.</summary>
public sealed record NotebookServices(
    AppDbContext Db,
    TimeProvider Clock,
    IOptions<NotebookOptions> NotebookOptions,
    IOptions<McpOptions> McpOptions)
{
    public NotebookOptions Notebooks => NotebookOptions.Value;
    public McpOptions Mcp => McpOptions.Value;
}
