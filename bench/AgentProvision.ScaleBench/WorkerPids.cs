using System.Diagnostics;

namespace AgentProvision.ScaleBench;

/// <summary>The workers ./dev.sh up started (their pid files), and a way to stop them for a while (SIGSTOP, then SIGCONT).</summary>
internal static class WorkerPids
{
    public static List<int> Find(BenchSettings settings)
    {
        var apps = Path.Combine(settings.DevState, "apps");
        return Directory.Exists(apps)
            ? Directory.GetFiles(apps, "worker*.pid")
                .Select(file => int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : 0)
                .Where(pid => pid > 0 && IsRunning(pid))
                .ToList()
            : [];
    }

    public static IDisposable Pause(IReadOnlyList<int> pids)
    {
        Signal("STOP", pids);
        return new Resume(pids);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            return !Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Signal(string signal, IReadOnlyList<int> pids)
    {
        using var kill = Process.Start("kill", $"-{signal} {string.Join(' ', pids)}");
        kill.WaitForExit();
    }

    private sealed class Resume(IReadOnlyList<int> pids) : IDisposable
    {
        public void Dispose() => Signal("CONT", pids);
    }
}
