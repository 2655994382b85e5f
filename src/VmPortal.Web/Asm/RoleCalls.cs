using VmPortal.Core;
using VmPortal.Core.Capture;
using VmPortal.Core.Operations;
using VmPortal.Core.VirtualMachines;
using VmPortal.Web.Security;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §2.5 and §2.8: one role (a VM) of a cloud service's implicit deployment — read it, capture it as a VM image,
/// shut it down, start or restart it — through <see cref="VmQueries"/>, <see cref="CaptureService"/> and <see cref="VmService"/>.
/// </summary>
internal static class RoleCalls
{
    public static void MapRoleCalls(this RouteGroupBuilder asm)
    {
        var deployment = asm.MapGroup("/services/hostedservices/{service}/deployments/{deployment}");
        deployment.MapGet("/roles/{vm}", GetAsync);
        // One route for several actions: the handler names the one the body asks for, for the audit.
        deployment.MapPost("/roleinstances/{vm}/Operations", OperateAsync);
    }

    private static async Task<IResult> GetAsync(string service, string deployment, string vm, VmQueries queries, CancellationToken ct)
    {
        if (ImplicitDeployment.Check(service, deployment) is { } refusal) return refusal;
        var found = await queries.GetAsync(service, vm, ct);
        return found.Succeeded ? AsmResults.Ok(PersistentVmRoleXml.Element(found.Value)) : AsmError.From(found.Error);
    }

    private static async Task<IResult> OperateAsync(
        string service, string deployment, string vm, HttpContext http, CaptureService captures, VmService vms, CancellationToken ct)
    {
        var operation = await RoleOperation.ReadAsync(http.Request);
        ApiAuditMiddleware.NoteAction(http, operation.AuditAction);
        if (ImplicitDeployment.Check(service, deployment) is { } refusal) return refusal;
        var user = http.Actor();
        PortalResult<OperationView> queued = operation switch
        {
            RoleOperation.CaptureVmImage capture => await captures.CaptureAsync(service, vm, capture.Request, user, ct),
            RoleOperation.Shutdown shutdown => await vms.StopAsync(service, vm, shutdown.Deallocate, user, ct),
            RoleOperation.Start => await vms.StartAsync(service, vm, user, ct),
            _ => await vms.RestartAsync(service, vm, user, ct),
        };
        return queued.Succeeded ? AsmResults.Accepted(queued.Value.Id) : AsmError.From(queued.Error);
    }
}
