namespace AgentProvision.ChaosHarness.Load;

/// <summary>What the simulated clients went through: refusals they retried (503 while PostgreSQL restarts), lost connections, give-ups.</summary>
public sealed class ClientStats
{
    private int requests;
    private int retriedRefusals;
    private int retriedTransportErrors;
    private int gaveUp;
    private int rejected;
    private string? lastRejection;

    public int Requests => requests;

    /// <summary>5xx answers (503 with Retry-After while the database is away), each retried.</summary>
    public int RetriedRefusals => retriedRefusals;

    /// <summary>No answer at all (connection refused or reset, client timeout), each retried. Such a request may have committed.</summary>
    public int RetriedTransportErrors => retriedTransportErrors;

    /// <summary>Requests still refused when their retry budget ran out: not accepted, so not counted as lost.</summary>
    public int GaveUp => gaveUp;

    /// <summary>4xx answers: not accepted; a sign the load itself is wrong, so the last one is kept to show.</summary>
    public int Rejected => rejected;

    public string? LastRejection => lastRejection;

    internal void Request() => Interlocked.Increment(ref requests);

    internal void RetriedRefusal() => Interlocked.Increment(ref retriedRefusals);

    internal void RetriedTransportError() => Interlocked.Increment(ref retriedTransportErrors);

    internal void GiveUp() => Interlocked.Increment(ref gaveUp);

    internal void Reject(string what)
    {
        Interlocked.Increment(ref rejected);
        lastRejection = what;
    }
}
