using System.ComponentModel.DataAnnotations;
using AgentProvision.ServiceDefaults;
using AgentProvision.SyncWorker.Sync;
using MassTransit;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Messaging;

public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>amqp://user:password@host:port/vhost. Env <c>RabbitMq__Uri</c>.</summary>
    [Required(ErrorMessage = "RabbitMq:Uri is not set. Set RabbitMq__Uri, e.g. amqp://guest:guest@127.0.0.1:5672/.")]
    public string Uri { get; set; } = "";

    /// <summary>Prefix for exchanges and queues, so several environments (or test runs) can share one broker.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>
    /// Longest wait between attempts to reach RabbitMQ again after it went away (consume and publish side): syncing
    /// resumes within about this long of the broker coming back. MassTransit's own backoff grows to 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Deliveries of one message by the sync quorum queue before RabbitMQ dead-letters it into the <c>_error</c> queue
    /// (a message whose consumer dies every time). 20, RabbitMQ 4's default, set explicitly so 3.x behaves the same.
    /// </summary>
    [Range(1, 1000)]
    public int DeliveryLimit { get; set; } = 20;
}

public static class MessagingRegistration
{
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RabbitMqOptions>()
            .Bind(builder.Configuration.GetSection(RabbitMqOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHostedService<QueueDepthSampler>();
        builder.Services.AddSingleton<BrokerConnection>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BrokerConnection>());
        builder.Services.AddHealthChecks().AddCheck<BrokerHealthCheck>("rabbitmq", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.AddMassTransit(bus =>
        {
            var prefix = builder.Configuration[$"{RabbitMqOptions.Section}:Prefix"] ?? "";
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false));
            bus.AddConsumer<ResourceSyncConsumer, ResourceSyncConsumerDefinition>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(new Uri(options.Uri), host =>
                {
                    // The dispatcher marks a row dispatched only after the broker confirmed it.
                    host.PublisherConfirmation = true;
                });
                if (!string.IsNullOrEmpty(options.Prefix))
                {
                    rabbit.MessageTopology.SetEntityNameFormatter(
                        new PrefixEntityNameFormatter(rabbit.MessageTopology.EntityNameFormatter, options.Prefix + "."));
                }

                BrokerReconnectPolicy.Apply(rabbit, options.ReconnectInterval);
                rabbit.SendTopology.ConfigureErrorSettings = SyncQueueTopology.KeepOnlyQueueType;
                rabbit.SendTopology.ConfigureDeadLetterSettings = SyncQueueTopology.KeepOnlyQueueType;
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
