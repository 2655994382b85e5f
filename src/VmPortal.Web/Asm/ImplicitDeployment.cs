namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §1 "Names": the portal has no deployments. Each cloud service has one implicit deployment named like the
/// service (classic <c>New-AzureQuickVM</c> named it so), matched in any case; any other name is not there.
/// </summary>
internal static class ImplicitDeployment
{
    public static bool Names(string service, string deployment) => deployment.Equals(service, StringComparison.OrdinalIgnoreCase);

    public static AsmError NotFound(string service, string deployment) => AsmError.NotFound(
        $"Cloud service '{service}' has no deployment '{deployment}': the portal's one deployment of a cloud service is named like the service.");
}
