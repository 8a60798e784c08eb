using System.Net;

namespace AgentProvision.Tests.Api;

public sealed class HealthTests(SystemFixture system) : SystemTest(system)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Api_health_endpoints_answer_healthy_with_the_database_up(string path)
    {
        using var response = await Fixture.Api.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_notebook_endpoints()
    {
        var document = await Fixture.Api.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/notebooks/{id}/retry", document, StringComparison.Ordinal);
        Assert.Contains("/api/v1/auth/login", document, StringComparison.Ordinal);
    }
}
