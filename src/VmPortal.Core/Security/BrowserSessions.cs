using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Security;

/// <summary>
/// Whether a signed-in browser may still act, as the database says now: its session was not ended, its user still exists
/// and is not locked out, and nothing about the user changed since the sign-in (Identity's security stamp, which a role
/// change, a lock, a password change or reset renews). <see cref="Roles"/> are the user's roles at this moment.
/// </summary>
public sealed record SessionCheck(bool IsValid, string? Reason, IReadOnlyList<string> Roles)
{
    public static SessionCheck Ended(string reason) => new(false, reason, []);

    public bool Has(string role) => IsValid && PortalRoles.AtLeast(role).Any(Roles.Contains);
}

/// <summary>
/// Server-side browser sessions. A sign-in starts one (a random token whose hash is stored, like an API token's; the
/// cookie carries the token as a claim), signing out ends it, and every request the cookie makes — and every action a
/// page runs — is checked against it. So a cookie copied before sign-out stops working, and a demoted, locked or deleted
/// user's next action is refused, not a minute later. Sessions slide like the cookie: 8 hours after their last use.
/// </summary>
public sealed class BrowserSessions(IDbContextFactory<PortalDbContext> dbFactory, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    public const string ClaimType = "vmportal:session";
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(8);

    /// <summary>A session for a user who has just proved their password; the token goes into the cookie (<see cref="ClaimType"/>).</summary>
    public async Task<string> StartAsync(string userId, CancellationToken ct = default)
    {
        var token = Secrets.NewToken();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(new ApiToken
        {
            Id = Guid.NewGuid(), UserId = userId, Name = "Browser sign-in", Hash = Secrets.Hash(token), Kind = ApiTokenKind.Browser,
            CreatedTime = now, ExpiresAt = now + IdleLifetime, LastUsedTime = now,
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>Ends the session <paramref name="principal"/>'s cookie names (sign-out): that cookie, and every copy of it, stops working.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (principal.FindFirstValue(ClaimType) is not { } token) return;
        var hash = Secrets.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ApiTokens.Where(t => t.Hash == hash && t.Kind == ApiTokenKind.Browser && t.RevokedTime == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedTime, clock.GetUtcNow()), ct);
    }

    /// <summary>Whether <paramref name="principal"/> (a cookie's, or a circuit's copy of it) may still act, and with which roles.</summary>
    public async Task<SessionCheck> CheckAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (principal.Identity?.IsAuthenticated != true) return SessionCheck.Ended(SecurityMessages.Get("SessionNotSignedIn"));
        if (principal.FindFirstValue(ClaimType) is not { } token) return SessionCheck.Ended(SecurityMessages.Get("SessionNoSession"));
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var hash = Secrets.Hash(token);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash && t.Kind == ApiTokenKind.Browser, ct);
        if (session is null || session.UserId != userId || session.RevokedTime is not null) return SessionCheck.Ended(SecurityMessages.Get("SessionSignedOut"));
        if (session.ExpiresAt <= now) return SessionCheck.Ended(SecurityMessages.Get("SessionExpired"));
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return SessionCheck.Ended(SecurityMessages.Get("SessionUserGone"));
        if (user.LockoutEnd is { } end && end > now) return SessionCheck.Ended(SecurityMessages.Get("SessionUserLocked"));
        if (principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) != user.SecurityStamp)
            return SessionCheck.Ended(SecurityMessages.Get("SessionChanged"));
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == user.Id select r.Name).ToListAsync(ct);
        // Slide, at most once a minute: a session in use lives on; one left alone ends 8 hours after its last use.
        if (session.LastUsedTime is not { } used || now - used > TimeSpan.FromMinutes(1))
        {
            session.LastUsedTime = now;
            session.ExpiresAt = now + IdleLifetime;
            await db.SaveChangesAsync(ct);
        }
        return new SessionCheck(true, null, roles.OfType<string>().ToList());
    }
}
