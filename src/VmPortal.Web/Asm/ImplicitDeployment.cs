using VmPortal.Core.Catalogue;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §1 "Names": the portal has no deployments. Each cloud service has one implicit deployment named like the
/// service (classic <c>New-AzureQuickVM</c> named it so), matched in any case; any other name is not there.
/// </summary>
internal static class ImplicitDeployment
{
    public static bool Names(string service, string deployment) => deployment.Equals(service, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Why a path's service and deployment name nothing, or <c>null</c>: a name no cloud service can have is
    /// <c>InvalidName</c> (as on every REST route), a well-formed deployment that is not the service's is not found.
    /// </summary>
    public static AsmError? Check(string service, string deployment)
    {
        if ((NameRules.CloudServiceKey(service, "service").Error ?? NameRules.CloudServiceKey(deployment, "deployment").Error) is { } badName)
            return AsmError.From(badName);
        return Names(service, deployment) ? null : NotFound(service, deployment);
    }

    public static AsmError NotFound(string service, string deployment) => AsmError.NotFound(
        $"Cloud service '{service}' has no deployment '{deployment}': the portal's one deployment of a cloud service is named like the service.");
}
