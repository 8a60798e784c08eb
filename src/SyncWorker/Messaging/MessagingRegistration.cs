using System.ComponentModel.DataAnnotations;
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

                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
