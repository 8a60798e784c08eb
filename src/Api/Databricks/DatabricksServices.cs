using AgentProvision.Connector;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentProvision.Api.Databricks;

/// <summary>What the Databricks endpoints need, bound with <c>[AsParameters]</c>.</summary>
public sealed record DatabricksServices(
    AppDbContext Db,
    NpgsqlDataSource DataSource,
    ConnectorClient Connector,
    TimeProvider Clock,
    IOptions<McpOptions> McpOptions,
    ILogger<DatabricksServices> Logger)
{
    public McpOptions Mcp => McpOptions.Value;

    /// <summary>A token that ends after <see cref="McpOptions.StatusTimeout"/>: the live calls never hold a request for long.</summary>
    public CancellationTokenSource LiveCallDeadline(CancellationToken requestAborted)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(Mcp.StatusTimeout);
        return deadline;
    }
}
