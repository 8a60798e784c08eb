using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Workspace;

/// <summary>An absolute workspace path such as <c>/Users/ana/etl</c>, checked and without a trailing slash.</summary>
internal sealed class WorkspacePath
{
    public static readonly WorkspacePath Root = new([]);

    private readonly string[] _segments;

    private WorkspacePath(string[] segments)
    {
        _segments = segments;
        Value = "/" + string.Join('/', segments);
    }

    public string Value { get; }

    public bool IsRoot => _segments.Length == 0;

    /// <summary>The last segment: the "x" of Databricks' "Node named 'x' already exists".</summary>
    public string Name => IsRoot ? "" : _segments[^1];

    public WorkspacePath Parent => IsRoot ? Root : new WorkspacePath(_segments[..^1]);

    /// <summary><c>/a</c>, <c>/a/b</c>, <c>/a/b/c</c> for <c>/a/b/c</c>: the folders mkdir -p walks through, this path last.</summary>
    public IEnumerable<WorkspacePath> Lineage()
        => Enumerable.Range(1, _segments.Length).Select(length => new WorkspacePath(_segments[..length]));

    public static WorkspacePath Parse(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw ConnectorException.InvalidParameter("path is required.");
        }

        if (!path.StartsWith('/'))
        {
            throw ConnectorException.InvalidParameter($"Path ({path}) is not absolute: workspace paths start with '/'.");
        }

        var segments = path.TrimEnd('/').Split('/')[1..];
        if (segments.Any(segment => segment is "" or "." or ".." || segment.Any(char.IsControl)))
        {
            throw ConnectorException.InvalidParameter($"Path ({path}) is not a valid workspace path.");
        }

        return new WorkspacePath(segments);
    }

    public override string ToString() => Value;
}
