using AgentProvision.Persistence;
using AgentProvision.ServiceDefaults;
using AgentProvision.SyncWorker;
using AgentProvision.SyncWorker.Connector;
using AgentProvision.SyncWorker.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPersistence();
builder.AddMcpOptions();
builder.AddConnectorClient();
builder.AddMessaging();
builder.AddSyncWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
