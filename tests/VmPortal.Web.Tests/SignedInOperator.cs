using System.Security.Claims;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;
using VmPortal.Core.Security;

namespace VmPortal.Web.Tests;

/// <summary>
/// The user a component test signs in as, made real: a row in the test database with a role and a live browser session,
/// and the claims a sign-in cookie carries on the bUnit principal — so every page action checks them as the portal does
/// (<see cref="VmPortal.Web.Security.PortalUser"/>).
/// </summary>
internal static class SignedInOperator
{
    public const string UserName = "operator";

    /// <param name="sessions">The sessions the components check against (their clock decides when a session expires).</param>
    public static async Task AddAsync(IDbContextFactory<PortalDbContext> database, BrowserSessions sessions, BunitAuthorizationContext authorization,
        string role = PortalRoles.Operator)
    {
        var user = new IdentityUser(UserName) { NormalizedUserName = UserName.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString() };
        await using (var db = await database.CreateDbContextAsync())
        {
            var roleRow = await db.Roles.FirstOrDefaultAsync(r => r.Name == role) ?? db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() }).Entity;
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleRow.Id });
            Assert.True(await db.SaveChangesAsync() >= 2, "The signed-in user and their role were not saved.");
        }
        var identity = new IdentityOptions();
        var session = await sessions.StartAsync(user.Id);
        authorization.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, user.Id),
            new Claim(identity.ClaimsIdentity.SecurityStampClaimType, user.SecurityStamp),
            new Claim(BrowserSessions.ClaimType, session));
    }
}
