using AgentProvision.Contracts.Messages;
using MassTransit;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>One consumer for every kind: hands the message to the synchronizer registered under its kind.</summary>
public sealed class ResourceSyncConsumer(IServiceProvider services, ILogger<ResourceSyncConsumer> logger) : IConsumer<ResourceSyncRequested>
{
    public Task Consume(ConsumeContext<ResourceSyncRequested> context)
    {
        var message = context.Message;
        var synchronizer = services.GetKeyedService<IResourceSynchronizer>(message.Kind);
        if (synchronizer is null)
        {
            // A newer API wrote a kind this worker does not know yet: leave the row to a worker that does (the reconciler re-sends it).
            logger.LogError("No synchronizer for resource kind '{Kind}' (resource {ResourceId}); is this worker older than the API?", message.Kind, message.ResourceId);
            return Task.CompletedTask;
        }

        return synchronizer.SyncAsync(message.TenantId, message.ResourceId, message.Generation, context.CancellationToken);
    }
}
