using AgentProvision.Api;
using AgentProvision.Api.Auth;
using AgentProvision.Api.Databricks;
using AgentProvision.Api.Datasets;
using AgentProvision.Api.Infrastructure;
using AgentProvision.Api.Notebooks;
using AgentProvision.Api.Ops;
using AgentProvision.Api.Pipelines;
using AgentProvision.Api.Runs;
using AgentProvision.Api.TenantConsole;
using AgentProvision.Connector;
using AgentProvision.Persistence;
using AgentProvision.ServiceDefaults;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The API leaves no session state on a connection, so a reused one needs no reset (DISCARD ALL, or eight statements once
// the connection keeps prepared statements) before the request's first command.
// What it runs over and over (a create's two inserts) stays prepared on each connection: no parse or plan per request.
builder.AddPersistence(new ConnectionDefaults { NoResetOnClose = true, MaxAutoPrepare = 64, ApplicationName = "agentprovision-api" });
builder.AddOutboxNotifications();
builder.AddMcpOptions();
builder.AddConnectorClient();
builder.AddApiAuthentication();
builder.AddOps();
builder.AddApiDefaults();
builder.AddDatasets();
builder.AddTenantConsole();

var app = builder.Build();

// `dotnet AgentProvision.Api.dll migrate` applies the schema and exits.
if (args.Contains("migrate"))
{
    await app.Services.MigrateDatabaseAsync();
    return;
}

if (app.Configuration.GetValue("Database:MigrateOnStartup", app.Environment.IsDevelopment()))
{
    await app.Services.MigrateDatabaseAsync();
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseKnownRequestCharsetsOnly();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    // The interactive API reference at /scalar/v1, over /openapi/v1.json. Its script is served from the package
    // (/scalar/scalar.js); the default fonts would come from a CDN, and telemetry and the AI agent call out, so all three are off.
    app.MapScalarApiReference(options => options.DisableDefaultFonts().DisableTelemetry().DisableAgent());
}

app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapNotebooksApi();
app.MapDatasetsApi();
app.MapPipelinesApi();
app.MapRunsApi();
app.MapDatabricksApi();
app.MapOpsApi();
app.MapOpsDashboard();
app.MapTenantConsole();

app.Run();

/// <summary>The API's entry point, named so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
