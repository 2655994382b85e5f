using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;

namespace VmPortal.Web.Security;

/// <summary>
/// The signed-in user of a page (one per circuit): the pages' authorization boundary. Pages hide what a role cannot do,
/// and every action they run goes through <see cref="RunAsync{T}"/>, which refuses it anyway for a role that may not,
/// passes the user's name on as <c>requestedBy</c>, and audits the outcome.
/// </summary>
public sealed class PortalUser(AuthenticationStateProvider authentication, AuditLog audit)
{
    /// <summary>The browser's address as the first request of the circuit saw it (the circuit itself has no HttpContext).</summary>
    public string? ClientAddress { get; set; }

    public async Task<ClaimsPrincipal> GetAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<bool> CanAsync(string role) => (await GetAsync()).Has(role);

    /// <summary>
    /// Runs <paramref name="call"/> (given the user as the actor) when the user holds <paramref name="role"/>. The service
    /// records an accepted change in its own transaction; a refusal, which changed nothing, is recorded here.
    /// </summary>
    public async Task<PortalResult<T>> RunAsync<T>(string role, string action, string resource, Func<Actor, Task<PortalResult<T>>> call)
    {
        var user = await GetAsync();
        var name = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        if (name is null || !user.Has(role))
        {
            await audit.WriteAsync(name, action, resource, ClientAddress, AuditOutcome.Refused, ErrorCodes.Forbidden);
            return new PortalError(ErrorCodes.Forbidden, $"Your role may not do this ({action}); it needs {role}.");
        }
        var actor = new Actor(name, ClientAddress);
        var result = await call(actor);
        if (!result.Succeeded)
            await audit.WriteAsync(name, action, resource, ClientAddress, AuditOutcome.Refused, result.Error.Code);
        else if (!actor.Recorded)
            await audit.WriteAsync(name, action, resource, ClientAddress, AuditOutcome.Accepted);
        return result;
    }
}
