using System.Security.Claims;
using System.Text.Json;
using AgentProvision.Api.Infrastructure;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AgentProvision.Api.Auth;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/register", Register).WithName("Register").AllowAnonymous()
            .WithSummary("Registers a user and a new tenant.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/login", Login).WithName("Login").AllowAnonymous().DisableAntiforgery()
            .WithSummary("Exchanges an e-mail address and password for an access token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/users/me", GetCurrentUser).WithName("GetCurrentUser").RequireAuthorization()
            .WithSummary("Gets the signed-in user.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    /// <summary>
    /// Creates a tenant with its first user (an admin). The answer follows the body it came in:
    /// our flat body gets 201 with a token (the user is logged in at once); the original client's
    /// <c>user_in</c>/<c>tenant_in</c> body gets 200 with the User, exactly what the original answered, so that client
    /// goes on to log in as it always did. A taken e-mail address is 409 for both.
    /// </summary>
    internal static async Task<Results<Created<TokenResponse>, Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, AppDbContext db, TokenIssuer tokens, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (RegistrationValidation.Validate(request, out var errors) is not { } registration)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (await db.Users.AnyAsync(u => u.Email == registration.Email, cancellationToken))
        {
            return EmailTaken(registration.Email);
        }

        var now = clock.GetUtcNow();
        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = registration.TenantName, CreatedAt = now };
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.Id,
            Email = registration.Email,
            PasswordHash = PasswordHasher.Hash(registration.Password),
            FullName = registration.FullName,
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
            return EmailTaken(registration.Email);
        }

        return registration.Body == RegistrationBody.Original
            ? TypedResults.Ok(UserResponse.From(user))
            : TypedResults.Created((string?)null, tokens.Issue(user));
    }

    /// <summary>The caller's own user, in the original API's User shape plus <c>role</c>.</summary>
    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetCurrentUser(
        ClaimsPrincipal principal, AppDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var tenantId = principal.GetTenantId();
        var user = Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var userId)
            ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.TenantId == tenantId, cancellationToken)
            : null;
        if (user is null)
        {
            // A valid signature is not enough: the account the token names is gone, so only a new log-in can help.
            response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: "The user this token was issued to no longer exists. Sign in again at /api/v1/auth/login.");
        }

        return TypedResults.Ok(UserResponse.From(user));
    }

    /// <summary>Accepts JSON <c>{email, password}</c>, or the OAuth2 password form (<c>username</c>, <c>password</c>) the original API took.</summary>
    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        HttpRequest http, AppDbContext db, TokenIssuer tokens, LoginThrottle throttle, CancellationToken cancellationToken)
    {
        LoginRequest? request;
        if (http.HasFormContentType)
        {
            try
            {
                var form = await http.ReadFormAsync(cancellationToken);
                request = new LoginRequest(form["username"].FirstOrDefault() ?? form["email"].FirstOrDefault(), form["password"].FirstOrDefault());
            }
            catch (Exception malformed) when (malformed.IsMalformedForm(http.HttpContext))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                    detail: $"The form body cannot be read ({malformed.Message}). Send application/x-www-form-urlencoded username and password, or JSON {{\"email\", \"password\"}}.");
            }
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

        // The same limits as at registration, so every account that can be created can sign in, and nothing else can.
        var errors = new ValidationErrors();
        errors.RequireText("email", request?.Email, CredentialRules.MaxEmailLength);
        CredentialRules.CheckPassword("password", request?.Password, errors, forNewAccount: false);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var email = request!.Email!.Trim().ToLowerInvariant();
        var address = LoginThrottle.AddressOf(http.HttpContext);
        if (throttle.BlockedFor(email, address) is { } block)
        {
            http.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(block.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many failed logins",
                detail: $"{block.Reason}; try again in {Math.Ceiling(block.RetryAfter.TotalMinutes):0} minute(s).");
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        var verified = PasswordHasher.VerifyOrSpendTheSameTime(request.Password!, user?.PasswordHash);
        if (user is null || !verified)
        {
            throttle.Failed(email, address);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Invalid credentials",
                detail: "The e-mail address or the password is wrong.");
        }

        throttle.Succeeded(email, address);
        return TypedResults.Ok(tokens.Issue(user));
    }

    private static ProblemHttpResult EmailTaken(string email) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "E-mail already registered",
        detail: $"A user with the e-mail address '{email}' already exists. Log in instead, or register with another address.");
}
