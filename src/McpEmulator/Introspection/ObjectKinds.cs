namespace AgentProvision.McpEmulator.Introspection;

/// <summary>The <c>kind</c> of a ledger entry (<c>GET /_emulator/objects</c>).</summary>
internal static class ObjectKinds
{
    public const string Catalog = "catalog";
    public const string Notebook = "notebook";
    /// <summary>Named by the job's name: jobs with one name are distinct objects, counted by <c>live_count</c>.</summary>
    public const string Job = "job";
    /// <summary>Named by the job's name, or by the notebook's path for a notebook execution.</summary>
    public const string Run = "run";
    /// <summary>A dataset's table, named by its full name <c>catalog.bronze.dataset</c>; a re-upload is a modification.</summary>
    public const string Table = "table";
    public const string ServingEndpoint = "serving_endpoint";
    /// <summary>Named by the index's name; an upsert of vectors is a modification.</summary>
    public const string VectorIndex = "vector_index";
}
