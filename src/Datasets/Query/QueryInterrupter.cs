using DuckDB.NET.Data;

namespace AgentProvision.Datasets.Query;

/// <summary>One command watched for its deadline, from start until disposed.</summary>
internal sealed class QueryInterrupter : IDisposable
{
    private readonly QueryDeadline _deadline;
    private readonly DuckDBCommand _command;
    private readonly CancellationTokenRegistration _registration;
    private readonly Lock _gate = new();
    private bool _disposed;

    public QueryInterrupter(QueryDeadline deadline, DuckDBCommand command)
    {
        _deadline = deadline;
        _command = command;
        QueryWatchdog.Add(this);
        // A cancelled request need not wait for the watchdog's next look.
        _registration = deadline.Cancellation.Register(InterruptIfDue);
    }

    public void InterruptIfDue()
    {
        lock (_gate)
        {
            if (!_disposed && _deadline.Passed)
            {
                _deadline.MarkInterrupted();
                _command.Cancel();
            }
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        QueryWatchdog.Remove(this);
        lock (_gate)
        {
            _disposed = true;
        }
    }
}
