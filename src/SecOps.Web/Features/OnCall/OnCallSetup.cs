using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.OnCall;

public static class OnCallSetup
{
    public static IHostApplicationBuilder AddSecOpsOnCall(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OnCallOptions>().BindConfiguration(OnCallOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OnCallOptions>, RotaValidation>();
        builder.Services.AddSingleton<OnCallRota>();
        return builder;
    }

    /// <summary>Start-up fails naming the team and what is wrong with its rota.</summary>
    private sealed class RotaValidation : IValidateOptions<OnCallOptions>
    {
        public ValidateOptionsResult Validate(string? name, OnCallOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
