using System.Security.Claims;
using AgentProvision.Api.Datasets;
using AgentProvision.Datasets.Ingest;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole;

/// <summary>
/// The console's CSV upload: the page's script posts the form with XMLHttpRequest (so it can show progress) and the
/// antiforgery token in a header; this hands the streamed body to the API's own upload handler and answers JSON the
/// script shows beside the fields.
/// </summary>
public static class ConsoleUpload
{
    public const string Path = "/console/datasets/upload";

    public static IEndpointRouteBuilder MapConsoleUpload(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, UploadAsync).RequireAuthorization(ConsoleSetup.Policy).DisableAntiforgery()
            .ExcludeFromDescription().WithName("ConsoleUploadDataset");
        return routes;
    }

    private static async Task<IResult> UploadAsync(
        HttpContext http, ClaimsPrincipal user, IAntiforgery antiforgery, [FromQuery] string? delimiter, CancellationToken cancellationToken)
    {
        try
        {
            // Checked by hand: minimal endpoints get no antiforgery filter, and the token must be checked before the body is read.
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Failed(StatusCodes.Status400BadRequest, "form", "The form has expired. Reload the page and upload again.");
        }

        var services = ActivatorUtilities.CreateInstance<DatasetServices>(http.RequestServices);
        try
        {
            var outcome = (await DatasetsApi.Upload(http, user, services, delimiter, cancellationToken)).Result.Of<DatasetResponse>();
            if (outcome.Value is { } dataset)
            {
                return Results.Json(new { id = dataset.Id, url = $"/console/datasets/{dataset.Id}" }, statusCode: StatusCodes.Status201Created);
            }

            return Results.Json(new { errors = outcome.Errors, detail = outcome.Problem?.Detail }, statusCode: StatusCodes.Status400BadRequest);
        }
        // The same rejections the JSON API answers as problems, here as the file field's message.
        catch (IngestRejected rejected)
        {
            return Failed(rejected.StatusCode, "file", rejected.Message);
        }
        catch (UploadRejected rejected)
        {
            return Failed(rejected.StatusCode, "file", rejected.Message);
        }
        catch (BadHttpRequestException bad)
        {
            return Failed(bad.StatusCode, "file", bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The file is larger than this server accepts."
                : "The upload could not be read: " + bad.Message);
        }
    }

    private static IResult Failed(int status, string field, string message) =>
        Results.Json(new { errors = new Dictionary<string, string[]> { [field] = [message] } }, statusCode: status);
}
