using System.Reflection;
using MassTransit;
using MassTransit.RabbitMqTransport.Configuration;

namespace AgentProvision.SyncWorker.Messaging;

/// <summary>
/// Caps how long MassTransit waits between attempts to reach RabbitMQ again. MassTransit 8.5 retries a lost connection
/// with one policy for both sides — the receive endpoints (consume) and sends (the outbox dispatcher's publishes) —
/// growing from 3 s to 30 s per failed try, so after an outage syncing resumed up to 30 s late. Its exception filter
/// (what counts as a connection failure) is kept; only the intervals change: a quick first few, then one attempt per
/// <see cref="RabbitMqOptions.ReconnectInterval"/>, for as long as the original policy kept trying (about 8 hours).
/// </summary>
/// <remarks>
/// MassTransit exposes no setting for this policy: it is a get-only property of the RabbitMQ host configuration, set
/// in its constructor. It is replaced through its backing field; if a MassTransit upgrade renames either, the worker
/// stops at start with this message rather than silently going back to the long backoff.
/// </remarks>
internal static class BrokerReconnectPolicy
{
    private const string BackingField = "<ReceiveTransportRetryPolicy>k__BackingField";

    public static void Apply(IRabbitMqBusFactoryConfigurator rabbit, TimeSpan interval)
    {
        var host = FindHostConfiguration(rabbit);
        var field = FindBackingField(host.GetType())
            ?? throw Unsupported($"{host.GetType().FullName} has no field {BackingField}");
        var original = (IRetryPolicy)field.GetValue(host)!;
        field.SetValue(host, Retry.CreatePolicy(retry =>
        {
            retry.Handle<Exception>(original.IsHandled);
            retry.Intervals(Intervals(interval));
        }));
    }

    /// <summary>0.1 s, 0.25 s, 0.5 s, then <paramref name="interval"/> until 8 hours have passed.</summary>
    private static TimeSpan[] Intervals(TimeSpan interval)
    {
        TimeSpan[] first = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500)];
        var steady = (int)Math.Ceiling(TimeSpan.FromHours(8) / interval);
        return [.. first.Select(t => t < interval ? t : interval), .. Enumerable.Repeat(interval, steady)];
    }

    private static IRabbitMqHostConfiguration FindHostConfiguration(IRabbitMqBusFactoryConfigurator rabbit)
    {
        for (var type = rabbit.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
            {
                if (typeof(IRabbitMqHostConfiguration).IsAssignableFrom(field.FieldType) && field.GetValue(rabbit) is IRabbitMqHostConfiguration host)
                {
                    return host;
                }
            }
        }

        throw Unsupported($"{rabbit.GetType().FullName} holds no IRabbitMqHostConfiguration");
    }

    private static FieldInfo? FindBackingField(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.GetField(BackingField, BindingFlags.Instance | BindingFlags.NonPublic) is { } field)
            {
                return field;
            }
        }

        return null;
    }

    private static InvalidOperationException Unsupported(string what) => new(
        $"Cannot cap MassTransit's RabbitMQ reconnect backoff: {what}. This MassTransit version differs from 8.5; " +
        "see src/SyncWorker/Messaging/BrokerReconnectPolicy.cs.");
}
