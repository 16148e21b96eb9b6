using System.Security.Claims;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Accounts;

namespace SecOps.Tests.Features.Accounts;

public sealed class MfaPolicyTests
{
    private static MfaPolicy Policy(string? roles = null) =>
        new(Options.Create(roles is null ? new AccountOptions() : new AccountOptions { MfaRequiredRoles = roles }));

    private static ClaimsPrincipal Person(string mfa, params string[] roles) =>
        new(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)).Append(new Claim(MfaPolicy.MfaClaim, mfa)), "Identity.Application"));

    [Theory]
    [InlineData(Roles.Responder, true)]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Analyst, false)]
    [InlineData(Roles.Manager, false)]
    public void ByDefault_ResponderAndAdminRequireMfa(string role, bool required) =>
        Assert.Equal(required, Policy().IsRequiredFor([role]));

    [Fact]
    public void Configured_Roles_ReplaceTheDefault()
    {
        var policy = Policy("analyst; manager");

        Assert.True(policy.IsRequiredFor([Roles.Analyst]));
        Assert.True(policy.IsRequiredFor([Roles.Manager]));
        Assert.False(policy.IsRequiredFor([Roles.Admin]));
    }

    [Fact]
    public void Empty_RequiresNoOne() => Assert.False(Policy("").IsRequiredFor(Roles.All));

    [Fact]
    public void MustEnrol_OnlyWhenTheRoleRequiresItAndMfaIsOff()
    {
        var policy = Policy();

        Assert.True(policy.MustEnrol(Person("off", Roles.Responder)));
        Assert.False(policy.MustEnrol(Person("on", Roles.Responder)));
        Assert.False(policy.MustEnrol(Person("off", Roles.Analyst)));
        Assert.False(policy.MustEnrol(new ClaimsPrincipal(new ClaimsIdentity())));
    }
}
