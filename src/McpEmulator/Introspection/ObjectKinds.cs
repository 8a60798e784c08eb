namespace AgentProvision.McpEmulator.Introspection;

internal static class ObjectKinds
{
    public const string Notebook = "notebook";
    public const string Directory = "directory";
    public const string Catalog = "catalog";
}
