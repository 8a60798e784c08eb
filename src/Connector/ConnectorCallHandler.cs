using System.Diagnostics;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.Connector;

/// <summary>
/// Counts every connector HTTP attempt (it sits inside the resilience pipeline, so each retry is one) by a low-cardinality
/// operation name derived from the route, never the raw path with its ids: <c>notebooks.create</c>, <c>jobs.run</c>, …
/// </summary>
public sealed class ConnectorCallHandler(ConnectorMetrics metrics) : DelegatingHandler
{
    private static readonly HashSet<string> Groups = new(StringComparer.Ordinal)
    {
        "catalogs", "datasets", "notebooks", "jobs", "runs", "serving-endpoints", "vector-indexes",
    };

    // Literal route words after the group (ConnectorRoutes); every other segment is an id or a name.
    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal)
    {
        "upload", "query", "execute", "lookup", "run", "runs", "cancel", "invoke", "search", "vectors", "list", "tables",
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = OperationOf(request.Method, request.RequestUri);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.RecordCall(operation, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception exception)
        {
            metrics.RecordCall(operation, exception is OperationCanceledException or TimeoutException ? "timeout" : "error", Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary><c>POST …/databricks/notebooks</c> → <c>notebooks.create</c>; <c>POST …/jobs/42/run</c> → <c>jobs.run</c>; unknown → <c>other</c>.</summary>
    public static string OperationOf(HttpMethod method, Uri? uri)
    {
        var path = uri is null ? "" : uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        if (!path.StartsWith(ConnectorRoutes.Base + "/", StringComparison.Ordinal))
        {
            return "other";
        }

        var segments = path[(ConnectorRoutes.Base.Length + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["health"])
        {
            return "health";
        }

        if (segments.Length < 2 || segments[0] != "databricks" || !Groups.Contains(segments[1]))
        {
            return "other";
        }

        var group = segments[1];
        var rest = segments[2..];
        var actions = rest.Where(Actions.Contains).ToArray();
        if (actions.Length > 0)
        {
            return $"{group}.{string.Join('.', actions)}";
        }

        var verb = method.Method switch
        {
            "POST" => "create",
            "GET" => rest.Length == 0 ? "list" : "get",
            "PUT" or "PATCH" => "update",
            "DELETE" => "delete",
            _ => "other",
        };
        return $"{group}.{verb}";
    }
}
