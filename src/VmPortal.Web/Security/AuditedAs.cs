namespace VmPortal.Web.Security;

/// <summary>
/// The audit action (<see cref="Core.Security.AuditActions"/>) of a route that does what another route already does and so
/// cannot take the action as its endpoint name, which must be unique: the ASM endpoint's calls are audited under the same
/// actions as their REST routes.
/// </summary>
public sealed record AuditedAs(string Action);

public static class AuditedAsExtensions
{
    /// <summary>Audits the route's calls under <paramref name="action"/>.</summary>
    public static TBuilder AuditedAs<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedAs(action));
}
