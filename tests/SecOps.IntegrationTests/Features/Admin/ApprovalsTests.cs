using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Admin;

/// <summary>
/// Issue #12, separation of duties: a critical action one administrator asks for changes nothing until a second
/// administrator approves it; the requester cannot approve their own; a rejection leaves things as they were; with a
/// single administrator the action proceeds at once, with a warning and an audit record saying so.
/// </summary>
public sealed class ApprovalsTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task GrantingAdmin_ByOneOfTwoAdministrators_ChangesNothing_UntilASecondApproves_AndBothAreAudited()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (bea, _) = await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        var (cid, _) = await AdminPeople.CreateAsync(_app, "Cid", Roles.Responder);

        var asked = await _app.Get<AdminUsers>().SetRoleAsync(ada, cid.Id, Roles.Admin, CancellationToken.None);

        Assert.Equal(AdminOutcome.Pending, asked.Outcome);
        Assert.Equal([Roles.Responder], await AdminPeople.RolesAsync(_app, cid.Id));
        var waiting = Assert.Single(await _app.Get<Approvals>().PendingAsync(bea, CancellationToken.None));
        Assert.Equal((asked.ApprovalId!.Value, ApprovalKind.GrantAdmin, cid.Id, ada.Id, false), (waiting.Id, waiting.Kind, waiting.TargetUserId, waiting.RequestedBy, waiting.Mine));
        Assert.Contains(await _app.Get<AdminUsers>().ListAsync(bea, CancellationToken.None), u => u.Id == cid.Id && u.Pending.SequenceEqual([ApprovalKind.GrantAdmin]));

        var approved = await _app.Get<Approvals>().ApproveAsync(bea, waiting.Id, CancellationToken.None);

        Assert.Equal(AdminOutcome.Applied, approved.Outcome);
        Assert.Equal([Roles.Admin], await AdminPeople.RolesAsync(_app, cid.Id));
        Assert.Empty(await _app.Get<Approvals>().PendingAsync(bea, CancellationToken.None));
        Assert.Equal(
            [$"{ada.Id} approval.request user:{cid.Id} Success", $"{bea.Id} approval.approve user:{cid.Id} Success", $"{bea.Id} account.role user:{cid.Id} Success"],
            await AdminPeople.TrailAsync(_app, r => r.Action.StartsWith("approval.", StringComparison.Ordinal) || r.Action == "account.role"));
        Assert.True((await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task ResettingMfa_TheRequestersOwnApproval_IsRefusedAndAudited_AndARejection_LeavesMfaOn()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (bea, _) = await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        var (cid, _) = await AdminPeople.CreateAsync(_app, "Cid", Roles.Responder, mfa: true);
        var asked = await _app.Get<AdminUsers>().ResetMfaAsync(ada, cid.Id, CancellationToken.None);
        Assert.Equal(AdminOutcome.Pending, asked.Outcome);
        Assert.True(Assert.Single(await _app.Get<Approvals>().PendingAsync(ada, CancellationToken.None)).Mine);

        var own = await _app.Get<Approvals>().ApproveAsync(ada, asked.ApprovalId!.Value, CancellationToken.None);

        Assert.Equal(AdminOutcome.Refused, own.Outcome);
        Assert.True((await AdminPeople.FindAsync(_app, cid.Id))!.TwoFactorEnabled);
        Assert.Contains($"{ada.Id} approval.approve approval:{asked.ApprovalId} Refused", await AdminPeople.TrailAsync(_app));

        var rejected = await _app.Get<Approvals>().RejectAsync(bea, asked.ApprovalId!.Value, CancellationToken.None);
        var late = await _app.Get<Approvals>().ApproveAsync(bea, asked.ApprovalId!.Value, CancellationToken.None);

        Assert.Equal(AdminOutcome.Applied, rejected.Outcome);
        Assert.Equal(AdminOutcome.Failed, late.Outcome);
        Assert.True((await AdminPeople.FindAsync(_app, cid.Id))!.TwoFactorEnabled);
        Assert.Empty(await _app.Get<Approvals>().PendingAsync(bea, CancellationToken.None));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var stored = await db.Approvals.SingleAsync();
        Assert.Equal((ApprovalState.Rejected, bea.Id), (stored.State, stored.DecidedBy));
        Assert.Contains($"{bea.Id} approval.reject user:{cid.Id} Success", await AdminPeople.TrailAsync(_app));
    }

    [Fact]
    public async Task WithASingleActiveAdministrator_ACriticalAction_ProceedsAtOnce_WithAWarning_AndAnAuditRecordSayingSo()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        // A disabled administrator cannot approve anything, so does not count.
        var (bea, _) = await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        Assert.Equal(AdminOutcome.Applied, (await _app.Get<AdminUsers>().SetDisabledAsync(ada, bea.Id, true, CancellationToken.None)).Outcome);
        var (cid, _) = await AdminPeople.CreateAsync(_app, "Cid", Roles.Responder, mfa: true);

        var result = await _app.Get<AdminUsers>().ResetMfaAsync(ada, cid.Id, CancellationToken.None);

        Assert.Equal(AdminOutcome.AppliedWithoutSecondApproval, result.Outcome);
        Assert.Contains("without a second approval", result.Message, StringComparison.Ordinal);
        Assert.False((await AdminPeople.FindAsync(_app, cid.Id))!.TwoFactorEnabled);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
            Assert.Null(await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(cid.Id))!));
        }
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Approvals.ToListAsync());
        var bypass = await db.AuditRecords.SingleAsync(r => r.Action == Approvals.Bypassed);
        Assert.Equal((ada.Id, "user:" + cid.Id, "ResetMfa applied without a second approval: 1 active administrator(s)"), (bypass.ActorId, bypass.Target, bypass.Details));
        Assert.Contains($"{ada.Id} account.mfa-reset user:{cid.Id} Success", await AdminPeople.TrailAsync(_app));
    }

    [Fact]
    public async Task ErasingAPerson_WaitsForASecondAdministrator_ThenErasesThroughPersonErasure()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (bea, _) = await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        var (eve, eveUser) = await AdminPeople.CreateAsync(_app, "Eve", Roles.Analyst);
        var found = Assert.Single(await _app.Get<AdminUsers>().FindAsync(ada, eveUser.Email![..12], CancellationToken.None));
        Assert.Equal(eve.Id, found.Id);

        var asked = await _app.Get<Approvals>().RequestAsync(ada, ApprovalKind.ErasePerson, eve.Id, CancellationToken.None);

        Assert.Equal(AdminOutcome.Pending, asked.Outcome);
        Assert.NotNull(await AdminPeople.FindAsync(_app, eve.Id));

        var approved = await _app.Get<Approvals>().ApproveAsync(bea, asked.ApprovalId!.Value, CancellationToken.None);

        Assert.Equal(AdminOutcome.Applied, approved.Outcome);
        Assert.Null(await AdminPeople.FindAsync(_app, eve.Id));
        Assert.Contains(await AdminPeople.TrailAsync(_app), r => r.StartsWith($"{bea.Id} {PersonErasure.Action} user:", StringComparison.Ordinal) && r.EndsWith("Success", StringComparison.Ordinal));
        Assert.True((await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task NoAdministrator_CanErase_TheirOwnAccount_OrDemoteOrDisable_TheLastAdministrator()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var admin = _app.Get<AdminUsers>();

        var erase = await _app.Get<Approvals>().RequestAsync(ada, ApprovalKind.ErasePerson, ada.Id, CancellationToken.None);
        var demote = await admin.SetRoleAsync(ada, ada.Id, Roles.Analyst, CancellationToken.None);
        var disable = await admin.SetDisabledAsync(new Actor("someone-else", "x", ada.Permissions), ada.Id, true, CancellationToken.None);

        Assert.Equal((AdminOutcome.Refused, AdminOutcome.Refused, AdminOutcome.Refused), (erase.Outcome, demote.Outcome, disable.Outcome));
        Assert.Equal([Roles.Admin], await AdminPeople.RolesAsync(_app, ada.Id));
        Assert.Null((await AdminPeople.FindAsync(_app, ada.Id))!.LockoutEnd);
        Assert.Contains($"{ada.Id} account.role user:{ada.Id} Refused", await AdminPeople.TrailAsync(_app));
    }

    [Fact]
    public async Task ANonAdministrator_CannotRequest_Approve_OrList()
    {
        await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (ron, _) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<Approvals>().RequestAsync(ron, ApprovalKind.GrantAdmin, ron.Id, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<Approvals>().ApproveAsync(ron, 1, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<Approvals>().PendingAsync(ron, CancellationToken.None));

        Assert.Equal([Roles.Responder], await AdminPeople.RolesAsync(_app, ron.Id));
        Assert.Equal(3, (await AdminPeople.TrailAsync(_app, r => r.ActorId == ron.Id && r.Outcome == AuditOutcome.Refused)).Count);
    }
}
