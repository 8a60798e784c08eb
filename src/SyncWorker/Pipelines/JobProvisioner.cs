using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Sync;

namespace AgentProvision.SyncWorker.Pipelines;

/// <summary>Stub: replaced by the pipelines work.</summary>
public sealed class JobProvisioner : IResourceProvisioner<DataPipeline>
{
    public Task<string> EnsureAsync(DataPipeline resource, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<string> RemoveAsync(DataPipeline resource, CancellationToken cancellationToken) => throw new NotImplementedException();
}
