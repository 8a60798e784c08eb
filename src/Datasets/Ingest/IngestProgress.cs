using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Logs rows and bytes so far every <see cref="IngestLimits.ProgressInterval"/> while an ingest runs, from a timer, so
/// a slow upload shows up in the logs even while no row arrives; and the summary line at the end.
/// </summary>
internal sealed class IngestProgress : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly string _source;
    private readonly Func<long> _rows;
    private readonly Func<long> _bytes;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public IngestProgress(ILogger logger, string source, TimeSpan interval, Func<long> rows, Func<long> bytes)
    {
        (_logger, _source, _rows, _bytes) = (logger, source, rows, bytes);
        _loop = LogEveryAsync(interval, _stop.Token);
    }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public void Completed(long rows, long bytes, int columns, int segments)
    {
        var seconds = Elapsed.TotalSeconds;
        IngestLog.Completed(_logger, _source, rows, bytes, columns, seconds, seconds > 0 ? bytes / 1e6 / seconds : 0, segments);
    }

    public void Rejected(IngestRejected rejected) =>
        IngestLog.Rejected(_logger, _source, rejected.Code, _rows(), _bytes(), rejected.Message);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LogEveryAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                IngestLog.Progress(_logger, _source, _rows(), _bytes(), Elapsed.TotalSeconds);
            }
        }
        catch (OperationCanceledException)
        {
            // The ingest ended.
        }
    }
}
