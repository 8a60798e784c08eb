using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Ops;

/// <summary>
/// The operators' dashboard: <c>/ops</c> is a static page (embedded in the API, Chart.js served from here, no CDN) with a
/// sign-in form; the numbers come from <c>/ops/events</c>, a server-sent event stream of <see cref="OpsSnapshot"/>s, one
/// per <see cref="OpsOptions.DashboardInterval"/>, which only operators may open.
/// </summary>
public static class OpsDashboardApi
{
    public const string EventsPath = "/ops/events";

    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["ops.js"] = "text/javascript; charset=utf-8",
        ["ops.css"] = "text/css; charset=utf-8",
        ["chart.umd.min.js"] = "text/javascript; charset=utf-8",
        ["chart.js.LICENSE.md"] = "text/markdown; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapOpsDashboard(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/ops").WithTags("Ops").ExcludeFromDescription();
        // The page and its scripts are public: they hold no data; everything they show needs an operator's token.
        group.MapGet("/", () => Asset("index.html")).AllowAnonymous().WithName("OpsDashboard");
        group.MapGet("/{asset}", (string asset) => Asset(asset)).AllowAnonymous().WithName("OpsDashboardAsset");
        group.MapGet("/events", Events).RequireAuthorization(OpsSetup.OperatorPolicy).WithName("OpsDashboardEvents");
        return routes;
    }

    private static Results<FileStreamHttpResult, NotFound> Asset(string name)
    {
        if (!Assets.TryGetValue(name, out var contentType)
            || typeof(OpsDashboardApi).Assembly.GetManifestResourceStream($"ops/{name}") is not { } stream)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Stream(stream, contentType);
    }

    /// <summary>One <c>snapshot</c> event now and then one per interval, until the page goes away.</summary>
    private static ServerSentEventsResult<string> Events(
        OpsSnapshotSource snapshots, IOptions<OpsOptions> ops, IOptions<JsonOptions> json, HttpContext context) =>
        TypedResults.ServerSentEvents(Stream(snapshots, ops.Value.DashboardInterval, json.Value.SerializerOptions, context.RequestAborted));

    private static async IAsyncEnumerable<SseItem<string>> Stream(
        OpsSnapshotSource snapshots, TimeSpan interval, JsonSerializerOptions json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (!cancellationToken.IsCancellationRequested)
        {
            var snapshot = await snapshots.CurrentAsync(cancellationToken);
            yield return new SseItem<string>(JsonSerializer.Serialize(snapshot, json), "snapshot")
            {
                ReconnectionInterval = interval,
            };
            try
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
