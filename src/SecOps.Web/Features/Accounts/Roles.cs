namespace SecOps.Web.Features.Accounts;

public static class Roles
{
    public const string Analyst = "analyst";
    public const string Responder = "responder";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Analyst, Responder, Manager, Admin];
}
