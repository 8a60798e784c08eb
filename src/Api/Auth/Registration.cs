using AgentProvision.Api.Infrastructure;

namespace AgentProvision.Api.Auth;

/// <summary>Which body a registration came in; it decides the answer's status and shape.</summary>
public enum RegistrationBody
{
    /// <summary>Ours, flat: answered 201 with a token, so the new user is logged in at once.</summary>
    Flat,

    /// <summary>The original client's <c>user_in</c>/<c>tenant_in</c>: answered 200 with the User, as the original did.</summary>
    Original,
}

/// <summary>A registration that passed validation, whichever body it came in.</summary>
public sealed record Registration(RegistrationBody Body, string TenantName, string Email, string Password, string? FullName);

public static class RegistrationValidation
{
    /// <summary>
    /// The original body is recognised by <c>user_in</c> or <c>tenant_in</c> being present; mixing it with our flat
    /// fields is refused rather than guessed at. Errors name the fields as the client sent them (<c>user_in.email</c>).
    /// </summary>
    public static Registration? Validate(RegisterRequest request, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        var original = request.UserIn is not null || request.TenantIn is not null;
        if (original && RejectFlatFields(request, errors))
        {
            return null;
        }

        var (tenantField, userPrefix) = original ? ("tenant_in.name", "user_in.") : ("tenant_name", "");
        var tenantName = original ? request.TenantIn?.Name : request.TenantName;
        var email = original ? request.UserIn?.Email : request.Email;
        var password = original ? request.UserIn?.Password : request.Password;
        var fullName = original ? request.UserIn?.FullName : request.FullName;

        errors.RequireText(tenantField, tenantName, CredentialRules.MaxNameLength);
        var emailField = userPrefix + "email";
        errors.RequireText(emailField, email, CredentialRules.MaxEmailLength);
        if (!string.IsNullOrWhiteSpace(email) && !email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add(emailField, $"'{emailField}' must be an e-mail address.");
        }

        CredentialRules.CheckPassword(userPrefix + "password", password, errors, forNewAccount: true);
        errors.LimitText(userPrefix + "full_name", fullName, CredentialRules.MaxNameLength);
        if (errors.Any)
        {
            return null;
        }

        return new Registration(
            original ? RegistrationBody.Original : RegistrationBody.Flat,
            tenantName!.Trim(),
            email!.Trim().ToLowerInvariant(),
            password!,
            fullName?.Trim());
    }

    private static bool RejectFlatFields(RegisterRequest request, ValidationErrors errors)
    {
        (string Field, string? Value)[] flat =
            [("tenant_name", request.TenantName), ("email", request.Email), ("password", request.Password), ("full_name", request.FullName)];
        foreach (var (field, _) in flat.Where(f => f.Value is not null))
        {
            errors.Add(field, $"'{field}' belongs to the flat body {{tenant_name, email, password, full_name?}}; this request also sends " +
                "user_in/tenant_in. Send one body shape: either the flat fields or {user_in: {email, password, full_name?}, tenant_in: {name}}.");
        }

        return errors.Any;
    }
}
