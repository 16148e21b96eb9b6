using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

/// <summary>Checks an actor against the permission table and records every refusal in the audit trail.</summary>
public sealed class AccessGuard(AuditTrail audit)
{
    public async Task RequireAsync(Actor actor, Permission permission, string action, string? target, CancellationToken cancellationToken)
    {
        if (actor.Can(permission))
        {
            return;
        }
        await audit.AppendAsync(actor, action, target, $"missing permission {permission}", AuditOutcome.Refused, cancellationToken);
        throw new AccessDeniedException(permission);
    }
}
