using System.Text.Json;
using AgentProvision.Api.Infrastructure;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Auth;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth").WithTags("Auth").AllowAnonymous();
        group.MapPost("/register", Register).WithName("Register");
        group.MapPost("/login", Login).WithName("Login").DisableAntiforgery();
        return group;
    }

    /// <summary>Creates a tenant with its first user (an admin) and logs that user in.</summary>
    private static async Task<Results<Created<TokenResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, AppDbContext db, TokenIssuer tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.RequireText("tenant_name", request.TenantName, 200);
        errors.RequireText("email", request.Email, 320);
        if (!string.IsNullOrWhiteSpace(request.Email) && !request.Email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("email", "'email' must be an e-mail address.");
        }

        if (request.Password is null || request.Password.Length < 8)
        {
            errors.Add("password", "'password' must be at least 8 characters.");
        }

        errors.LimitText("full_name", request.FullName, 200);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var email = request.Email!.Trim().ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return EmailTaken(email);
        }

        var now = clock.GetUtcNow();
        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = request.TenantName!.Trim(), CreatedAt = now };
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.Id,
            Email = email,
            PasswordHash = PasswordHasher.Hash(request.Password!),
            FullName = request.FullName?.Trim(),
            Role = "admin",
            CreatedAt = now,
        };
        db.Tenants.Add(tenant);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // Two registrations raced for the same address; the unique index decided.
            return EmailTaken(email);
        }

        return TypedResults.Created((string?)null, tokens.Issue(user));
    }

    /// <summary>Accepts JSON <c>{email, password}</c>, or the OAuth2 password form (<c>username</c>, <c>password</c>) the original API took.</summary>
    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        HttpRequest http, AppDbContext db, TokenIssuer tokens, CancellationToken cancellationToken)
    {
        LoginRequest? request;
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(cancellationToken);
            request = new LoginRequest(form["username"].FirstOrDefault() ?? form["email"].FirstOrDefault(), form["password"].FirstOrDefault());
        }
        else if (http.HasJsonContentType())
        {
            try
            {
                request = await http.ReadFromJsonAsync<LoginRequest>(cancellationToken);
            }
            catch (JsonException json)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                    detail: $"The request body is not valid JSON: {json.Message}");
            }
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send JSON {\"email\", \"password\"} or the form fields username and password.");
        }

        var errors = new ValidationErrors();
        errors.RequireText("email", request?.Email, 320);
        errors.RequireText("password", request?.Password, 1024);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var email = request!.Email!.Trim().ToLowerInvariant();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null || !PasswordHasher.Verify(request.Password!, user.PasswordHash))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Invalid credentials",
                detail: "The e-mail address or the password is wrong.");
        }

        return TypedResults.Ok(tokens.Issue(user));
    }

    private static ProblemHttpResult EmailTaken(string email) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "E-mail already registered",
        detail: $"A user with the e-mail address '{email}' already exists. Log in instead, or register with another address.");
}
