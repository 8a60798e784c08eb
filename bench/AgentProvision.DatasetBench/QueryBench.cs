namespace AgentProvision.DatasetBench;

internal static class QueryBench
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("not written yet");
        return Task.FromResult(1);
    }
}
