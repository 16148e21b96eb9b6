namespace SecOps.Web.Features.Triage;

public enum AlertGroupBy
{
    Rule,
    Host,
    User,
    SourceIp,
}

public static class AlertGroupFields
{
    public static string FieldName(AlertGroupBy by) => by switch
    {
        AlertGroupBy.Host => "host",
        AlertGroupBy.User => "user",
        AlertGroupBy.SourceIp => "ip",
        _ => "rule.name",
    };

    public static AlertField Field(AlertGroupBy by) => by switch
    {
        AlertGroupBy.Host => AlertField.Host,
        AlertGroupBy.User => AlertField.User,
        AlertGroupBy.SourceIp => AlertField.SourceIp,
        _ => AlertField.Rule,
    };
}
