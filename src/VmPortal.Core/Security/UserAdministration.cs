using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Security;

public sealed record UserView(string Id, string UserName, string? Role, DateTimeOffset? LockedUntil, int FailedSignIns, int ActiveTokens)
{
    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>A password made for someone else, shown once to the Admin who made it.</summary>
public sealed record GeneratedPassword(string UserName, string Password);

/// <summary>
/// The admin page's work: create users, set roles, lock and unlock, reset passwords. Every call names its caller and is
/// refused unless the caller is an Admin — the page hides these for others, and this does not trust it to. Each change
/// and its audit entry are saved by Identity's store in one <c>SaveChanges</c> on one context (one transaction).
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, AuditLog audit, TimeProvider clock)
{
    public async Task<PortalResult<IReadOnlyList<UserView>>> ListAsync(ClaimsPrincipal caller, CancellationToken ct = default)
    {
        if (!caller.Has(PortalRoles.Admin)) return ApiTokenService.Forbidden;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.RevokedTime == null && t.Kind != ApiTokenKind.Browser).Select(t => new { t.UserId, t.ExpiresAt })
            .ToListAsync(ct);
        return users.Select(u => new UserView(u.Id, u.UserName ?? "",
            PortalRoles.All.LastOrDefault(r => roles.Any(x => x.UserId == u.Id && x.Name == r)),
            u.LockoutEnd, u.AccessFailedCount, tokens.Count(t => t.UserId == u.Id && t.ExpiresAt > now))).ToList();
    }

    public Task<PortalResult<GeneratedPassword>> CreateAsync(ClaimsPrincipal caller, string? userName, string? role, string? ip,
        CancellationToken ct = default) =>
        RunAsync(caller, AuditActions.CreateUser, $"users/{NameRules.Quote(userName ?? "")}", ip, async (users, db) =>
        {
            if (NameRules.User(userName) is { } badName) return badName;
            if (!PortalRoles.IsKnown(role)) return PortalError.Validation("role", SecurityMessages.Format("RoleUnknown", string.Join(CoreMessages.Get("ListSeparator"), PortalRoles.All)));
            if (await users.FindByNameAsync(userName!) is not null)
                return new PortalError(ErrorCodes.NameConflict, SecurityMessages.Format("UserExists", userName), "userName");
            var password = Secrets.NewPassword();
            var user = new IdentityUser(userName!);
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return PortalError.Validation("userName", UserBootstrapper.Describe(created) + ".");
            audit.Add(db, caller.Identity!.Name, AuditActions.CreateUser, $"users/{userName}", ip, AuditOutcome.Accepted, detail: $"role: {role}");
            var added = await users.AddToRoleAsync(user, role!);
            if (!added.Succeeded) return new PortalError(ErrorCodes.InternalError, UserBootstrapper.Describe(added));
            var mustChange = await users.AddClaimAsync(user, PasswordChange.Required);
            return mustChange.Succeeded ? new GeneratedPassword(userName!, password) : new PortalError(ErrorCodes.InternalError, UserBootstrapper.Describe(mustChange));
        }, ct);

    public Task<PortalResult<GeneratedPassword>> SetRoleAsync(ClaimsPrincipal caller, string userId, string? role, string? ip,
        CancellationToken ct = default) =>
        OnUserAsync(caller, userId, AuditActions.SetUserRole, ip, async (users, db, user) =>
        {
            if (!PortalRoles.IsKnown(role)) return PortalError.Validation("role", SecurityMessages.Format("RoleUnknown", string.Join(CoreMessages.Get("ListSeparator"), PortalRoles.All)));
            if (IsSelf(caller, user)) return new PortalError(ErrorCodes.Forbidden, SecurityMessages.Get("OwnRole"));
            var current = await users.GetRolesAsync(user);
            var removed = await users.RemoveFromRolesAsync(user, current);
            if (!removed.Succeeded) return new PortalError(ErrorCodes.InternalError, UserBootstrapper.Describe(removed));
            audit.Add(db, caller.Identity!.Name, AuditActions.SetUserRole, $"users/{user.UserName}", ip, AuditOutcome.Accepted,
                detail: $"role: {string.Join(",", current)} → {role}");
            await users.AddToRoleAsync(user, role!);
            // A new stamp makes signed-in browsers pick up the new role at their next check.
            await users.UpdateSecurityStampAsync(user);
            return new GeneratedPassword(user.UserName!, "");
        }, ct);

    public Task<PortalResult<GeneratedPassword>> SetLockedAsync(ClaimsPrincipal caller, string userId, bool locked, string? ip,
        CancellationToken ct = default) =>
        OnUserAsync(caller, userId, locked ? AuditActions.LockUser : AuditActions.UnlockUser, ip, async (users, db, user) =>
        {
            if (locked && IsSelf(caller, user)) return new PortalError(ErrorCodes.Forbidden, SecurityMessages.Get("LockSelf"));
            audit.Add(db, caller.Identity!.Name, locked ? AuditActions.LockUser : AuditActions.UnlockUser, $"users/{user.UserName}", ip, AuditOutcome.Accepted);
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
            if (!locked) await users.ResetAccessFailedCountAsync(user);
            await users.UpdateSecurityStampAsync(user);
            return new GeneratedPassword(user.UserName!, "");
        }, ct);

    public Task<PortalResult<GeneratedPassword>> ResetPasswordAsync(ClaimsPrincipal caller, string userId, string? ip,
        CancellationToken ct = default) =>
        OnUserAsync(caller, userId, AuditActions.ResetPassword, ip, async (users, db, user) =>
        {
            var password = Secrets.NewPassword();
            audit.Add(db, caller.Identity!.Name, AuditActions.ResetPassword, $"users/{user.UserName}", ip, AuditOutcome.Accepted);
            await users.RemovePasswordAsync(user);
            var added = await users.AddPasswordAsync(user, password);
            if (!added.Succeeded) return new PortalError(ErrorCodes.InternalError, UserBootstrapper.Describe(added));
            if (!(await users.GetClaimsAsync(user)).Any(c => c.Type == PasswordChange.ClaimType)) await users.AddClaimAsync(user, PasswordChange.Required);
            await users.UpdateSecurityStampAsync(user);
            return new GeneratedPassword(user.UserName!, password);
        }, ct);

    private Task<PortalResult<GeneratedPassword>> OnUserAsync(ClaimsPrincipal caller, string userId, string action, string? ip,
        Func<UserManager<IdentityUser>, PortalDbContext, IdentityUser, Task<PortalResult<GeneratedPassword>>> change, CancellationToken ct) =>
        RunAsync(caller, action, $"users/{userId}", ip, async (users, db) =>
            await users.FindByIdAsync(userId) is { } user ? await change(users, db, user) : PortalError.NotFound(SecurityMessages.Format("WhatUser", userId)), ct);

    /// <summary>Runs <paramref name="change"/> as an Admin in its own scope; a refusal is audited on its own.</summary>
    private async Task<PortalResult<GeneratedPassword>> RunAsync(ClaimsPrincipal caller, string action, string resource, string? ip,
        Func<UserManager<IdentityUser>, PortalDbContext, Task<PortalResult<GeneratedPassword>>> change, CancellationToken ct)
    {
        PortalResult<GeneratedPassword> result;
        if (!caller.Has(PortalRoles.Admin)) result = ApiTokenService.Forbidden;
        else
        {
            await using var scope = scopes.CreateAsyncScope();
            result = await change(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(),
                scope.ServiceProvider.GetRequiredService<PortalDbContext>());
        }
        if (result.Error is { } error)
            await audit.WriteAsync(caller.Identity?.Name, action, resource, ip, AuditOutcome.Refused, error.Code, cancellationToken: ct);
        return result;
    }

    private static bool IsSelf(ClaimsPrincipal caller, IdentityUser user) => caller.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id;
}
