using System.Collections.Concurrent;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// One dedicated thread that interrupts every watched command past its deadline, and does it again on each look
/// until the command ends. Why not CancellationTokenSource.CancelAfter: its timer fires on the thread pool, which
/// the blocking DuckDB calls themselves can starve, so the timeout came late or not at all. Why again and again:
/// DuckDB clears the interrupt flag when a statement starts, so an interrupt that lands just before is lost.
/// </summary>
internal static class QueryWatchdog
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(25);

    private static readonly ConcurrentDictionary<QueryInterrupter, byte> Watched = new();

    static QueryWatchdog()
    {
        new Thread(Run) { IsBackground = true, Name = "DuckDB query watchdog" }.Start();
    }

    public static void Add(QueryInterrupter interrupter) => Watched.TryAdd(interrupter, 0);

    public static void Remove(QueryInterrupter interrupter) => Watched.TryRemove(interrupter, out _);

    private static void Run()
    {
        while (true)
        {
            Thread.Sleep(Period);
            foreach (var interrupter in Watched.Keys)
            {
                interrupter.InterruptIfDue();
            }
        }
    }
}
