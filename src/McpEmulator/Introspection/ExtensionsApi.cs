using AgentProvision.McpEmulator.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentProvision.McpEmulator.Introspection;

/// <summary><c>/_emulator/extensions</c>: read or switch the contract's extensions at run time. Admin route: no key, never faulted.</summary>
internal static class ExtensionsApi
{
    public static IEndpointRouteBuilder MapExtensionsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(AdminRoutes.Extensions, (ExtensionSwitch extensions) => TypedResults.Ok(new ExtensionState(extensions.Enabled)));
        routes.MapPut(AdminRoutes.Extensions, Switch);
        return routes;
    }

    private static Ok<ExtensionState> Switch(ExtensionState body, ExtensionSwitch extensions)
    {
        extensions.Enabled = body.Enabled;
        return TypedResults.Ok(new ExtensionState(extensions.Enabled));
    }
}

/// <summary><c>{"enabled": true}</c>.</summary>
internal sealed record ExtensionState(bool Enabled);
