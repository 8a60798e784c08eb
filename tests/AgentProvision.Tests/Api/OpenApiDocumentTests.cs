using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentProvision.Tests.Api;

/// <summary>The API reference: every operation in /openapi/v1.json says what it does and how it fails; Scalar serves it in Development.</summary>
public sealed partial class OpenApiDocumentTests(SystemFixture system) : SystemTest(system)
{
    private const string Problem = "application/problem+json";

    [Fact]
    public async Task Every_operation_has_a_summary()
    {
        var operations = await OperationsAsync();

        Assert.NotEmpty(operations);
        var missing = operations.Where(o => string.IsNullOrWhiteSpace(Summary(o.Operation))).Select(o => o.Name).ToList();
        Assert.True(missing.Count == 0, "Operations without a summary: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_authenticated_operation_declares_its_401_as_a_problem()
    {
        var operations = await OperationsAsync();
        var authenticated = AuthenticatedEndpointNames();

        Assert.NotEmpty(authenticated);
        var failures = new List<string>();
        foreach (var name in authenticated)
        {
            var matches = operations.Where(o => o.OperationId == name).ToList();
            if (matches.Count != 1)
            {
                failures.Add($"{name}: {matches.Count} operations in the document");
                continue;
            }

            var found = matches[0];

            var problems = ProblemStatuses(found.Operation);
            if (!problems.Contains("401"))
            {
                failures.Add($"{found.Name}: no 401 problem response");
            }

            if (!problems.Any(status => status.StartsWith('4')))
            {
                failures.Add($"{found.Name}: no 4xx problem response");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_operation_on_a_resource_id_declares_its_404()
    {
        var operations = await OperationsAsync();

        var onIds = operations.Where(o => o.Path.Contains("/{id}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(onIds);
        var missing = onIds.Where(o => !ProblemStatuses(o.Operation).Contains("404")).Select(o => o.Name).ToList();
        Assert.True(missing.Count == 0, "Operations on an id without a 404: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Scalar_serves_the_reference_from_local_assets_in_development()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(), "Development");
        using var http = api.CreateClient();

        using var page = await http.GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        // Its script comes from the API itself, not from a CDN.
        var scripts = ScriptSources().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var src in scripts)
        {
            Assert.DoesNotContain("://", src, StringComparison.Ordinal);
            using var script = await http.GetAsync(new Uri(page.RequestMessage!.RequestUri!, src));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
    }

    [Fact]
    public async Task Scalar_is_not_served_outside_development()
    {
        using var page = await Fixture.Api.CreateClient().GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    private async Task<List<(string Name, string Path, string? OperationId, JsonElement Operation)>> OperationsAsync()
    {
        using var document = JsonDocument.Parse(await Fixture.Api.CreateClient().GetStringAsync("/openapi/v1.json"));
        var operations = new List<(string, string, string?, JsonElement)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var operationId = operation.Value.TryGetProperty("operationId", out var id) ? id.GetString() : null;
                operations.Add(($"{operation.Name.ToUpperInvariant()} {path.Name}", path.Name, operationId, operation.Value.Clone()));
            }
        }

        return operations;
    }

    /// <summary>Named endpoints in the document that need a signed-in caller (the API's own metadata, not a list kept here).</summary>
    private List<string> AuthenticatedEndpointNames() =>
        Fixture.Api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is not null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>()
            .ToList();

    private static string? Summary(JsonElement operation) =>
        operation.TryGetProperty("summary", out var summary) ? summary.GetString() : null;

    /// <summary>The operation's error responses whose body is problem details.</summary>
    private static HashSet<string> ProblemStatuses(JsonElement operation) =>
        operation.TryGetProperty("responses", out var responses)
            ? responses.EnumerateObject()
                .Where(r => r.Value.TryGetProperty("content", out var content) && content.TryGetProperty(Problem, out _))
                .Select(r => r.Name)
                .ToHashSet()
            : [];

    [GeneratedRegex("""<script[^>]*\ssrc="(?<src>[^"]+)"[^>]*>""")]
    private static partial Regex ScriptSources();
}
