using AgentProvision.SyncWorker.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Sync;

public sealed class ResourceSyncConsumerDefinition : ConsumerDefinition<ResourceSyncConsumer>
{
    private readonly RabbitMqOptions rabbit;

    public ResourceSyncConsumerDefinition(IOptions<SyncWorkerOptions> options, IOptions<RabbitMqOptions> rabbit)
    {
        ConcurrentMessageLimit = options.Value.ConsumerConcurrency;
        this.rabbit = rabbit.Value;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ResourceSyncConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Connector failures are handled inside the synchronizer (durable backoff on the row). What reaches this
        // policy is a database hiccup: retry it briefly, then let the message go to the error queue; the
        // reconciler re-sends the resource when its deadline passes, so nothing is lost either way.
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
        {
            SyncQueueTopology.Apply(rabbitEndpoint, SyncQueueName(rabbit.Prefix), rabbit.DeliveryLimit);
        }

        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }

    /// <summary>The queue's name, as MessagingRegistration's endpoint name formatter gives it.</summary>
    public static string SyncQueueName(string prefix) =>
        new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false).Consumer<ResourceSyncConsumer>();
}
