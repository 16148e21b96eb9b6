namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Endpoint metadata: the endpoint also takes an API key as the password of HTTP Basic authentication (the user
/// name is ignored). Only for the Elasticsearch-compatible endpoint, whose shippers may offer nothing else
/// (rsyslog's omelasticsearch has only <c>uid</c>/<c>pwd</c>); every other endpoint refuses Basic.
/// </summary>
public sealed class ApiKeyAsBasicPassword
{
    public static readonly ApiKeyAsBasicPassword Instance = new();

    private ApiKeyAsBasicPassword()
    {
    }
}

public static class ApiKeyAsBasicPasswordExtensions
{
    /// <summary>Lets these endpoints authenticate <c>Authorization: Basic base64(any-name:api-key)</c>.</summary>
    public static TBuilder AllowApiKeyAsBasicPassword<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ApiKeyAsBasicPassword.Instance);
}
