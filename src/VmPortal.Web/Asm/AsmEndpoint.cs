using VmPortal.Core;
using VmPortal.Web.Api;
using VmPortal.Web.Security;

namespace VmPortal.Web.Asm;

/// <summary>
/// The classic Service Management (ASM) endpoint of ASM.md, for scripts and tools that speak the 2014 API (the unmodified
/// <c>azure-asm-compute</c> client, say): <c>baseUri = https://portal/asm</c>, then <c>/{subscriptionId}/…</c> with any
/// single segment as the subscription (the portal is single-tenant). It runs on the same services as the REST API, with
/// the portal's own bearer tokens and roles (reads need a Reader, changes an Operator), and every changing call is
/// audited like the REST API's. It is not part of the OpenAPI document: that describes the REST API.
/// </summary>
public static class AsmEndpoint
{
    public const string Prefix = "/asm";

    /// <summary>The audit and the ASM protocol (<see cref="AsmProtocolMiddleware"/>) for everything under <see cref="Prefix"/>; call before sign-in.</summary>
    public static IApplicationBuilder UseAsmProtocol(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix), asm =>
        {
            asm.UseMiddleware<ApiAuditMiddleware>();
            asm.UseMiddleware<AsmProtocolMiddleware>();
            asm.UseMiddleware<DotSegmentGuard>((Func<PortalError, IResult>)AsmError.From);
        });

    public static IEndpointRouteBuilder MapAsm(this IEndpointRouteBuilder app)
    {
        var asm = app.MapGroup(Prefix + "/{subscriptionId}").RequirePortalRoles().ExcludeFromDescription();
        asm.MapVmImageCalls();
        asm.MapHostedServiceCalls();
        asm.MapRoleCalls();
        asm.MapOperationStatusCall();
        return app;
    }
}
