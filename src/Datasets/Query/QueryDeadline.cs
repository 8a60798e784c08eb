using System.Diagnostics;
using DuckDB.NET.Data;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// When one sandboxed call must stop: after its timeout, or when the caller cancels. Commands run under
/// <see cref="Watch"/>, and <see cref="QueryWatchdog"/> interrupts them once the deadline has passed.
/// </summary>
internal sealed class QueryDeadline(TimeSpan timeout, CancellationToken cancellation)
{
    private readonly long _due = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);

    public CancellationToken Cancellation => cancellation;

    public bool Passed => cancellation.IsCancellationRequested || Stopwatch.GetTimestamp() >= _due;

    /// <summary>Whether an interrupt was sent to a command of this call: its result may be cut short.</summary>
    public bool Interrupted { get; private set; }

    /// <exception cref="OperationCanceledException">The deadline has already passed: the command should not start.</exception>
    public QueryInterrupter Watch(DuckDBCommand command)
    {
        if (Passed)
        {
            throw new OperationCanceledException("The query's deadline has passed.");
        }

        return new QueryInterrupter(this, command);
    }

    internal void MarkInterrupted() => Interrupted = true;
}
