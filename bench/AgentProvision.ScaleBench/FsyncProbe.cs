using System.Diagnostics;

namespace AgentProvision.ScaleBench;

/// <summary>
/// The disk's own flush latency while a scenario runs, as its baseline: every 10 ms it writes 8 KB and flushes it to the
/// disk (fsync), as a commit of PostgreSQL or a quorum queue's append does. Each sync waits on several such flushes, so a
/// create→synced tail can be no shorter than the disk's slowest flush in the same window.
/// </summary>
internal sealed class FsyncProbe : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private readonly string path;
    private readonly CancellationTokenSource stop = new();
    private readonly List<double> flushes = [];
    private readonly Task running;

    private FsyncProbe(string directory)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, $"scalebench-fsync-probe-{Guid.NewGuid():N}.bin");
        running = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
    }

    /// <summary>Starts probing a file in <paramref name="directory"/>: put it on the disk PostgreSQL and RabbitMQ write to.</summary>
    public static FsyncProbe Start(string directory) => new(directory);

    /// <summary>Stops probing; answers the flush latencies' figures.</summary>
    public async Task<FsyncFigures> StopAsync()
    {
        await stop.CancelAsync();
        await running;
        return new FsyncFigures(flushes.Count, Percentiles.Of(flushes, 0.5), Percentiles.Of(flushes, 0.999),
            flushes.Count == 0 ? 0 : flushes.Max(), flushes.Count(ms => ms > 50));
    }

    private void Run()
    {
        var block = new byte[8192];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            file.Position = i % 128 * block.Length;
            file.Write(block);
            var flush = Stopwatch.StartNew();
            file.Flush(flushToDisk: true);
            flushes.Add(flush.Elapsed.TotalMilliseconds);
            stop.Token.WaitHandle.WaitOne(Interval);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!running.IsCompleted)
        {
            await StopAsync();
        }

        stop.Dispose();
        File.Delete(path);
    }
}

internal sealed record FsyncFigures(int Count, double P50, double P999, double Max, int Over50Ms)
{
    public override string ToString() =>
        $"{Count} flushes: p50 {P50:F1} ms, p99.9 {P999:F1} ms, slowest {Max:F1} ms, {Over50Ms} over 50 ms";
}
