using System.Threading.Channels;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Outbox;
using Npgsql;

namespace AgentProvision.SyncWorker.Outbox;

/// <summary>
/// Wakes this worker's dispatcher: on a NOTIFY from another process (LISTEN), or directly when this process
/// committed outbox rows itself (the reconciler). Only a hint: if the connection drops, notifications are
/// missed and the dispatcher's polling picks the rows up. The LISTEN is session state: its connection is never pooled.
/// </summary>
public sealed class OutboxWakeUp(SessionConnections sessions, ILogger<OutboxWakeUp> logger) : IOutboxSignal
{
    private readonly Channel<bool> signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void OutboxMessagesCommitted() => signals.Writer.TryWrite(true);

    /// <summary>Waits for a notification or for <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await signals.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed: look anyway.
        }
    }

    public async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await sessions.OpenAsync(cancellationToken);
                connection.Notification += (_, _) => signals.Writer.TryWrite(true);
                await using (var listen = new NpgsqlCommand($"LISTEN {OutboxNotification.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                logger.LogInformation("Listening for outbox notifications on channel {Channel}", OutboxNotification.Channel);
                // Rows committed while we were not listening: look once now.
                signals.Writer.TryWrite(true);
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Outbox LISTEN connection lost; polling only until it is back");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
