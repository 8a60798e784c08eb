using System.Text;
using System.Text.Json;
using AgentProvision.Api.Infrastructure;
using AgentProvision.Persistence.Pipelines;
using Quartz;

namespace AgentProvision.Api.Pipelines;

/// <summary>
/// A pipeline request's checks: name and description as for every resource, the config's shape and DAG
/// (<see cref="PipelineConfigParser"/>), and the schedule's meaning: a cron expression Quartz (Databricks' dialect)
/// accepts, and an IANA time zone (Databricks takes Java zone ids; Windows ids are refused with their IANA name).
/// </summary>
internal static class PipelineValidation
{
    /// <summary>A config larger than this is refused; a hundred generous tasks fit many times over.</summary>
    public const int MaxConfigBytes = 1024 * 1024;

    /// <summary>A Quartz expression is seven short fields; the longest sensible one is far below this.</summary>
    public const int MaxCronLength = 256;

    /// <summary>The longest IANA zone id is about 30 characters.</summary>
    public const int MaxTimeZoneIdLength = 64;

    public static ValidationErrors Validate(CreatePipelineRequest request)
    {
        var errors = new ValidationErrors();
        errors.RequireText("name", request.Name, 255);
        errors.LimitText("description", request.Description, 4000);
        if (request.Config is { } config)
        {
            CheckConfig(config, errors);
        }
        else
        {
            errors.Add("config", "'config' is required: {\"tasks\": [{\"name\", \"type\", \"depends_on\", \"config\"}], \"schedule\"?: {...}}.");
        }

        return errors;
    }

    public static ValidationErrors Validate(UpdatePipelineRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Name is not null)
        {
            errors.RequireText("name", request.Name, 255);
        }

        errors.LimitText("description", request.Description, 4000);
        if (request.Config is { } config)
        {
            CheckConfig(config, errors);
        }

        return errors;
    }

    private static void CheckConfig(JsonElement config, ValidationErrors errors)
    {
        var bytes = Encoding.UTF8.GetByteCount(config.GetRawText());
        if (bytes > MaxConfigBytes)
        {
            errors.Add("config", $"'config' is {bytes} bytes of JSON; the limit is {MaxConfigBytes} bytes.");
            return;
        }

        // Lone surrogates would throw inside the parser and U+0000 cannot go into jsonb: refuse both, by path, first.
        if (!JsonTextCheck.Check(config, "config", errors))
        {
            return;
        }

        var parsed = PipelineConfigParser.Parse(config);
        foreach (var error in parsed.Errors)
        {
            errors.Add(error.Field, error.Message);
        }

        if (parsed.Schedule is { } schedule)
        {
            CheckCron(schedule.QuartzCronExpression, errors);
            CheckTimeZone(schedule.TimezoneId, errors);
        }
    }

    private static void CheckCron(string expression, ValidationErrors errors)
    {
        const string field = "config.schedule.quartz_cron_expression";
        if (expression.Length > MaxCronLength)
        {
            errors.Add(field, $"'{field}' must be at most {MaxCronLength} characters; it has {expression.Length}.");
            return;
        }

        try
        {
            _ = CronExpression.Parse(expression);
        }
        catch (FormatException invalid)
        {
            errors.Add(field, $"'{field}' is not a valid Quartz cron expression: {invalid.Message}");
            return;
        }

        // Quartz.NET 4 also reads a day-of-month and a day-of-week together (firing on either); Quartz for Java, which
        // Databricks runs, refuses that, so exactly one of the two must be '?'.
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if ((fields[3] == "?") == (fields[5] == "?"))
        {
            errors.Add(field, $"'{field}' must have '?' in exactly one of day-of-month (4th field) and day-of-week (6th field), " +
                $"as Databricks' Quartz requires; it has '{fields[3]}' and '{fields[5]}'. For every day write e.g. '0 0 2 * * ?'.");
        }
    }

    /// <summary>An IANA id this machine's time zone database knows, spelled exactly (Java's zone ids are case-sensitive).</summary>
    private static void CheckTimeZone(string id, ValidationErrors errors)
    {
        const string field = "config.schedule.timezone_id";
        if (id.Length > MaxTimeZoneIdLength)
        {
            errors.Add(field, $"'{field}' must be at most {MaxTimeZoneIdLength} characters; it has {id.Length}.");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            errors.Add(field, $"'{field}' '{id}' is not a known IANA time zone id (e.g. 'Europe/Berlin', 'America/Los_Angeles', 'UTC').");
        }
        else if (!zone.HasIanaId)
        {
            var iana = TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var converted) ? $"; use its IANA id '{converted}'" : "";
            errors.Add(field, $"'{field}' '{id}' is a Windows time zone id; Databricks takes IANA ids{iana}.");
        }
        else if (!string.Equals(zone.Id, id, StringComparison.Ordinal))
        {
            errors.Add(field, $"'{field}' '{id}' is not spelled as the IANA id '{zone.Id}'; time zone ids are case-sensitive.");
        }
    }
}
