using AgentProvision.Persistence.Pipelines;

namespace AgentProvision.Api.TenantConsole.Pipelines;

/// <summary>
/// The task DAG laid out for an SVG drawing: a task's column is one past its deepest dependency, its row its place in
/// that column; one edge per dependency. The config was validated (no cycles) before it was stored.
/// </summary>
public sealed record PipelineDag(IReadOnlyList<PipelineDag.Node> Nodes, IReadOnlyList<PipelineDag.Edge> Edges, int Width, int Height)
{
    public const int NodeWidth = 170;
    public const int NodeHeight = 44;
    private const int ColumnGap = 60;
    private const int RowGap = 18;
    private const int Margin = 10;

    public sealed record Node(string Name, string Type, IReadOnlyList<string> DependsOn, int X, int Y);

    public sealed record Edge(string From, string To, int X1, int Y1, int X2, int Y2);

    public static PipelineDag From(string storedConfig)
    {
        var tasks = PipelineConfig.FromStored(storedConfig).Tasks;
        var byName = tasks.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);

        int DepthOf(PipelineTask task)
        {
            if (!depth.TryGetValue(task.Name, out var known))
            {
                known = task.DependsOn.Count == 0 ? 0 : task.DependsOn.Max(d => DepthOf(byName[d])) + 1;
                depth[task.Name] = known;
            }

            return known;
        }

        var rowsUsed = new Dictionary<int, int>();
        var nodes = new List<Node>();
        foreach (var task in tasks)
        {
            var column = DepthOf(task);
            var row = rowsUsed.GetValueOrDefault(column);
            rowsUsed[column] = row + 1;
            nodes.Add(new Node(task.Name, task.Type, task.DependsOn,
                Margin + column * (NodeWidth + ColumnGap), Margin + row * (NodeHeight + RowGap)));
        }

        var at = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var edges = nodes.SelectMany(node => node.DependsOn.Select(dependency => at[dependency]).Select(from => new Edge(
            from.Name, node.Name, from.X + NodeWidth, from.Y + NodeHeight / 2, node.X - 6, node.Y + NodeHeight / 2))).ToList();
        var width = nodes.Count == 0 ? 0 : nodes.Max(n => n.X) + NodeWidth + Margin;
        var height = nodes.Count == 0 ? 0 : nodes.Max(n => n.Y) + NodeHeight + Margin;
        return new PipelineDag(nodes, edges, width, height);
    }
}
