using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VmPortal.Core.Security;

/// <summary>
/// API.md "Security": the roles exist, and when no user does, the first administrator is made — from
/// <c>Portal:BootstrapAdmin:UserName</c>/<c>:Password</c>, or else <c>admin</c> with a random password printed once
/// to standard output (never to a log: logs are kept and shipped, the console of a first run is watched by its owner).
/// </summary>
public sealed class UserBootstrapper(IServiceScopeFactory scopes, IConfiguration configuration)
{
    public const string DefaultAdminName = "admin";

    /// <summary>Where the one-time password goes; the console unless a test says otherwise.</summary>
    public TextWriter Console { get; set; } = System.Console.Out;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PortalRoles.All)
        {
            if (await roles.RoleExistsAsync(role)) continue;
            Check(await roles.CreateAsync(new IdentityRole(role)), $"the role {role} could not be created");
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.Users.AnyAsync(cancellationToken)) return;

        var section = configuration.GetSection("Portal:BootstrapAdmin");
        var userName = section["UserName"] is { Length: > 0 } n ? n.Trim() : DefaultAdminName;
        var configured = section["Password"] is { Length: > 0 } p ? p : null;
        var password = configured ?? Secrets.NewPassword();
        var admin = new IdentityUser(userName);
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded && configured is not null)
            throw new PortalStartupException(
                $"Portal:BootstrapAdmin:Password is not accepted ({Describe(created)}); use at least 10 characters with upper and lower case, a digit and a symbol.");
        Check(created, $"the first administrator '{userName}' could not be created");
        Check(await users.AddToRoleAsync(admin, PortalRoles.Admin), "the first administrator could not be made Admin");

        if (configured is null)
        {
            await Console.WriteLineAsync(
                $"VmPortal created the first administrator '{userName}' with the password {password} — sign in and change it; it is shown only this once.");
            await Console.FlushAsync(cancellationToken);
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded) throw new PortalStartupException($"Users could not be prepared: {what} ({Describe(result)}).");
    }

    internal static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description)).TrimEnd('.');
}
