namespace AgentProvision.SyncWorker;

public static class SyncBackoff
{
    /// <summary>
    /// Exponential with "equal jitter": half the delay is fixed, half random, so replicas that failed together
    /// do not retry together.
    /// </summary>
    public static TimeSpan For(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent)));
        return delay / 2 + delay / 2 * Random.Shared.NextDouble();
    }
}
