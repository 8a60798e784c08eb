using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentProvision.Tests.Api;

/// <summary>The original web client's auth calls (seed-contract §2.1, §6) work against our API.</summary>
public sealed class OriginalClientAuthTests(SystemFixture system) : SystemTest(system)
{
    private static readonly string[] UserFields = ["email", "full_name", "is_active", "is_superuser", "id", "tenant_id", "role"];

    [Fact]
    public async Task Original_register_body_answers_200_with_the_user_and_the_user_logs_in_with_the_form_and_reads_users_me()
    {
        var http = Fixture.Api.CreateClient();
        var email = $"original-{Guid.NewGuid():N}@example.com";

        using var register = await http.PostAsJsonAsync("/api/v1/auth/register", new
        {
            user_in = new { email, password = "password", full_name = "Demo Operator", is_active = true, is_superuser = true },
            tenant_in = new { name = "Demo Enterprise" },
        });

        var registered = await ReadUserAsync(register, HttpStatusCode.OK);
        Assert.Equal(email, registered.Email);
        Assert.Equal("Demo Operator", registered.FullName);
        Assert.True(registered.IsActive);
        Assert.False(registered.IsSuperuser); // the original ignored is_superuser from the body, too
        Assert.Equal("admin", registered.Role);

        using var login = await http.PostAsync("/api/v1/auth/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = email, ["password"] = "password" }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<TokenDto>(Wire.Json))!;

        var client = Fixture.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        using var me = await client.GetAsync("/api/v1/auth/users/me");
        Assert.Equal(registered, await ReadUserAsync(me, HttpStatusCode.OK));
        Assert.Equal(token.TenantId, registered.TenantId);
    }

    [Fact]
    public async Task Login_answers_token_type_bearer_in_lower_case_to_json_and_to_the_form()
    {
        var http = Fixture.Api.CreateClient();
        var email = $"bearer-{Guid.NewGuid():N}@example.com";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "Acme", email, password = "s3cret-pass" })).Dispose();

        using var json = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "s3cret-pass" });
        using var form = await http.PostAsync("/api/v1/auth/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = email, ["password"] = "s3cret-pass" }));

        foreach (var response in new[] { json, form })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("bearer", body.RootElement.GetProperty("token_type").GetString());
            Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("access_token").GetString()));
        }
    }

    [Fact]
    public async Task Our_flat_register_body_still_answers_201_with_a_token_that_reads_users_me()
    {
        var tenant = await NewTenantAsync();

        using var me = await tenant.Http.GetAsync("/api/v1/auth/users/me");

        var user = await ReadUserAsync(me, HttpStatusCode.OK);
        Assert.Equal(tenant.TenantId, user.TenantId);
        Assert.Equal("Test User", user.FullName);
    }

    [Fact]
    public async Task Users_me_without_a_token_answers_401_problem()
    {
        using var response = await Fixture.Api.CreateClient().GetAsync("/api/v1/auth/users/me");

        var problem = await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("/api/v1/auth/login", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_me_with_a_valid_token_of_a_user_that_no_longer_exists_answers_401_saying_to_sign_in_again()
    {
        var tenant = await NewTenantAsync();
        var http = Fixture.Api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(Guid.NewGuid(), tenant.TenantId));

        using var response = await http.GetAsync("/api/v1/auth/users/me");

        var problem = await ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Sign in again", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Original_register_body_with_bad_fields_answers_400_naming_the_fields_as_sent()
    {
        using var response = await Fixture.Api.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new
        {
            user_in = new { email = "not-an-address", password = "short" },
            tenant_in = new { },
        });

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["tenant_in.name", "user_in.email", "user_in.password"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_body_mixing_both_shapes_answers_400_naming_the_flat_fields()
    {
        using var response = await Fixture.Api.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new
        {
            tenant_name = "Flat",
            user_in = new { email = $"mixed-{Guid.NewGuid():N}@example.com", password = "password" },
            tenant_in = new { name = "Nested" },
        });

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["tenant_name"], problem.Errors!.Keys);
    }

    [Fact]
    public async Task Original_register_body_with_a_taken_e_mail_answers_409_and_creates_no_tenant()
    {
        var http = Fixture.Api.CreateClient();
        var email = $"taken-{Guid.NewGuid():N}@example.com";
        var tenantName = $"Second {Guid.NewGuid():N}";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "First", email, password = "password-1" })).Dispose();

        using var again = await http.PostAsJsonAsync("/api/v1/auth/register", new
        {
            user_in = new { email = email.ToUpperInvariant(), password = "password-2" },
            tenant_in = new { name = tenantName },
        });

        await ReadProblemAsync(again, HttpStatusCode.Conflict);
        await using var db = Fixture.NewDbContext();
        Assert.Equal(0, await db.Tenants.CountAsync(t => t.Name == tenantName));
    }

    private static async Task<UserDto> ReadUserAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.Equal(UserFields.Order(StringComparer.Ordinal),
            document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        return JsonSerializer.Deserialize<UserDto>(body, Wire.Json)!;
    }

    private static async Task<ProblemDto> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<ProblemDto>(body, Wire.Json)!;
    }

    /// <summary>A correctly signed token with a tenant, for a user id that was never registered.</summary>
    private static string TokenFor(Guid userId, Guid tenantId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = SystemFixture.Issuer,
        Audience = SystemFixture.Audience,
        Expires = DateTime.UtcNow.AddHours(1),
        Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("tenant_id", tenantId.ToString()), new Claim("role", "admin")]),
        SigningCredentials = new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SystemFixture.SigningKey)), SecurityAlgorithms.HmacSha256),
    });

    private sealed record UserDto(string Email, string? FullName, bool IsActive, bool IsSuperuser, Guid Id, Guid TenantId, string Role);
}
