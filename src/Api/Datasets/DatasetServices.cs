using AgentProvision.Datasets.Storage;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Datasets;

/// <summary>What the dataset endpoints need, bound with <c>[AsParameters]</c>.</summary>
public sealed record DatasetServices(
    AppDbContext Db,
    IDatasetStorage Storage,
    TimeProvider Clock,
    IOptions<DatasetOptions> DatasetOptions,
    IOptions<McpOptions> McpOptions,
    ILogger<DatasetServices> Logger)
{
    public DatasetOptions Datasets => DatasetOptions.Value;
    public McpOptions Mcp => McpOptions.Value;
}
