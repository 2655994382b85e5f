using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;

namespace VmPortal.Web.Security;

/// <summary>
/// The signed-in user of a page (one per circuit): the pages' authorization boundary. Pages hide what a role cannot do,
/// and every action they run goes through <see cref="RunAsync{T}"/>, which checks the user's session and role against the
/// database at that moment (a sign-out elsewhere, a lock, a demotion or a deletion is refused at the very next action),
/// passes the user on as the actor, and audits a refusal.
/// </summary>
public sealed class PortalUser(AuthenticationStateProvider authentication, BrowserSessions sessions, AuditLog audit)
{
    /// <summary>The browser's address as the first request of the circuit saw it (the circuit itself has no HttpContext).</summary>
    public string? ClientAddress { get; set; }

    public async Task<ClaimsPrincipal> GetAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>What the page shows: the role as of the sign-in (actions check the database again, <see cref="RunAsync{T}"/>).</summary>
    public async Task<bool> CanAsync(string role) => (await GetAsync()).Has(role);

    /// <summary>
    /// Runs <paramref name="call"/> (given the user as the actor) when the user's session is still valid and the user
    /// holds <paramref name="role"/> now. The service records an accepted change in its own transaction; a refusal, which
    /// changed nothing, is recorded here. A session that has ended also ends the page's sign-in.
    /// </summary>
    public async Task<PortalResult<T>> RunAsync<T>(string role, string action, string resource, Func<Actor, Task<PortalResult<T>>> call)
    {
        var user = await GetAsync();
        var name = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        var session = await sessions.CheckAsync(user);
        if (!session.IsValid)
        {
            await audit.WriteAsync(name, action, resource, ClientAddress, AuditOutcome.Refused, ErrorCodes.Unauthenticated, detail: session.Reason);
            SignOutPage();
            return new PortalError(ErrorCodes.Unauthenticated, Api.ApiMessages.Format("NothingDoneSignInAgain", session.Reason));
        }
        if (!session.Has(role))
        {
            await audit.WriteAsync(name, action, resource, ClientAddress, AuditOutcome.Refused, ErrorCodes.Forbidden);
            return new PortalError(ErrorCodes.Forbidden, Api.ApiMessages.Format("RoleNeeded", action, role));
        }
        var actor = new Actor(name, ClientAddress);
        var result = await call(actor);
        if (!result.Succeeded)
            await audit.WriteAsync(name, action, resource, ClientAddress, AuditOutcome.Refused, result.Error.Code);
        else if (!actor.Recorded)
            await audit.WriteAsync(name, action, resource, ClientAddress, AuditOutcome.Accepted);
        return result;
    }

    /// <summary>
    /// The user as the database says now, for a page whose service takes the caller itself (users, tokens): the roles of
    /// this moment, or — when the session has ended — no one, and the page signs out.
    /// </summary>
    public async Task<ClaimsPrincipal> CurrentAsync()
    {
        var user = await GetAsync();
        var session = await sessions.CheckAsync(user);
        if (!session.IsValid)
        {
            SignOutPage();
            return new ClaimsPrincipal(new ClaimsIdentity());
        }
        var identity = new ClaimsIdentity(user.Claims.Where(c => c.Type != ClaimTypes.Role), user.Identity!.AuthenticationType);
        identity.AddClaims(session.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The circuit forgets the user, so the page shows the sign-in at once.</summary>
    private void SignOutPage()
    {
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
    }
}
