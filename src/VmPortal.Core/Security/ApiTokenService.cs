using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Security;

public sealed record ApiTokenView(Guid Id, string Name, ApiTokenKind Kind, DateTimeOffset CreatedTime, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedTime, DateTimeOffset? LastUsedTime)
{
    public bool IsActive(DateTimeOffset now) => RevokedTime is null && ExpiresAt > now;

    internal static ApiTokenView From(ApiToken t) => new(t.Id, t.Name, t.Kind, t.CreatedTime, t.ExpiresAt, t.RevokedTime, t.LastUsedTime);
}

/// <summary>A token shown once: its text (never stored) and what the portal keeps of it.</summary>
public sealed record IssuedToken(string Token, ApiTokenView View);

/// <summary>Who a valid bearer token speaks for, read from the database on every request.</summary>
public sealed record TokenIdentity(Guid TokenId, string UserId, string UserName, IReadOnlyList<string> Roles);

/// <summary>
/// Bearer tokens: issued with their text shown once and only their SHA-256 hash stored; checked against the database on
/// every request (no cache), so a revocation, an expiry, a lock-out or a role change takes effect at the next request.
/// </summary>
public sealed class ApiTokenService(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);
    public static readonly TimeSpan MaxPersonalLifetime = TimeSpan.FromDays(366);

    /// <summary>A session token for <c>POST /api/auth/token</c>; the caller has already checked the password. Audited in the same transaction.</summary>
    public async Task<IssuedToken> IssueSessionAsync(string userId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var issued = Add(db, userId, "API session", ApiTokenKind.Session, SessionLifetime);
        audit.Record(db, actor, AuditActions.IssueToken, $"tokens/{issued.View.Id}");
        await db.SaveChangesAsync(ct);
        return issued;
    }

    /// <summary>A named personal token of the signed-in <paramref name="caller"/>; audited in the same transaction.</summary>
    public async Task<PortalResult<IssuedToken>> CreatePersonalAsync(ClaimsPrincipal caller, string? name, TimeSpan lifetime,
        string? ipAddress, CancellationToken ct = default)
    {
        if (UserIdOf(caller) is not { } userId) return Unauthenticated;
        // Blanks around the name are dropped; anything invisible anywhere in it is refused.
        name = name?.Trim(' ');
        if (NameRules.Label(name, "name") is { } badName) return badName with { Message = SecurityMessages.Format("TokenNameHint", badName.Message) };
        if (lifetime <= TimeSpan.Zero || lifetime > MaxPersonalLifetime)
            return PortalError.Validation("expiresAt", SecurityMessages.Get("TokenLifetime"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var issued = Add(db, userId, name!, ApiTokenKind.Personal, lifetime);
        audit.Add(db, caller.Identity!.Name, AuditActions.CreateToken, $"tokens/{issued.View.Id}", ipAddress, AuditOutcome.Accepted, detail: $"name: {name}");
        await db.SaveChangesAsync(ct);
        return issued;
    }

    /// <summary>The tokens of the caller, newest first (a user sees only their own).</summary>
    public async Task<IReadOnlyList<ApiTokenView>> ListOwnAsync(ClaimsPrincipal caller, CancellationToken ct = default)
    {
        if (UserIdOf(caller) is not { } userId) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId && t.Kind != ApiTokenKind.Browser).ToListAsync(ct);
        return rows.OrderByDescending(t => t.CreatedTime).Select(ApiTokenView.From).ToList();
    }

    /// <summary>Revokes one token: the caller's own, or anyone's for an Admin. Takes effect at the next request.</summary>
    public async Task<PortalResult<ApiTokenView>> RevokeAsync(ClaimsPrincipal caller, Guid tokenId, string? ipAddress, CancellationToken ct = default)
    {
        if (UserIdOf(caller) is not { } userId) return Unauthenticated;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId, ct);
        if (token is null || (token.UserId != userId && !caller.Has(PortalRoles.Admin)))
            return PortalError.NotFound(SecurityMessages.Format("WhatToken", tokenId));
        token.RevokedTime ??= clock.GetUtcNow();
        audit.Add(db, caller.Identity!.Name, AuditActions.RevokeToken, $"tokens/{token.Id}", ipAddress, AuditOutcome.Accepted, detail: $"name: {token.Name}");
        await db.SaveChangesAsync(ct);
        return ApiTokenView.From(token);
    }

    /// <summary>Admin: revokes every live token of a user (a lost laptop, a leaver), and ends their browser sessions with them.</summary>
    public async Task<PortalResult<int>> RevokeAllAsync(ClaimsPrincipal caller, string userId, string? ipAddress, CancellationToken ct = default)
    {
        if (!caller.Has(PortalRoles.Admin)) return Forbidden;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var live = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedTime == null).ToListAsync(ct);
        foreach (var token in live) token.RevokedTime = now;
        var userName = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        audit.Add(db, caller.Identity!.Name, AuditActions.RevokeAllTokens, $"users/{userName ?? userId}", ipAddress, AuditOutcome.Accepted,
            detail: $"{live.Count} tokens");
        await db.SaveChangesAsync(ct);
        return live.Count;
    }

    /// <summary>Who <paramref name="token"/> speaks for, or <c>null</c> when it is unknown, revoked, expired or its user locked out.</summary>
    public async Task<TokenIdentity?> AuthenticateAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) return null;
        var hash = Secrets.Hash(token);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A browser session is what a cookie stands for, never a bearer token.
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash && t.Kind != ApiTokenKind.Browser, ct);
        if (row is null || row.RevokedTime is not null || row.ExpiresAt <= now) return null;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == row.UserId, ct);
        if (user?.UserName is null || (user.LockoutEnd is { } end && end > now)) return null;
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == user.Id select r.Name).ToListAsync(ct);
        // Last use to the minute is enough to tell a live token from a forgotten one, without a write per request.
        if (row.LastUsedTime is not { } used || now - used > TimeSpan.FromMinutes(1))
        {
            row.LastUsedTime = now;
            await db.SaveChangesAsync(ct);
        }
        return new TokenIdentity(row.Id, user.Id, user.UserName, roles.OfType<string>().ToList());
    }

    private IssuedToken Add(PortalDbContext db, string userId, string name, ApiTokenKind kind, TimeSpan lifetime)
    {
        var text = Secrets.NewToken();
        var now = clock.GetUtcNow();
        var row = new ApiToken
        {
            Id = Guid.NewGuid(), UserId = userId, Name = name, Hash = Secrets.Hash(text), Kind = kind,
            CreatedTime = now, ExpiresAt = now + lifetime,
        };
        db.ApiTokens.Add(row);
        return new IssuedToken(text, ApiTokenView.From(row));
    }

    private static string? UserIdOf(ClaimsPrincipal caller) =>
        caller.Identity?.IsAuthenticated == true ? caller.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    // Made when refused, so the message is in the reader's language.
    internal static PortalError Unauthenticated => new(ErrorCodes.Unauthenticated, SecurityMessages.Get("SignInFirst"));
    internal static PortalError Forbidden => new(ErrorCodes.Forbidden, SecurityMessages.Get("AdminOnly"));
}
