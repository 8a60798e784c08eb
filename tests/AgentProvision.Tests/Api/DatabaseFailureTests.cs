using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace AgentProvision.Tests.Api;

/// <summary>Database conditions a client meets are told as such: never a 500.</summary>
public sealed class DatabaseFailureTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Token_of_a_tenant_that_no_longer_exists_gets_401_on_create_not_500()
    {
        var tenant = await NewTenantAsync();
        await using (var connection = new NpgsqlConnection(Fixture.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM tenants WHERE id = @id", connection);
            delete.Parameters.AddWithValue("id", tenant.TenantId);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        using var response = await tenant.Http.PostAsJsonAsync("/api/v1/notebooks", new { name = "orphan", content = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no longer exists", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_while_the_database_cannot_be_reached_gets_503_with_retry_after()
    {
        var tenant = await NewTenantAsync();
        // The same API, pointed at a port where no PostgreSQL listens: as during a restart.
        var unreachable = new NpgsqlConnectionStringBuilder(Fixture.DatabaseConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        await using var api = new ApiFactory(Fixture.ApiSettings(("ConnectionStrings:Postgres", unreachable)));
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AccessToken);

        using var response = await client.GetAsync("/api/v1/notebooks");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter is not null, "no Retry-After header");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Database unavailable", problem.GetProperty("title").GetString());
    }
}
