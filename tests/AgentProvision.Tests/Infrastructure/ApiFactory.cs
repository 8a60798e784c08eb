using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>The real API, in process, configured with the fixture's database; in the "Testing" environment unless told otherwise.</summary>
public sealed class ApiFactory(IReadOnlyDictionary<string, string> settings, string environment = "Testing") : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestClientAddress>());
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
