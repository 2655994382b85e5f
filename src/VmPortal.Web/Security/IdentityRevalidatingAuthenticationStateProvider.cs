using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using VmPortal.Core.Security;

namespace VmPortal.Web.Security;

/// <summary>
/// A circuit outlives the request that opened it: every minute it checks its sign-in against the server-side session
/// (<see cref="BrowserSessions"/>) — ended by a sign-out, or by the security stamp the admin page renews on a role change,
/// lock or password reset — so an open page signs itself out. Actions do not wait for this: <see cref="PortalUser"/>
/// checks the session before each one.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, BrowserSessions sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        (await sessions.CheckAsync(authenticationState.User, cancellationToken)).IsValid;
}
