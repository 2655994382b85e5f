using Microsoft.AspNetCore.Identity;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

public sealed record TokenRequest(string? UserName, string? Password);

public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary><c>POST /api/auth/token</c>: a user name and password for a bearer token (API.md "Resources").</summary>
internal static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", async (TokenRequest body, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn,
                ApiTokenService tokens, HttpContext http, CancellationToken ct) =>
            {
                // A name no user can have is refused as such (it says nothing about who exists), and never reaches the audit as given.
                if (NameRules.User(body.UserName) is { } badName) return ApiProblems.For(badName);
                ApiAuditMiddleware.AttributeTo(http, body.UserName);
                var user = await users.FindByNameAsync(body.UserName!);
                if (user is null || string.IsNullOrEmpty(body.Password)) return WrongCredentials;
                // Counts failures and honours lock-out exactly as the sign-in page does.
                var check = await signIn.CheckPasswordSignInAsync(user, body.Password, lockoutOnFailure: true);
                if (check.IsLockedOut)
                    return ApiProblems.For(new PortalError(ErrorCodes.Unauthenticated, ApiMessages.Get("AccountLockedOut")));
                if (!check.Succeeded) return WrongCredentials;
                var issued = await tokens.IssueSessionAsync(user.Id, http.Actor(), ct);
                return TypedResults.Ok(new TokenResponse(issued.Token, issued.View.ExpiresAt));
            })
            .AllowAnonymousCaller()
            .RequireRateLimiting(PortalSecurity.TokenRateLimitPolicy)
            .WithTags("Authentication").WithName(AuditActions.IssueToken)
            .WithSummary("Exchange a user name and password for a bearer token (8 hours); 5 failures lock the account for 5 minutes")
            .WithDescription("Send the token as `Authorization: Bearer <token>` on every other call. A wrong user name or password is 401 " +
                             "`Unauthenticated` (the same answer for both); a user name no user can have is 400 `InvalidName`; five wrong passwords lock the account for 5 minutes. " +
                             "At most `Portal:TokenRateLimit` (default 10) requests a minute per client address, then 429 with `Retry-After`. " +
                             "For scripts that run for days, make a personal token at /account/tokens instead.")
            .Produces<TokenResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static IResult WrongCredentials => ApiProblems.For(new PortalError(ErrorCodes.Unauthenticated, ApiMessages.Get("WrongCredentials")));
}
