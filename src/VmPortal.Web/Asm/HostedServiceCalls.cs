using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.CloudServices;
using VmPortal.Core.Deploy;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.Web.Security;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §2.6–2.7: create a hosted service (a cloud service) and deploy a VM into it (its implicit deployment), through
/// <see cref="CloudServiceService"/> and <see cref="DeployService"/>.
/// </summary>
internal static class HostedServiceCalls
{
    public static void MapHostedServiceCalls(this RouteGroupBuilder asm)
    {
        asm.MapPost("/services/hostedservices", CreateAsync).AuditedAs(AuditActions.CreateCloudService);
        asm.MapPost("/services/hostedservices/{service}/deployments", DeployAsync).AuditedAs(AuditActions.DeployVm);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CloudServiceService services, CancellationToken ct)
    {
        var request = HostedServiceXml.Read(await AsmRequest.ReadAsync(http.Request, "CreateHostedService"));
        var created = await services.CreateAsync(request, http.Actor(), ct);
        return created.Succeeded ? AsmResults.Created() : AsmError.From(created.Error);
    }

    /// <summary>
    /// The first VM of an empty cloud service: that is what creating its deployment means here. A service that already
    /// holds VMs has its deployment; ASM adds to it through <c>…/deployments/{d}/roles</c>, which this endpoint does not offer.
    /// </summary>
    private static async Task<IResult> DeployAsync(
        string service, HttpContext http, CloudServiceService services, DeployService deploys, BlobAccounts accounts, CancellationToken ct)
    {
        var deployment = DeploymentXml.Read(await AsmRequest.ReadAsync(http.Request, "Deployment"));
        if (deployment.Name is { } name)
        {
            if (NameRules.CloudServiceKey(name, "Deployment/Name").Error is { } badName) return AsmError.From(badName);
            if (!ImplicitDeployment.Names(service, name))
                return AsmError.BadRequest($"Deployment/Name is '{name}'; the portal's one deployment of a cloud service is named like the service ('{service}').");
        }
        var existing = await services.GetAsync(service, ct);
        if (!existing.Succeeded) return AsmError.From(existing.Error);
        if (existing.Value.VmCount > 0)
            return AsmError.From(new PortalError(ErrorCodes.NameConflict,
                $"Cloud service '{existing.Value.Name}' already has its deployment ({existing.Value.VmCount} VM{(existing.Value.VmCount == 1 ? "" : "s")}); " +
                "add a role to it instead, which this endpoint does not offer yet (deploy through the REST API or the portal)."));
        if (!MediaLocation.TryResolve(deployment.Request.MediaLocation, accounts, out var account, out var noAccount)) return noAccount;

        var queued = await deploys.DeployAsync(service, deployment.Request with { MediaLocation = account }, http.Actor(), ct);
        return queued.Succeeded ? AsmResults.Accepted(queued.Value.Id) : AsmError.From(queued.Error);
    }
}
