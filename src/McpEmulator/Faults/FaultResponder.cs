using System.Globalization;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Faults;

/// <summary>What each fault mode does to a call that a rule hit.</summary>
internal static class FaultResponder
{
    public static async Task RespondAsync(FaultRule fault, HttpContext context, RequestDelegate next, CancellationToken emulatorStopping)
    {
        if (fault.LatencyMs > 0)
        {
            await Task.Delay(fault.LatencyMs.Value, context.RequestAborted);
        }

        switch (fault.Mode)
        {
            case FaultMode.Latency:
                await next(context);
                break;
            case FaultMode.Throttle:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds?.ToString(CultureInfo.InvariantCulture);
                await AnswerAsync(fault, context);
                break;
            case FaultMode.Hang:
                await HangAsync(context, emulatorStopping);
                break;
            case FaultMode.AfterStateChange:
                await ChangeStateThenFailAsync(fault, context, next);
                break;
            default:
                await AnswerAsync(fault, context);
                break;
        }
    }

    private static Task AnswerAsync(FaultRule fault, HttpContext context)
        => ConnectorErrors.WriteAsync(
            context,
            fault.Status!.Value,
            fault.ErrorCode!,
            $"Injected by the emulator: {FaultRule.Describe(fault.Mode)} fault on {fault.Operation}.");

    /// <summary>Waits for the client to give up; also ends on shutdown so a hung call cannot hold up the host's stop.</summary>
    private static async Task HangAsync(HttpContext context, CancellationToken emulatorStopping)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, emulatorStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, giveUp.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Nobody is listening any more; the status is only for the log line.
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            context.Abort();
        }
        catch (OperationCanceledException)
        {
            await ConnectorErrors.WriteAsync(
                context, StatusCodes.Status503ServiceUnavailable,
                ConnectorErrorCodes.TemporarilyUnavailable, "The emulator is stopping.");
        }
    }

    /// <summary>
    /// Runs the real handler into a discarded buffer, keeps whatever state it changed, then answers the fault:
    /// the call succeeded (or failed) but the caller only ever sees the error.
    /// </summary>
    private static async Task ChangeStateThenFailAsync(FaultRule fault, HttpContext context, RequestDelegate next)
    {
        var realBody = context.Response.Body;
        using var discarded = new MemoryStream();
        context.Response.Body = discarded;
        try
        {
            await next(context);
        }
        catch (ConnectorException)
        {
            // A refused operation is answered with the fault too: the caller learns nothing either way.
        }
        finally
        {
            context.Response.Body = realBody;
        }

        context.Response.Clear();
        await AnswerAsync(fault, context);
    }
}
