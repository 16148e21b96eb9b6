using Microsoft.AspNetCore.Identity;

namespace SecOps.Web.Features.Accounts;

public sealed class SecOpsUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
