using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Automation;

public static class AutomationSetup
{
    public static IHostApplicationBuilder AddSecOpsAutomation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AutomationOptions>().BindConfiguration(AutomationOptions.SectionName).ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AutomationOptions>, RulesValidation>();
        builder.Services.AddSingleton<AutomationFirings>();
        builder.Services.AddSingleton<AutomationRuleCheck>();
        builder.Services.AddSingleton<AutomationRules>();
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddSingleton<AutomationActions>();
        builder.Services.AddSingleton<AutomationEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AutomationEngine>());
        return builder;
    }

    /// <summary>The rule list, which data annotations do not reach: start-up fails naming the rule and what is wrong.</summary>
    private sealed class RulesValidation : IValidateOptions<AutomationOptions>
    {
        public ValidateOptionsResult Validate(string? name, AutomationOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
