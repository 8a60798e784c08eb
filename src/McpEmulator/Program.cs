namespace AgentProvision.McpEmulator;

// An explicit entry point in our namespace: a top-level one would be a global public `Program`,
// which clashes with the API's in test projects that host both.
public static class Program
{
    public static void Main(string[] args) => EmulatorHost.Build(args).Run();
}
