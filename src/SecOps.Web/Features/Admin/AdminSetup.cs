using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SecOps.Web.Features.Admin;

public static class AdminSetup
{
    public static IHostApplicationBuilder AddSecOpsAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OpenCircuits>();
        builder.Services.AddSingleton<SessionCounts>();
        builder.Services.AddScoped<CircuitHandler, OpenCircuitTracker>();
        builder.Services.AddSingleton<Approvals>();
        builder.Services.AddSingleton<AdminUsers>();
        builder.Services.AddSingleton<AdminRoles>();
        builder.Services.AddSingleton<AccessReviews>();
        return builder;
    }
}
