using MassTransit;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Sync;

public sealed class ResourceSyncConsumerDefinition : ConsumerDefinition<ResourceSyncConsumer>
{
    public ResourceSyncConsumerDefinition(IOptions<SyncWorkerOptions> options)
    {
        ConcurrentMessageLimit = options.Value.ConsumerConcurrency;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ResourceSyncConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Connector failures are handled inside the synchronizer (durable backoff on the row). What reaches this
        // policy is a database hiccup: retry it briefly, then let the message go to the error queue; the
        // reconciler re-sends the resource when its deadline passes, so nothing is lost either way.
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}
