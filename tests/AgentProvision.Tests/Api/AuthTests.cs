using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentProvision.Tests.Api;

public sealed class AuthTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Registered_user_can_log_in_with_json_and_with_the_oauth2_password_form()
    {
        var http = Fixture.Api.CreateClient();
        var email = $"login-{Guid.NewGuid():N}@example.com";
        using var register = await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "Acme", email, password = "s3cret-pass" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);

        using var json = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = email.ToUpperInvariant(), password = "s3cret-pass" });
        using var form = await http.PostAsync("/api/v1/auth/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = email, ["password"] = "s3cret-pass" }));

        foreach (var response in new[] { json, form })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var token = await response.Content.ReadFromJsonAsync<TokenDto>(Wire.Json);
            Assert.Equal("bearer", token!.TokenType);
            var client = Fixture.Api.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            using var list = await client.GetAsync("/api/v1/notebooks");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }
    }

    [Fact]
    public async Task Wrong_password_answers_401_problem()
    {
        var http = Fixture.Api.CreateClient();
        var email = $"wrong-{Guid.NewGuid():N}@example.com";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "Acme", email, password = "right-password" })).Dispose();

        using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Malformed_login_body_answers_400_and_an_unknown_media_type_415()
    {
        var http = Fixture.Api.CreateClient();

        using var malformed = await http.PostAsync("/api/v1/auth/login", new StringContent("{\"email\":", Encoding.UTF8, "application/json"));
        using var text = await http.PostAsync("/api/v1/auth/login", new StringContent("email=a", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Registering_an_e_mail_twice_answers_409_and_creates_no_second_tenant()
    {
        var http = Fixture.Api.CreateClient();
        var email = $"twice-{Guid.NewGuid():N}@example.com";
        var tenantName = $"Twice {Guid.NewGuid():N}";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = tenantName, email, password = "password-1" })).Dispose();

        using var again = await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = tenantName, email, password = "password-2" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await using var db = Fixture.NewDbContext();
        Assert.Equal(1, await db.Tenants.CountAsync(t => t.Name == tenantName));
    }

    [Fact]
    public async Task Registration_with_bad_fields_answers_400_with_each_field_named()
    {
        var http = Fixture.Api.CreateClient();

        using var response = await http.PostAsJsonAsync("/api/v1/auth/register", new { email = "not-an-address", password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>(Wire.Json);
        Assert.Contains("tenant_name", problem!.Errors!.Keys);
        Assert.Contains("email", problem.Errors.Keys);
        Assert.Contains("password", problem.Errors.Keys);
    }

    [Fact]
    public async Task Registration_refuses_a_password_longer_than_login_accepts_and_keeps_nothing()
    {
        var http = Fixture.Api.CreateClient();
        var email = $"long-{Guid.NewGuid():N}@example.com";

        using var response = await http.PostAsJsonAsync("/api/v1/auth/register",
            new { tenant_name = "Acme", email, password = new string('p', 1025) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>(Wire.Json);
        Assert.Contains("at most 1024", Assert.Single(problem!.Errors!["password"]));
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = new string('p', 1025) });
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        using var longest = await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "Acme", email, password = new string('p', 1024) });
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        using var signIn = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = new string('p', 1024) });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task Unknown_e_mail_and_wrong_password_get_the_same_answer()
    {
        var http = Fixture.Api.CreateClient();
        var email = $"known-{Guid.NewGuid():N}@example.com";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "Acme", email, password = "right-password" })).Dispose();

        using var unknown = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "right-password" });
        using var wrong = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadFromJsonAsync<ProblemDto>(Wire.Json) is { } w ? (w.Title, w.Detail) : default,
            await unknown.Content.ReadFromJsonAsync<ProblemDto>(Wire.Json) is { } u ? (u.Title, u.Detail) : default);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_for_one_address_are_throttled_even_with_the_right_one_and_others_are_not()
    {
        var http = Fixture.Api.CreateClient();
        var email = $"guessed-{Guid.NewGuid():N}@example.com";
        var other = $"bystander-{Guid.NewGuid():N}@example.com";
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "Acme", email, password = "right-password" })).Dispose();
        (await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "Acme", email = other, password = "right-password" })).Dispose();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = $"guess-{i}-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var blocked = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = email.ToUpperInvariant(), password = "right-password" });
        using var bystander = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = other, password = "right-password" });

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, bystander.StatusCode);
    }

    public static TheoryData<string> BadTokens => new() { "missing", "expired", "forged", "no-tenant", "garbage" };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Requests_without_a_valid_token_answer_401_problem_and_persist_nothing(string kind)
    {
        var tenant = await NewTenantAsync();
        var http = Fixture.Api.CreateClient();
        var token = kind switch
        {
            "missing" => null,
            "expired" => Token(SystemFixture.SigningKey, tenant.TenantId, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1)),
            "forged" => Token("an-attackers-own-signing-key-0123456789abcdef", tenant.TenantId, DateTime.UtcNow, DateTime.UtcNow.AddHours(1)),
            "no-tenant" => Token(SystemFixture.SigningKey, null, DateTime.UtcNow, DateTime.UtcNow.AddHours(1)),
            _ => "not.a.jwt",
        };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.PostAsJsonAsync("/api/v1/notebooks", new { name = "sneaky", content = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>(Wire.Json);
        Assert.Contains("/api/v1/auth/login", problem!.Detail, StringComparison.Ordinal);
        if (kind == "expired")
        {
            Assert.Contains("expired", problem.Detail, StringComparison.Ordinal);
        }

        await using var db = Fixture.NewDbContext();
        Assert.Equal(0, await db.Notebooks.CountAsync(n => n.TenantId == tenant.TenantId));
    }

    private static string Token(string key, Guid? tenantId, DateTime notBefore, DateTime expires)
    {
        var claims = new List<Claim> { new("sub", Guid.NewGuid().ToString()), new("role", "admin") };
        if (tenantId is not null)
        {
            claims.Add(new Claim("tenant_id", tenantId.Value.ToString()));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SystemFixture.Issuer,
            Audience = SystemFixture.Audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
